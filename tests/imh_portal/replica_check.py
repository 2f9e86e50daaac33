"""Which connection each request uses, with a read replica configured.

Run by ``test_replica_router.py`` in a process of its own, because Django reads
``DATABASES`` once, at start-up: the environment names a scratch database as both
``DATABASE_URL`` and ``DATABASE_REPLICA_URL``, so "default" and "replica" are
two real connections to the same data. The database is migrated and given a
little content, then each request is made with the queries of both connections
captured; one JSON object is printed: per request, its status and the SQL each
alias ran.
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imh_portal.settings")
django.setup()

from django.core import signing  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from imh_portal.accounts import CONFIRM_SALT  # noqa: E402
from tests.factories import ListingFactory, ResourceFactory, UserFactory  # noqa: E402

PASSWORD = "a-long-test-password"


def backend_pid(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def main() -> None:
    call_command("migrate", verbosity=0)
    resource = ResourceFactory(title="Secure attachment", slug="secure-attachment")
    ListingFactory(name="Jordan Rivers", slug="jordan-rivers")
    UserFactory(email="provider@example.org")
    newcomer = UserFactory(email="newcomer@example.org", is_active=False)
    token = signing.dumps(
        {"user": newcomer.pk, "email": newcomer.email}, salt=CONFIRM_SALT
    )

    requests = {
        "home": ("get", reverse("home"), None),
        "resource list": ("get", reverse("resources:list"), None),
        "resource search": ("get", reverse("resources:list") + "?q=attachment", None),
        "resource detail": ("get", resource.get_absolute_url(), None),
        "directory": ("get", reverse("directory:list"), None),
        "api resources": ("get", "/api/v1/resources/?q=attachment", None),
        "api resource": ("get", f"/api/v1/resources/{resource.slug}/", None),
        "api listings": ("get", "/api/v1/listings/", None),
        "suggestion": (
            "post",
            reverse("resources:suggest"),
            {
                "title": "Baby sleep basics",
                "url": "https://example.org/sleep",
                "why": "Clear, kind advice for tired parents of newborns.",
            },
        ),
        "log in": (
            "post",
            reverse("accounts:login"),
            {"username": "provider@example.org", "password": PASSWORD},
        ),
        "confirm email": ("get", reverse("accounts:confirm", args=[token]), None),
    }
    report = {
        "pids": {alias: backend_pid(alias) for alias in ("default", "replica")},
        "requests": {},
    }
    for name, (method, path, data) in requests.items():
        with (
            CaptureQueriesContext(connections["default"]) as default,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            # A new client each time: no request depends on an earlier one.
            response = getattr(Client(), method)(path, data)
        report["requests"][name] = {
            "status": response.status_code,
            "default": [query["sql"] for query in default.captured_queries],
            "replica": [query["sql"] for query in replica.captured_queries],
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
