"""Retention (AVG): personal data of organisations whose partnership ended long enough ago.

Contact people are anonymised (the row stays, with a placeholder name and address) and the organisation's accounts
are deactivated. Follow-up answers given longer ago lose the name of who answered (the counts stay), and expired
follow-up links are removed. Every write goes through the services (the accounts services call the partners core's
and log each change as an account event), so nothing else is touched and every figure stays the same: figures count
organisations, assignments, their history and follow-up counts, never people.
"""

import argparse
import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import services as account_services
from assignments import followups
from partnership.history import SOURCE_COMMAND, acting
from partnership.inputs import COMMAND_USAGE_ERROR, MIN_DATE, parse_date_argument
from partnership.models import ContactPerson, Organisation
from partnership.services import is_anonymised


def cutoff(today: dt.date, years: int) -> dt.date:
    """The day ``years`` years before ``today`` (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


class Command(BaseCommand):
    help = (
        "Anonymise the contact people and deactivate the accounts of organisations whose partnership ended more "
        "than --years years ago (default RETENTION_YEARS). --dry-run lists what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=settings.RETENTION_YEARS)
        parser.add_argument("--by", required=True, help="user name of the coordinator or administrator who applies it")
        parser.add_argument("--dry-run", action="store_true", help="list what would change, change nothing")
        parser.add_argument("--today", default=None, help=argparse.SUPPRESS)  # tests: another "today"

    def handle(self, *args, years, by, dry_run, today, **options):
        with translation.override(settings.LANGUAGE_CODE):
            today = parse_date_argument(today) if today is not None else timezone.localdate()
            return self._handle(years=years, by=by, dry_run=dry_run, today=today)

    def _handle(self, *, years, by, dry_run, today):
        if years < 1:
            raise CommandError(_("--years must be at least 1."))
        if today.year - years < MIN_DATE.year:
            raise CommandError(
                _("--years reaches back before %(year)s; choose fewer years.") % {"year": MIN_DATE.year},
                returncode=COMMAND_USAGE_ERROR,
            )
        actor = get_user_model().objects.filter(username=by, is_active=True).first()
        if actor is None or not actor.is_coordinator:
            raise CommandError(_("%(name)s is not an active coordinator or administrator.") % {"name": by})
        with acting(actor, SOURCE_COMMAND, command="apply_retention"):
            self._apply(actor=actor, years=years, dry_run=dry_run, today=today)

    def _apply(self, *, actor, years, dry_run, today):
        ended_before = cutoff(today, years)
        organisations = Organisation.objects.filter(partnership_end__lt=ended_before).order_by("name")
        contacts_done = accounts_done = 0
        heading = _("Dry run: nothing is changed.") if dry_run else _("Applying retention.")
        self.stdout.write(heading)
        self.stdout.write(
            _("Partnerships that ended before %(date)s (%(years)d years):") % {"date": ended_before, "years": years}
        )
        for organisation in organisations:
            contacts = [
                contact
                for contact in ContactPerson.objects.filter(organisation=organisation).order_by("pk")
                if not is_anonymised(contact)
            ]
            users = list(organisation.users.filter(is_active=True).order_by("pk"))
            if not contacts and not users:
                continue
            self.stdout.write(
                _(
                    "%(organisation)s (ended %(date)s): %(contacts)d contact people to anonymise, "
                    "%(users)d accounts to deactivate"
                )
                % {
                    "organisation": organisation.name,
                    "date": organisation.partnership_end,
                    "contacts": len(contacts),
                    "users": len(users),
                }
            )
            for contact in contacts:
                self.stdout.write("  " + _("contact person #%(id)d") % {"id": contact.pk})
                if not dry_run:
                    account_services.anonymise_contact(contact=contact, by=actor)
            for user in users:
                self.stdout.write("  " + _("account #%(id)d") % {"id": user.pk})
                if not dry_run:
                    account_services.set_user_active(user=user, by=actor, active=False)
            contacts_done += len(contacts)
            accounts_done += len(users)
        moment = dt.datetime.combine(ended_before, dt.time.min, tzinfo=timezone.get_default_timezone())
        answers, links = followups.forget_contact_data(moment, dry_run=dry_run)
        self.stdout.write(
            _(
                "Follow-ups: who answered is cleared in %(answers)d answers given before %(date)s, "
                "%(links)d expired links are removed."
            )
            % {"answers": answers, "date": ended_before, "links": links}
        )
        summary = _("%(contacts)d contact people anonymised, %(users)d accounts deactivated.")
        if dry_run:
            summary = _("Would anonymise %(contacts)d contact people and deactivate %(users)d accounts.")
        self.stdout.write(summary % {"contacts": contacts_done, "users": accounts_done})
