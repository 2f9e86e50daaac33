"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Chromium is the system's (``apt-get install chromium``); Playwright never
downloads a browser here. Every test runs on a live server in a real database
transaction that is rolled back (with the migrations' data restored) after.
"""

import os
import shutil

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls that
# tests make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    """Browser tests need a transactional database that restores its data."""
    marker = pytest.mark.django_db(transaction=True, serialized_rollback=True)
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(marker)


@pytest.fixture(scope="session", autouse=True)
def migration_data_kept(django_db_setup, django_db_blocker):
    """Keep what migrations put in the database (groups, permissions).

    A reused test database was never serialised, so do it here; each browser
    test starts from it, and the last one's flush is undone at the end, so the
    next run with --reuse-db finds the database as migrations left it.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if not getattr(connection, "_test_serialized_contents", None):
            connection._test_serialized_contents = (
                connection.creation.serialize_db_to_string()
            )
        contents = connection._test_serialized_contents
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sized_page(browser, live_server, viewport):
    """The same page at desktop and at phone size."""
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
