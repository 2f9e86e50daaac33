"""WSGI entry point, e.g. ``gunicorn imh_portal.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

from imh_portal.embedded_db import start_if_needed

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imh_portal.settings")
start_if_needed()  # the bundled PostgreSQL, when no DATABASE_URL is set
# A web request never needs a statement longer than this; a runaway one (a
# pathological query) is cancelled instead of tying up the database.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "5000")

application = get_wsgi_application()

# Search reads every query's words against the English and Spanish word lists;
# load them now rather than during a visitor's first search.
from imh_portal import dictionary  # noqa: E402  (needs the settings above)

dictionary.warm()

# The objects loaded at start-up live as long as the process; moving them out of
# the collector's sight spares every full collection (tens of ms) from walking them.
gc.collect()
gc.freeze()
