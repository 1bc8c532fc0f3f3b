"""The parts a kind is declared with: columns (a Dutch name, required or not, a parser and a formatter) and the
parsers every kind shares. A parser takes a cell (text from a CSV, or what openpyxl read) and the kind's look-ups and
returns the value or raises ``Invalid`` with a Dutch sentence; the template, the preview's errors and the export all
come from these declarations."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnership.inputs import clean_text

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The shared date bounds of every date the portal accepts.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
MOMENT_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
NOON = dt.time(12, 0)  # a step given as a date only happens at noon, Amsterdam time
YES = {"ja", "j", "yes", "true", "waar", "1", "x"}
NO = {"nee", "n", "no", "false", "onwaar", "0"}


class Invalid(Exception):
    """A cell that cannot be read; the message says why, in Dutch."""


@dataclass(frozen=True)
class Column:
    """One column of a kind's file: its Dutch name, the record field it fills, how it is read and written."""

    header: Promise  # gettext_lazy: the column name in the file
    field: str
    parse: Callable
    required: bool = False
    fmt: Callable = field(default=lambda value, lookups: "" if value is None else str(value))
    help: Promise | str = ""
    default: object = ""


def is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# A text column up to this long is a single line (the models' CharFields); longer ones (descriptions, notes: the
# models' TextFields, a text area in the forms) keep their line breaks.
SINGLE_LINE_UP_TO = 255


def text(max_length: int):
    one_line = max_length <= SINGLE_LINE_UP_TO

    def parse(raw, lookups):
        value = _as_text(raw, single_line=one_line)
        if len(value) > max_length:
            raise Invalid(
                _("At most %(max)s characters (this has %(count)s).") % {"max": max_length, "count": len(value)}
            )
        return value

    return parse


def _as_text(raw, *, single_line: bool = True) -> str:
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
    value = _as_text(raw)
    try:
        EmailValidator()(value)
    except ValidationError:
        raise Invalid(_("Not a valid e-mail address.")) from None
    if len(value) > 254:
        raise Invalid(_("At most %(max)s characters (this has %(count)s).") % {"max": 254, "count": len(value)})
    return value


def url(raw, lookups):
    value = _as_text(raw)
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
    value = _as_text(raw)
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
    value = _as_text(raw)
    if len(value) in (16, 19) and value[4] == "-" and value[7] == "-" and value[10] in " T":
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


def format_date(value, lookups) -> str:
    return "" if value is None else value.isoformat()


def format_moment(value, lookups) -> str:
    if value is None:
        return ""
    local = value.astimezone(AMSTERDAM)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


def integer(minimum: int, maximum: int):
    def parse(raw, lookups) -> int:
        if isinstance(raw, float | Decimal) and raw == int(raw):
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int):
            value = _as_text(raw)
            if not value.lstrip("-").isdigit():
                raise Invalid(_("Not a whole number."))
            raw = int(value)
        if not minimum <= raw <= maximum:
            raise Invalid(_("A number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum})
        return raw

    return parse


def boolean(raw, lookups) -> bool:
    if isinstance(raw, bool):
        return raw
    value = _as_text(raw).lower()
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
        value = _choice_names(choices, lookups.get("language")).get(_as_text(raw).lower())
        if value is None:
            raise Invalid(_("Choose one of: %(choices)s.") % {"choices": _choice_help(choices)})
        return value

    return parse


def _choice_help(choices: type[models.TextChoices]) -> str:
    return ", ".join(str(label) for label in choices.labels)


choice_help = lazy(_choice_help, str)  # the labels in the language of the moment it is shown


def format_choice(choices: type[models.TextChoices]):
    labels = dict(choices.choices)
    return lambda value, lookups: str(labels[value]) if value else ""


def choice_list(choices: type[models.TextChoices]):
    """Several choices in one cell, separated by commas."""
    single = choice(choices)
    order = list(choices.values)  # looked up once: ``values`` builds a new list on every call

    def parse(raw, lookups) -> list[str]:
        values = [single(part, lookups) for part in _as_text(raw).split(",") if part.strip()]
        return [value for value in order if value in values]  # the choices' order, once each

    return parse


def format_choice_list(choices: type[models.TextChoices]):
    one = format_choice(choices)
    return lambda values, lookups: ", ".join(one(value, lookups) for value in values or ())
