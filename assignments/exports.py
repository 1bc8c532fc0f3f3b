"""The assignment list as a spreadsheet: the columns (Dutch names through gettext) and the rows of a filtered
queryset, read in chunks from one query (``partnership.spreadsheets`` writes them)."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partnership.models import EducationLevel
from partnership.spreadsheets import CHUNK_SIZE

from .models import AssignmentKind, AssignmentState

FIELDS = (
    "id",
    "title",
    "state",
    "government_organisation__name",
    "education_organisation__name",
    "theme__name",
    "kind",
    "level",
    "student_count",
    "period_start",
    "period_end",
    "state_changed_at",
)


def header() -> list[str]:
    return [
        pgettext("assignment identifier", "Number"),
        _("Title"),
        _("State"),
        _("Requesting organisation"),
        _("Education partner"),
        _("Theme"),
        _("Kind"),
        _("Level"),
        _("Students"),
        _("Start of period"),
        _("End of period"),
        _("Last change"),
    ]


def rows(queryset: QuerySet) -> Iterator[tuple]:
    """One row per assignment of ``queryset``, in its order: the choices as their labels, dates as dates."""
    states = {value: str(label) for value, label in AssignmentState.choices}
    kinds = {value: str(label) for value, label in AssignmentKind.choices}
    levels = {value: str(label) for value, label in EducationLevel.choices}
    for pk, title, state, requester, partner, theme, kind, level, students, start, end, changed in queryset.values_list(
        *FIELDS
    ).iterator(chunk_size=CHUNK_SIZE):
        yield (
            pk,
            title,
            states.get(state, state),
            requester,
            partner,
            theme,
            kinds.get(kind, kind),
            levels.get(level, level),
            students,
            start,
            end,
            changed,
        )
