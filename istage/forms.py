"""Forms of part-time jobs: the workspace's record form, the step a coordinator takes, a partner's request."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.inputs import DateField, VisibleTextMixin
from partnership.models import Organisation, OrganisationKind, Theme
from partnership.workspace import DateInput, WorkspaceForm

from .models import MAX_HOURS, MIN_HOURS, JobState, PartTimeJob

FIELDS = ("title", "theme", "level", "hours_per_week", "student_count", "wished_start")


class PartTimeJobForm(VisibleTextMixin, WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["government_organisation"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.GOVERNMENT
        ).order_by("name")
        self.fields["theme"].queryset = Theme.objects.order_by("position", "name")
        self.fields["hours_per_week"].widget.attrs.update(min=MIN_HOURS, max=MAX_HOURS)

    class Meta(WorkspaceForm.Meta):
        model = PartTimeJob
        fields = ("title", "government_organisation", *FIELDS[1:])


class JobRequestForm(VisibleTextMixin, forms.ModelForm):
    """A government partner member's request: their own organisation's, so it does not ask which."""

    wished_start = DateField(label=_("Wished start"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.order_by("position", "name")
        self.fields["hours_per_week"].widget.attrs.update(min=MIN_HOURS, max=MAX_HOURS)
        self.fields["student_count"].widget.attrs.update(min=1)

    class Meta:
        model = PartTimeJob
        fields = FIELDS


STEP_CHOICES = [(state.value, state.label) for state in (JobState.FILLED, JobState.ENDED, JobState.CANCELLED)]


class StepForm(VisibleTextMixin, forms.Form):
    """A coordinator's step: filled (with the students hired and their start date), ended or cancelled."""

    to_state = forms.ChoiceField(label=_("New state"), choices=STEP_CHOICES)
    on = DateField(label=_("Date of the step"), widget=DateInput, help_text=_("Today, or a day in the past."))
    student_count = forms.IntegerField(
        label=_("Students hired"), required=False, min_value=1, max_value=100, help_text=_("When filled.")
    )
    started_on = DateField(label=_("Start date"), required=False, widget=DateInput, help_text=_("When filled."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_state") == JobState.FILLED:
            for name in ("student_count", "started_on"):
                if not cleaned.get(name):
                    self.add_error(name, _("Give this when the part-time job is filled."))
        return cleaned
