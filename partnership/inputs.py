"""What a person may type: the one date range every form, model and command accepts, and text without invisible
direction or zero-width characters.

- Dates: ``MIN_DATE``..``MAX_DATE`` (1900–2999). Year 1 or 9999 is a typing error, and the figures' end-of-day
  arithmetic and the calendar quarters overflow at the ends of Python's date range. ``DateField`` (forms),
  ``BoundedDateField`` (models) and ``parse_date_argument`` (management commands) all check it.
- Text: bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), the zero-width space, direction marks
  (U+200B, U+200E, U+200F) and the byte order mark (U+FEFF) are removed from every free-text field of a form with
  ``VisibleTextMixin``: they can make a title read differently from what it is. The joiners U+200C and U+200D stay
  where writing needs them (an emoji sequence such as 👩‍💻, Persian می‌خواهم, Indic conjuncts) and go everywhere else.
  A single-line field (a ``CharField`` without a text area) is one line: line breaks become a space, so a title
  cannot put a line of its own in a mail. ``clean_text`` is the one function: forms, the admin and imports use it.
- Choices of records: ``ModelChoiceField``, ``ModelMultipleChoiceField`` and the filters' ``ModelChoiceFilter`` read
  their options with one plain query (below).
"""

import datetime as dt
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
COMMAND_USAGE_ERROR = 2

# Always removed: zero-width space, direction marks, bidi embeddings/overrides/isolates, byte order mark.
INVISIBLE_CHARACTERS = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
JOINERS = re.compile("[\u200c\u200d]")
# Scripts whose spelling uses the joiners: Arabic (Persian, Urdu), Syriac, Thaana, NKo, the Indic scripts,
# Sinhala, Thai to Khmer, Mongolian, and the Arabic presentation forms.
_JOINING_SCRIPTS = (
    "\u0600-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u18af\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufefe"
)
SCRIPT_LETTER = re.compile(f"[{_JOINING_SCRIPTS}]")
# Pictographs (emoji), and what may end one before a ZWJ: variation selector 16 and the skin-tone modifiers.
EMOJI = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf\u2934\u2935"
    "\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]"
)
EMOJI_END = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff]")
LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


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


def _joiner_needed(text: str, at: int) -> bool:
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if not before or not after:
        return False
    if SCRIPT_LETTER.match(before) and SCRIPT_LETTER.match(after):
        return True
    # ZWJ inside an emoji sequence: 👩‍💻, 🏳️‍🌈, 👍🏽‍…
    return text[at] == "\u200d" and bool(EMOJI.match(before) or EMOJI_END.match(before)) and bool(EMOJI.match(after))


def visible_text(value: str) -> str:
    """``value`` without the invisible characters that can disguise it; joiners only where writing needs them."""
    value = INVISIBLE_CHARACTERS.sub("", value)
    if not JOINERS.search(value):
        return value
    return "".join(char for at, char in enumerate(value) if not JOINERS.match(char) or _joiner_needed(value, at))


def single_line(value: str) -> str:
    """Line breaks (CR, LF, the Unicode line and paragraph separators, ...) become one space."""
    return LINE_BREAKS.sub(" ", value)


def clean_text(value: str, *, single_line_field: bool = False) -> str:
    """What every form, the admin and the imports keep of a typed text: ``visible_text``, and one line for a
    single-line field."""
    if value.isascii() and value.isprintable():
        # nothing to take out: every invisible character and line break lies outside printable ASCII (most cells of
        # a big import: the fast path made checking a 100,000-row file a third faster)
        return value
    value = visible_text(value)
    return single_line(value) if single_line_field else value


