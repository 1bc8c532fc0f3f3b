"""Every write of reporting's own records: the reach figures coordinators enter per period and the figure
releases they publish.

Reporting writes no other app's records (an import-linter contract holds it to that).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.records import Saved, save_by_key

from . import releases
from .figures import compute_figures
from .models import ReachFigure, Release, ReleaseKind, ReleaseStatus


def save_reach_figure(*, period_start, period_end, **values) -> Saved[ReachFigure]:
    return save_by_key(ReachFigure, key={"period_start": period_start, "period_end": period_end}, values=values)


class StalePreview(ValidationError):
    """The figures changed between the preview the coordinator saw and the moment of publishing."""


def allowed_kinds(previous):
    """The kinds a next version may have: a first publication when there is none; a revision only while the
    figures are provisional (final figures are changed only to correct an error)."""
    if previous is None:
        return [ReleaseKind.FIRST]
    if previous.status == ReleaseStatus.FINAL:
        return [ReleaseKind.CORRECTION]
    return [ReleaseKind.REVISION, ReleaseKind.CORRECTION]


def allowed_statuses(previous):
    """Final figures stay final: a correction of them is final too."""
    if previous is not None and previous.status == ReleaseStatus.FINAL:
        return [ReleaseStatus.FINAL]
    return [ReleaseStatus.PROVISIONAL, ReleaseStatus.FINAL]


def publish_release(
    *,
    as_of: dt.date,
    status: str,
    by,
    kind: str = ReleaseKind.FIRST,
    reason: str = "",
    expected_sha256: str | None = None,
) -> Release:
    """Publish the public figures of ``as_of`` as they are now: the first version, or a new version that
    supersedes the newest one (a revision or a correction, with a reason).

    ``expected_sha256`` is the hash of the preview the coordinator approved: when the figures changed since,
    nothing is published (``StalePreview``). Refused with a Dutch message: a date in the future, a kind or
    status the policy does not allow after the previous version, a missing reason, and a new version that
    changes nothing (same figures, same status).
    """
    if as_of > timezone.localdate():
        raise ValidationError(_("Figures of a date in the future cannot be published."), code="future")
    reason = reason.strip()
    with transaction.atomic():
        # One publisher at a time per date, the first publication included: a transaction-scoped advisory lock (a
        # row lock, SELECT ... FOR UPDATE, needs UPDATE privilege, which the application's role does not have on the
        # append-only release table: portal/trails.py).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"reporting.release:{as_of.isoformat()}"])
        previous = Release.objects.of_date(as_of).first()
        if kind not in allowed_kinds(previous):
            if previous is None:
                message = _("The first version of a reference date is a first publication.")
            elif previous.status == ReleaseStatus.FINAL:
                message = _("Final figures are only changed by a correction.")
            else:
                message = _("A new version is a revision or a correction.")
            raise ValidationError(message, code="kind")
        if status not in allowed_statuses(previous):
            raise ValidationError(_("Final figures cannot become provisional again."), code="status")
        if previous is not None and not reason:
            raise ValidationError(_("Say why this new version is published."), code="reason")
        payload = releases.payload(compute_figures(as_of))
        digest = releases.sha256(payload)
        if expected_sha256 is not None and digest != expected_sha256:
            raise StalePreview(
                _("The figures changed after the preview was made. Check the new preview and publish again."),
                code="stale",
            )
        if previous is not None and previous.sha256 == digest and previous.status == status:
            raise ValidationError(
                _("These figures and this status are already published as version %(version)s.")
                % {"version": previous.version},
                code="unchanged",
            )
        release = Release(
            as_of=as_of,
            version=previous.version + 1 if previous else 1,
            status=status,
            kind=kind,
            supersedes=previous,
            reason=reason,
            payload=payload,
            sha256=digest,
            published_by=by,
        )
        release.full_clean()
        try:
            with transaction.atomic():
                release.save()
        except IntegrityError:
            # a first version published by someone else at the same moment (no row to lock yet)
            raise ValidationError(
                _("Someone else published these figures at the same moment. Check the list and try again."),
                code="concurrent",
            ) from None
    return release
