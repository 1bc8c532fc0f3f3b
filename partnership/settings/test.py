"""The test suite: fast hashing, in-memory email, no pool (pytest-django manages connections)."""

from .base import *  # noqa: F403
from .base import DATABASES, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-insecure-key")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES["default"]["OPTIONS"].pop("pool", None)
DEMO_LOGINS_ALLOWED = True
SITE_URL = "http://testserver"
