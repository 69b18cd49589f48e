"""Settings, read from environment variables (see .env.example)."""

import datetime
import math
import sys
import warnings
from pathlib import Path

import environ
from corsheaders.defaults import default_headers
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import security
from config.observability import admins, logging_config, sentry_init
from core.observability.metrics import networks
from core.release import code_digest
from core.storage_url import media_origins, media_storage
from core.views.requests import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent
# templates/, static/ and locale/: at the root of a checkout; in config/site_files/ where
# `pip install .` put them (pyproject.toml, [tool.setuptools.package-dir]).
_INSTALLED_FILES = Path(__file__).resolve().parent / "site_files"
SITE_FILES_DIR = _INSTALLED_FILES if _INSTALLED_FILES.is_dir() else BASE_DIR

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)


def _env_url(name, parse, default):
    """Parse a structured variable (a URL, a list of networks), turning a malformed value into
    a one-line error."""
    raw = env.str(name, default=default)
    try:
        return parse(raw)
    except Exception as error:  # the parsers raise several unrelated types
        raise ImproperlyConfigured(f"{name} is malformed ({raw!r}): {error}") from None


def _database_config(url):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # our message below replaces environ's warning
        config = env.db_url_config(url)
    if config.get("ENGINE") not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ValueError("use sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name")
    if not config.get("NAME"):
        raise ValueError("the URL names no database")
    return config


DEBUG = env.bool("DEBUG", default=False)
# Commands that build files from the code and never sign or encrypt anything (migrations,
# message catalogs, static files, as a build step or a CI check runs them) need no secret.
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "collectstatic"}
running_offline_command = (
    len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" and sys.argv[1] in OFFLINE_COMMANDS
)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and not running_offline_command:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-key-only-used-with-debug-on-or-offline-commands"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The back office's theme (django-unfold): before django.contrib.admin, whose templates
    # and default site it replaces, and its contrib apps before the apps they restyle.
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.inlines",
    "unfold.contrib.import_export",
    "unfold.contrib.simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "simple_history",
    "import_export",
    "config.third_party.SignInAttemptsConfig",  # django-axes
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "corsheaders",
    "core",
    "alliance",
    "filmweek",
    "screenings",
    "api",
    "config",
]

MIDDLEWARE = [
    # First: the request id and the log context cover all below, cached and static files too.
    "core.observability.requests.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.security.AdminContentSecurityPolicyMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    # Before anything that reads the database: a lost database gets 503, not 500.
    "core.db.faults.DatabaseFaultMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so that API answers served from it carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    # Before the page cache: its answers count against the API's rate limits too.
    "api.throttling.ApiThrottleMiddleware",
    # Before sessions, locale and the rest: a cached page needs none of them.
    "core.cache.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout noticed during the request into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_FILES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.seo.page_links",
            ],
        },
    },
]

