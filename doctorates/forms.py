"""Forms of the PhD workspace pages: the model's own validation, Dutch labels; each organisation field offers the
organisations that fit it (a WO institution as university, a government organisation as host)."""

from partnership.inputs import choices_keeping_current
from partnership.models import EducationLevel, Organisation
from partnership.workspace import WorkspaceForm

from .models import DoctoralCandidate, DoctoralLead, DoctoralPlacement


def universities():
    return Organisation.objects.education().filter(education_level=EducationLevel.WO).order_by("short_name")


def government_hosts():
    return Organisation.objects.government().order_by("short_name")


class DoctoralCandidateForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["university"].queryset = choices_keeping_current(universities(), self.instance.university_id)

    class Meta(WorkspaceForm.Meta):
        model = DoctoralCandidate
        fields = ("reference", "research_topic", "theme", "university")


class DoctoralPlacementForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = choices_keeping_current(government_hosts(), self.instance.host_id)

    class Meta(WorkspaceForm.Meta):
        model = DoctoralPlacement
        fields = ("host", "starts_on", "ends_on")


class DoctoralLeadForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = choices_keeping_current(government_hosts(), self.instance.host_id)

    class Meta(WorkspaceForm.Meta):
        model = DoctoralLead
        fields = ("title", "host", "theme", "probability", "status", "opened_on", "closed_on")
