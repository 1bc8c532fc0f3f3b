"""The columns of a kind's file (the export of its list, its import, its template) and the parsers every kind shares.

A ``Column`` has a Dutch name, the record field it fills, how a cell is read (``parse``) and written (``fmt``). A
parser takes a cell (text from a CSV, or what openpyxl read) and the file's ``Lookups`` and returns the value or
raises ``Invalid`` with a Dutch sentence. The vocabulary lives in the partners core so that every app declares its
kinds' columns itself (``<app>/kinds.py``); ``exchange.imports`` reads files with them, ``partnership.workspace``
writes a list's export with them."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .inputs import clean_text
from .models import ContactPerson, Organisation, OrganisationKind, Theme

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The shared date bounds of every date the portal accepts.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
MOMENT_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
NOON = dt.time(12, 0)  # a step given as a date only happens at noon, Amsterdam time
YES = {"ja", "j", "yes", "true", "waar", "1", "x"}
NO = {"nee", "n", "no", "false", "onwaar", "0"}


class Invalid(Exception):
    """A cell that cannot be read; the message says why, in Dutch."""


def as_is(value, lookups):
    """The default formatter: the value itself (the writers put dates and numbers in their cells), ``None`` empty."""
    return "" if value is None else value


@dataclass(frozen=True)
class Column:
    """One column of a kind's file: its Dutch name, the record field it fills, how it is read and written.

    Name a column with ``pgettext_lazy("file column", ...)``: its own context, so that another page's wording never
    changes a file's format. ``previous`` holds names the column had in files written before (accepted on import)."""

    header: Promise
    field: str
    parse: Callable | None = None  # None: exported, never imported (the kind is not importable)
    required: bool = False
    fmt: Callable = as_is
    help: Promise | str = ""
    default: object = ""
    previous: tuple[str, ...] = ()
    related: str = ""  # a many-to-many field: the column holds the frozenset of its records' primary keys

    def names(self) -> set[str]:
        """Every name a file may give this column, lower-cased: the Dutch one, the English one and earlier ones."""
        with translation.override("en"):
            english = str(self.header)
        return {name.casefold() for name in (str(self.header), english, *map(str, self.previous))}


class Lookups:
    """What a file's cells refer to (organisations by short name, themes, ...), each loaded by one query the first
    time a column asks for it and kept for the rest of the file: ``lookups(loader)`` calls ``loader(lookups)`` once.
    A loader is a plain function of the app that owns the records (``organisations``, ``themes``, ...). ``by`` is who
    imports the file (the commit's user; ``None`` in a preview), for a kind that records who gave what it writes."""

    def __init__(self, by=None):
        self.language = get_language()  # asked once: the choices' Dutch names are kept per language
        self.by = by
        self._loaded: dict[Callable, object] = {}

    def __call__(self, loader: Callable):
        try:
            return self._loaded[loader]
        except KeyError:
            value = self._loaded[loader] = loader(self)
            return value


def is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# A text column up to this long is a single line (the models' CharFields); longer ones (descriptions, notes: the
# models' TextFields, a text area in the forms) keep their line breaks.
SINGLE_LINE_UP_TO = 255


def text(max_length: int):
    one_line = max_length <= SINGLE_LINE_UP_TO

    def parse(raw, lookups):
        value = as_text(raw, single_line=one_line)
        if len(value) > max_length:
            raise Invalid(
                _("At most %(max)s characters (this has %(count)s).") % {"max": max_length, "count": len(value)}
            )
        return value

    return parse


def as_text(raw, *, single_line: bool = True) -> str:
    """A cell as the text a form would keep, by the function every form uses (``partnership.inputs.clean_text``):
    the invisible characters removed, line breaks made a space unless the column is a long text, then the
    surrounding space."""
    if raw.__class__ is not str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        raw = str(raw)
    value = clean_text(raw, single_line_field=single_line).strip()
    # An exported cell made inert against formula injection ("'=...") reads back as it was.
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value


