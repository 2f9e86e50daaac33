"""The fuzz test runs schemathesis for minutes against a live server: ``slow``.
It commits real transactions; keep the migrations' data after it."""

import pytest


@pytest.fixture(autouse=True)
def starts_with_migration_data(migration_data):
    """Groups and permissions, whatever a test before flushed."""


@pytest.hookimpl(tryfirst=True)  # before -m reads the markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/fuzz/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
