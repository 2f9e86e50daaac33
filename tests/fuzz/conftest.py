"""The fuzz test runs schemathesis for minutes against a live server: ``slow``.
It commits real transactions; keep the migrations' data after it."""

import pytest

from tests.browser.conftest import migration_data, migration_data_kept  # noqa: F401


@pytest.hookimpl(tryfirst=True)  # before -m reads the markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/fuzz/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