def email(raw, lookups):
    value = as_text(raw)
    try:
        EmailValidator()(value)
    except ValidationError:
        raise Invalid(_("Not a valid e-mail address.")) from None
    if len(value) > 254:
        raise Invalid(_("At most %(max)s characters (this has %(count)s).") % {"max": 254, "count": len(value)})
    return value


def url(raw, lookups):
    value = as_text(raw)
    try:
        URLValidator()(value)
    except ValidationError:
        raise Invalid(_("Not a valid web address; start it with https://.")) from None
    return value


def _in_bounds(day: dt.date) -> None:
    if not MIN_DATE <= day <= MAX_DATE:
        raise Invalid(_("Enter a date between the years 1900 and 2999."))


def date(raw, lookups) -> dt.date:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        _in_bounds(raw)
        return raw
    value = as_text(raw)
    day = _iso_date(value)
    if day is not None:
        _in_bounds(day)
        return day
    for fmt in DATE_FORMATS[1:]:
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        _in_bounds(day)
        return day
    raise Invalid(_("Not an existing date; write it as 2023-06-30 or 30-06-2023."))


def _iso_date(value: str) -> dt.date | None:
    """The fast path for the format the templates and exports use (2023-06-30)."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def moment(raw, lookups) -> dt.datetime:
    """A moment in Amsterdam time: a date (noon) or a date with a time."""
    if isinstance(raw, dt.datetime):
        _in_bounds(raw.date())
        return raw.replace(tzinfo=AMSTERDAM) if raw.tzinfo is None else raw
    if isinstance(raw, dt.date):
        _in_bounds(raw)
        return dt.datetime.combine(raw, NOON, tzinfo=AMSTERDAM)
    value = as_text(raw)
    if len(value) in (16, 19, 26) and value[4] == "-" and value[7] == "-" and value[10] in " T":
        try:  # the fast path for the export's format (2023-06-30 10:15)
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None:
            _in_bounds(moment.date())
            return moment.replace(tzinfo=AMSTERDAM)
    day = _iso_date(value)
    if day is not None:
        _in_bounds(day)
        return dt.datetime.combine(day, NOON, tzinfo=AMSTERDAM)
    for fmt in MOMENT_FORMATS:
        try:
            moment = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        _in_bounds(moment.date())
        return moment.replace(tzinfo=AMSTERDAM)
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        _in_bounds(day)
        return dt.datetime.combine(day, NOON, tzinfo=AMSTERDAM)
    raise Invalid(_("Not an existing date or moment; write it as 2023-06-30 or 2023-06-30 10:15."))


def format_moment(value, lookups) -> str:
    """A moment in Amsterdam time, as precise as it is: to the minute, the second or (a moment the portal recorded
    itself) the microsecond, so that it reads back as the same moment."""
    if value is None:
        return ""
    local = value.astimezone(AMSTERDAM).replace(tzinfo=None)
    if local.microsecond:
        return local.isoformat(" ", "microseconds")
    return local.isoformat(" ", "seconds" if local.second else "minutes")


def integer(minimum: int, maximum: int):
    def parse(raw, lookups) -> int:
        if isinstance(raw, float | Decimal) and raw == int(raw):
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int):
            value = as_text(raw)
            if not value.lstrip("-").isdigit():
                raise Invalid(_("Not a whole number."))
            raw = int(value)
        if not minimum <= raw <= maximum:
            raise Invalid(_("A number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum})
        return raw

    return parse


def decimal(minimum: int, maximum: int, places: int):
    """A parser of a number with at most ``places`` decimals (a comma or a point before them) from ``minimum`` to
    ``maximum``."""
    step = Decimal(1).scaleb(-places)

    def parse(raw, lookups) -> Decimal:
        text = str(raw) if isinstance(raw, int | float | Decimal) else as_text(raw).replace(",", ".")
        try:
            value = Decimal(text)
        except ArithmeticError:
            raise Invalid(_("Not a number.")) from None
        if not value.is_finite() or not minimum <= value <= maximum:
            raise Invalid(_("A number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum})
        return value.quantize(step)

    return parse


def boolean(raw, lookups) -> bool:
    if isinstance(raw, bool):
        return raw
    value = as_text(raw).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise Invalid(_("Write “ja” or “nee”."))


def format_boolean(value, lookups) -> str:
    return _("yes") if value else _("no")


_NAMES: dict[tuple, dict[str, str]] = {}


def _choice_names(choices: type[models.TextChoices], language: str | None = None) -> dict[str, str]:
    """Every way a choice may be written, lower-cased: its code, its English label and its label in the language of
    the moment (kept per language: a big file asks for them on every row)."""
    cache_key = (choices, language or get_language())
    names = _NAMES.get(cache_key)
    if names is None:
        names = {}
        for value, label in choices.choices:
            for name in (value, str(label), _(str(label))):
                names[name.strip().lower()] = value
        _NAMES[cache_key] = names
    return names


def choice(choices: type[models.TextChoices]):
    def parse(raw, lookups) -> str:
        value = _choice_names(choices, lookups.language).get(as_text(raw).lower())
        if value is None:
            raise Invalid(_("Choose one of: %(choices)s.") % {"choices": _choice_help(choices)})
        return value

    return parse


def _choice_help(choices: type[models.TextChoices]) -> str:
    return ", ".join(str(label) for label in choices.labels)


choice_help = lazy(_choice_help, str)  # the labels in the language of the moment it is shown


def format_choice(choices: type[models.TextChoices]):
    """A formatter of a choice as its label in the language of the moment (worked out once per language: a big
    export asks for it on every row)."""
    per_language: dict[str | None, dict[str, str]] = {}

    def fmt(value, lookups) -> str:
        if not value:
            return ""
        labels = per_language.get(lookups.language)
        if labels is None:
            labels = per_language[lookups.language] = {key: str(label) for key, label in choices.choices}
        return labels[value]

    return fmt


def choice_list(choices: type[models.TextChoices]):
    """Several choices in one cell, separated by commas."""
    single = choice(choices)
    order = list(choices.values)  # looked up once: ``values`` builds a new list on every call

    def parse(raw, lookups) -> list[str]:
        values = [single(part, lookups) for part in as_text(raw).split(",") if part.strip()]
        return [value for value in order if value in values]  # the choices' order, once each

    return parse


def format_choice_list(choices: type[models.TextChoices]):
    one = format_choice(choices)
    return lambda values, lookups: ", ".join(one(value, lookups) for value in values or ())


def choice_column(header, field: str, choices, *, required: bool = False, **kwargs) -> Column:
    """A column of one of ``choices``: read by label or value, written by label, its labels as the help."""
    return Column(
        header,
        field,
        choice(choices),
        required=required,
        fmt=format_choice(choices),
        help=choice_help(choices),
        **kwargs,
    )


# --- references to the partners core's records: organisations by short name, themes by slug or name -------------


class Org(NamedTuple):
    pk: int
    short_name: str
    kind: str
    education_level: str


class ThemeRef(NamedTuple):
    pk: int
    slug: str
    for_assignments: bool


def organisations(lookups) -> dict[str, Org]:
    """A loader (``Lookups``): every organisation by its short name, lower-cased."""
    rows = Organisation.objects.values_list("pk", "short_name", "kind", "education_level")
    return {row[1].casefold(): Org(*row) for row in rows}


def organisations_by_pk(lookups) -> dict[int, Org]:
    return {org.pk: org for org in lookups(organisations).values()}


def themes_by_name(lookups) -> dict[str, ThemeRef]:
    """A loader: every theme by its slug and by its name, lower-cased."""
    found = {}
    for pk, slug, name, for_assignments in Theme.objects.values_list("pk", "slug", "name", "for_assignments"):
        found[slug.casefold()] = found[name.casefold()] = ThemeRef(pk, slug, for_assignments)
    return found


def theme_slugs(lookups) -> dict[int, str]:
    return {ref.pk: ref.slug for ref in lookups(themes_by_name).values()}


def contacts(lookups) -> dict[tuple[int, str], tuple[int, str]]:
    """A loader: every contact person as (primary key, e-mail address) by organisation and lower-cased address."""
    rows = ContactPerson.objects.values_list("pk", "organisation_id", "email")
    return {(organisation, email.casefold()): (pk, email) for pk, organisation, email in rows}


def organisation(kind: str = ""):
    """A parser of an organisation's short name (of the given kind, if any) into its primary key."""

    def parse(raw, lookups) -> int:
        found = lookups(organisations).get(as_text(raw).casefold())
        if found is None:
            raise Invalid(_("Unknown organisation: give its short name as the portal knows it."))
        if kind == OrganisationKind.GOVERNMENT and found.kind != kind:
            raise Invalid(_("This is not a government organisation."))
        if kind == OrganisationKind.EDUCATION and found.kind != kind:
            raise Invalid(_("This is not an education institution."))
        return found.pk

    return parse


