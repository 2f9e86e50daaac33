"""Settings for the Infant Mental Health Portal.

Every value comes from an environment variable (documented in ``.env.example``).
With DEBUG off the defaults are the safe ones, and a malformed value stops the
process at start-up instead of being silently ignored.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from imh_portal.cache_config import cache_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}")


def env_postgres(name: str) -> dict | None:
    """A PostgreSQL server's connection settings from a URL, or None if unset."""
    raw = env_str(name)
    if not raw:
        return None
    parsed = dj_database_url.parse(raw)
    if parsed["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{name} must point at a PostgreSQL server")
    return parsed


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if urlsplit(_origin).scheme not in {"http", "https"}:
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries need a scheme, e.g. https://{_origin}"
        )

INSTALLED_APPS = [
    # Before the admin, so translated fields show side by side in its forms.
    "modeltranslation",
    "imh_portal",
    "roles",
    "resources",
    "directory",
    "guidance",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
]

MIDDLEWARE = [
    "imh_portal.head_requests.HeadWithoutBodyMiddleware",
    "imh_portal.db_router.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above everything a kept page can do without (sessions, CSRF, auth, the
    # view): one read of the content version and one of the cache answer it.
    "imh_portal.page_cache.SharedPageCacheMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "imh_portal.site_address.RequestOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "imh_portal.urls"
WSGI_APPLICATION = "imh_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "imh_portal.context_processors.help_now",
                "imh_portal.context_processors.languages",
            ],
        },
    },
    {
        # Only what a page draws many times (cards, facet options), included
        # through imh_portal.templatetags.fragments: see imh_portal/jinja_templates.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "imh_portal.jinja_templates.environment"},
    },
]

# Database: PostgreSQL only. Without DATABASE_URL the bundled server under var/
# is started, so a fresh checkout needs nothing installed.
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60)
_database = env_postgres("DATABASE_URL")
if _database is None:
    # The bundled server, started by the entry point (manage.py, wsgi.py, the
    # pytest plugin) before these settings were read: see imh_portal/embedded_db.
    _embedded_host = env_str("EMBEDDED_DATABASE_HOST")
    if not _embedded_host:
        raise ImproperlyConfigured(
            "Set DATABASE_URL, or run the portal through manage.py, "
            "imh_portal.wsgi or pytest, which start the bundled PostgreSQL."
        )
    _database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env_str("EMBEDDED_DATABASE_NAME", "imh_portal"),
        "USER": "postgres",
        "HOST": _embedded_host,
        "PORT": env_str("EMBEDDED_DATABASE_PORT"),
    }
