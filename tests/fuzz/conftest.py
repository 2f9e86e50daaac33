"""The fuzz test commits real transactions; keep the migrations' data after it."""

from tests.browser.conftest import migration_data, migration_data_kept  # noqa: F401
