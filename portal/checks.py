"""System checks of the project: production refuses to run with the demo log-ins present."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, register
from django.db import connections


@register(Tags.security, Tags.database, deploy=True)
def demo_logins_absent(app_configs=None, databases=None, **kwargs):
    """``check --deploy --database default`` fails when a demo user name still logs in with its published password.

    The demo passwords are in the README: under settings that do not allow demo log-ins such an account is an open
    door. Only with ``--database``, since it reads the users.
    """
    if not databases or getattr(settings, "DEMO_LOGINS_ALLOWED", False):
        return []
    from exchange.demo.organisations import DEMO_LOGINS

    passwords = {username: password for username, _role, _org, password, *_names in DEMO_LOGINS}
    errors = []
    model = get_user_model()
    for database in databases:
        if model._meta.db_table not in connections[database].introspection.table_names():
            continue  # not migrated yet (a first `make serve`): no accounts at all
        users = model.objects.using(database).filter(username__in=passwords, is_active=True)
        for user in users:
            if check_password(passwords[user.username], user.password):  # no setter: a check never writes
                errors.append(
                    Error(
                        f"The demo log-in '{user.username}' exists with its published password.",
                        hint="Deactivate the account or give it a new password before serving this database "
                        "(manage.py changepassword or the admin).",
                        obj=user.username,
                        id="portal.E001",
                    )
                )
    return errors


@register(Tags.security, Tags.database, deploy=True)
def application_role_owns_nothing(app_configs=None, databases=None, **kwargs):
    """``check --deploy --database default`` warns when the application connects as the owner of its tables: the
    owner can change and erase the trails (portal/trails.py). Production: DATABASE_URL names a role without tables,
    DATABASE_OWNER_URL the owner that migrates."""
    from django.core.checks import Warning

    from portal.trails import owned_tables

    if not databases or getattr(settings, "DEMO_LOGINS_ALLOWED", False):
        return []
    warnings = []
    for database in databases:
        owned = owned_tables(connections[database])
        if owned:
            warnings.append(
                Warning(
                    f"The application's database role owns {len(owned)} tables (e.g. {owned[0]}): it could erase "
                    "the trails.",
                    hint="Connect the application as a role that owns nothing (DATABASE_URL) and migrate as the "
                    "owner (DATABASE_OWNER_URL); make serve then runs manage.py grant_app_role (README, "
                    "'Running in production').",
                    id="portal.W002",
                )
            )
    return warnings


@register(Tags.security, deploy=True)
def required_settings_present(app_configs=None, **kwargs):
    """``check --deploy`` fails when a setting the README calls required for production is not set (mail would go
    to the console, links in it to 127.0.0.1), and warns while the plain-HTTP trial is on."""
    from django.core.checks import Warning

    messages = []
    for name, present in getattr(settings, "REQUIRED_ENVIRONMENT", {}).items():
        if not present:
            messages.append(
                Error(
                    f"{name} is not set.",
                    hint={
                        "EMAIL_URL": "Set EMAIL_URL to the SMTP server (smtp+tls://user:password@host:587); without "
                        "it every mail is written to the console and lost.",
                        "SITE_URL": "Set SITE_URL to the address visitors use (https://portal.example.nl); the links "
                        "in mails are built from it.",
                    }.get(name, "See .env.example."),
                    id="portal.E002",
                )
            )
    if getattr(settings, "HTTP_TRIAL", False):
        messages.append(
            Warning(
                "DJANGO_HTTP_TRIAL is on: the portal is served over plain HTTP, cookies travel unencrypted.",
                hint="For a first try on one machine only; put a TLS proxy in front and remove the setting.",
                id="portal.W003",
            )
        )
    return messages
