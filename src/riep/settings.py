"""Django settings. The embedded default is SQLite under var/; DATABASE_URL selects PostgreSQL.

Production hardening lives in riep.settings_production (checked by `manage.py check --deploy`).
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("RIEP_HOME", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("RIEP_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("RIEP_DEBUG", "0") == "1"
# The demo key is only good for the embedded localhost demo; production requires RIEP_SECRET_KEY.
SECRET_KEY = os.environ.get("RIEP_SECRET_KEY", "riep-embedded-demo-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = [h for h in os.environ.get("RIEP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "ninja",  # serves its Swagger UI from its own static files, never a CDN
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "riep.core",
    "riep.core.imported_files",
    "riep.accounts",
    "riep.registry",
    "riep.portfolio",
    "riep.ledger",
    "riep.care",
    "riep.impact",
    "riep.finance",
    "riep.peers",
    "riep.procurement",
    "riep.performance",
    "riep.resilience",
    "riep.reorg",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "riep.core.middleware.PrivatePagesAreNotCached",
    "riep.core.middleware.ControlCharactersRefused",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "riep.urls"
WSGI_APPLICATION = "riep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "riep.core.context.navigation",
            ],
            "builtins": ["riep.core.templatetags.govuk"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'riep.sqlite3'}",
        conn_max_age=int(os.environ.get("RIEP_DB_CONN_MAX_AGE", "0")),
        # A kept connection is checked before a request uses it, so after the database restarts the first
        # request reconnects instead of failing on the dead connection (tests/core/test_database_restart.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL: readers never wait for the one writer, so pages (and the job page) read while the worker writes.
    # IMMEDIATE: a transaction takes the write lock when it begins, not at its first write; otherwise a
    # transaction that read first fails at once ("database is locked") whenever another connection, such as
    # the job monitor writing progress, committed in between. The timeout rides out the short waits.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE",
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

# Background jobs: Django's Tasks API (django-tasks backport) on its database backend; see riep.core.jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RIEP_JOBS = {
    "HEARTBEAT_SECONDS": float(os.environ.get("RIEP_JOB_HEARTBEAT_SECONDS", "5")),
    "STALE_AFTER_SECONDS": float(os.environ.get("RIEP_JOB_STALE_AFTER_SECONDS", "60")),
    "STALE_CHECK_SECONDS": float(os.environ.get("RIEP_JOB_STALE_CHECK_SECONDS", "15")),
}

FORM_RENDERER = "riep.core.forms.GovukFormRenderer"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from the platform itself. The one
# inline script is GOV.UK Frontend's "js-enabled" line in base.html, allowed by its hash (tests/core/test_csp.py
# recomputes it, so editing the line without the hash fails a test). No style attributes, no CDN, no framing.
GOVUK_JS_ENABLED_SHA256 = "sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw="
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'{GOVUK_JS_ENABLED_SHA256}'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Uploads stay in memory up to this size and are refused past it; nothing is spooled to /tmp (riep.core.uploads).
RIEP_MAX_UPLOAD_MB = int(os.environ.get("RIEP_MAX_UPLOAD_MB", "50"))
FILE_UPLOAD_HANDLERS = ["riep.core.uploads.BoundedMemoryUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files (Django's default, said out loud)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Login throttling (django-axes): five failures lock the email + address pair for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("RIEP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "uploads"
# The procurement hub's spend lines, as Parquet partitioned by council and month (DuckDB reads them in place).
RIEP_SPEND_DIR = Path(os.environ.get("RIEP_SPEND_DIR", VAR_DIR / "spend"))
# Folders of stored files that `riep backup` copies besides MEDIA_ROOT (riep.core.backup): name in the archive ->
# the setting that holds the folder, read when the backup runs (so a test's temporary folder is the one copied).
RIEP_BACKUP_FOLDERS = {"spend": "RIEP_SPEND_DIR"}
# `riep demo` loads the North East councils' real spend files (the shared test demo does not; RIEP_DEMO_SPEND=0 skips them)
RIEP_DEMO_SPEND = os.environ.get("RIEP_DEMO_SPEND", "1") != "0"
# WhiteNoise serves straight from the app directories when collectstatic has not run (tests, dev).
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RIEP_LOG_LEVEL", "WARNING")},
}
