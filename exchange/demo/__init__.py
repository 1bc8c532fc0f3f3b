"""The demo data set of ``docs/figures.md``: deterministic, idempotent, realistic and in Dutch.

``seed_demo()`` builds every part through natural keys (a second run finds everything present and writes
nothing); assignments are planned by construction in ``assignments.py`` and written only through
``assignments.lifecycle.import_histories``. ``scale.py`` adds synthetic assignments for benchmarks.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from .assignments import seed_assignments
from .base import Tally
from .knowledge import (
    seed_communities_and_events,
    seed_doctorates,
    seed_fieldlabs,
    seed_knowledge,
    seed_later_knowledge,
    seed_reach,
)
from .organisations import seed_contacts, seed_demo_logins, seed_organisations, seed_themes
from .pipeline import seed_followups, seed_part_time_jobs
from .traineeship import seed_trainees


@dataclass
class SeedResult:
    tally: Tally
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    logins_allowed: bool = False
    synthetic: int = 0
    synthetic_seconds: float = 0.0


def seed_demo(*, logins_allowed: bool, scale: int = 0, today: date | None = None) -> SeedResult:
    """Load the demo set (or find it present); demo log-ins only when ``logins_allowed``.

    With ``today`` the programme runs on after 30 June 2023 up to that day (``continuation.py``); without it the
    demo ends on the infographic's date."""
    tally = Tally()
    with transaction.atomic():
        themes = seed_themes(tally)
        organisations = seed_organisations(tally, themes)
        contacts = seed_contacts(tally, organisations)
        labs = seed_fieldlabs(tally, organisations, themes)
        seed_knowledge(tally, organisations, themes)
        seed_communities_and_events(tally, organisations, themes, today)
        seed_reach(tally)
        if today is not None:
            seed_later_knowledge(tally, organisations, themes, labs, today)
        seed_doctorates(tally, organisations, themes)
        seed_trainees(tally, organisations, today)
        seed_assignments(tally, organisations, themes, contacts, today=today)
        seed_followups(tally, today)
        seed_part_time_jobs(tally, today)
        logins = seed_demo_logins(tally, organisations) if logins_allowed else []
    result = SeedResult(tally=tally, logins=logins, logins_allowed=logins_allowed)
    if scale:
        from .scale import add_synthetic_assignments

        report = add_synthetic_assignments(scale)
        result.synthetic, result.synthetic_seconds = report.assignments, report.seconds
    return result
