"""``python manage.py seed_demo [--scale N]``: load the demo data set (idempotent) and print a summary."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange.demo import seed_demo
from partnership.history import SOURCE_COMMAND, acting
from partnership.records import Outcome


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

    def handle(self, *args, scale, **options):
        if scale < 0:
            raise CommandError(_("--scale must be zero or more."))
        allowed = bool(getattr(settings, "DEMO_LOGINS_ALLOWED", False))
        with acting(None, SOURCE_COMMAND, command="seed_demo"):
            result = seed_demo(logins_allowed=allowed, scale=scale)
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
