"""Waypoint settings: one module, every value read from the environment through typed helpers."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """A string from the environment, or the default."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean from the environment: 1/true/yes/on (any case) is true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """An integer from the environment, with a clear error when it is not one."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from error


def env_float(name: str, default: float) -> float:
    """A number (decimals allowed) from the environment, with a clear error when it is not one."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from error


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list from the environment, blanks dropped."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set it to a long random string, for "
            "example the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            " (or set DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A form whose token no longer matches gets plain words and a way back, not a technical page.
CSRF_FAILURE_VIEW = "waypoint.core.views.csrf_failure"

# Lets the typed generics of django-stubs (ModelForm[Group], …) be subscripted at runtime.
django_stubs_ext.monkeypatch()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "waypoint.core",
    "waypoint.accounts",
    "waypoint.journal",
    "waypoint.start",
    "waypoint.yourdata",
    "waypoint.goals",
    "waypoint.assessments",
    "waypoint.groups",
    "waypoint.care",
    "waypoint.safety",
    "waypoint.programs",
    "waypoint.worksheets",
    "waypoint.directory",
    "waypoint.alerts",
    "waypoint.companion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "waypoint.core.middleware.SecurityHeadersMiddleware",
    "waypoint.core.input.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "waypoint.accounts.zones.TimeZoneMiddleware",
    "waypoint.core.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "waypoint.core.middleware.ErrorVocabularyMiddleware",
]

ROOT_URLCONF = "waypoint.urls"
WSGI_APPLICATION = "waypoint.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "waypoint" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "waypoint.core.context_processors.waypoint_context",
                "waypoint.accounts.context_processors.account_kind",
            ],
        },
    },
]
# The built-in widgets written straight to HTML: same output, a fraction of the cost.
FORM_RENDERER = "waypoint.core.rendering.FastWidgetRenderer"

# Database: SQLite under data/ by default, PostgreSQL (or any) through DATABASE_URL.
DATA_DIR = Path(env_str("WAYPOINT_DATA_DIR", str(BASE_DIR / "data")))
DATABASE_URL = env_str("DATABASE_URL")
SQLITE_OPTIONS = {
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start
    # of a transaction so two writers wait instead of failing mid-way.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # sqlite:////path/file.sqlite3 (a worker pointed at another file) behaves the same.
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
        DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "waypoint.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
            # A test database in a file (instead of memory) when asked: the worker's fault tests
            # start real `run_worker` processes, which must open the same database.
            "TEST": {"NAME": env_str("SQLITE_TEST_NAME") or None},
        }
    }
# A read replica of the PostgreSQL database, for the reads that tolerate a little lag (caseload
# figures, group reports): waypoint.core.routers sends them there; everything else, and every
# decision about who may read what, stays on the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
DATABASE_ROUTERS = ["waypoint.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "waypoint.accounts.passphrase.PassphraseStrengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Login throttling: failures counted in the database over a sliding window. A browser that has
# signed in to the account before (device cookie) counts only its own failures; other attempts
# wait after 5 failures for an account from one address, 20 from one address, or 50 for one
# account from everywhere. See docs/decisions.md, "Trust under attack and load".
LOGIN_THROTTLE_WINDOW_SECONDS = env_int("LOGIN_THROTTLE_WINDOW_SECONDS", 15 * 60)
LOGIN_THROTTLE_PER_ACCOUNT_AND_ADDRESS = env_int("LOGIN_THROTTLE_PER_ACCOUNT_AND_ADDRESS", 5)
LOGIN_THROTTLE_PER_ADDRESS = env_int("LOGIN_THROTTLE_PER_ADDRESS", 20)
LOGIN_THROTTLE_PER_ACCOUNT = env_int("LOGIN_THROTTLE_PER_ACCOUNT", 50)
LOGIN_THROTTLE_PER_DEVICE = env_int("LOGIN_THROTTLE_PER_DEVICE", 5)
LOGIN_DEVICE_COOKIE_AGE = env_int("LOGIN_DEVICE_COOKIE_AGE", 365 * 24 * 3600)
# How many proxies in front of Waypoint append to X-Forwarded-For. 0 (the default) ignores the
# header entirely, because without a proxy anyone can send it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LANGUAGE_CODE = "en"
# Each language by its own name (the switch shows them so). A new language is added here and in
# locale/ (docs/translating.md); a test fails while any of its messages is untranslated.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "waypoint_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
# The site's zone: the default for new accounts and organizations, and for signed-out pages.
# Each person and organization has their own (waypoint.accounts.zones).
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
# The service directory (issue 16): the zone of locations that do not name their own, the
# largest file an import accepts, and how far "near" searches look by default.
DIRECTORY_TIME_ZONE = env_str("DIRECTORY_TIME_ZONE", "America/Los_Angeles")
DIRECTORY_IMPORT_MAX_BYTES = env_int("DIRECTORY_IMPORT_MAX_BYTES", 25 * 1024 * 1024)
DIRECTORY_NEAR_KM = env_int("DIRECTORY_NEAR_KM", 40)
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "waypoint" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest (cache-busting names) needs `collectstatic`, which deploys run.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email is optional (only for account recovery); the console backend prints in development.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Waypoint <waypoint@localhost>")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# Text messages (check on me, reminders, drug alerts): a backend class, and for the generic HTTP
# backend a Twilio-compatible endpoint (form POST of To, From, Body with basic auth).
SMS_BACKEND = env_str(
    "SMS_BACKEND",
    "waypoint.alerts.sms.ConsoleBackend" if DEBUG else "waypoint.alerts.sms.DisabledBackend",
)
SMS_HTTP_URL = env_str("SMS_HTTP_URL")
SMS_HTTP_ACCOUNT = env_str("SMS_HTTP_ACCOUNT")
SMS_HTTP_TOKEN = env_str("SMS_HTTP_TOKEN")
SMS_FROM = env_str("SMS_FROM")
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 15)

# Check on me: the shortest timer (seconds; tests use a few), and the grace period between the
# deadline (when the person is asked first) and the alert to their contacts.
CHECK_ON_ME_MIN_SECONDS = env_int("CHECK_ON_ME_MIN_SECONDS", 60)
CHECK_ON_ME_MAX_SECONDS = env_int("CHECK_ON_ME_MAX_SECONDS", 120 * 60)
CHECK_ON_ME_GRACE_SECONDS = env_int("CHECK_ON_ME_GRACE_SECONDS", 120)
# The local emergency number printed in alerts (Waypoint never calls it itself).
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "911")
# Hard moments: lines the operator offers after an entry that records using alone, e.g. a
# "Never Use Alone" hotline. Semicolon-separated "text|link" pairs; empty offers none.
NEVER_USE_ALONE_LINES = [
    tuple(part.strip() for part in item.split("|", 1))
    for item in env_str("NEVER_USE_ALONE_LINES").split(";")
    if "|" in item and item.split("|", 1)[0].strip()
]
# Links in emails and text messages need the site's own address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The worker (`manage.py run_worker`): how often it looks for due work, and how long a claimed
# delivery stays claimed before another worker may retry it (a crashed worker's lease expires).
WORKER_POLL_SECONDS = env_float("WORKER_POLL_SECONDS", 1.0)
WORKER_LEASE_SECONDS = env_int("WORKER_LEASE_SECONDS", 30)
# Fault injection for the worker's tests only: "kill-after-send" makes the worker SIGKILL itself
# between sending a message and marking it sent. Never set in production.
WORKER_FAULT = env_str("WORKER_FAULT")


def _derived_key(secret: str) -> str:
    """A Fernet key derived from the secret key, for development only."""
    digest = hashlib.sha256(("waypoint-dev:" + secret).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Free text is encrypted at rest. Keys are Fernet keys, newest first; older ones still decrypt,
# so a key is rotated by putting the new one first and running `manage.py rotate_keys`.
ENCRYPTION_KEYS = env_list("ENCRYPTION_KEYS")
if not ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ENCRYPTION_KEYS is required when DEBUG is off: a comma-separated list of Fernet keys, "
            "newest first. Make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    ENCRYPTION_KEYS = [_derived_key(SECRET_KEY)]

# Programs: the key for re-derivable participant codes (a keyed hash of a person's answers is
# stored, never the answers). Changing it makes re-derivation of existing codes impossible.
PROGRAMS_CODE_KEY = (
    env_str("PROGRAMS_CODE_KEY")
    or hashlib.sha256(("waypoint-programs-code:" + SECRET_KEY).encode()).hexdigest()
)
# Shared reports show counts from 1 to this number as suppressed ("<11" by default).
PROGRAMS_SUPPRESS_UP_TO = env_int("PROGRAMS_SUPPRESS_UP_TO", 10)

# Security. Secure cookies and HSTS whenever the site is served over HTTPS (not in DEBUG).
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
X_FRAME_OPTIONS = "DENY"

# The local emergency number the overdose guide tells people to call.
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "911")

# Where the quick-exit control sends a person: a neutral, everyday site.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bbc.com/weather")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
