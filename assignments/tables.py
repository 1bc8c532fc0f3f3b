"""Tables of the assignment lists (``partnership.lists.ListTable``: the site's table template and pagination)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from partnership.lists import DateColumn, ListTable

from . import matching
from .models import Assignment


def _period(record):
    """ "06-12-2026 – 31-01-2027": the line may break at the dash between the dates, never inside one."""
    if not (record.period_start or record.period_end):
        return "—"
    start = date_format(record.period_start, "d-m-Y") if record.period_start else "…"
    end = date_format(record.period_end, "d-m-Y") if record.period_end else "…"
    date = '<span class="data-table__date">{}</span>'
    return format_html(f"{date} – {date}", start, end)


class AssignmentTable(ListTable):
    """Base: title linking to the detail page, state, theme, kind and the wanted period."""

    title = tables.Column(verbose_name=_("Title"), order_by=("title",))
    state = tables.Column(verbose_name=_("State"))
    theme = tables.Column(verbose_name=_("Theme"), accessor="theme__name", order_by=("theme__name",))
    kind = tables.Column(verbose_name=_("Kind"))
    period = tables.Column(verbose_name=_("Wanted period"), empty_values=(), order_by=("period_start", "period_end"))
    state_changed_at = DateColumn(verbose_name=_("Last change"), format="d-m-Y")

    # Shown on the detail page; they step aside on narrower screens.
    secondary = ("kind", "period", "state_changed_at")

    class Meta(ListTable.Meta):
        model = Assignment
        fields = ()
        sequence = ("title", "...")
        empty_text = _("No requests found.")

    def render_title(self, record, value):
        return format_html(
            '<a class="utrecht-link" href="{}">{}</a>', reverse("assignments:request_detail", args=[record.pk]), value
        )

    def render_state(self, record):
        return record.get_state_display()

    def render_kind(self, record):
        return record.get_kind_display()

    def render_period(self, record):
        return _period(record)


class MyRequestsTable(AssignmentTable):
    class Meta(AssignmentTable.Meta):
        sequence = ("title", "state", "theme", "kind", "period", "state_changed_at")


# The columns after the organisations in the lists of every assignment and of an institution's.
DETAIL_COLUMNS = ("theme", "kind", "level", "student_count", "period", "state_changed_at")


def requesting_organisation(name_field: str) -> tables.Column:
    """The requesting organisation by its ``name`` or ``short_name``, sorted by it."""
    accessor = f"government_organisation__{name_field}"
    return tables.Column(verbose_name=_("Requesting organisation"), accessor=accessor, order_by=(accessor,))


class AllAssignmentsTable(AssignmentTable):
    government_organisation = requesting_organisation("short_name")
    education_organisation = tables.Column(
        verbose_name=_("Education partner"),
        accessor="education_organisation__short_name",
        order_by=("education_organisation__short_name",),
        default="—",
    )
    level = tables.Column(verbose_name=_("Level"), default="—")
    student_count = tables.Column(verbose_name=_("Students"))
    secondary = ("kind", "level", "student_count", "period", "state_changed_at")

    class Meta(AssignmentTable.Meta):
        sequence = ("title", "state", "government_organisation", "education_organisation", *DETAIL_COLUMNS)
        empty_text = _("No assignments found.")


class OpenRequestsTable(AssignmentTable):
    government_organisation = requesting_organisation("name")
    wanted_levels = tables.Column(verbose_name=_("Levels"), orderable=False, empty_values=())
    student_count = tables.Column(verbose_name=_("Students"))
    has_interest = tables.Column(verbose_name=_("Your interest"), orderable=False)
    state_changed_at = DateColumn(verbose_name=_("Open since"), format="d-m-Y")
    fit = tables.Column(verbose_name=_("Why it fits you"), empty_values=(), orderable=False)
    secondary = ("kind", "wanted_levels", "student_count", "period")
    # ``fit_by_request``: the institution's own score per request (``matching.fit_for_institution``), never another's.
    fit_by_request: dict = {}

    class Meta(AssignmentTable.Meta):
        sequence = (
            "title",
            "government_organisation",
            "theme",
            "kind",
            "wanted_levels",
            "student_count",
            "period",
            "state_changed_at",
            "has_interest",
            "fit",
        )
        exclude = ("state",)
        empty_text = _("There are no open requests for your institution at the moment.")

    def render_fit(self, record):
        ranked = self.fit_by_request.get(record.pk)
        if ranked is None:
            return _("The advice leaves your institution out (declined, or level or partnership)")
        return _("%(points)s points: %(why)s") % {"points": ranked.total_shown, "why": ranked.why()}

    def render_wanted_levels(self, record):
        return ", ".join(record.wanted_levels) or _("All levels")

    def render_has_interest(self, value):
        return _("Expressed") if value else "—"


class InstitutionAssignmentsTable(AssignmentTable):
    government_organisation = requesting_organisation("name")
    level = tables.Column(verbose_name=_("Level"), default="—")
    student_count = tables.Column(verbose_name=_("Students"))
    secondary = ("kind", "level", "student_count", "period", "state_changed_at")

    class Meta(AssignmentTable.Meta):
        sequence = ("title", "state", "government_organisation", *DETAIL_COLUMNS)
        empty_text = _("Your institution has not taken up any assignments yet.")


# --- the work queue ---------------------------------------------------------------------------------------------


class QueueTable(AssignmentTable):
    government_organisation = tables.Column(
        verbose_name=_("Requesting organisation"),
        accessor="government_organisation__short_name",
        orderable=False,
    )

    class Meta(AssignmentTable.Meta):
        orderable = False  # the queue has one meaningful order: what waits longest first
        empty_text = _("Nothing waiting.")


def days_since(moment) -> int:
    return (timezone.localdate() - timezone.localdate(moment)).days


class SubmittedQueueTable(QueueTable):
    age = tables.Column(verbose_name=_("Waiting (days)"), empty_values=(), orderable=False)
    state_changed_at = DateColumn(verbose_name=_("Submitted on"), format="d-m-Y", orderable=False)

    class Meta(QueueTable.Meta):
        sequence = ("title", "government_organisation", "theme", "kind", "period", "state_changed_at", "age")
        exclude = ("state",)

    def render_age(self, record):
        return days_since(record.state_changed_at)


class OverdueQueueTable(QueueTable):
    education_organisation = tables.Column(
        verbose_name=_("Education partner"), accessor="education_organisation__short_name", orderable=False
    )
    overdue = tables.Column(verbose_name=_("Past planned end (days)"), empty_values=(), orderable=False)

    class Meta(QueueTable.Meta):
        sequence = ("title", "state", "government_organisation", "education_organisation", "period", "overdue")
        exclude = ("theme", "kind", "state_changed_at")

    def render_overdue(self, record):
        return (timezone.localdate() - record.period_end).days


class UnclaimedQueueTable(SubmittedQueueTable):
    """The submitted queue's columns for open requests: open since, and for how many days."""

    age = tables.Column(verbose_name=_("Open for (days)"), empty_values=(), orderable=False)
    state_changed_at = DateColumn(verbose_name=_("Open since"), format="d-m-Y", orderable=False)

    class Meta(SubmittedQueueTable.Meta):
        pass


