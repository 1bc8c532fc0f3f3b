"""Part-time jobs in the coordinators' workspace (``partnership.workspace``): list, detail with the dated steps and
the audit trail, create, edit, a step (filled, ended, cancelled), CSV/XLSX export."""

from django.utils.translation import gettext_lazy as _

from partnership.workspace import Kind, Section

from . import filters, forms, selectors, services, tables

PART_TIME_JOBS = Kind(
    slug="part_time_jobs",
    segment="bijbanen",
    title=_("Part-time jobs (Rijks I-Stage)"),
    singular=_("part-time job"),
    queryset=selectors.jobs_for_workspace,
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
    export=(
        (_("Title"), "title"),
        (_("Organisation"), "government_organisation"),
        (_("State"), "state"),
        (_("Theme"), "theme"),
        (_("Education level"), "level"),
        (_("Hours per week"), "hours_per_week"),
        (_("Students"), "student_count"),
        (_("Wished start"), "wished_start"),
        (_("Start date"), "started_on"),
    ),
)

KINDS = (PART_TIME_JOBS,)
