"""Operations as a new operator meets them: check --deploy fails without the settings the README calls required,
warns during the plain-HTTP trial; static files are kept one year; every log line in production is one JSON object
(a bad Host header and an axes log-in failure included)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from portal import checks
from portal.jsonlog import JsonFormatter
from portal.middleware import STATIC_MAX_AGE, StaticFilesMiddleware
from tests.ops.cluster import django_url

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_fails_without_email_url_or_site_url(settings):
    settings.REQUIRED_ENVIRONMENT = {"EMAIL_URL": False, "SITE_URL": False}
    assert [message.id for message in checks.required_settings_present()] == ["portal.E002", "portal.E002"]
    settings.REQUIRED_ENVIRONMENT = {"EMAIL_URL": True, "SITE_URL": True}
    assert checks.required_settings_present() == []
    settings.HTTP_TRIAL = True
    assert [message.id for message in checks.required_settings_present()] == ["portal.W003"]


def _production_env(**extra):
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        "DATABASE_POOL": "false",
        **extra,
    }


def test_the_production_settings_pass_check_deploy_only_with_email_and_site_url():
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    without = subprocess.run(  # noqa: S603 - a fixed command line
        command, cwd=ROOT, env=_production_env(), capture_output=True, text=True, check=False
    )
    assert without.returncode != 0 and "portal.E002" in without.stderr
    with_them = subprocess.run(  # noqa: S603 - a fixed command line
        command,
        cwd=ROOT,
        env=_production_env(EMAIL_URL="smtp+tls://u@smtp.example.nl:587", SITE_URL="https://portal.example.nl"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert with_them.returncode == 0, with_them.stderr


def test_static_files_are_kept_one_year():
    assert STATIC_MAX_AGE == 365 * 24 * 60 * 60
    assert "portal.middleware.StaticFilesMiddleware" in django_settings.MIDDLEWARE
    middleware = StaticFilesMiddleware.__new__(StaticFilesMiddleware)
    middleware.immutable_file_test = lambda path, url: True
    headers = {}
    middleware.add_cache_headers(headers, "app.0123456789ab.css", "/static/app.0123456789ab.css")
    assert headers["Cache-Control"] == f"max-age={STATIC_MAX_AGE}, public, immutable"


def test_a_traceback_stays_inside_its_json_line():
    import logging

    try:
        raise ValueError("kapot\nmet twee regels")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "mislukt: %s", ("a",), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "mislukt: a" and "ValueError" in entry["exception"]


SCRIPT = """
from django.test import Client, override_settings
with override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}):
    client = Client()
    client.get("/", HTTP_HOST="evil.example")
    client.post("/accounts/login/", {"username": "niemand", "password": "verkeerd-wachtwoord"})
"""


@pytest.mark.django_db(transaction=True)
def test_every_production_log_line_is_one_json_object():
    url = django_url(connection.settings_dict)
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SCRIPT],
        cwd=ROOT,
        env=_production_env(DATABASE_URL=url, DJANGO_HTTP_TRIAL="true", LOG_LEVEL="INFO"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # fails on any line that is not JSON
    loggers = [entry.get("logger") for entry in entries]
    assert loggers.count("django.security.DisallowedHost") == 1
    assert loggers.count("axes.handlers.database") + loggers.count("axes") >= 1, loggers
    requests = [entry for entry in entries if "status" in entry]
    assert [entry["status"] for entry in requests] == [400, 200]
