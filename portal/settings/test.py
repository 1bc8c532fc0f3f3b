"""The test suite: fast hashing, in-memory email, no pool (pytest-django manages connections)."""

from .base import *  # noqa: F403
from .base import database_settings, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-insecure-key")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES = {"default": database_settings(embedded_allowed=True)}
DATABASES["default"]["OPTIONS"].pop("pool", None)
DEMO_LOGINS_ALLOWED = True
SITE_URL = "http://testserver"
# Tasks run at once, in the calling thread (after commit where the code enqueues on commit); tests of the worker
# itself switch to the database backend with override_settings.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "imports"]}}
