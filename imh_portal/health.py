"""Endpoints for load balancers and orchestrators.

``/healthz``: the process is alive and answering (no database touched), so a
worker is never killed because PostgreSQL is briefly away.
``/readyz``: this worker can serve pages: the database answers, every
migration is applied, and each app's own readiness check passes (the directory:
its places are loaded). A load balancer takes a worker out of rotation on 503.
"""

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Migrations never un-apply under a running worker: once seen complete, the
# check is skipped, so /readyz stays a single cheap query.
_migrations_complete = False

# Apps register what they need to serve pages (see register_readiness_check).
_readiness_checks: dict[str, Callable[[], bool]] = {}
# Checks that passed once; what they test is never undone under a worker.
_passed: set[str] = set()


def register_readiness_check(name: str, check: Callable[[], bool]) -> None:
    """Make /readyz answer 503 while ``check()`` is false: call from an app's
    ``ready()``. A check that passed once is not run again by that worker."""
    _readiness_checks[name] = check


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    global _migrations_complete
    checks = {"database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrations_complete:
            executor = MigrationExecutor(connection)
            targets = executor.loader.graph.leaf_nodes()
            _migrations_complete = not executor.migration_plan(targets)
            if not _migrations_complete:
                checks["migrations"] = "pending"
        for name, check in _readiness_checks.items():
            if name not in _passed and _migrations_complete and check():
                _passed.add(name)
            checks[name] = "ok" if name in _passed else "missing"
    except DatabaseError:
        checks["database"] = "unavailable"
        checks["migrations"] = "unknown"
        for name in _readiness_checks:
            checks[name] = "unknown"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks},
        status=200 if ready else 503,
    )
