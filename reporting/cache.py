"""Figures cached per peildatum and per generation of the data they are computed from.

Invalidation, the design: a PostgreSQL statement trigger on every table the figures read (installed by the
migrations, ``reporting/migrations/0004_figures_triggers.py``; ``watched_tables`` lists the tables) adds one row to
``reporting_figureschange`` in each transaction that writes such a table; the generation is the sum of the rows'
weights and the highest id. It changes exactly when such a transaction commits (the row is part of it), whoever
wrote: a service, the admin, ``seed_demo``'s COPY, an import, a data migration, ``psql``. The alternative,
``transaction.on_commit`` hooks in the services, would miss every write that does not pass a service, and Django
signals may not couple apps. Writers never wait for each other (each inserts its own row; no shared counter row is
locked until commit), and a rolled-back write leaves no row. A cache key carries the generation, so an entry is
never invalidated, just no longer asked for; entries expire after ``CACHE_SECONDS`` to free the memory.

Read the generation before computing (``cached`` does): a write that commits in between then only makes the stored
value newer than its key, never older.
"""

import logging
import time

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.translation import get_language
from pghistory.models import Event as AuditEvent

from partnership.access import carries_messages, is_personal

from .figures import compute_figures
from .models import FiguresChange

logger = logging.getLogger(__name__)

CACHE_SECONDS = 24 * 60 * 60
# One computation per key (``cached``): the advisory locks' first key, how often a waiting process looks whether the
# value has come, and how long it waits before computing itself (a computation that hangs must not hang the site).
LOCK_NAMESPACE = 210_001
POLL_SECONDS = 0.02
WAIT_SECONDS = 30.0
LOCK_QUERIES = 1  # what the lock adds to the queries of a computation
TRIGGER = "reporting_figures_changed"
# The apps whose tables the figures read.
WATCHED_APPS = ("partnership", "assignments", "fieldlabs", "doctorates", "traineeship", "istage", "reporting")
# Tables in those apps that no figure reads and that change all the time (every log-in writes last_login).
# The summaries (``reporting.summaries``) change only with the tables they summarise, which move the generation.
UNWATCHED_MODELS = (
    "partnership.User",
    "reporting.FiguresChange",
    "reporting.StateCountChange",
    "reporting.FollowUpCountChange",
)


def is_unwatched(model) -> bool:
    """No figure reads the audit trail's event tables (``partnership.history``): a trigger there would only add a
    second statement trigger to every audited write; the write to the audited table already moves the generation."""
    return model._meta.label in UNWATCHED_MODELS or issubclass(model, AuditEvent)


def watched_tables() -> list[str]:
    tables = []
    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            through_owner = getattr(model._meta, "auto_created", None) or model
            if is_unwatched(model) or is_unwatched(through_owner) or not model._meta.managed:
                continue
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def generation() -> str:
    with connection.cursor() as cursor:
        # bandit B608: table name from the model
        cursor.execute(f'SELECT coalesce(sum(weight), 0), coalesce(max(id), 0) FROM "{FiguresChange._meta.db_table}"')  # nosec B608
        total, last = cursor.fetchone()
    return f"{total}.{last}"


def compact_generation() -> int:
    """Fold the change rows into one, keeping the sum (a no-op for the generation's meaning; one invalidation)."""
    with transaction.atomic():
        rows = FiguresChange.objects.order_by("id").values_list("id", "weight")
        rows = list(rows.select_for_update())
        if len(rows) <= 1:
            return 0
        FiguresChange.objects.filter(id__lte=rows[-1][0]).delete()
        FiguresChange.objects.create(weight=sum(weight for _id, weight in rows))
    return len(rows)


def cached(kind: str, as_of, compute):
    """``compute(as_of)``, kept per kind, language, date and generation. A cache that does not answer (Redis away)
    costs the computation, not the page.

    One computation per key: on a miss the process that takes the key's lock (``_one_at_a_time``) computes and
    stores; the others look in the cache every ``POLL_SECONDS`` until the value is there or they get the lock
    (the computation failed), and compute themselves only after ``WAIT_SECONDS``. With the cache away nobody
    waits, since nobody could hand the result on."""
    key = f"figures:{kind}:{get_language()}:{as_of.isoformat()}:{generation()}"
    try:
        value = cache.get(key)
    except Exception:  # any client error: compute instead
        logger.warning("The cache did not answer; computing %s", kind, exc_info=True)
        return compute(as_of)
    if value is not None:
        return value
    if not getattr(cache, "answering", lambda: True)():
        return compute(as_of)
    return _one_at_a_time(key, kind, as_of, compute)


def _one_at_a_time(key: str, kind: str, as_of, compute):
    """Compute under a PostgreSQL advisory lock per cache key (so per date and generation), taken with
    ``pg_try_advisory_xact_lock`` in a transaction (or the caller's): released at its end whatever happens, never left
    behind on a pooled connection. The waiters read the value from the cache as soon as it is stored, before the
    lock goes."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        # no savepoint: a failed computation fails the caller's transaction anyway, and a page's budget counts queries
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [LOCK_NAMESPACE, key])
            if cursor.fetchone()[0]:
                value = cache.get(key)  # stored by the process that held the lock just before
                if value is None:
                    value = compute(as_of)
                    try:
                        cache.set(key, value, CACHE_SECONDS)
                    except Exception:
                        logger.warning("The cache did not answer; %s not stored", kind, exc_info=True)
                return value
        time.sleep(POLL_SECONDS)
        value = cache.get(key)
        if value is not None:
            return value
        if time.monotonic() > deadline:
            logger.warning("Waited %.0f s for another process to compute %s; computing", WAIT_SECONDS, kind)
            return compute(as_of)


def figures(as_of) -> dict:
    """``compute_figures(as_of)`` from the cache: the dashboard, its downloads and the public page call this."""
    return cached("figures", as_of, compute_figures)


def cached_page(request, kind: str, as_of, render):
    """A whole page for anonymous visitors, kept per kind, language, date and generation: ``render()`` makes the
    response. What a visitor gets is stored only when it is not personal (no session, no flash messages, no CSRF
    token, no cookie: ``partnership.access.is_personal``), so nobody's messages are served to the next visitor. A
    logged-in visitor always gets a freshly rendered page."""
    if request.user.is_authenticated:
        return render()
    key = f"page:{kind}:{get_language()}:{as_of.isoformat()}:{generation()}"
    try:
        content = cache.get(key)
    except Exception:
        logger.warning("The cache did not answer; rendering %s", kind, exc_info=True)
        return render()
    if content is not None and not carries_messages(request) and not _has_pending_messages(request):
        return HttpResponse(content)
    response = render()
    if response.status_code == 200 and not is_personal(request, response):
        try:
            cache.set(key, response.content, CACHE_SECONDS)
        except Exception:
            logger.warning("The cache did not answer; %s not stored", kind, exc_info=True)
    return response


def _has_pending_messages(request) -> bool:
    """Messages waiting for this visitor: the cached page would not show them, so render instead."""
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and len(storage))
