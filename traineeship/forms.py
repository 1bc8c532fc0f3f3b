"""The trainee workspace form: the model's own validation, Dutch labels; the host is a government organisation."""

from partnership.inputs import choices_keeping_current
from partnership.models import Organisation
from partnership.workspace import WorkspaceForm

from .models import Trainee


class TraineeForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hosts = Organisation.objects.government().order_by("short_name")
        self.fields["host"].queryset = choices_keeping_current(hosts, self.instance.host_id)

    class Meta(WorkspaceForm.Meta):
        model = Trainee
        fields = ("reference", "track", "cohort_start", "host", "finished_on", "outcome", "outcome_on")
