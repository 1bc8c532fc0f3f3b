"""``manage.py publish_figures --as-of D [--as-of D2] --by USERNAME [--status final] [--unless-published]``:
publish the public figures of one or more reference dates as a release, as a coordinator does on the
dashboard (same service, same policy). ``make run`` publishes the demo's two documented dates this way."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reporting import selectors, services
from reporting.management.commands.figures import parse_as_of
from reporting.models import ReleaseStatus


class Command(BaseCommand):
    help = "Publish the public figures of reference dates as releases (first versions)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="dates", action="append", required=True, help="YYYY-MM-DD; repeatable.")
        parser.add_argument("--by", required=True, help="User name of the coordinator who publishes.")
        parser.add_argument("--status", choices=ReleaseStatus.values, default=ReleaseStatus.FINAL)
        parser.add_argument("--unless-published", action="store_true", help="Skip a date that already has a release.")

    def handle(self, *args, dates, by, status, unless_published, **options):
        user = get_user_model().objects.filter(username=by).first()
        if user is None or not user.is_coordinator:
            raise CommandError(_("“%(user)s” is not a coordinator's user name.") % {"user": by})
        for day in (parse_as_of(value) for value in dates):
            if unless_published and selectors.latest_release(day) is not None:
                self.stdout.write(_("%(date)s: already published.") % {"date": day.isoformat()})
                continue
            try:
                release = services.publish_release(as_of=day, status=status, by=user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(
                _("%(date)s: version %(version)s published (SHA-256 %(sha256)s).")
                % {"date": day.isoformat(), "version": release.version, "sha256": release.sha256}
            )
