"""Forms of the PhD workspace pages: the model's own validation, Dutch labels."""

from partnership.models import Organisation
from partnership.workspace import WorkspaceForm

from .models import DoctoralCandidate, DoctoralLead, DoctoralPlacement


class DoctoralCandidateForm(WorkspaceForm):
    class Meta(WorkspaceForm.Meta):
        model = DoctoralCandidate
        fields = ("reference", "research_topic", "theme", "university")


class DoctoralPlacementForm(WorkspaceForm):
    class Meta(WorkspaceForm.Meta):
        model = DoctoralPlacement
        fields = ("host", "starts_on", "ends_on")


class DoctoralLeadForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organisation.objects.order_by("name")

    class Meta(WorkspaceForm.Meta):
        model = DoctoralLead
        fields = ("title", "host", "theme", "probability", "status", "opened_on", "closed_on")
