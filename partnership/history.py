"""The audit trail: who changed which record, when, through what, and which fields from what to what.

PostgreSQL triggers (django-pgtrigger, installed by the migrations) write an event row for every insert, update (of a
tracked field) and delete of a tracked model into its event model (django-pghistory, ``<Model>Event`` in the model's
own app), whoever writes: a service, Django admin, a management command, a bulk write, COPY or ``psql``. They are
statement-level (``PGHISTORY_LEVEL``): one call per statement writes the events of all its rows from the statement's
transition table. The triggers read who acted
from pghistory's *context*, a transaction-local setting that the code sets:

- requests: ``HistoryMiddleware`` (in ``MIDDLEWARE``) on every write request, the portal's and the admin's alike;
- everything else (management commands, imports, background tasks): wrap the writes in ``acting``::

      from partnership.history import SOURCE_IMPORT, acting

      with acting(request_user, SOURCE_IMPORT, file="organisaties.csv"):
          ...  # every insert, update and delete in here is attributed to request_user, source "import"

  Nested ``acting`` blocks add to the outer context (the outer user stays unless the inner one names another).
  A COPY is not passed through Django's cursor wrapper, so it sees the context only after an ordinary write in the
  same transaction (``acting`` inside ``transaction.atomic`` makes sure of that with ``attach``).

What is tracked: every model of the domain apps (``track`` below, on the model), except append-only logs that are an
audit trail themselves (an assignment's state changes, account events) and technical rows (request form tokens).
Secrets never reach an event: ``SECRET_FIELDS`` are excluded from every tracked model, and a test checks the event
tables for them. Personal data of a contact person is overwritten in the trail when the person is anonymised or
removed (``forget``). Reading the trail for a page: ``partnership.selectors.history_for``.
"""

import json
from contextlib import contextmanager

import pghistory
import pghistory.middleware
from django.db import connection
from django.utils.translation import gettext_lazy as _

SOURCE_PORTAL = "portal"
SOURCE_ADMIN = "admin"
SOURCE_COMMAND = "command"
SOURCE_IMPORT = "import"
SOURCE_MERGE = "merge"
SOURCE_SNAPSHOT = "snapshot"  # the rows that existed when the trail started (the migrations' snapshot_rows)
SOURCE_LABELS = {
    SOURCE_PORTAL: _("portal"),
    SOURCE_ADMIN: _("Django admin"),
    SOURCE_COMMAND: _("management command"),
    SOURCE_IMPORT: _("import"),
    SOURCE_MERGE: _("merge of organisations"),
    SOURCE_SNAPSHOT: _("start of the history"),
}
SNAPSHOT_LABEL = "snapshot"
MERGE_LABEL = "merge"
ACTION_LABELS = {
    MERGE_LABEL: _("merged"),
    "insert": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    SNAPSHOT_LABEL: _("as it was when the history started"),
}
# Written without any context: psql, a data migration, a command that does not say who it is.
UNKNOWN_SOURCE_LABEL = _("directly in the database")

# Never copied into an event: hashes, tokens and what changes at every log-in.
SECRET_FIELDS = ("password", "token_hash", "token", "last_login")
# Kept out of the diffs: every save changes them, or (session_generation) a deactivation, itself in the diff.
NOISE_FIELDS = ("updated_at", "session_generation")


def track(*, exclude=(), manual=()):
    """Track a model's inserts, updates and deletes, without the secrets and the noise (an update that changes only
    excluded fields writes no event); ``manual`` names events the code records itself (``record``)."""

    def decorator(model):
        names = {field.name for field in model._meta.local_fields} | {
            field.name for parent in model._meta.parents for field in parent._meta.local_fields
        }
        excluded = [name for name in (*SECRET_FIELDS, *NOISE_FIELDS, *exclude) if name in names]
        trackers = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
        trackers += tuple(pghistory.ManualEvent(label) for label in manual)
        return pghistory.track(*trackers, exclude=excluded or None)(model)

    return decorator


def context_of(user, source: str, **extra) -> dict:
    return {"user": getattr(user, "pk", user), "source": source, **extra}


