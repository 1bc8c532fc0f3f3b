"""Every write of part-time jobs: the request, and the steps filled, ended and cancelled (the only code that writes
a part-time job's state; ``import_jobs`` is its bulk twin for the demo data, ``save_job`` the import's)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import pairwise

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.access import require_coordinator
from partnership.records import apply_changes, write_record

from .models import STEPS, JobState, PartTimeJob, PartTimeJobStep

# Who may take each step: the requesting organisation's members request; coordinators do everything.
MEMBER_STEPS = frozenset({("", JobState.REQUESTED)})


def _check_may(by, job: PartTimeJob, step: tuple[str, str]) -> None:
    if by is None or by.is_coordinator:
        return
    if step in MEMBER_STEPS and by.is_government_member and by.organisation_id == job.government_organisation_id:
        return
    raise PermissionDenied


def request_job(*, by, at: dt.datetime | None = None, **values) -> PartTimeJob:
    """A government partner member (for their own organisation) or a coordinator requests a part-time job."""
    at = at or timezone.now()
    with transaction.atomic():
        job = PartTimeJob(**values, state=JobState.REQUESTED, state_changed_at=at, created_by=by)
        _check_may(by, job, ("", JobState.REQUESTED))
        job.full_clean()
        job.save()
        PartTimeJobStep.objects.create(job=job, from_state="", to_state=JobState.REQUESTED, at=at, by=by)
    return job


def update_job(*, job: PartTimeJob, by, **values) -> PartTimeJob:
    """The workspace's edit form: a coordinator corrects the fields (never the state)."""
    require_coordinator(by)
    check_students_kept(job, values)
    return write_record(job, values)


def _step(job: PartTimeJob, to_state: str, *, by, at, note: str = "", **values) -> PartTimeJob:
    at = at or timezone.now()
    with transaction.atomic():
        job = PartTimeJob.objects.select_for_update().get(pk=job.pk)
        step = (job.state, to_state)
        if step not in STEPS:
            raise ValidationError(
                _("A part-time job that is %(state)s cannot become %(to)s.")
                % {"state": job.get_state_display().lower(), "to": JobState(to_state).label.lower()}
            )
        _check_may(by, job, step)
        if at < job.state_changed_at:
            raise ValidationError(_("This step cannot be dated before the previous one."))
        for name, value in values.items():
            setattr(job, name, value)
        job.state, job.state_changed_at = to_state, at
        job.full_clean()
        job.save()
        PartTimeJobStep.objects.filter(job=job, ended_at__isnull=True).update(ended_at=at)
        PartTimeJobStep.objects.create(
            job=job, from_state=step[0], to_state=to_state, at=at, by=by, note=note, student_count=_hired(job, to_state)
        )
    return job


def _hired(job: PartTimeJob, to_state: str) -> int | None:
    """The students a step records: the job's, on the step to filled."""
    return job.student_count if to_state == JobState.FILLED else None


def check_students_kept(job: PartTimeJob, values: dict) -> None:
    """A filled (or ended) job's number of students is the one hired when it was filled: the figures of every date
    since read it from that step, so it is not edited afterwards."""
    if students_changed_after_filling(job.state, job.student_count, values.get("student_count", job.student_count)):
        raise ValidationError({"student_count": students_kept_message()})


def students_changed_after_filling(state: str, stored: int, given: int) -> bool:
    return state in (JobState.FILLED, JobState.ENDED) and given != stored


def students_kept_message() -> str:
    return _(
        "The number of students of a filled part-time job is the number hired when it was filled; it cannot be "
        "changed afterwards."
    )


def fill_job(*, job, by, student_count: int, started_on: dt.date, at=None, note="") -> PartTimeJob:
    """Students were hired: the job is filled from ``started_on`` with ``student_count`` students."""
    return _step(job, JobState.FILLED, by=by, at=at, note=note, student_count=student_count, started_on=started_on)


def end_job(*, job, by, at=None, note="") -> PartTimeJob:
    return _step(job, JobState.ENDED, by=by, at=at, note=note)


def cancel_job(*, job, by, at=None, note="") -> PartTimeJob:
    return _step(job, JobState.CANCELLED, by=by, at=at, note=note)