def is_single_line(field) -> bool:
    """A form field that is one line: a text field whose widget is not a text area."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea | forms.PasswordInput)


class VisibleTextMixin:
    """Cleans every text field of a bound form with ``clean_text`` before it is validated (so the length and
    required checks count what is visible, and the form shows back what was kept): the invisible characters go, and
    a single-line field loses its line breaks. Passwords are left exactly as typed."""

    def full_clean(self):
        if self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                    one_line = is_single_line(field)
                    if hasattr(data, "setlist") and key in data:
                        data.setlist(key, [_visible(value, one_line) for value in data.getlist(key)])
                    elif key in data:
                        data[key] = _visible(data[key], one_line)
            self.data = data
        super().full_clean()


def _visible(value, one_line=False):
    return clean_text(value, single_line_field=one_line) if isinstance(value, str) else value


class VisibleTextModelForm(VisibleTextMixin, forms.ModelForm):
    """The admin's default form: its text fields lose the invisible characters too."""


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """A long list of checkboxes (a fieldlab's partners among a hundred organisations) as groups in a scrolling box.
    ``static/js/choice-search.js`` adds a filter box above it; without JavaScript the grouped list works as it is.
    Give it grouped choices (``[(group, [(value, label), ...]), ...]``) to show the groups."""

    template_name = "includes/choice_search.html"


# Django's empty choice in a select; the portal says what to choose instead.
DJANGO_EMPTY_LABEL = "---------"


def empty_choice_label(name, *, required: bool):
    """The empty choice of a select, in words: "Kies een thema" for a required field, "Geen thema" for an optional
    one (Dutch takes "een" before every noun, so one sentence serves every field)."""
    if required:
        return format_lazy(_("Choose a {name}"), name=name)
    return format_lazy(_("No {name}"), name=name)


def name_the_empty_choice(form_field, name):
    """Give a form field's empty choice its words instead of Django's "---------" (a model choice field's
    ``empty_label``, or the blank first choice of a choice field)."""
    label = empty_choice_label(name, required=form_field.required)
    if isinstance(form_field, forms.ModelChoiceField):
        if form_field.empty_label is not None:
            form_field.empty_label = label
    elif isinstance(form_field, forms.ChoiceField):
        choices = list(form_field.choices)
        if choices and choices[0] == ("", DJANGO_EMPTY_LABEL):
            form_field.choices = [("", label), *choices[1:]]
    return form_field


def choices_keeping_current(queryset, current_pk):
    """The organisations that fit a field, and the one a record has now even if it no longer fits: editing the
    record must not fail on a value nobody changed."""
    if current_pk is None:
        return queryset
    fits = models.Q(pk__in=queryset.values("pk")) | models.Q(pk=current_pk)
    return queryset.model.objects.filter(fits).order_by(*queryset.query.order_by)


# --- choices of records ----------------------------------------------------------------------------------------------


class ModelChoiceIterator(forms.models.ModelChoiceIterator):
    """Django's iterator of a select's model choices, reading them with one ordinary query.

    Django reads them through ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor: three round
    trips (declare, fetch, close) for a list of a hundred organisations, a share of a list page's time. The cursor's
    chunks only matter for a select over a huge table, and the portal has none: its selects list organisations,
    themes, people and the like (hundreds), and the admin uses autocompletion for the big relations. Plugged in
    through the documented ``ModelChoiceField.iterator`` attribute of the fields below."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ModelChoiceIterator


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ModelChoiceIterator


class _FilterChoiceIterator(django_filters.fields.ModelChoiceIterator, ModelChoiceIterator):
    """django-filter's iterator (it adds the "none" choice) over the one-query one."""


class _FilterModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _FilterChoiceIterator


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _FilterModelChoiceField


# Model form fields (``Meta.formfield_callback``, the admin's ``formfield_overrides``) for relations.
RELATION_FORM_FIELDS = {
    models.ForeignKey: {"form_class": ModelChoiceField},
    models.ManyToManyField: {"form_class": ModelMultipleChoiceField},
}


def form_field(model_field, **kwargs):
    """A model form's field for ``model_field`` (``Meta.formfield_callback``): relations choose with one query."""
    for model_field_class, defaults in RELATION_FORM_FIELDS.items():
        if isinstance(model_field, model_field_class):
            kwargs = {**defaults, **kwargs}
    return model_field.formfield(**kwargs)