@contextmanager
def acting(user, source: str, **extra):
    """Attribute every write inside to ``user`` (a ``User``, an id or ``None``) through ``source`` (one of the
    ``SOURCE_*``); ``extra`` (JSON values) is kept with each event, e.g. the command's name or the file."""
    with pghistory.context(**context_of(user, source, **extra)):
        yield


def attach() -> None:
    """Write the current context into the transaction now, for writes that bypass Django's cursor (COPY)."""
    # pghistory (pinned, 3.9.2) has no documented call or setting for this: its context reaches the database only
    # through the execute wrapper ``pghistory.context`` installs, which puts ``SELECT set_config(...)`` before every
    # statement Django's cursor sends unless the statement starts with one of its ignored prefixes
    # (``pghistory.runtime.IGNORED_SQL_PREFIXES``: select, create, alter, drop, set session, ...). psycopg's
    # ``cursor.copy()`` bypasses that wrapper, so something has to pass it first: an empty ``DO`` block is a statement
    # that does nothing, is not on that list and writes no row. tests/partnership/test_history.py
    # (``test_the_copy_loader_is_audited_with_its_context``) fails if a pghistory upgrade starts to skip it.
    with connection.cursor() as cursor:
        cursor.execute("DO $$ BEGIN END $$")


def record(instance, label: str):
    """A manual event of ``instance`` (one of the ``manual`` labels its model is tracked with): a snapshot of the
    row now, under the current context."""
    return pghistory.create_event(instance, label=label)


# Audit events the application may overwrite, each through a function of the owner role (the application's role
# may not UPDATE an event table: portal/trails.py): the model, its function, the columns it sets and to what.
FORGETTERS = {
    "partnership.ContactPerson": ("partnership_forget_contact", ("name", "email"), {"phone": "", "function": ""}),
    # retention: who answered a follow-up (assignments migration 0011)
    "assignments.FollowUpAnswer": ("assignments_forget_followup_respondent", ("respondent",), {}),
}


def forget(instance, **values) -> int:
    """Overwrite personal data in every event of ``instance`` (AVG: a removed or anonymised person's old name and
    address must not live on in the audit trail); ``values`` are the columns and what they become. Returns the number
    of events changed. Call it after the write that anonymises or removes, in the same transaction."""
    from django.db import connection

    model = type(instance)._meta.concrete_model
    function, arguments, fixed = FORGETTERS[model._meta.label]
    if set(values) != set(arguments) | set(fixed) or any(values[key] != value for key, value in fixed.items()):
        raise ValueError(f"{function} sets {arguments} and {fixed}, not {values}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {function}(%s, {', '.join(['%s'] * len(arguments))})",
            [instance.pk] + [values[key] for key in arguments],
        )
        return cursor.fetchone()[0]


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's middleware with our source (portal or admin) and without the URL (it can hold a token)."""

    def get_context(self, request) -> dict:
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        source = SOURCE_ADMIN if request.path.startswith(_admin_prefix()) else SOURCE_PORTAL
        return context_of(user_id, source)


def _admin_prefix() -> str:
    from django.urls import reverse

    return reverse("admin:index")


def snapshot_rows(app_label: str, *model_names: str):
    """A migration operation's function: one "snapshot" event for every row that exists when tracking starts, so
    that the first change after it has something to be compared with (no change is shown without its old value)."""

    def run(apps, schema_editor):
        for model_name in model_names:
            tracked = apps.get_model(app_label, model_name)
            event = apps.get_model(app_label, f"{model_name}Event")
            columns = [field.column for field in event._meta.concrete_fields if not field.column.startswith("pgh_")]
            quoted = ", ".join(f'"{column}"' for column in columns)
            table, pk = tracked._meta.db_table, tracked._meta.pk.column
            # bandit B608: table and column names come from the models
            schema_editor.execute(
                f'INSERT INTO "{event._meta.db_table}" (pgh_created_at, pgh_label, pgh_obj_id, pgh_context, {quoted}) '  # nosec B608
                f'SELECT NOW(), %s, "{pk}", %s::jsonb, {quoted} FROM "{table}"',
                [SNAPSHOT_LABEL, json.dumps({"source": SOURCE_SNAPSHOT})],
            )

    return run