def check_path(label: str, states: Sequence[str], times: Sequence) -> None:
    """Refuse a history that is not a way through ``STEPS`` in time order."""
    previous = ""
    for state in states:
        if (previous, state) not in STEPS:
            raise ValidationError(f"{label}: {previous or 'new'} → {state} is not a step of a part-time job")
        previous = state
    if not states or len(times) != len(states) or any(b < a for a, b in pairwise(times)):
        raise ValidationError(f"{label}: the steps are not in time order")


@transaction.atomic
def import_jobs(items: Iterable[tuple[PartTimeJob, Sequence[tuple[str, dt.datetime]]]]) -> int:
    """Bulk-load part-time jobs with their complete histories (demo data): [(unsaved job, [(state, at), ...])]."""
    jobs, histories = [], []
    for job, steps in items:
        check_path(job.title, [state for state, _at in steps], [at for _state, at in steps])
        job.state, job.state_changed_at = steps[-1]
        job.full_clean(exclude=["government_organisation", "theme", "created_by"], validate_constraints=False)
        jobs.append(job)
        histories.append(steps)
    PartTimeJob.objects.bulk_create(jobs)
    rows = []
    for job, steps in zip(jobs, histories, strict=True):
        previous = ""
        for index, (state, at) in enumerate(steps):
            ended_at = steps[index + 1][1] if index + 1 < len(steps) else None
            rows.append(
                PartTimeJobStep(
                    job=job,
                    from_state=previous,
                    to_state=state,
                    at=at,
                    ended_at=ended_at,
                    student_count=_hired(job, state),
                )
            )
            previous = state
    PartTimeJobStep.objects.bulk_create(rows)
    return len(jobs)


def save_job(
    *, government_organisation_id: int, title: str, steps: Sequence[tuple[str, dt.datetime]], **values
) -> PartTimeJob:
    """The import: create the job of (government organisation, title) with its dated ``steps`` [(state, at), ...],
    or bring an existing one's own fields in line and add the steps the file has beyond the portal's history.

    A history is never rewritten: the portal's steps must be the file's first steps (else ``ValidationError``); each
    step is taken through the same code as the workspace's (``request_job``, ``_step``)."""
    states = [state for state, _at in steps]
    check_path(title, states, [at for _state, at in steps])
    with transaction.atomic():
        job = (
            PartTimeJob.objects.select_for_update()
            .filter(government_organisation_id=government_organisation_id, title__iexact=title)
            .first()
        )
        if job is None:
            job = request_job(
                by=None, at=steps[0][1], government_organisation_id=government_organisation_id, title=title, **values
            )
            done = 1
        else:
            check_students_kept(job, values)
            changed = apply_changes(job, values)
            if changed:
                job.full_clean()
                job.save(update_fields=[*changed, "updated_at"])
            history = list(job.steps.order_by("at", "id").values_list("to_state", flat=True))
            if states[: len(history)] != history:
                raise ValidationError(
                    _(
                        "The state history of “%(title)s” in the portal differs from the file; an import does not "
                        "rewrite it."
                    )
                    % {"title": title}
                )
            done = len(history)
        for state, at in steps[done:]:
            job = _step(job, state, by=None, at=at)
    return job


# --- the workspace (coordinators) ------------------------------------------------------------------------------


def create_job(*, by, **values) -> PartTimeJob:
    """The workspace's create form: a coordinator records a request for an organisation."""
    require_coordinator(by)
    return request_job(by=by, **values)


def add_step(
    *, job: PartTimeJob, by, to_state: str, on: dt.date, student_count=None, started_on=None, note=""
) -> PartTimeJob:
    """The workspace's step form: filled (students hired, start date), ended or cancelled, on a day up to today.

    Today's step is dated now; an earlier day's at noon (Europe/Amsterdam)."""
    require_coordinator(by)
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"on": _("A step cannot be dated in the future.")})
    at = timezone.now() if on == today else dt.datetime.combine(on, dt.time(12), tzinfo=timezone.get_default_timezone())
    if to_state == JobState.FILLED:
        return fill_job(job=job, by=by, at=at, note=note, student_count=student_count, started_on=started_on)
    if to_state == JobState.ENDED:
        return end_job(job=job, by=by, at=at, note=note)
    return cancel_job(job=job, by=by, at=at, note=note)
