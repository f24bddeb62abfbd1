"""One settings module, driven by the environment.

Defaults give a development server on the embedded SQLite database; production sets
SECRET_KEY, DEBUG=0, ALLOWED_HOSTS and DATABASE_URL (postgres://…).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - development default, refused in production
# The key of the THL evaluation export's pseudonyms (tyopolku/reports/thl.py): keep it secret
# and unchanged for a study's lifetime, or its pseudonyms change.
THL_PSEUDONYM_KEY = os.environ.get("THL_PSEUDONYM_KEY", "" if not DEBUG else "dev-only-thl-key")
if not THL_PSEUDONYM_KEY:
    raise RuntimeError("THL_PSEUDONYM_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    # Serves the API docs' Swagger UI from our static files: the CDN page has inline script.
    "ninja",
    "django_tasks_db",
    "tyopolku.core",
    "tyopolku.accounts",
    "tyopolku.audit",
    "tyopolku.clients",
    "tyopolku.pathway",
    "tyopolku.employers",
    "tyopolku.placements",
    "tyopolku.matching",
    "tyopolku.workactivity",
    "tyopolku.fidelity",
    "tyopolku.reports",
    "tyopolku.background",
    "tyopolku.workability",
    "tyopolku.subcontracting",
    "tyopolku.wagework",
]

# Long work (imports) runs in the background worker, `manage.py db_worker`, which takes the
# queued tasks from the database (django-tasks-db): no broker to run, and a task is queued in
# the same transaction as the record it works on.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "tyopolku.core.middleware.no_store_middleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tyopolku.audit.middleware.access_channel_middleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tyopolku.urls"
WSGI_APPLICATION = "tyopolku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tyopolku" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a threaded web server: readers don't block the writer (WAL); a request
    # takes the write lock when its transaction begins, so two requests never both read and
    # then both try to write (that fails at once with "database is locked", the busy timeout
    # does not help); the other waits up to 20 seconds for the lock instead.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: PostgreSQL compiles a query estimated above jit_above_cost, and the reports'
    # per-client EXISTS subqueries are estimated far above it; compiling took longer than
    # running them (a year's report page at 5 000 clients 1.3 s with JIT, 0.23 s without:
    # bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Read-only report and export traffic on a PostgreSQL streaming replica (hot standby) when
# DATABASE_REPLICA_URL is set; the report views choose it (tyopolku/core/replica.py). The test
# suite runs without it (a second connection cannot see a test's own transaction; MIRROR only
# keeps the test runner off the replica); tests/test_replica.py runs the app on a real one.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["tyopolku.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "caseload"
LOGOUT_REDIRECT_URL = "login"

# Lock an account/IP pair for an hour after five failed log-ins, and an IP address for an
# hour after twenty failed log-ins with any usernames (password spraying). The IP limit is
# higher because a whole office may log in from one address (accounts/axes.py).
AXES_FAILURE_LIMIT = 5
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "tyopolku.accounts.axes.LoginLockoutHandler"
# The number of reverse proxies in front of the server that append to X-Forwarded-For
# (0: the server is reached directly and REMOTE_ADDR is the client's address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "tyopolku.accounts.axes.client_ip_address"
# API tokens expire this many days after they are made.
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("API_TOKEN_LIFETIME_DAYS", "90"))

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tyopolku" / "locale"]
FORMAT_MODULE_PATH = ["tyopolku.formats"]  # 30.11.2026 in Finnish and Swedish, 30 Nov 2026
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The stylesheet and htmx live outside the apps, so no app finder would see them.
STATICFILES_DIRS = [BASE_DIR / "tyopolku" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS only in production (`manage.py check --deploy` passes with the defaults). Behind a
# proxy that ends TLS, set TRUST_X_FORWARDED_PROTO=1 so that Django sees the request was
# https (the proxy must set X-Forwarded-Proto itself and drop the client's).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline script or style anywhere: htmx's indicator style is in the stylesheet
# (htmx-config in base.html) and the page scripts are files in static/js/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Social-welfare data on shared workstations: sessions end when the browser closes
# and after eight hours at most.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 8 * 60 * 60
EMPLOYER_IMPORT_MAX_BYTES = 5 * 1024 * 1024  # a spreadsheet uploaded to the employer register
# Any uploaded spreadsheet (tyopolku/files/spreadsheets.py), checked before and while reading:
# what an .xlsx unpacks to (and the text read from any file), the rows with data, the columns,
# the characters of one cell (more than the longest field, notes, so that it gets its message).
SPREADSHEET_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
# A whole region's register (10 000 employers, with the header and a title row or two) is
# written by the background worker.
SPREADSHEET_MAX_ROWS = 12_000
SPREADSHEET_MAX_COLUMNS = 60
SPREADSHEET_MAX_CELL_CHARS = 10_000
# A file made by a background export (tyopolku/background) is kept for the one who started it
# this long, then deleted: exports hold client data, and a copy kept for ever is a risk.
EXPORT_FILE_RETENTION_HOURS = int(os.environ.get("EXPORT_FILE_RETENTION_HOURS", "24"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
