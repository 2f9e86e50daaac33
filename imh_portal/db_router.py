"""Reads to a replica, writes to the primary, when a replica is configured.

Only read-only requests (GET and HEAD) read from the replica, and only until
they write: a request that writes, and anything outside a request (commands,
background jobs), stays on the primary, so nobody reads their own write from a
replica that has not caught up yet.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA in settings.DATABASES and _reads_from_replica.get():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        _reads_from_replica.set(False)  # read your own writes from now on
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Let a GET or HEAD request read from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from_replica.set(request.method in ("GET", "HEAD"))
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
