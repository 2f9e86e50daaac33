import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from imh_portal import settings as portal_settings

ROOT = Path(__file__).resolve().parents[2]
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list", "env_postgres"}


def variables_read_by_settings() -> set[str]:
    tree = ast.parse((ROOT / "imh_portal" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) in ENV_HELPERS
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def variables_documented() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {
        line.split("=", 1)[0].strip()
        for line in lines
        if "=" in line and not line.lstrip().startswith("#")
    }


def test_every_variable_read_by_settings_is_documented_in_env_example():
    read = variables_read_by_settings()
    assert "SECRET_KEY" in read and "DATABASE_URL" in read  # the parser found them
    assert read - variables_documented() == set()


def test_env_example_documents_nothing_settings_does_not_read():
    assert variables_documented() - variables_read_by_settings() == set()


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please"])
def test_a_malformed_boolean_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        portal_settings.env_bool("SOME_FLAG")


def test_a_malformed_number_stops_start_up(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        portal_settings.env_int("SOME_NUMBER", 1)


def test_lists_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("SOME_LIST", " a.example , b.example,,")
    assert portal_settings.env_list("SOME_LIST", []) == ["a.example", "b.example"]


def load_settings_in_a_fresh_process(**environment) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "CACHE_URL", "ALLOWED_HOSTS"}
    }
    # A database URL keeps the child from starting the bundled server.
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import imh_portal.settings as s; print(s.DEBUG)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = load_settings_in_a_fresh_process(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_a_secret_key_and_safe_defaults():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import imh_portal.settings as s; "
            "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.ALLOWED_HOSTS, s.SECURE_HSTS_SECONDS > 0)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "[]", "True"]


def test_a_database_url_that_is_not_postgresql_is_refused():
    result = load_settings_in_a_fresh_process(
        DEBUG="true", DATABASE_URL="mysql://root@127.0.0.1/portal"
    )
    assert result.returncode != 0
    assert "must point at a PostgreSQL server" in result.stderr


def test_an_unknown_cache_url_is_refused():
    result = load_settings_in_a_fresh_process(DEBUG="true", CACHE_URL="memcache://x")
    assert result.returncode != 0
    assert "CACHE_URL must start with" in result.stderr


def test_a_trusted_origin_without_a_scheme_is_refused():
    result = load_settings_in_a_fresh_process(
        DEBUG="true", CSRF_TRUSTED_ORIGINS="portal.example.org"
    )
    assert result.returncode != 0
    assert "CSRF_TRUSTED_ORIGINS" in result.stderr


def test_the_database_is_postgresql(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
