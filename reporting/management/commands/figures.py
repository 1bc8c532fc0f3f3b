"""``manage.py figures``: the programme's figures for a date, as JSON or as a short Dutch report."""

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fieldlabs.models import FieldlabStatus
from partnership.inputs import COMMAND_USAGE_ERROR as USAGE_ERROR
from partnership.inputs import parse_date_argument
from partnership.models import CommunityStatus
from reporting import registry
from reporting.figures import compute_figures

FORMATS = ("json", "text")
DIFFERENCE = 1  # the exit status of --verify when the summaries and the full computation differ


def parse_as_of(value: str | None) -> dt.date:
    if value is None:
        return timezone.localdate()  # today in Europe/Amsterdam
    return parse_date_argument(value)


class Command(BaseCommand):
    help = "Print the programme's figures as of a date (end of day, Europe/Amsterdam)."
    # a read-only report: no need to import every URLconf and view for the system checks first
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD; default: today (Europe/Amsterdam).")
        # checked in handle() so that a wrong value gives a one-line error, not argparse's usage text
        parser.add_argument("--format", dest="output_format", default="json", help="json (default) or text.")
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Compare the figures from the summaries with the full computation from the history, for every date "
            "from --from to --to (default: --as-of, or today); exit with 1 on a difference.",
        )
        parser.add_argument("--from", dest="first", help="YYYY-MM-DD: the first date --verify compares.")
        parser.add_argument("--to", dest="last", help="YYYY-MM-DD: the last date --verify compares.")

    def handle(self, *args, as_of=None, output_format="json", verify=False, first=None, last=None, **options):
        with translation.override(settings.LANGUAGE_CODE):
            if verify:
                self.verify(parse_as_of(first or as_of), parse_as_of(last or first or as_of))
                return
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

    def verify(self, first: dt.date, last: dt.date) -> None:
        """Every date from ``first`` to ``last``: the figures from the summaries against the full computation."""
        if last < first:
            raise CommandError(_("--to comes before --from."), returncode=USAGE_ERROR)
        differing = []
        day = first
        while day <= last:
            kept, reference = compute_figures(day), compute_figures(day, from_history=True)
            if kept != reference:
                keys = ", ".join(key for key in reference if kept.get(key) != reference[key])
                differing.append(day)
                self.stdout.write(_("%(date)s: differs in %(keys)s") % {"date": day.isoformat(), "keys": keys})
            day += dt.timedelta(days=1)
        days = (last - first).days + 1
        if differing:
            raise CommandError(
                _("The summaries differ from the full computation on %(differing)d of %(days)d dates.")
                % {"differing": len(differing), "days": days},
                returncode=DIFFERENCE,
            )
        self.stdout.write(
            _("The summaries equal the full computation on all %(days)d dates from %(first)s to %(last)s.")
            % {"days": days, "first": first.isoformat(), "last": last.isoformat()}
        )


def text_report(day: dt.date, figures: dict) -> str:
    """The figures as a readable Dutch report, section by section as the registry declares them.

    The JSON is the complete, machine-readable version; this report shows every declared figure and, under
    the knowledge and communities sections, the labs and communities by name.
    """
    date = formats.date_format(day, "j F Y")
    lines = [_("I-Partnerschap figures as of %(date)s (end of day)") % {"date": date}]
    for section in registry.SECTIONS:
        section_figures = registry.FIGURES.in_section(section.key)
        if not section_figures:
            continue
        heading = capfirst(str(section.label))
        lines.extend(["", heading, "-" * len(heading)])
        for figure in section_figures:
            lines.extend(_figure_lines(figure, figures))
        lines.extend(NAMED_RECORDS.get(section.key, lambda figures: [])(figures))
    return "\n".join(lines)


def _figure_lines(figure, figures):
    rows = registry.expand(figure, figures)
    if not figure.split:
        return [f"{rows[0].label}: {rows[0].display}"]
    lines = [capfirst(str(figure.label))]
    if len(figure.split) == 1:
        lines += [f"  {row.member_labels[0]}: {row.display}" for row in rows]
    else:  # one line per first member: "2018: ICT (algemeen) 41, Data 35, Cyber 0"
        grouped = {}
        for row in rows:
            grouped.setdefault(row.member_labels[0], []).append(f"{row.member_labels[1]} {row.display}")
        lines += [f"  {first}: {', '.join(parts)}" for first, parts in grouped.items()]
    return lines


def _lab_lines(figures):
    return [
        f"  {lab['name']} ({lab['city']}): {FieldlabStatus(lab['status']).label}"
        for lab in figures["fieldlabs"]["labs"]
    ]


def _community_lines(figures):
    return [f"  {item['name']}: {CommunityStatus(item['status']).label}" for item in figures["communities"]["items"]]


# Named records listed under a section after its figures.
NAMED_RECORDS = {"knowledge": _lab_lines, "communities": _community_lines}
