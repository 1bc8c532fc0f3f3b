"""Every read of knowledge development's records, "as of D" meaning as it stood at the end of day D."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from .models import Curriculum, Fieldlab, FieldlabStatus, FieldlabStatusChange, KnowledgePortfolio, ResearchChair


def labs_open_on(day) -> QuerySet:
    """Labs active or being founded on ``day`` (the status of their latest change by then), as ``status_on``."""
    status_on = (
        FieldlabStatusChange.objects.filter(fieldlab=OuterRef("pk"), since__lte=day).order_by("-since").values("status")
    )
    return (
        Fieldlab.objects.annotate(status_on=Subquery(status_on[:1]))
        .filter(status_on__in=[FieldlabStatus.ACTIVE, FieldlabStatus.FOUNDING])
        .order_by("name")
    )


def portfolios_started_by(day) -> QuerySet:
    return KnowledgePortfolio.objects.filter(started_on__lte=day).select_related("theme")


def chairs_running_on(day) -> QuerySet:
    return (
        ResearchChair.objects.filter(starts_on__lte=day, ends_on__gt=day)
        .select_related("institution")
        .order_by("starts_on", "title")
    )


def curricula_started_by(day) -> QuerySet:
    return (
        Curriculum.objects.filter(started_on__lte=day)
        .select_related("institution")
        .order_by("title", "institution__name")
    )


# --- the coordinators' workspace: every record, joins applied, the default order backed by an index ------------------


def _current_status(field: str):
    """The status of a lab's latest dated change up to today (``field``: "status" or "since")."""
    latest = FieldlabStatusChange.objects.filter(fieldlab=OuterRef("pk"), since__lte=timezone.localdate()).order_by(
        "-since"
    )
    return Subquery(latest.values(field)[:1])


def fieldlabs_for_workspace() -> QuerySet:
    return Fieldlab.objects.annotate(
        current_status=_current_status("status"), current_status_since=_current_status("since")
    ).order_by("name")


def status_changes_of(fieldlab: Fieldlab) -> QuerySet:
    return fieldlab.status_changes.order_by("since")


def portfolios_for_workspace() -> QuerySet:
    return KnowledgePortfolio.objects.select_related("theme").order_by("theme__position", "theme__name")


def curricula_for_workspace() -> QuerySet:
    return Curriculum.objects.select_related("institution", "theme").order_by("title", "institution_id")
