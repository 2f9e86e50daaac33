"""Endpoints for load balancers and orchestrators.

``/healthz``: the process is alive and answering (no database touched), so a
worker is never killed because PostgreSQL is briefly away.
``/readyz``: this worker can serve pages: the database answers and every
migration is applied. A load balancer takes a worker out of rotation on 503.
"""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Migrations never un-apply under a running worker: once seen complete, the
# check is skipped, so /readyz stays a single cheap query.
_migrations_complete = False


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
    except DatabaseError:
        checks["database"] = "unavailable"
        checks["migrations"] = "unknown"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks},
        status=200 if ready else 503,
    )
