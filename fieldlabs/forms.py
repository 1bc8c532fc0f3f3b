"""Forms of knowledge development's workspace pages: the model's own validation, Dutch labels."""

from django import forms

from partnership.inputs import SearchableCheckboxSelectMultiple
from partnership.models import Organisation
from partnership.selectors import organisation_choices_by_kind
from partnership.workspace import WorkspaceForm

from .models import Curriculum, Fieldlab, FieldlabStatusChange, KnowledgePortfolio


class FieldlabForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # About a hundred organisations: grouped by kind, sorted by the name shown, with a filter box.
        self.fields["partners"].widget.choices = organisation_choices_by_kind()

    class Meta(WorkspaceForm.Meta):
        model = Fieldlab
        fields = ("name", "city", "latitude", "longitude", "website", "themes", "partners", "description")
        widgets = {"themes": forms.CheckboxSelectMultiple, "partners": SearchableCheckboxSelectMultiple}


class FieldlabStatusForm(WorkspaceForm):
    class Meta(WorkspaceForm.Meta):
        model = FieldlabStatusChange
        fields = ("status", "since")


class KnowledgePortfolioForm(WorkspaceForm):
    class Meta(WorkspaceForm.Meta):
        model = KnowledgePortfolio
        fields = ("theme", "stage", "started_on", "stage_since", "summary")


class CurriculumForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organisation.objects.education().order_by("name")

    class Meta(WorkspaceForm.Meta):
        model = Curriculum
        fields = ("title", "kind", "institution", "theme", "status", "started_on", "city", "latitude", "longitude")
