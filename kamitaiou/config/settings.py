"""Kamitaiou settings: read from the environment only (see docs/operations.md)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kamitaiou.config.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(env_str("KAMITAIOU_DATA_DIR", str(BASE_DIR / "data")))

DEV_SECRET_KEY = "dev-only-insecure-kamitaiou-secret-key-change-me"  # noqa: S105
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", DEV_SECRET_KEY)
if SECRET_KEY == DEV_SECRET_KEY and not DEBUG and not env_bool("KAMITAIOU_ALLOW_DEV_KEY", False):
    raise ImproperlyConfigured(
        "SECRET_KEY is the development default; set SECRET_KEY (or SECRET_KEY_FILE), "
        "or DEBUG=1 for local development."
    )

# The key that seals the case record (HMAC-SHA256, docs/operations.md「記録の鍵」): kept
# outside the database, so whoever can write the database cannot re-seal a changed record.
DEV_RECORD_KEY = "dev-only-insecure-kamitaiou-record-key"
KAMITAIOU_RECORD_KEY = env_secret("KAMITAIOU_RECORD_KEY", "")
if not KAMITAIOU_RECORD_KEY:
    if not DEBUG and not env_bool("KAMITAIOU_ALLOW_DEV_KEY", False):
        raise ImproperlyConfigured(
            "KAMITAIOU_RECORD_KEY is not set; set it (or KAMITAIOU_RECORD_KEY_FILE) to a long "
            "random secret kept outside the database, or DEBUG=1 for local development."
        )
    KAMITAIOU_RECORD_KEY = DEV_RECORD_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "kamitaiou.accounts",
    "kamitaiou.cases",
    # Before django_tasks_db: our ``db_worker`` (the worker plus its own scheduling and
    # housekeeping) takes the place of the plain one.
    "kamitaiou.followups",
    "kamitaiou.readings",
    "kamitaiou.mail",
    "kamitaiou.api",
    # Serves the API's docs page (Swagger UI) from its own static files, not a CDN.
    "ninja",
    "kamitaiou.search",
    "kamitaiou.inbox",
    "kamitaiou.reports",
    "kamitaiou.protection",
    "kamitaiou.backup",
    "kamitaiou.privacy",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise: static files keep their own long-lived caching headers.
    "kamitaiou.config.headers.HeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kamitaiou.accounts.sessions.SessionLimitsMiddleware",
    "kamitaiou.accounts.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who opened which case / customer page (kamitaiou/privacy): one INSERT after a 200.
    "kamitaiou.privacy.middleware.ViewLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kamitaiou.config.urls"
WSGI_APPLICATION = "kamitaiou.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "kamitaiou.accounts.context.nav",
                "kamitaiou.cases.context.supervision",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "kamitaiou.sqlite3",
            "OPTIONS": {
                # WAL lets the web server and the worker read while the other writes;
                # IMMEDIATE avoids "database is locked" upgrades inside transactions.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be understood: {exc}") from None
    # The db_worker holds its connection; health checks drop broken ones.
    config["CONN_HEALTH_CHECKS"] = True
    return dict(config)


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("KAMITAIOU_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Logins (docs/operations.md, ログイン): after KAMITAIOU_LOGIN_FAILURE_LIMIT wrong passwords
# for one account, or from one address, within the lockout time, both are refused for
# KAMITAIOU_LOGIN_LOCKOUT_MINUTES (a 429 page). A right password does not wipe the count:
# an attacker who owns one account cannot reset the count of another from the same address.
AXES_FAILURE_LIMIT = env_int("KAMITAIOU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KAMITAIOU_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "kamitaiou.accounts.throttle.client_ip"
AXES_VERBOSE = False
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (0: use REMOTE_ADDR).
KAMITAIOU_TRUSTED_PROXIES = env_int("KAMITAIOU_TRUSTED_PROXIES", 0)

# Two-factor (TOTP, django-otp): required for these roles (sent to set it up at login),
# available to everyone else on their account page.
KAMITAIOU_2FA_ROLES = env_list("KAMITAIOU_2FA_ROLES", ["supervisor", "admin"])
OTP_TOTP_ISSUER = env_str("KAMITAIOU_2FA_ISSUER", "Kamitaiou")

# Sessions end after KAMITAIOU_SESSION_IDLE_MINUTES without a click (polling does not
# count) and KAMITAIOU_SESSION_MAX_HOURS after the login whatever happens.
KAMITAIOU_SESSION_IDLE_MINUTES = env_int("KAMITAIOU_SESSION_IDLE_MINUTES", 30)
KAMITAIOU_SESSION_MAX_HOURS = env_int("KAMITAIOU_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = KAMITAIOU_SESSION_MAX_HOURS * 3600
PASSWORD_RESET_TIMEOUT = env_int("KAMITAIOU_PASSWORD_RESET_SECONDS", 3 * 3600)

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "ja")
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kamitaiou@localhost")
# Replies sent by mail (docs/mail.md, 送信): a failed attempt is retried after
# KAMITAIOU_MAIL_RETRY_SECONDS, doubling each time, up to KAMITAIOU_MAIL_MAX_ATTEMPTS.
KAMITAIOU_MAIL_MAX_ATTEMPTS = env_int("KAMITAIOU_MAIL_MAX_ATTEMPTS", 8)
KAMITAIOU_MAIL_RETRY_SECONDS = env_int("KAMITAIOU_MAIL_RETRY_SECONDS", 60)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Served over TLS (KAMITAIOU_HTTPS=1): plain HTTP is redirected and browsers told to come
# back over HTTPS only (HSTS). Behind a proxy that ends TLS, SECURE_PROXY_SSL_HEADER=1 trusts
# its X-Forwarded-Proto (only when the proxy always sets it).
KAMITAIOU_HTTPS = env_bool("KAMITAIOU_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", KAMITAIOU_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if KAMITAIOU_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", KAMITAIOU_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading is the domain owner's commitment (hard to undo), not a default: its reminder
# (security.W021) is silenced; set SECURE_HSTS_PRELOAD=1 when the domain is submitted.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): scripts and styles only from our own static files or
# carrying this response's nonce; no inline handlers, no eval (htmx runs with allowEval off).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Request sizes: a form post is at most KAMITAIOU_MAX_REQUEST_BYTES (1 MiB) — far above
# KAMITAIOU_MAX_TEXT characters — and only a view that takes files accepts more, up to
# KAMITAIOU_MAX_UPLOAD_BYTES (kamitaiou.config.headers.accepts_uploads); 413 otherwise.
KAMITAIOU_MAX_REQUEST_BYTES = env_int("KAMITAIOU_MAX_REQUEST_BYTES", 2**20)
KAMITAIOU_MAX_UPLOAD_BYTES = env_int("KAMITAIOU_MAX_UPLOAD_BYTES", 26 * 2**20)
DATA_UPLOAD_MAX_MEMORY_SIZE = KAMITAIOU_MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Bounded lists: the inbox never loads more than one page of cases.
KAMITAIOU_PAGE_SIZE = env_int("KAMITAIOU_PAGE_SIZE", 50)
KAMITAIOU_MAX_TEXT = env_int("KAMITAIOU_MAX_TEXT", 20_000)
# The API (docs/api.md): the largest request body, and the rate limit per token.
KAMITAIOU_API_MAX_BODY = env_int("KAMITAIOU_API_MAX_BODY", 256 * 1024)
# Requests under this prefix carry a token (Authorization: Bearer), not a session: the
# session's two-factor and idle/absolute limits do not apply to them (the token's own
# expiry, scope and rate limit do), and an oversized body is answered as a JSON error.
KAMITAIOU_API_PATH = "/api/v1/"
KAMITAIOU_API_RATE = env_str("KAMITAIOU_API_RATE", "600/min")
# Webhooks: retried RETRY_SECONDS × 2^(attempt-1) later up to MAX_ATTEMPTS; an endpoint is
# disabled after DISABLE_AFTER consecutive failed attempts.
KAMITAIOU_WEBHOOK_MAX_ATTEMPTS = env_int("KAMITAIOU_WEBHOOK_MAX_ATTEMPTS", 8)
KAMITAIOU_WEBHOOK_RETRY_SECONDS = env_int("KAMITAIOU_WEBHOOK_RETRY_SECONDS", 30)
KAMITAIOU_WEBHOOK_TIMEOUT = env_int("KAMITAIOU_WEBHOOK_TIMEOUT", 10)
KAMITAIOU_WEBHOOK_DISABLE_AFTER = env_int("KAMITAIOU_WEBHOOK_DISABLE_AFTER", 20)

# Follow-ups: the worker's sweep (reminder mails, SLA breaches) runs this often; links in
# reminder mails and calendar entries start with KAMITAIOU_SITE_URL.
KAMITAIOU_SWEEP_SECONDS = env_int("KAMITAIOU_SWEEP_SECONDS", 60)
# A task "running" longer than this lost its worker (kill -9, OOM, a reboot): the worker's
# housekeeping puts it back in the queue. Longer than any sweep takes.
KAMITAIOU_TASK_STALE_SECONDS = env_int("KAMITAIOU_TASK_STALE_SECONDS", 900)
# The signed ledger head appended daily by the worker (``kamitaiou anchor``) to a file the
# database cannot rewrite; optionally also mailed to the admins.
KAMITAIOU_ANCHOR_FILE = env_str("KAMITAIOU_ANCHOR_FILE", str(DATA_DIR / "record-anchors.jsonl"))
KAMITAIOU_ANCHOR_SECONDS = env_int("KAMITAIOU_ANCHOR_SECONDS", 24 * 3600)
KAMITAIOU_ANCHOR_MAIL_ADMINS = env_bool("KAMITAIOU_ANCHOR_MAIL_ADMINS", False)
# Retention (APPI): closed cases' personal data anonymised this many years after closing
# (``kamitaiou retention``); 0 keeps everything.
KAMITAIOU_RETENTION_YEARS = env_int("KAMITAIOU_RETENTION_YEARS", 0)

# The view log (who opened which case and customer page, printouts, exports) keeps this
# many days; ``kamitaiou prune-view-log`` (run daily) removes older rows.
KAMITAIOU_VIEW_LOG_DAYS = env_int("KAMITAIOU_VIEW_LOG_DAYS", 730)
KAMITAIOU_SITE_URL = env_str("KAMITAIOU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Mail intake (docs/mail.md): attachments over these sizes are left out with a note (the
# mail itself is still taken); a customer's mail with the same subject as an open case of
# theirs joins it within this many days; the worker polls the IMAP mailboxes this often.
KAMITAIOU_MAIL_MAX_ATTACHMENT_BYTES = env_int("KAMITAIOU_MAIL_MAX_ATTACHMENT_BYTES", 10 * 2**20)
KAMITAIOU_MAIL_MAX_MESSAGE_BYTES = env_int("KAMITAIOU_MAIL_MAX_MESSAGE_BYTES", 25 * 2**20)
KAMITAIOU_MAIL_THREAD_DAYS = env_int("KAMITAIOU_MAIL_THREAD_DAYS", 14)
KAMITAIOU_MAIL_POLL_SECONDS = env_int("KAMITAIOU_MAIL_POLL_SECONDS", 60)
KAMITAIOU_MAIL_POLL_BATCH = env_int("KAMITAIOU_MAIL_POLL_BATCH", 50)
KAMITAIOU_MAIL_IMAP_TIMEOUT = env_int("KAMITAIOU_MAIL_IMAP_TIMEOUT", 30)

# The learned reader (docs/analyzer.md) and the coach's learned checker (docs/coach.md):
# models retrained with the team's corrections / override verdicts live in
# KAMITAIOU_MODELS_DIR; the one an admin activated is copied to active.kmr (reader) or
# coach-active.kmr (coach) there, and every process (web, worker, commands) watches that
# file — used while it exists, re-checked every 30 s. KAMITAIOU_READER_MODEL /
# KAMITAIOU_COACH_MODEL (a path, or "rules") still override them.
KAMITAIOU_MODELS_DIR = DATA_DIR / "models"
os.environ.setdefault("KAMITAIOU_READER_ACTIVE_FILE", str(KAMITAIOU_MODELS_DIR / "active.kmr"))
os.environ.setdefault("KAMITAIOU_COACH_ACTIVE_FILE", str(KAMITAIOU_MODELS_DIR / "coach-active.kmr"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
