"""What a person may type: the one date range every form, model and command accepts, and text without invisible
direction or zero-width characters.

- Dates: ``MIN_DATE``..``MAX_DATE`` (1900–2999). Year 1 or 9999 is a typing error, and the figures' end-of-day
  arithmetic and the calendar quarters overflow at the ends of Python's date range. ``DateField`` (forms),
  ``BoundedDateField`` (models) and ``parse_date_argument`` (management commands) all check it.
- Text: bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width characters and direction marks
  (U+200B–U+200F) and the byte order mark (U+FEFF) are removed from every free-text field of a form with
  ``VisibleTextMixin``: they can make a title read differently from what it is.
"""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
COMMAND_USAGE_ERROR = 2

INVISIBLE_CHARACTERS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def date_out_of_range_message():
    return _("Enter a date between the years %(min)s and %(max)s.") % {"min": MIN_DATE.year, "max": MAX_DATE.year}


def validate_date_in_range(value):
    if value is not None and not MIN_DATE <= value <= MAX_DATE:
        raise ValidationError(date_out_of_range_message(), code="date_range")


class DateField(forms.DateField):
    """A form's date: ISO (what ``<input type="date">`` sends) or day-month-year, within the declared range."""

    default_validators = [validate_date_in_range]


class BoundedDateField(models.DateField):
    """A model's date a person fills in (forms, admin, imports through ``full_clean``), within the declared range.

    The range is a validator, not a database constraint, so the column is a plain date: the migrations see a
    ``models.DateField`` and need no change."""

    default_validators = [validate_date_in_range]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DateField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


def parse_date_argument(value: str) -> dt.date:
    """A management command's date argument (YYYY-MM-DD within the range), or a Dutch one-line ``CommandError``."""
    try:
        if not ISO_DATE.fullmatch(value or ""):
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a valid date; use YYYY-MM-DD, for example 2023-06-30.")
            % {"value": (value or "")[:40]},
            returncode=COMMAND_USAGE_ERROR,
        ) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise CommandError(date_out_of_range_message(), returncode=COMMAND_USAGE_ERROR)
    return day


def visible_text(value: str) -> str:
    return INVISIBLE_CHARACTERS.sub("", value)


class VisibleTextMixin:
    """Removes the invisible characters from every text field of a bound form before it is validated (so the
    length and required checks count what is visible, and the form shows back what was kept). Passwords are
    left exactly as typed."""

    def full_clean(self):
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                    if hasattr(data, "setlist") and key in data:
                        data.setlist(key, [_visible(value) for value in data.getlist(key)])
                    elif key in data:
                        data[key] = _visible(data[key])
            self.data = data
        super().full_clean()


def _visible(value):
    return visible_text(value) if isinstance(value, str) else value


class VisibleTextModelForm(VisibleTextMixin, forms.ModelForm):
    """The admin's default form: its text fields lose the invisible characters too."""
