"""Forms of the request workflow. Errors are Dutch and shown next to their field; what was typed stays."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.inputs import DateField, VisibleTextMixin, form_field
from partnership.models import EducationLevel, Organisation, Theme

from .models import (
    FEEDBACK_MAX_SCORE,
    FEEDBACK_MIN_SCORE,
    MAX_STUDENTS,
    REQUEST_FIELDS,
    Assignment,
    AssignmentState,
    Outcome,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")  # what <input type="date"> expects


class RequestForm(VisibleTextMixin, forms.ModelForm):
    """Title, description, theme, kind, wanted levels, students, period and contact of a request.

    ``submit`` (the "Indienen" button) asks for the wanted period too; a draft may leave it open. ``form_token``
    makes a second post of the same form find the first one's request; a new request's form without a valid
    token (empty, altered) is refused with a form error and shown again with a fresh token.
    """

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    wanted_levels = forms.MultipleChoiceField(
        label=_("Wanted education levels"),
        choices=EducationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty when every level is welcome."),
    )
    student_count = forms.IntegerField(
        label=_("Number of students"), min_value=1, max_value=MAX_STUDENTS, initial=1, widget=forms.NumberInput
    )
    period_start = DateField(label=_("Wanted start"), required=False, widget=DateInput)
    period_end = DateField(label=_("Wanted end"), required=False, widget=DateInput)

    class Meta:
        model = Assignment
        formfield_callback = form_field
        fields = REQUEST_FIELDS
        labels = {
            "secondary_themes": _("Other themes"),
            "title": _("Title"),
            "description": _("Description of the question"),
            "theme": _("Theme"),
            "kind": _("Kind of assignment"),
            "contact": _("Contact person"),
        }
        help_texts = {
            "description": _("What should the students work on, and what should it deliver?"),
            "contact": _("The person the education partner and the programme office can reach."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "secondary_themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation: Organisation, submit: bool = False, needs_token: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit = submit
        self.needs_token = needs_token
        self.fields["theme"].queryset = Theme.objects.filter(for_assignments=True)
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["secondary_themes"].queryset = Theme.objects.filter(for_assignments=True)
        self.fields["secondary_themes"].help_text = _("Optional: other themes the question touches.")
        self.fields["kind"].choices = [("", _("Choose a kind")), *self.fields["kind"].choices[1:]]
        self.fields["contact"].queryset = organisation.contacts.order_by("name")
        self.fields["contact"].empty_label = _("No contact person")
        self.fields["contact"].label_from_instance = lambda contact: f"{contact.name} ({contact.email})"
        if not self.is_bound and not self.initial.get("form_token"):
            self.initial["form_token"] = uuid.uuid4()

    def clean(self):
        cleaned = super().clean()
        if self.needs_token and ("form_token" in self.errors or not cleaned.get("form_token")):
            self.errors.pop("form_token", None)
            self.data = self.data.copy()
            self.data[self.add_prefix("form_token")] = str(uuid.uuid4())  # the form shown again can be sent
            self.add_error(None, _("This form could not be processed. Check what you filled in and send it again."))
        if cleaned.get("theme") and cleaned.get("secondary_themes") is not None:
            cleaned["secondary_themes"] = [t for t in cleaned["secondary_themes"] if t != cleaned["theme"]]
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot lie before its start."))
        if self.submit:
            for name in ("period_start", "period_end"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Fill in the wanted period to submit the request."))
        return cleaned

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TransitionForm(VisibleTextMixin, forms.Form):
    """A state change; ``expected_state`` is the state the user saw, so a stale page changes nothing."""

    expected_state = forms.ChoiceField(choices=AssignmentState.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def lifecycle_arguments(self) -> dict:
        return {"expected_state": self.cleaned_data["expected_state"], "note": self.cleaned_data["note"]}


class ReasonForm(TransitionForm):
    note = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The requesting organisation reads this reason."),
    )


class MatchForm(TransitionForm):
    field_order = ["education_organisation", "level", "note"]
    education_organisation = forms.TypedChoiceField(label=_("Education partner"), coerce=int)
    level = forms.ChoiceField(
        label=_("Education level of the students"),
        required=False,
        choices=[("", _("The institution's level")), *EducationLevel.choices],
    )

    def __init__(self, *args, partners, **kwargs):
        """``partners``: (organisation, interest or None) pairs, the interested ones first."""
        super().__init__(*args, **kwargs)
        interested = [(o.pk, f"{o.name} ({o.education_level})") for o, interest in partners if interest]
        others = [(o.pk, f"{o.name} ({o.education_level})") for o, interest in partners if not interest]
        choices = [("", _("Choose an education partner"))]
        if interested:
            choices.append((_("Expressed interest"), interested))
        if others:
            choices.append((_("Other education partners"), others))
        self.fields["education_organisation"].choices = choices
        self._organisations = {o.pk: o for o, _interest in partners}

    def lifecycle_arguments(self) -> dict:
        return {
            **super().lifecycle_arguments(),
            "education_organisation": self._organisations[self.cleaned_data["education_organisation"]],
            "level": self.cleaned_data["level"],
        }


class CompleteForm(TransitionForm):
    field_order = ["student_count", "note"]
    student_count = forms.IntegerField(
        label=_("Final number of students"),
        min_value=1,
        max_value=MAX_STUDENTS,
        help_text=_("How many students took part in the assignment."),
    )

    def lifecycle_arguments(self) -> dict:
        return {**super().lifecycle_arguments(), "student_count": self.cleaned_data["student_count"]}


class InterestForm(VisibleTextMixin, forms.Form):
    note = forms.CharField(
        label=_("Note for the programme office"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example which programme or group of students would take it up, and when."),
    )


class InviteForm(forms.Form):
    """ "Vraag om interesse": the institutions of the advice to ask (those asked before are not offered again)."""

    organisations = forms.TypedMultipleChoiceField(
        label=_("Education partners to ask"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one education partner."),
            "invalid_choice": _(
                "%(value)s is not (or no longer) in the advice for this request, or was asked before; "
                "look at the advice again."
            ),
        },
    )

    def __init__(self, *args, ranking, asked: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = [
            (
                ranked.candidate.id,
                _("%(name)s (%(level)s): %(points)s points")
                % {"name": ranked.candidate.name, "level": ranked.candidate.level, "points": ranked.total_shown},
            )
            for ranked in ranking
            if ranked.candidate.id not in asked
        ]


class FeedbackForm(VisibleTextMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(FEEDBACK_MIN_SCORE, FEEDBACK_MAX_SCORE + 1)],
        widget=forms.RadioSelect,
        help_text=_("1 is poor, 5 is excellent."),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


class FollowUpForm(VisibleTextMixin, forms.Form):
    """What became of an assignment's students: a number per outcome (each at least 0, together at most the
    students; the rest is "unknown"). Never a name."""

    def __init__(self, *args, assignment, coordinator=False, correcting=False, public=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        for outcome in Outcome:
            self.fields[outcome.value] = forms.IntegerField(
                label=outcome.label,
                min_value=0,
                max_value=assignment.student_count,
                required=False,
                initial=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "followup-count"}),
                error_messages={
                    "invalid": _("Enter a whole number."),
                    "min_value": _("A number of students cannot be negative."),
                    "max_value": _("The assignment had %(limit_value)s students."),
                },
            )
        if public or coordinator:
            self.fields["respondent"] = forms.CharField(
                label=_("Your name") if public else _("Answer given by"),
                help_text=_("Optional; so that the programme office knows whom to ask.")
                if public
                else _("The name of the person who answered by phone or e-mail."),
                required=False,
                max_length=200,
            )
        if coordinator and correcting:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self):
        cleaned = super().clean()
        counts = {outcome: cleaned.get(outcome) or 0 for outcome in Outcome.values}
        if not any(name in self.errors for name in Outcome.values):
            given = sum(counts.values())
            if given > self.assignment.student_count:
                raise forms.ValidationError(
                    _("Together these are %(given)s students, but the assignment had %(students)s."),
                    params={"given": given, "students": self.assignment.student_count},
                )
        return cleaned

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.cleaned_data.get(outcome) or 0 for outcome in Outcome.values}