def format_organisation(pk, lookups) -> str:
    return "" if pk is None else lookups(organisations_by_pk)[pk].short_name


def theme(*, for_assignments: bool = False):
    """A parser of a theme's slug or name into its primary key."""

    def parse(raw, lookups) -> int:
        found = lookups(themes_by_name).get(as_text(raw).casefold())
        if found is None:
            raise Invalid(
                _("Unknown theme. Choose one of: %(themes)s.")
                % {"themes": ", ".join(sorted(set(lookups(theme_slugs).values())))}
            )
        if for_assignments and not found.for_assignments:
            raise Invalid(_("This theme is not used for assignments."))
        return found.pk

    return parse


def themes(raw, lookups) -> frozenset:
    single = theme()
    return frozenset(single(part, lookups) for part in as_text(raw).split(",") if part.strip())


def organisation_set(raw, lookups) -> frozenset:
    """Several organisations' short names in one cell, separated by commas."""
    single = organisation()
    return frozenset(single(part, lookups) for part in as_text(raw).split(",") if part.strip())


def format_organisation_set(pks, lookups) -> str:
    names = lookups(organisations_by_pk)
    return ", ".join(sorted(names[pk].short_name for pk in pks or ()))


def format_theme(pk, lookups) -> str:
    return "" if pk is None else lookups(theme_slugs)[pk]


