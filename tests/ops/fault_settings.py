"""Settings of the fault test's child process: the test settings, but with production's connection pool, the
database task queue and a real SMTP connection (to a local server the test starts and stops)."""

from portal.settings.test import *  # noqa: F403
from portal.settings.test import database_settings, env

DATABASES = {"default": database_settings(embedded_allowed=False)}  # the pool on, as in production
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env.int("FAULT_SMTP_PORT")
EMAIL_TIMEOUT = 2
EMAIL_RETRY_BASE_SECONDS = 1
