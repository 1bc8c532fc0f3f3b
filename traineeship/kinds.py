"""Trainees in the coordinators' workspace (``partnership.workspace``)."""

from django.utils.translation import gettext_lazy as _

from partnership.workspace import Kind

from . import filters, forms, selectors, services, tables

TRAINEES = Kind(
    slug="trainees",
    segment="trainees",
    title=_("Trainees"),
    singular=_("trainee"),
    queryset=selectors.trainees_for_workspace,
    filterset=filters.TraineeFilter,
    table=tables.TraineeTable,
    form=forms.TraineeForm,
    create=services.create_trainee,
    update=services.update_trainee,
    record_arg="trainee",
    detail=("reference", "track", "cohort_start", "host", "finished_on", "outcome", "outcome_on"),
    export=(
        (_("Reference"), "reference"),
        (_("Track"), "track"),
        (_("Cohort start"), "cohort_start"),
        (_("Host organisation"), "host"),
        (_("Finished on"), "finished_on"),
        (_("Outcome"), "outcome"),
        (_("Outcome date"), "outcome_on"),
    ),
)

KINDS = (TRAINEES,)
