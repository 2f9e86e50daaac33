"""WSGI entry point, e.g. ``gunicorn imh_portal.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imh_portal.settings")
# A web request never needs a statement longer than this; a runaway one (a
# pathological query) is cancelled instead of tying up the database.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "5000")

application = get_wsgi_application()

# The objects loaded at start-up live as long as the process; moving them out of
# the collector's sight spares every full collection (tens of ms) from walking them.
gc.collect()
gc.freeze()
