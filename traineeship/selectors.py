"""Every read of trainees, "as of D" meaning at the end of day D."""

from django.db.models import Count, Q, QuerySet

from .models import Outcome, Trainee


def trainees_started_by(day) -> QuerySet:
    return Trainee.objects.filter(cohort_start__lte=day)


def outcomes_by(day) -> dict[str, int]:
    """Trainees with a permanent government job by ``day``, and those who had finished the two years by then."""
    return Trainee.objects.aggregate(
        permanent=Count("id", filter=Q(outcome=Outcome.PERMANENT, outcome_on__lte=day)),
        finished=Count("id", filter=Q(finished_on__lte=day)),
    )


# --- the coordinators' workspace: every record, joins applied, the default order backed by an index ------------------


def trainees_for_workspace() -> QuerySet:
    return Trainee.objects.select_related("host").order_by("cohort_start", "reference")
