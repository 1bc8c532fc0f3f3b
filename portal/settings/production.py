"""Production: everything secret or site-specific comes from the environment."""

import copy
import logging

from .base import *  # noqa: F403
from .base import database_settings, env

SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DEBUG = False
DEMO_LOGINS_ALLOWED = False

# A first try on one machine without TLS (README, "Running in production"): DJANGO_HTTP_TRIAL=true serves over plain
# HTTP (no redirect to https, no HSTS, cookies without Secure). check --deploy warns (portal.W003) as long as it is on.
HTTP_TRIAL = env.bool("DJANGO_HTTP_TRIAL", default=False)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not HTTP_TRIAL)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 0 if HTTP_TRIAL else env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not HTTP_TRIAL
CSRF_COOKIE_SECURE = not HTTP_TRIAL
CSRF_COOKIE_HTTPONLY = True

# Settings the README calls required; check --deploy fails without them (portal.E002): mail would go to the console
# and every link in it to 127.0.0.1.
REQUIRED_ENVIRONMENT = {name: bool(env.str(name, default="")) for name in ("EMAIL_URL", "SITE_URL")}

# Every log line one JSON object (portal/jsonlog.py): Django's, django-axes', the worker's, the request log.
LOGGING = copy.deepcopy(LOGGING)  # noqa: F405
LOGGING["formatters"]["json"] = {"()": "portal.jsonlog.JsonFormatter"}
LOGGING["handlers"]["console"]["formatter"] = "json"
LOGGING["handlers"]["requests"]["formatter"] = "json"
# Python's warnings (a library's UserWarning) become log records of "py.warnings" instead of plain text on stderr.
logging.captureWarnings(True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic (part of `make serve`) writes hashed, gzip- and brotli-compressed copies that whitenoise
    # serves with a one-year cache lifetime.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


DATABASES = {"default": database_settings(embedded_allowed=False)}
