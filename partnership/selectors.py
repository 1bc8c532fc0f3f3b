"""Every read of the partners core's records that other apps share: "as of D" meaning at the end of day D,
and what a user may do with an organisation and its contact people."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from . import history
from .models import MEMBER_ROLES, Community, ContactPerson, Event, Organisation, OrganisationKind, Role, User


def coordinators() -> QuerySet:
    """The active accounts ``User.access_role`` treats as coordinators: coordinators, administrators, superusers."""
    return User.objects.filter(is_active=True).filter(Q(role__in=(Role.COORDINATOR, Role.ADMIN)) | Q(is_superuser=True))


def communities_on(day) -> QuerySet:
    """Communities planned or active on ``day`` (``Community.status_on`` gives which)."""
    return Community.objects.filter(planned_on__lte=day).exclude(ended_on__lte=day).order_by("name")


def events_up_to(day) -> QuerySet:
    return Event.objects.filter(starts_on__lte=day)


# --- what a user may do with an organisation and its contact people ----------------------------------------------


@dataclass(frozen=True)
class OrganisationAccess:
    """What one user may do with one organisation (and its contact people): the one answer views, services and
    templates ask. Roles come from ``User.access_role``."""

    organisation: Organisation
    role: str
    # A member of the organisation (government or education).
    is_member: bool

    @property
    def may_edit_profile(self) -> bool:
        """The description, website, city and (education) themes; the name and kind are the programme's."""
        return self.is_member

    @property
    def may_manage_contacts(self) -> bool:
        """Add, change and remove its contact people."""
        return self.is_member


def organisation_access(user, organisation: Organisation) -> OrganisationAccess:
    """What ``user`` may do with ``organisation``; no queries."""
    role = user.access_role
    return OrganisationAccess(
        organisation=organisation,
        role=role,
        is_member=role in MEMBER_ROLES and user.organisation_id == organisation.pk,
    )


def get_organisation_for_user(user) -> tuple[Organisation, OrganisationAccess]:
    """The organisation whose profile ``user`` may see, their own, and what they may do with it. Others
    (coordinators, deactivated accounts) have no organisation profile and get 403."""
    if user.access_role not in MEMBER_ROLES or user.organisation_id is None:
        raise PermissionDenied
    organisation = Organisation.objects.prefetch_related("themes").get(pk=user.organisation_id)
    return organisation, organisation_access(user, organisation)


def get_contact_for_user(user, pk) -> tuple[ContactPerson, OrganisationAccess]:
    """A contact person of the user's own organisation and what the user may do there; another organisation's
    contact is a 404."""
    organisation, access = get_organisation_for_user(user)
    try:
        contact = ContactPerson.objects.select_related("organisation").get(pk=pk, organisation=organisation)
    except ContactPerson.DoesNotExist:
        raise Http404 from None
    return contact, access


def contacts_of(organisation: Organisation) -> QuerySet:
    return ContactPerson.objects.filter(organisation=organisation).order_by("-is_primary", "name")


# --- the coordinators' workspace: every record, joins applied, the default order backed by an index ------------------


def organisations_for_workspace() -> QuerySet:
    return Organisation.objects.order_by("name")


def contacts_for_workspace() -> QuerySet:
    return ContactPerson.objects.select_related("organisation").order_by("name", "id")


def communities_for_workspace() -> QuerySet:
    return Community.objects.select_related("theme").order_by("name")


def events_for_workspace() -> QuerySet:
    return Event.objects.select_related("theme").order_by("-starts_on", "name")


# --- the audit trail (partnership/history.py writes it) -------------------------------------------------------------

HISTORY_LIMIT = 50  # events shown on a detail page, newest first; the section says how many there are in all
VALUE_LENGTH = 200  # longer values (descriptions) are cut on the page


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str | None  # None on a creation or a snapshot: there is no old value
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: object
    action: str
    user_name: str
    source: str
    changes: list[FieldChange]
    note: str = ""


@dataclass(frozen=True)
class History:
    entries: list[HistoryEntry]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.entries)