DATABASES = {
    "default": _env_url(
        "DATABASE_URL", _database_config, default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env.bool("DB_PREPARE", default=True):
    # Django's own options for psycopg: parameters bound on the server, and a query run five
    # times on a connection prepared, so PostgreSQL stops planning it again (the crawler mix of
    # make bench: 10-30% more requests a second). DB_PREPARE=0 behind PgBouncer in transaction
    # mode before 1.21 (docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env.int("DB_PREPARE_THRESHOLD", default=5)
    )
# DB_SERVER_SIDE_CURSORS=0 behind PgBouncer in transaction mode: a cursor that .iterator()
# opens outside a transaction would be read on from whatever server connection the next
# transaction gets (Django's docs, "Transaction pooling and server-side cursors").
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = not env.bool(
    "DB_SERVER_SIDE_CURSORS", default=True
)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a lock instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
    # SQLite has no covering indexes: the film list's index is built without the columns it
    # includes on PostgreSQL (filmweek.models.film_sort_indexes), as this warning says.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Read replicas (core/db/replicas.py, core/db/replica_router.py) ---------------------------
# PostgreSQL streaming replicas, as aliases replica1, replica2... with the primary's options.


def _replica_urls(raw):
    configs = [_database_config(url.strip()) for url in raw.split(",") if url.strip()]
    if any(config["ENGINE"] != DATABASES["default"]["ENGINE"] for config in configs):
        raise ValueError("a replica must be of the same kind as DATABASE_URL")
    return configs


def _seconds(raw):
    value = float(raw)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError("use a number of seconds, 0 or more")
    return value


REPLICA_CONNECTION_OPTIONS = {
    "connect_timeout": 3,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
    "tcp_user_timeout": 5000,
}
for _number, _replica in enumerate(_env_url("DATABASE_REPLICA_URLS", _replica_urls, ""), 1):
    _replica.update(
        {
            name: DATABASES["default"][name]
            for name in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS")
        },
        # The primary's options, those of the replica's URL (?sslmode=...) taking precedence.
        OPTIONS={**DATABASES["default"].get("OPTIONS", {}), **_replica.get("OPTIONS", {})},
        TEST={"MIRROR": "default"},
    )
    if _replica["ENGINE"].endswith("postgresql"):
        # A replica that drops packets must not hold a request for the operating system's
        # minutes: not on connecting, nor on a connection it stops answering (keepalives for an
        # idle one, tcp_user_timeout in milliseconds for a query sent and never acknowledged).
        for _option, _value in REPLICA_CONNECTION_OPTIONS.items():
            _replica["OPTIONS"].setdefault(_option, _value)
    DATABASES[f"replica{_number}"] = _replica
REPLICA_DATABASES = [alias for alias in DATABASES if alias != "default"]
# A replica further behind than this (seconds) is skipped; reads go to another or the primary.
REPLICA_MAX_LAG = _env_url("REPLICA_MAX_LAG", _seconds, default="10")
# A client that wrote reads on the primary for this long (a cookie): at least REPLICA_MAX_LAG
# plus the replicas' check interval and a second (core.W003).
REPLICA_PIN_SECONDS = int(_env_url("REPLICA_PIN_SECONDS", _seconds, default="15"))
# Several app instances serve this site (they need REDIS_URL: core.checks).
CLUSTER = env.bool("CLUSTER", default=False)
if REPLICA_DATABASES:
    DATABASE_ROUTERS = ["core.db.replica_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("core.db.faults.DatabaseFaultMiddleware") + 1,
        "core.db.replica_router.ReplicaPinningMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis rather than Django's RedisCache, which makes a new client (with its
            # table of 170 response callbacks) on every call: a cached page of one record,
            # which reads the tokens of the records it shows, costs 15-19% less CPU.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "catalog",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages are cached for anonymous visitors and answered with ETag/304 (core/cache/pages.py).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How long a filter's counts may lag an edit of a field (core/forms/facets.py).
FACET_COUNTS_SECONDS = env.int("FACET_COUNTS_SECONDS", default=120)
# Part of every cached page's key: a deploy with other code never serves the previous one's pages.
CODE_FOLDERS = [
    "core",
    "alliance",
    "filmweek",
    "screenings",
    "config",
    "templates",
    "locale",
    "static",
]
RELEASE = env.str("RELEASE", default="") or code_digest(BASE_DIR, CODE_FOLDERS)

# --- Logging, error reports and metrics (config/observability.py) -----------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"LOG_LEVEL is malformed ({LOG_LEVEL!r}): use DEBUG, INFO, WARNING, ERROR or CRITICAL"
    )
LOG_REQUESTS = env.bool("LOG_REQUESTS", default=False)
ADMINS = admins(env.list("ADMINS", default=[]))
LOGGING = logging_config(level=LOG_LEVEL, mail_admins=bool(ADMINS))
AXES_VERBOSE = False  # no banner on stderr at each start; sign-in failures are still logged
SENTRY_ENABLED = sentry_init(env.str("SENTRY_DSN", default=""), release=RELEASE)


def _allowed_networks(raw):
    allowed = [item.strip() for item in raw.split(",") if item.strip()]
    networks(tuple(allowed))  # ValueError names a malformed one
    return allowed


# /metrics (django-prometheus): off unless METRICS=1, then only for these client addresses.
METRICS = env.bool("METRICS", default=False)
METRICS_ALLOWED = _env_url("METRICS_ALLOWED", _allowed_networks, default="127.0.0.1,::1")
# The web server in front of the workers (addresses or CIDR blocks): requests from them are
# counted by the client address they forward in X-Forwarded-For (core.views.requests).
TRUSTED_PROXIES = _env_url("TRUSTED_PROXIES", _allowed_networks, default="")
if METRICS:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
    # Just outside django-axes, which wants to be last: its lockout pages are counted too.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    )

EMAIL_CONFIG = _env_url("EMAIL_URL", env.email_url_config, default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="catalog@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django-tasks) ---------------------------------------------------------
# Emails (core.mail) and imports (core.imports.runs) are tasks. By default they run at once in
# the process that enqueues them (`make run`, tests); TASKS_BACKEND=database stores them in the
# database for `manage.py db_worker`, which retries failed emails when they are due.
# Before the apps, so that their permissions exist when config's roles are synchronised.
INSTALLED_APPS[INSTALLED_APPS.index("core") : INSTALLED_APPS.index("core")] = [
    "django_tasks",
    "django_tasks_db",
]
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# --- End of background tasks -----------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [SITE_FILES_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [SITE_FILES_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploads: the filesystem under MEDIA_ROOT, or an S3-compatible store (core/storage_url.py).
MEDIA_STORAGE = media_storage(env.str("MEDIA_STORAGE_URL", default=""))
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        # Hashed names need `collectstatic` first, which tests and `runserver` do not run.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Transport and headers -------------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_TLS_PROXY", default=False):
    # The proxy terminates HTTPS and says so in this header; absolute URLs then use https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # The load balancer's probes and the metrics scraper ask a worker directly, over HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
# Content-Security-Policy (django-csp) and Permissions-Policy (core.security).
CONTENT_SECURITY_POLICY = security.with_image_sources(
    security.CONTENT_SECURITY_POLICY, media_origins(MEDIA_STORAGE)
)
PERMISSIONS_POLICY = security.PERMISSIONS_POLICY
ADMIN_CONTENT_SECURITY_POLICY = security.with_image_sources(
    security.ADMIN_CONTENT_SECURITY_POLICY, media_origins(MEDIA_STORAGE)
)

# The public site's accent (--accent of static/css/site.css) at 600, with lighter and darker
# steps for the admin theme's hover, focus and dark-mode shades.
ADMIN_ACCENT_SCALE = {
    "50": "#fdf2f2",
    "100": "#fbe3e3",
    "200": "#f7c8c8",
    "300": "#efa0a0",
    "400": "#e16b6b",
    "500": "#c93a3a",
    "600": "#9b1c1c",
    "700": "#821717",
    "800": "#6b1414",
    "900": "#561212",
    "950": "#2f0808",
}
# The back office (django-unfold): the site's own name, the public site's accent colour
# (static/css/site.css) and a sidebar by task (config/navigation.py).
UNFOLD = {
    "SITE_TITLE": _("Film Alliance Catalog"),
    "SITE_HEADER": _("Film Alliance Catalog"),
    "SITE_SYMBOL": "movie",
    "SHOW_VIEW_ON_SITE": True,
    "COLORS": {"primary": ADMIN_ACCENT_SCALE},
    "SIDEBAR": {
        "show_search": False,
        "show_all_applications": False,
        "navigation": "config.navigation.sidebar",
    },
}

LOGIN_URL = "account-sign-in"
LOGIN_REDIRECT_URL = "account-home"

# Sign-in throttling (django-axes): five failures for one username from one address lock that
# pair out for 30 minutes; the lockout page says so. Any other username or address still works.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "alliance/account/locked_out.html"

# Logo uploads are at most 5 MB (core.uploads stops a larger file while it streams in), so an
# accepted one is held in memory and never written to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The public read API (/api/v1/): read-only JSON, the same for every caller, so no
# authentication and one renderer (the page cache keys a response by its address alone).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "api.schema.CatalogAutoSchema",
    "UNAUTHENTICATED_USER": None,
}
# Any site may read the API from a browser (GET only, no cookies): member festivals show the
# catalog on their own pages. The HTML pages send no CORS headers.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = (*default_headers, "x-api-key")


def _rate(raw):
    parse_rate(raw)  # ValueError says what is wrong
    return raw


# Requests to /api/ a client may make (api/throttling.py): per address without a key, per key
# with one; "off" (or empty) for no limit.
API_RATE_ANON = _env_url("API_RATE_ANON", _rate, default="60/minute")
API_RATE_KEY = _env_url("API_RATE_KEY", _rate, default="1000/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Film Alliance Catalog API",
    "DESCRIPTION": "The published catalog: films, people, film weeks and more, read-only.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs' scripts and styles come from drf-spectacular-sidecar's static files, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Django's slug converter, so a client (and schemathesis) knows which keys can exist.
    "PATH_CONVERTER_OVERRIDES": {"slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}},
    # An API key is optional: each operation's security also lists {} (AllowAny), anonymous
    # requests being allowed at a lower rate.
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKey": {
                "type": "apiKey",
                "in": "header",
                "name": "X-API-Key",
                "description": "A key that the alliance's staff issued to a member institution: "
                "a higher rate limit (API_RATE_KEY instead of API_RATE_ANON).",
            }
        }
    },
    "SECURITY": [{"ApiKey": []}],
}
