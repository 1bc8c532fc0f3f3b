"""Trainees: declared once (``partnership.workspace.RecordKind``) for the coordinators' workspace, the export of
their list and their import."""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partnership import columns as c
from partnership.workspace import RecordKind

from . import filters, forms, selectors, services, tables
from .models import Outcome, Track


def _trainee_check(record, lookups):
    errors = []
    start = record["cohort_start"]
    if record["finished_on"] is not None and record["finished_on"] <= start:
        errors.append(("finished_on", gettext("The end of the traineeship lies on or before the cohort's start.")))
    if bool(record["outcome"]) != (record["outcome_on"] is not None):
        errors.append(("outcome_on", gettext("An outcome and its date go together: give both or neither.")))
    elif record["outcome_on"] is not None and record["outcome_on"] < start:
        errors.append(("outcome_on", gettext("The outcome lies before the cohort's start.")))
    if record["outcome"] == Outcome.STOPPED_EARLY and record["finished_on"] is not None:
        errors.append(("finished_on", gettext("A trainee who stopped early has not finished.")))
    return errors


TRAINEES = RecordKind(
    slug="trainees",
    segment="trainees",
    title=_("Trainees"),
    singular=_("trainee"),
    queryset=selectors.trainees_for_workspace,
    columns=(
        c.Column(pgettext_lazy("file column", "Reference"), "reference", c.text(30), required=True),
        # "Start cohort" (and "Track", the English name): the import's names before it read the list's export
        c.choice_column(pgettext_lazy("file column", "Track"), "track", Track, required=True),
        c.date_column(
            pgettext_lazy("file column", "Cohort start"), "cohort_start", required=True, previous=("Start cohort",)
        ),
        c.organisation_column(pgettext_lazy("file column", "Host organisation"), "host_id"),
        c.date_column(pgettext_lazy("file column", "Finished on"), "finished_on"),
        c.choice_column(pgettext_lazy("file column", "Outcome"), "outcome", Outcome),
        c.date_column(pgettext_lazy("file column", "Outcome date"), "outcome_on"),
    ),
    filterset=filters.TraineeFilter,
    table=tables.TraineeTable,
    form=forms.TraineeForm,
    create=services.create_trainee,
    update=services.update_trainee,
    record_arg="trainee",
    key=("reference",),
    check=_trainee_check,
    write=c.saving_each(services.save_trainee),
    import_intro=_("Trainees of the Rijks I-Traineeship by reference (a code, not a name)."),
)

KINDS = (TRAINEES,)