# The portal's statements are short; compiling them with JIT costs more (20 ms
# and up) than it saves. Options in DATABASE_URL come after, so they can differ.
# Web workers also bound every statement (imh_portal/wsgi.py sets 5 s), so no
# request can hold a connection for long; commands such as migrations don't.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 0)
_database_options = dict(_database.get("OPTIONS", {}))
_database_options["options"] = " ".join(
    [
        "-c jit=off",
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}",
        _database_options.get("options", ""),
    ]
).strip()
DATABASES = {
    "default": {
        **_database,
        "CONN_MAX_AGE": DATABASE_CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": _database_options,
    }
}
# A read replica, when there is one: public pages and the API read from it,
# everything that writes (and reads in the same request) uses the primary.
_replica = env_postgres("DATABASE_REPLICA_URL")
if _replica is not None:
    DATABASES["replica"] = {
        **_replica,
        "CONN_MAX_AGE": DATABASE_CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": _database_options,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["imh_portal.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Rate limits, lockouts and search results count in this cache, so production
# with several worker processes needs a shared one (Redis): with locmem:// each
# worker counts alone, and `check --deploy` says so.
CACHE_URL = env_str("CACHE_URL", "locmem://")
CACHE_TIMEOUT_SECONDS = env_int("CACHE_TIMEOUT_MS", 500) / 1000
CACHES = {
    "default": cache_from_url(CACHE_URL, timeout=CACHE_TIMEOUT_SECONDS),
    "limits": cache_from_url(
        CACHE_URL, timeout=CACHE_TIMEOUT_SECONDS, tolerate_outage=False
    ),
}
# Whole public pages as anonymous visitors get them (imh_portal.page_cache), in
# the shared cache unless PAGE_CACHE_URL names another. Off while developing,
# where templates change under a running server.
CACHES["pages"] = cache_from_url(
    env_str("PAGE_CACHE_URL", CACHE_URL),
    timeout=CACHE_TIMEOUT_SECONDS,
    name="pages",
    entries=10_000,
)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 300)
# Pages with a query string (searches) are many and each asked for less often.
PAGE_CACHE_QUERY_SECONDS = env_int("PAGE_CACHE_QUERY_SECONDS", 60)
# Pages each worker process also keeps in its own memory, the most recently
# answered first: a busy page is answered without asking Redis (0: none).
PAGE_CACHE_LOCAL_PAGES = env_int("PAGE_CACHE_LOCAL_PAGES", 200)
# How often each process reads the content version: an edit shows on public
# pages within this long (0: every request reads it).
PAGE_CACHE_VERSION_SECONDS = env_int("PAGE_CACHE_VERSION_MS", 1000) / 1000
# Parts of pages (cards, filter panels) kept in the same cache for this long:
# imh_portal/templatetags/fragments.py. Their keys hold the content version.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 3600)
# Fragments each worker also keeps in its own memory, the most recently used
# first (0: none). A key names one rendering for good, so none can be stale.
FRAGMENT_CACHE_LOCAL_ENTRIES = env_int("FRAGMENT_CACHE_LOCAL_ENTRIES", 1000)
# How long nginx or a CDN in front may keep a kept page (s-maxage).
PAGE_CACHE_SHARED_SECONDS = env_int("PAGE_CACHE_SHARED_SECONDS", 10)
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "imh_portal.cache"
# Sessions in the database by default; with Redis as the cache, in the cache with
# the database behind it, so any app server can serve any visitor.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL.startswith(("redis://", "rediss://"))
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "imh_portal.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "directory:mine"
LOGOUT_REDIRECT_URL = "home"
# Argon2 for new and changed passwords; older hashes are upgraded at login.
_HASHERS = "django.contrib.auth.hashers"
PASSWORD_HASHERS = [
    f"{_HASHERS}.Argon2PasswordHasher",
    f"{_HASHERS}.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one account from one address lock that pair out for
# an hour; the person sees why and what to do (templates/registration/locked_out).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "imh_portal.accounts.login_identifier"
AXES_LOCKOUT_CALLABLE = "imh_portal.accounts.locked_out"
AXES_RESET_ON_SUCCESS = True
# How many reverse proxies in front of gunicorn append to X-Forwarded-For
# (0: none, the socket's peer is the client). Every rate limit, the login
# lockout and the logs take the client address from imh_portal.client_address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
AXES_CLIENT_IP_CALLABLE = "imh_portal.client_address.client_ip"
RATELIMIT_IP_META_KEY = "imh_portal.client_address.client_ip"
RATELIMIT_USE_CACHE = "limits"
# Password-reset emails asked for, per client address, e.g. "5/h".
PASSWORD_RESET_RATE_LIMIT = env_str("PASSWORD_RESET_RATE_LIMIT", "5/h")
# Confirmation links sent again, per client address.
CONFIRMATION_RESEND_RATE_LIMIT = env_str("CONFIRMATION_RESEND_RATE_LIMIT", "3/h")
# The admin's address: a less guessable path keeps bots away from its login.
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# The interface speaks English and Spanish; a visitor's choice is kept in a
# cookie (set by the switcher), else the browser's Accept-Language decides.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Curated texts are written in English first; a Spanish page shows the English
# (marked as such) where the Spanish is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# whitenoise reads this directory at start-up; it fills on `collectstatic`.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email: printed to the console while developing, SMTP in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CURATOR_EMAILS = env_list("CURATOR_EMAILS", [])
# Who runs the portal and how to reach them, as the About and privacy pages say;
# both required in production (check --deploy).
PORTAL_ORGANISATION_NAME = env_str(
    "PORTAL_ORGANISATION_NAME", "The portal's development team" if DEBUG else ""
)
PORTAL_CONTACT_EMAIL = env_str("PORTAL_CONTACT_EMAIL", "")
# Where visitors report an accessibility barrier (shown on /accessibility/).
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# The portal's public address, for links in emails and data feeds. Unset with
# DEBUG off: each request's own address (imh_portal.site_address).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Behind a TLS-terminating proxy in production; plain HTTP while developing.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "imh_portal.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Larger bodies are refused (400) before anything reads them.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 1_048_576)
# Scripts only from the portal itself, never inline; the pages cannot be
# framed. Inline style attributes stay allowed: the Django admin uses them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

API_VERSION = "1.0.0"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "imh_portal.api_base.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "imh_portal.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["imh_portal.api_base.ApiClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Deleted or withdrawn records are reported to syncing partners for this long.
TOMBSTONE_RETENTION_DAYS = env_int("TOMBSTONE_RETENTION_DAYS", 90)
# Requests per client: anonymous clients by address, partners by API key.
API_RATES = {
    "anonymous": env_str("API_RATE_ANONYMOUS", "120/min"),
    "partner": env_str("API_RATE_PARTNER", "3000/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Infant Mental Health Portal API",
    "DESCRIPTION": (
        "Open data on infant and early childhood mental health: a curated "
        "resource library, a directory of providers, and guidance for the "
        "people around a baby. Read endpoints are public; see /api/ for keys, "
        "limits and the licence."
    ),
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "imh_portal.api_schema.document_language",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ResourceKindEnum": "resources.models.ResourceKind",
        "ListingKindEnum": "directory.models.ListingKind",
        "CredentialKindEnum": "directory.models.CredentialKind",
        "ListingStatusEnum": "directory.models.ListingStatus",
    },
}
# Cross-origin requests: anyone may read the public data; writes (a provider's
# own listings) only from these origins, comma-separated.
CORS_ALLOWED_ORIGINS = env_list("CORS_WRITE_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False

# Search results and facet counts are cached per query for this long; the key
# includes the library's last change, so an edit is visible at once anyway.
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 300)
# Bounded work per search: up to this many matches everything is counted and
# ranked exactly; beyond it counts are estimated from a fixed sample ...
SEARCH_EXACT_LIMIT = env_int("SEARCH_EXACT_LIMIT", 3000)
# ... and relevance is ranked among this many of the newest matches.
SEARCH_RANK_WINDOW = env_int("SEARCH_RANK_WINDOW", 1000)
# Library searches that found nothing are counted per day (words and language
# only) for curators, and the counts kept this many days.
SEARCH_MISS_RETENTION_DAYS = env_int("SEARCH_MISS_RETENTION_DAYS", 90)
# Suggestions accepted per client address, e.g. "5/h" (django-ratelimit syntax).
SUGGESTION_RATE_LIMIT = env_str("SUGGESTION_RATE_LIMIT", "5/h")
# Reports of a problem with a resource accepted per client address.
REPORT_RATE_LIMIT = env_str("REPORT_RATE_LIMIT", "5/h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_ip": {"()": "imh_portal.client_address.ClientAddressFilter"}},
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s [%(client_ip)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_ip"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