def history_for(obj, *, limit: int = HISTORY_LIMIT, related_models=()) -> History:
    """The audit trail of ``obj`` (a tracked record), newest first, at most ``limit`` events, in Dutch: field
    labels (``verbose_name``), values as the pages show them, who acted and through what. A fixed number of
    queries: the count, the events, the users, one per kind of record the shown values refer to.

    ``related_models``: tracked models with a foreign key to ``obj``'s model whose events about ``obj`` join the
    trail (a request's invitations and declines), their action named with the model ("Verzoek om interesse:
    aangemaakt"); their key to ``obj`` itself is not repeated."""
    from pghistory.models import Events

    model = type(obj)._meta.concrete_model
    if related_models:
        event_models = [_event_model(model), *(_event_model(m) for m in related_models)]
        events = Events.objects.references(obj).across(*event_models)
    else:
        events = Events.objects.tracks(obj)
    total = events.count()
    rows = list(events.order_by("-pgh_created_at", "-pgh_id")[:limit]) if total else []
    own = model._meta.label
    models_by_label = {own: model}
    for related_model in related_models:
        models_by_label[related_model._meta.concrete_model._meta.label] = related_model._meta.concrete_model
    fields_by_label = {
        label: {
            field.column: field
            for field in m._meta.concrete_fields
            if label == own or not (field.is_relation and field.related_model is model)
        }
        for label, m in models_by_label.items()
    }
    related = {}
    for label, fields in fields_by_label.items():
        related |= _related_names([row for row in rows if row.pgh_obj_model == label], fields)
    user_ids = {row.pgh_context.get("user") for row in rows if row.pgh_context} - {None}
    users = {user.pk: user.get_full_name() or user.username for user in User.objects.filter(pk__in=user_ids)}
    entries = []
    for row in rows:
        context = row.pgh_context or {}
        source = context.get("source")
        action = str(history.ACTION_LABELS.get(row.pgh_label, row.pgh_label))
        if row.pgh_obj_model != own:
            action = f"{models_by_label[row.pgh_obj_model]._meta.verbose_name}: {action}"
        entries.append(
            HistoryEntry(
                at=row.pgh_created_at,
                action=action,
                user_name=users.get(context.get("user"), "") if context.get("user") else "",
                source=str(history.SOURCE_LABELS.get(source, history.UNKNOWN_SOURCE_LABEL)),
                changes=_changes(row, fields_by_label[row.pgh_obj_model], related),
                note=_note(row.pgh_label, context),
            )
        )
    return History(entries=entries, total=total)


def _event_model(model):
    """The event model pghistory made for a tracked model."""
    from django.apps import apps
    from pghistory.models import Event as EventModel

    return next(
        m
        for m in apps.get_models()
        if issubclass(m, EventModel) and getattr(m, "pgh_tracked_model", None) is model._meta.concrete_model
    )


def _note(label: str, context: dict) -> str:
    from django.utils.translation import gettext as _

    if label == history.MERGE_LABEL and context.get("merged_name"):
        return _("%(name)s was merged into this organisation.") % {"name": context["merged_name"]}
    return ""


def _changes(row, fields, related) -> list[FieldChange]:
    if row.pgh_label in ("delete", history.MERGE_LABEL):
        return []
    if row.pgh_diff:
        pairs = dict(row.pgh_diff)
    elif row.pgh_label in ("insert", history.SNAPSHOT_LABEL):
        pairs = {column: (None, value) for column, value in (row.pgh_data or {}).items()}
    else:
        return []
    changes = []
    for column, field in fields.items():  # in the model's order
        if column not in pairs or field.primary_key:
            continue
        old, new = pairs[column]
        if row.pgh_label != "update" and new in (None, "", []):
            continue
        changes.append(
            FieldChange(
                label=str(field.verbose_name).capitalize() if field.verbose_name else column,
                old=None if row.pgh_label != "update" else _display(field, old, related),
                new=_display(field, new, related),
            )
        )
    return changes


def _related_names(rows, fields) -> dict:
    """``{(model, pk): str}`` for every foreign key value the rows show: one query per related model."""
    wanted: dict = {}
    for row in rows:
        for column, field in fields.items():
            if not (field.is_relation and field.many_to_one):
                continue
            values = [(row.pgh_data or {}).get(column)]
            values += list((row.pgh_diff or {}).get(column, ()))
            wanted.setdefault(field.related_model, set()).update(value for value in values if value is not None)
    names = {}
    for related_model, pks in wanted.items():
        if pks:
            for pk, instance in related_model._base_manager.in_bulk(list(pks)).items():
                names[(related_model, pk)] = str(instance)
    return names


def _display(field, value, related) -> str:
    from django.utils import formats
    from django.utils.dateparse import parse_date, parse_datetime
    from django.utils.timezone import localtime
    from django.utils.translation import gettext as _

    if value is None or value == "" or value == []:
        return "—"
    if field.is_relation and field.many_to_one:
        return related.get((field.related_model, value), _("removed record %(id)s") % {"id": value})
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        base = getattr(field, "base_field", None)
        choices = dict(base.flatchoices) if base is not None and base.choices else {}
        return ", ".join(str(choices.get(item, item)) for item in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    internal = field.get_internal_type()
    if internal == "DateTimeField" and isinstance(value, str) and (moment := parse_datetime(value)):
        return formats.date_format(localtime(moment), "j F Y H:i")
    if internal == "DateField" and isinstance(value, str) and (day := parse_date(value)):
        return formats.date_format(day, "j F Y")
    text = str(value)
    return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 1] + "…"


