"""The trainee workspace form: the model's own validation, Dutch labels."""

from partnership.models import Organisation
from partnership.workspace import WorkspaceForm

from .models import Trainee


class TraineeForm(WorkspaceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organisation.objects.order_by("name")

    class Meta(WorkspaceForm.Meta):
        model = Trainee
        fields = ("reference", "track", "cohort_start", "host", "finished_on", "outcome", "outcome_on")
