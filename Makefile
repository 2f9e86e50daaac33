# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; an explicit environment value wins.
export DEBUG ?= true

.PHONY: run test check lint format bench bench-pages profile relevance loadtest fuzz messages chromium wrk install install-dev migrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

## Set up (migrate loads the places), load the starter content and sample
## listings, and serve the portal at http://127.0.0.1:8000
run: migrate
	$(BIN)/python manage.py load_starter_content
	$(BIN)/python manage.py load_demo_listings
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Set up and run the whole test suite (lint and security scan included)
test: install-dev chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/bandit --quiet --recursive --severity-level medium \
		--exclude "./.venv,./var,./tests,*/migrations/*" .
	$(BIN)/pytest $(PYTEST_ARGS)

## Lint, then every test but the slow and the browser ones (pytest -m): a
## couple of minutes. `make test` still runs them all.
check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -m "not slow and not browser" $(PYTEST_ARGS)

## A longer schemathesis run against the OpenAPI document than the one in
## `make test` (FUZZ_EXAMPLES examples per operation; the report is written to
## var/fuzz-report.txt)
fuzz: install-dev
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-60} $(BIN)/pytest tests/fuzz -p no:randomly

# $(call apt_install,package,why): install a Debian package whose
# command is missing (as root with apt), or say how.
define apt_install
	@command -v $(1) >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing $(1): $(2)"; \
			apt-get install -y -q $(1) >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null && apt-get install -y -q $(1) >/dev/null; }; \
		else \
			echo "$(1) is missing ($(2)): sudo apt-get install $(1)"; \
			exit 1; \
		fi; }
endef

## The browser tests drive Debian's Chromium; install it when it is missing.
chromium:
	$(call apt_install,chromium,the browser tests drive it)

## The page benchmark loads the server with wrk; install it when it is missing.
wrk:
	$(call apt_install,wrk,the page benchmark loads the server with it)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Build a large data set in a separate database and print latency figures,
## then every public page's requests/s and latency as a share of a trivial
## Django view under the same gunicorn, cold and warm (bench-pages)
bench: install-dev wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/pages.py $(PAGES_ARGS)

## Only the pages against the floor, on the starter content: a few minutes.
## Shorter: PAGES_ARGS="--seconds 3 --mix-seconds 10"
bench-pages: install-dev wrk
	$(BIN)/python bench/pages.py $(PAGES_ARGS)

## Where each public page's time goes, in one process (bench/profile_pages.py):
## PROFILE_ARGS="--profile /resources/" adds the costliest functions
profile: install-dev
	$(BIN)/python bench/profile_pages.py $(PROFILE_ARGS)

## Measure the library's search on the committed relevance set (bench/relevance/):
## success@3, success@5, mean reciprocal rank and zero results per group, in a
## fresh database holding the starter content only
relevance: install-dev
	$(BIN)/python -m bench.relevance

## Serve the benchmark data set with gunicorn (production settings, loopback
## only) and load it with locust: 200 visitors for 60 s, then print latency,
## requests per second and errors. Shorter: LOADTEST_ARGS="--users 20 --seconds 10"
loadtest: install-dev
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

## Gather the interface's strings into locale/es/…/django.po, then compile it
## (needs GNU gettext: `apt-get install gettext`). The compiled .mo is committed,
## so running the portal needs no gettext.
messages: install-dev
	$(BIN)/python manage.py makemessages --locale es --no-obsolete \
		--ignore ".venv/*" --ignore "var/*" --ignore "bench/*" --ignore "tests/*"
	$(BIN)/python manage.py compilemessages --locale es --ignore ".venv/*" --ignore "var/*"

clean:
	rm -rf $(VENV) var
