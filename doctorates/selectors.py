"""Every read of dual PhD candidates, placements and leads, "as of D" meaning at the end of day D."""

from django.db.models import Q, QuerySet

from .models import DoctoralCandidate, DoctoralLead, DoctoralPlacement


def placements_started_by(day) -> QuerySet:
    """Placements that had started by ``day``: a co-hosted candidate has one per host."""
    return DoctoralPlacement.objects.filter(starts_on__lte=day)


def leads_open_on(day) -> QuerySet:
    """Leads opened by ``day`` and not closed by then."""
    return DoctoralLead.objects.filter(opened_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


# --- the coordinators' workspace: every record, joins applied, the default order backed by an index ------------------


def candidates_for_workspace() -> QuerySet:
    return DoctoralCandidate.objects.select_related("theme", "university").order_by("reference")


def placements_of(candidate: DoctoralCandidate) -> QuerySet:
    return candidate.placements.select_related("host").order_by("starts_on", "id")


def all_placements() -> QuerySet:
    """Every placement, by candidate and start (the export of the import kind)."""
    return DoctoralPlacement.objects.order_by("candidate__reference", "starts_on", "host_id")


def leads_for_workspace() -> QuerySet:
    return DoctoralLead.objects.select_related("host", "theme").order_by("-opened_on", "title")
