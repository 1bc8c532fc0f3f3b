"""``manage.py figures``: the programme's figures for a date, as JSON or as a short Dutch report."""

import datetime as dt
import json
import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from assignments.models import AssignmentKind, AssignmentState
from fieldlabs.models import FieldlabStatus
from partnership.models import CommunityStatus
from reporting.figures import compute_figures
from traineeship.models import Track

FORMATS = ("json", "text")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
USAGE_ERROR = 2


def parse_as_of(value: str | None) -> dt.date:
    if value is None:
        return timezone.localdate()  # today in Europe/Amsterdam
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a valid date; use YYYY-MM-DD, for example 2023-06-30.") % {"value": value},
            returncode=USAGE_ERROR,
        ) from None


class Command(BaseCommand):
    help = "Print the programme's figures as of a date (end of day, Europe/Amsterdam)."
    # a read-only report: no need to import every URLconf and view for the system checks first
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD; default: today (Europe/Amsterdam).")
        # checked in handle() so that a wrong value gives a one-line error, not argparse's usage text
        parser.add_argument("--format", dest="output_format", default="json", help="json (default) or text.")

    def handle(self, *args, as_of=None, output_format="json", **options):
        with translation.override(settings.LANGUAGE_CODE):
            if output_format not in FORMATS:
                raise CommandError(
                    _("Unknown format “%(format)s”; choose json or text.") % {"format": output_format},
                    returncode=USAGE_ERROR,
                )
            day = parse_as_of(as_of)
            figures = compute_figures(day)
            if output_format == "json":
                self.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False))
            else:
                self.stdout.write(text_report(day, figures))


def text_report(day: dt.date, figures: dict) -> str:
    """The figures as a readable Dutch report (the JSON is the complete, machine-readable version)."""
    date = formats.date_format(day, "j F Y")
    assignments = figures["assignments"]
    lines = [_("I-Partnerschap figures as of %(date)s (end of day)") % {"date": date}]

    def heading(text):
        lines.extend(["", text, "-" * len(text)])

    def line(label, value):
        lines.append(f"{label}: {value}")

    heading(_("Partners"))
    line(_("Government organisations"), figures["partners"]["government"])
    line(_("Education institutions"), figures["partners"]["education"])

    heading(_("Assignments"))
    line(_("Total (in preparation, in execution or completed)"), assignments["total"])
    for state, n in assignments["by_status"].items():
        line("  " + str(AssignmentState(state).label), n)
    for level, n in assignments["by_level"].items():
        line(f"  {level}", f"{n} ({assignments['by_level_percent'][level]}%)")
    labels = figures["labels"]["themes"]
    for slug, n in assignments["by_theme"].items():
        line("  " + labels.get(slug, slug), n)
    for kind, n in assignments["by_kind"].items():
        line("  " + str(AssignmentKind(kind).label), n)
    line(_("Students"), figures["students"]["total"])
    line(_("Students in internships"), figures["students"]["internship"])

    year = figures["year"]
    heading(_("Year %(year)s up to %(date)s") % {"year": year["year"], "date": date})
    line(_("Active government partners"), year["active_government_partners"])
    line(_("Requests matched"), year["requests_matched"])
    line(_("Assignments completed"), year["assignments_completed"])
    line(_("Internship students started"), year["internship_students_started"])

    heading(_("Trend per quarter (in preparation / in execution / completed)"))
    for point in figures["trend"]:
        lines.append(f"{point['period']}: {point['preparation']} / {point['execution']} / {point['completed']}")

    heading(_("Knowledge development"))
    fieldlabs = figures["fieldlabs"]
    line(_("Fieldlabs active"), fieldlabs["active"])
    line(_("Fieldlabs being founded"), fieldlabs["founding"])
    for lab in fieldlabs["labs"]:
        lines.append(f"  {lab['name']} ({lab['city']}): {FieldlabStatus(lab['status']).label}")
    line(_("Communities (active or planned)"), figures["communities"]["total"])
    line(_("Communities active"), figures["communities"]["active"])
    for community in figures["communities"]["items"]:
        lines.append(f"  {community['name']}: {CommunityStatus(community['status']).label}")
    events = figures["events"]
    line(
        _("Events this year"),
        _("%(count)s with %(participants)s participants")
        % {"count": events["year"]["count"], "participants": events["year"]["participants"]},
    )

    heading(_("Dual PhD candidates"))
    doctorates = figures["doctorates"]
    line(_("Placed"), doctorates["placed"])
    for host, n in doctorates["placements_by_host"].items():
        line("  " + host, n)
    line(_("Open leads"), doctorates["leads"]["total"])
    line(_("Open leads with a chance of success of 50 to 75 per cent"), doctorates["leads"]["probability_50_75"])
    line(_("Expected placements from open leads"), formats.number_format(doctorates["expected_placements"], 1))

    heading(_("Rijks I-Traineeship"))
    traineeship = figures["traineeship"]
    for cohort, tracks in traineeship["intake_by_year"].items():
        parts = ", ".join(f"{Track(track).label} {n}" for track, n in tracks.items())
        line(_("Cohort %(year)s") % {"year": cohort}, parts)
    line(_("Trainees since the start"), traineeship["since_start"])
    line(_("In a permanent government job"), traineeship["permanent"])
    line(
        _("Share of those who finished"),
        f"{traineeship['permanent_share_of_finished_percent']}% ({traineeship['finished']})",
    )
    return "\n".join(lines)
