"""Forms of the partners core's workspace pages: the model's own validation, Dutch labels."""

from django import forms

from .models import Community, ContactPerson, Event, Organisation
from .workspace import WorkspaceForm


class OrganisationForm(WorkspaceForm):
    class Meta(WorkspaceForm.Meta):
        model = Organisation
        fields = (
            "name",
            "short_name",
            "kind",
            "education_level",
            "partnership_start",
            "partnership_end",
            "city",
            "website",
            "description",
            "themes",
            "capacity_per_half_year",
        )
        widgets = {"themes": forms.CheckboxSelectMultiple}


class ContactPersonForm(WorkspaceForm):
    def _get_validation_exclusions(self):
        # A new primary contact takes over from the previous one (the service does), so "one primary per
        # organisation" is not the form's to refuse.
        return {*super()._get_validation_exclusions(), "is_primary"}

    class Meta(WorkspaceForm.Meta):
        model = ContactPerson
        fields = ("organisation", "name", "email", "phone", "function", "is_primary")


class CommunityForm(WorkspaceForm):
    class Meta(WorkspaceForm.Meta):
        model = Community
        fields = ("name", "theme", "planned_on", "active_from", "ended_on", "description")


class EventForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")

    class Meta(WorkspaceForm.Meta):
        model = Event
        fields = (
            "name",
            "kind",
            "theme",
            "starts_on",
            "ends_on",
            "participants",
            "government_participants",
            "organisations",
            "description",
        )
        widgets = {"organisations": forms.CheckboxSelectMultiple}
