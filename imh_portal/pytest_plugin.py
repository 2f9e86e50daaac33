"""The test suite's entry point (``-p imh_portal.pytest_plugin``, in pyproject):
the bundled PostgreSQL starts before pytest-django reads the settings."""

import pytest

from imh_portal.embedded_db import start_if_needed


# pytest-django reads the settings in this same hook, itself marked tryfirst;
# plugins named with -p are registered later, so this one runs first.
@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args) -> None:
    start_if_needed()
