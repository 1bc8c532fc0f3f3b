"""Part-time jobs: declared once (``partnership.workspace.RecordKind``) for the coordinators' workspace (list,
detail with the dated steps and the audit trail, create, edit, a step: filled, ended, cancelled) and the export of
their list."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnership import columns as c
from partnership.models import EducationLevel
from partnership.workspace import RecordKind, Section

from . import filters, forms, selectors, services, tables
from .models import JobState

PART_TIME_JOBS = RecordKind(
    slug="part_time_jobs",
    segment="bijbanen",
    title=_("Part-time jobs (Rijks I-Stage)"),
    singular=_("part-time job"),
    queryset=selectors.jobs_for_workspace,
    columns=(
        c.Column(pgettext_lazy("file column", "Title"), "title"),
        c.Column(
            pgettext_lazy("file column", "Government organisation"),
            "government_organisation_id",
            fmt=c.format_organisation,
        ),
        c.Column(pgettext_lazy("file column", "State"), "state", fmt=c.format_choice(JobState)),
        c.Column(pgettext_lazy("file column", "Theme"), "theme_id", fmt=c.format_theme),
        c.Column(pgettext_lazy("file column", "Education level"), "level", fmt=c.format_choice(EducationLevel)),
        c.Column(pgettext_lazy("file column", "Hours per week"), "hours_per_week"),
        c.Column(pgettext_lazy("file column", "Number of students"), "student_count"),
        c.Column(pgettext_lazy("file column", "Wished start"), "wished_start"),
        c.Column(pgettext_lazy("file column", "Start date"), "started_on"),
    ),
    filterset=filters.PartTimeJobFilter,
    table=tables.PartTimeJobTable,
    form=forms.PartTimeJobForm,
    create=services.create_job,
    update=services.update_job,
    record_arg="job",
    detail=(
        "title",
        "government_organisation",
        "state",
        "theme",
        "level",
        "hours_per_week",
        "student_count",
        "wished_start",
        "started_on",
    ),
    sections=(
        Section(
            slug="step",
            segment="stap",
            title=_("Steps by date"),
            rows=selectors.steps_of,
            columns=("at", "from_state", "to_state", "by", "note"),
            form=forms.StepForm,
            add=services.add_step,
            parent_arg="job",
            add_title=_("Fill, end or cancel"),
        ),
    ),
    not_importable=(
        "a job's state is a dated history of steps; importing jobs with their steps (as assignments are) is not "
        "built yet"
    ),
)

KINDS = (PART_TIME_JOBS,)
