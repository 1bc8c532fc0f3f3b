import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partnership.inputs import DateField, VisibleTextMixin, form_field

from .models import ReachFigure

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, invalid, help_text, required=None) -> DateField:
    """A date typed as 30-06-2023 or picked in the browser (ISO), with the error for one that is not a date;
    ``required``, when given, is the error for none."""
    errors = {"invalid": invalid} if required is None else {"invalid": invalid, "required": required}
    return DateField(
        label=label,
        required=required is not None,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages=errors,
        help_text=help_text,
    )


class PeildatumForm(forms.Form):
    """The dashboard's reference date (peildatum) and an optional date to compare with. Sent with GET."""

    as_of = date_field(
        _("Reference date"),
        invalid=_("Enter a valid date, for example 30-06-2023."),
        help_text=_("The figures as they were at the end of this day."),
    )
    compare = date_field(
        _("Compare with"),
        invalid=_("Enter a valid date, for example 31-12-2022."),
        help_text=_("Optional: shows the change of every figure since this date."),
    )

    def _clean_range(self, name):
        value = self.cleaned_data.get(name)  # within partnership.inputs' range already
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


class ReachFigureForm(VisibleTextMixin, forms.ModelForm):
    class Meta:
        model = ReachFigure
        formfield_callback = form_field
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


class PublishedDateForm(forms.Form):
    """The public page's choice among the reference dates that have a release, and optionally an earlier version.
    Sent with GET."""

    as_of = forms.TypedChoiceField(
        label=_("Reference date"),
        required=False,
        coerce=dt.date.fromisoformat,
        error_messages={"invalid_choice": _("No figures have been published for this date; choose one of the list.")},
    )
    versie = forms.IntegerField(
        label=_("Version"),
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("A version is a whole number, for example 1.")},
    )

    def __init__(self, data, *, dates):
        super().__init__(data)
        self.fields["as_of"].choices = [(day.isoformat(), date_format(day, "j F Y")) for day in dates]


class ReleasePreviewForm(forms.Form):
    """The reference date a coordinator wants to publish the figures of. Sent with GET: it shows a preview."""

    as_of = date_field(
        _("Reference date"),
        invalid=_("Enter a valid date, for example 30-06-2023."),
        help_text=_("The figures as they were at the end of this day."),
        required=_("Choose the reference date to publish."),
    )

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]  # within partnership.inputs' range already
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return value


class PublishReleaseForm(VisibleTextMixin, forms.Form):
    """What the coordinator decides after the preview: provisional or final, and for a new version its kind
    and reason. ``sha256`` is the hash of the figures the preview showed."""

    as_of = DateField(input_formats=["%Y-%m-%d"], widget=forms.HiddenInput)
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Kind of publication"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a new version: what changed and why. Shown to everyone with the figures."),
    )

    def __init__(self, *args, statuses, kinds, needs_reason, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses
        self.fields["kind"].choices = kinds
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]
        if len(statuses) == 1:
            self.fields["status"].initial = statuses[0][0]
        self.needs_reason = needs_reason

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.needs_reason and not reason:
            raise forms.ValidationError(_("Say why this new version is published."), code="required")
        return reason