class AdviceQueueTable(QueueTable):
    """Open requests with the matching advice's top three; ``prepare_page`` advises the page's rows at once."""

    advice = tables.Column(verbose_name=_("Advice: top three"), empty_values=(), orderable=False)
    state_changed_at = DateColumn(verbose_name=_("Open since"), format="d-m-Y", orderable=False)

    class Meta(QueueTable.Meta):
        sequence = ("title", "government_organisation", "theme", "state_changed_at", "advice")
        exclude = ("state", "kind", "period")

    def prepare_page(self) -> None:
        self.advice_by_request = matching.advise_many([row.record for row in self.page.object_list])

    def render_advice(self, record):
        advice = getattr(self, "advice_by_request", {}).get(record.pk)
        if advice is None or not advice.ranking:
            return _("No education partner passes the filters")
        return format_html_join(
            ", ", "{} ({})", ((ranked.candidate.short_name, ranked.total_shown) for ranked in advice.top(3))
        )


class FollowUpQueueTable(QueueTable):
    student_count = tables.Column(verbose_name=_("Students"), orderable=False)
    due_on = DateColumn(verbose_name=_("Due on"), accessor="followup__due_on", format="d-m-Y", orderable=False)
    asked = DateColumn(verbose_name=_("Asked on"), accessor="followup__requested_at", format="d-m-Y", orderable=False)

    class Meta(QueueTable.Meta):
        sequence = ("title", "government_organisation", "student_count", "due_on", "asked")
        exclude = ("state", "theme", "kind", "period")


class AnsweredFollowUpTable(QueueTable):
    student_count = tables.Column(verbose_name=_("Students"), orderable=False)
    answered_at = DateColumn(verbose_name=_("Answered on"), format="d-m-Y", orderable=False)

    class Meta(QueueTable.Meta):
        sequence = ("title", "government_organisation", "student_count", "answered_at")
        exclude = ("state", "theme", "kind", "period")
