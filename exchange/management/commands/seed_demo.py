"""``python manage.py seed_demo [--scale N] [--today YYYY-MM-DD]``: load the demo data set (idempotent) and print a
summary. The demo programme runs on after 30 June 2023 up to ``--today`` (default: today); the same day gives the
same records."""

import argparse
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange.demo import seed_demo
from exchange.demo.base import DEMO_END
from partnership.history import SOURCE_COMMAND, acting
from partnership.records import Outcome


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("Give the date as YYYY-MM-DD, for example 2026-11-30.")) from None


class Command(BaseCommand):
    help = "Load the I-Partnerschap demo data set; a second run changes nothing. --scale N adds synthetic assignments."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also add N synthetic assignments with histories (for benchmarks).",
        )
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            metavar="YYYY-MM-DD",
            help="The day the demo programme runs up to (default: today); the same day gives the same data.",
        )

    def handle(self, *args, scale, today, **options):
        if scale < 0:
            raise CommandError(_("--scale must be zero or more."))
        today = today or timezone.localdate()
        if today <= DEMO_END:
            raise CommandError(
                _("--today must be after %(date)s, the last day of the demo's source data.")
                % {"date": DEMO_END.isoformat()}
            )
        allowed = bool(getattr(settings, "DEMO_LOGINS_ALLOWED", False))
        with acting(None, SOURCE_COMMAND, command="seed_demo"):
            result = seed_demo(logins_allowed=allowed, scale=scale, today=today)
        tally = result.tally
        self.stdout.write(_("Demo data I-Partnerschap:"))
        for key, label in tally.labels.items():
            created, updated, present = (tally.counts[outcome][key] for outcome in Outcome)
            parts = []
            if created:
                parts.append(ngettext("%(n)d created", "%(n)d created", created) % {"n": created})
            if updated:
                parts.append(ngettext("%(n)d brought up to date", "%(n)d brought up to date", updated) % {"n": updated})
            if present:
                parts.append(_("%(n)d already present") % {"n": present})
            self.stdout.write(f"  {str(label).capitalize()}: {', '.join(parts)}")
        if not tally.changed:
            self.stdout.write(_("Everything was already present; nothing was changed."))
        if result.synthetic:
            self.stdout.write(
                _("%(n)d synthetic assignments added in %(seconds).1f s.")
                % {"n": result.synthetic, "seconds": result.synthetic_seconds}
            )
        if allowed:
            self.stdout.write(_("Demo log-ins (development only):"))
            for username, password, role in result.logins:
                self.stdout.write(
                    _("  %(role)s: username %(username)s, password %(password)s")
                    % {"role": role, "username": username, "password": password}
                )
        else:
            self.stdout.write(_("Demo log-ins were not created: this environment does not allow them."))
