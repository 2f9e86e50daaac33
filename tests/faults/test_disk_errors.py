"""Commands that write files, pointed where files cannot be written.

The command is run as an operator runs it, ``manage.py`` in a subprocess, and
must end with one clear line and a non-zero exit, never a traceback. Tests run
as root, where permission bits stop nothing, so the unwritable places are ones
no permission opens: a path under a regular file, a directory of ``/proc``, a
disk that is full (``/dev/full``). ``load_places`` writes no files (it reads
packaged data into the database), so only ``export_hsds`` is here.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scratch_databases import database_url

ROOT = Path(__file__).resolve().parents[2]
EXPORTED = [
    "organizations",
    "services",
    "locations",
    "service_at_locations",
    "taxonomies",
    "taxonomy_terms",
]


@pytest.fixture
def export_hsds(db):
    """Run ``manage.py export_hsds`` against the test database."""
    from django.db import connection

    # The bundled server is reached through a socket directory, which the
    # helper writes into the URL correctly.
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
    }

    def run(directory: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", "export_hsds", str(directory)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def assert_refused_clearly(result: subprocess.CompletedProcess, directory: Path):
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("CommandError: "), result.stderr
    assert str(directory) in error, error


def test_export_below_a_regular_file_says_it_cannot_create_the_directory(
    export_hsds, tmp_path
):
    directory = tmp_path / "notes.txt" / "hsds"
    directory.parent.write_text("not a directory")

    assert_refused_clearly(export_hsds(directory), directory)


def test_export_onto_a_regular_file_says_it_cannot_create_the_directory(
    export_hsds, tmp_path
):
    directory = tmp_path / "hsds"
    directory.write_text("a file where the directory should be")

    assert_refused_clearly(export_hsds(directory), directory)
    assert directory.read_text() == "a file where the directory should be"


def test_export_into_a_directory_that_refuses_new_files_says_so(export_hsds):
    directory = Path("/proc")  # exists; nobody, root included, may add files

    assert_refused_clearly(export_hsds(directory), directory)


def test_export_onto_a_full_disk_says_so(export_hsds, tmp_path):
    directory = tmp_path / "hsds"
    directory.mkdir()
    # Every write to /dev/full fails as on a full disk (ENOSPC).
    for name in [*EXPORTED, "datapackage"]:
        (directory / f"{name}.json").symlink_to("/dev/full")

    assert_refused_clearly(export_hsds(directory), directory)