# --- likely duplicate organisations ------------------------------------------------------------------------------

# Names at least this similar (pg_trgm's similarity of the lower-cased names, 0 to 1; at least pg_trgm's own
# threshold of 0.3, which the index answers) are offered as duplicates.
DUPLICATE_SIMILARITY = 0.6
DUPLICATE_LIMIT = 100  # pairs shown, most similar first


@dataclass(frozen=True)
class DuplicatePair:
    first: Organisation
    second: Organisation
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def likely_duplicates(*, threshold: float = DUPLICATE_SIMILARITY, limit: int = DUPLICATE_LIMIT) -> list[DuplicatePair]:
    """Pairs of organisations of the same kind whose names look alike, most similar first: two queries."""
    from django.db import connection

    table = Organisation._meta.db_table
    with connection.cursor() as cursor:
        # ``%`` (pg_trgm's default threshold, 0.3, below ours) lets the join use the trigram index; the similarity
        # condition then applies ours. bandit B608: the table name comes from the model.
        cursor.execute(
            f"""SELECT a.id, b.id, similarity(lower(a.name), lower(b.name)) AS score
                FROM "{table}" a JOIN "{table}" b
                  ON lower(a.name) %% lower(b.name) AND a.id < b.id AND a.kind = b.kind
                WHERE similarity(lower(a.name), lower(b.name)) >= %s
                ORDER BY score DESC, a.name, b.name
                LIMIT %s""",  # nosec B608
            [threshold, limit],
        )
        rows = cursor.fetchall()
    organisations = Organisation.objects.in_bulk({pk for row in rows for pk in row[:2]})
    return [DuplicatePair(organisations[a], organisations[b], score) for a, b, score in rows]


def merge_relations(organisation: Organisation) -> list[tuple]:
    """Every relation that points to an organisation, found from the models (so a new one is never forgotten), as
    ``(kind, relation)``: ``"fk"`` for a foreign key or one-to-one of another model (``relation.field``), ``"m2m"``
    for a many-to-many of another model, ``"own_m2m"`` for the organisation's own many-to-many fields. The audit
    trail's event tables refer to organisations too, as history: they are left alone."""
    from pghistory.models import Event as AuditEvent

    relations = []
    for field in Organisation._meta.get_fields(include_hidden=True):
        if field.auto_created and not field.concrete:  # a reverse relation: another model points here
            if issubclass(field.related_model, AuditEvent) or field.related_model._meta.auto_created:
                continue
            relations.append(("m2m" if field.many_to_many else "fk", field))
        elif field.many_to_many:
            relations.append(("own_m2m", field))
    return relations


def merge_preview(keep: Organisation, drop: Organisation) -> list[tuple[str, int]]:
    """What a merge of ``drop`` into ``keep`` moves: ``(the records' Dutch name, how many)`` per relation that has
    any; one count per relation."""
    preview = []
    for kind, relation in merge_relations(drop):
        if kind == "own_m2m":
            count = getattr(drop, relation.name).count()
            label = relation.verbose_name
        elif kind == "m2m":
            count = relation.related_model._base_manager.filter(**{relation.field.name: drop}).count()
            label = f"{relation.related_model._meta.verbose_name_plural} ({relation.field.verbose_name})"
        else:
            count = relation.related_model._base_manager.filter(**{relation.field.name: drop}).count()
            label = f"{relation.related_model._meta.verbose_name_plural} ({relation.field.verbose_name})"
        if count:
            preview.append((str(label), count))
    return preview


def both_partners(keep: Organisation, drop: Organisation) -> bool:
    """Both records count as a partner on their own (a start date each): the merge then removes a double count."""
    return keep.partnership_start is not None and drop.partnership_start is not None


def organisation_choices_by_kind(queryset=None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Organisations as grouped choices for a selection of many: one group per kind (government first), each sorted
    by the name shown, the short name, with the full name beside it when it differs ("BZK (Ministerie van ...)")."""
    queryset = Organisation.objects.all() if queryset is None else queryset
    groups = {OrganisationKind.GOVERNMENT: [], OrganisationKind.EDUCATION: []}
    for organisation in queryset.only("pk", "short_name", "name", "kind"):
        shown = str(organisation)
        label = shown if shown == organisation.name else f"{shown} ({organisation.name})"
        groups[organisation.kind].append((organisation.pk, label, shown.casefold()))
    names = {
        OrganisationKind.GOVERNMENT: _("Government organisations"),
        OrganisationKind.EDUCATION: _("Education institutions"),
    }
    return [
        (names[kind], [(pk, label) for pk, label, _key in sorted(choices, key=lambda choice: choice[2])])
        for kind, choices in groups.items()
        if choices
    ]
