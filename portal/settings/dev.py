"""Local development: debug on, console email, demo log-ins allowed."""

from .base import *  # noqa: F403
from .base import database_settings, env

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-not-for-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEMO_LOGINS_ALLOWED = True

DATABASES = {"default": database_settings(embedded_allowed=True)}
