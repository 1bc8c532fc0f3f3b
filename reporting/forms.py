import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ReachFigure

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeildatumForm(forms.Form):
    """The dashboard's reference date (peildatum) and an optional date to compare with. Sent with GET."""

    as_of = forms.DateField(
        label=_("Reference date"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a valid date, for example 30-06-2023.")},
        help_text=_("The figures as they were at the end of this day."),
    )
    compare = forms.DateField(
        label=_("Compare with"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a valid date, for example 31-12-2022.")},
        help_text=_("Optional: shows the change of every figure since this date."),
    )

    MIN_DATE = dt.date(1900, 1, 1)
    MAX_DATE = dt.date(2999, 12, 31)

    def _clean_range(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not (self.MIN_DATE <= value <= self.MAX_DATE):
            raise forms.ValidationError(_("Enter a date between the years 1900 and 2999."), code="out_of_range")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return value

    def clean_as_of(self):
        return self._clean_range("as_of")

    def clean_compare(self):
        return self._clean_range("compare")

    def dates(self):
        """(as_of, compare): valid values, today for a missing or invalid reference date, None for no comparison."""
        today = timezone.localdate()
        if not self.is_bound:
            return today, None
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        as_of = cleaned.get("as_of") or today
        compare = cleaned.get("compare")
        return as_of, compare


class ReachFigureForm(forms.ModelForm):
    class Meta:
        model = ReachFigure
        fields = [
            "period_start",
            "period_end",
            "website_visitors",
            "returning_visitors_percent",
            "follower_growth_percent",
            "note",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot be before its start."))
        return cleaned
