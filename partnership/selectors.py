"""Every read of the partners core's records that other apps share, "as of D" meaning at the end of day D."""

from django.db.models import QuerySet

from .models import Community, Event


def communities_on(day) -> QuerySet:
    """Communities planned or active on ``day`` (``Community.status_on`` gives which)."""
    return Community.objects.filter(planned_on__lte=day).exclude(ended_on__lte=day).order_by("name")


def events_up_to(day) -> QuerySet:
    return Event.objects.filter(starts_on__lte=day)
