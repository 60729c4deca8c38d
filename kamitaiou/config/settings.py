"""Kamitaiou settings: read from the environment only (see docs/operations.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
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

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
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
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

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

# Bounded lists: the inbox never loads more than one page of cases.
KAMITAIOU_PAGE_SIZE = env_int("KAMITAIOU_PAGE_SIZE", 50)
KAMITAIOU_MAX_TEXT = env_int("KAMITAIOU_MAX_TEXT", 20_000)
# The API (docs/api.md): the largest request body, and the rate limit per token.
KAMITAIOU_API_MAX_BODY = env_int("KAMITAIOU_API_MAX_BODY", 256 * 1024)
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