def format_themes(pks, lookups) -> str:
    return ", ".join(sorted(lookups(theme_slugs)[pk] for pk in pks or ()))


def organisation_column(header, field: str, kind: str = "", *, required: bool = False, **kwargs) -> Column:
    """A column naming an organisation by its short name (``kind``: only government or only education)."""
    default = kwargs.pop("default", "" if required else None)
    return Column(
        header, field, organisation(kind), required=required, fmt=format_organisation, default=default, **kwargs
    )


def theme_column(header, field: str, *, required: bool = False, for_assignments: bool = False, **kwargs) -> Column:
    """A column naming a theme by its slug (or name)."""
    default = kwargs.pop("default", "" if required else None)
    return Column(
        header,
        field,
        theme(for_assignments=for_assignments),
        required=required,
        fmt=format_theme,
        default=default,
        **kwargs,
    )


def themes_column(header, field: str, *, related: str, **kwargs) -> Column:
    """A column of several themes (slugs separated by commas): the many-to-many field ``related``."""
    return Column(header, field, themes, fmt=format_themes, default=frozenset(), related=related, **kwargs)


def organisations_column(header, field: str, related: str, **kwargs) -> Column:
    """A column of several organisations (short names separated by commas): the many-to-many field ``related``."""
    return Column(
        header,
        field,
        organisation_set,
        fmt=format_organisation_set,
        default=frozenset(),
        help=_lazy("short names, separated by commas"),
        related=related,
        **kwargs,
    )


def date_column(header, field: str, *, required: bool = False, **kwargs) -> Column:
    """A column of a date (written as 2023-06-30; read in the formats ``date`` accepts); empty is ``None``."""
    return Column(header, field, date, required=required, default=kwargs.pop("default", None), **kwargs)


def saving_each(save):
    """A kind's ``write`` that hands every record to the owning app's ``save_*`` service (it upserts by key)."""

    def write(creates, updates, lookups):
        for record in all_records(creates, updates):
            save(**record)

    return write


def all_records(creates, updates) -> list[dict]:
    """The records a write brings in line: the new ones and the changed ones (updates come as (record, current))."""
    return [*creates, *(record for record, _current in updates)]
