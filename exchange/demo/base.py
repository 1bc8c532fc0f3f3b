"""What the demo data builders share: the demo's dates and seed, and the tally the command prints."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import models

from partnership.records import Outcome, Saved

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The declaration of intent was signed in June 2020; nothing in the demo happens before it.
PROGRAMME_START = date(2020, 6, 11)
# The demo world ends on the infographic's date; no record lies after it unless it is planned.
DEMO_END = date(2023, 6, 30)
SEED = "i-partnerschap-demo-2023"


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


@dataclass
class Tally:
    """What a run created, found already present, or brought back in line with the demo definition."""

    counts: dict[Outcome, Counter] = field(default_factory=lambda: {outcome: Counter() for outcome in Outcome})
    labels: dict = field(default_factory=dict)

    def add(self, model: type[models.Model], outcome: Outcome, n: int = 1) -> None:
        key = model._meta.label_lower
        self.labels.setdefault(key, model._meta.verbose_name_plural)
        self.counts[outcome][key] += n

    def saved(self, saved: Saved) -> models.Model:
        """Count what a service's ``save_*`` did and hand back the record."""
        self.add(type(saved.record), saved.outcome)
        return saved.record

    @property
    def changed(self) -> bool:
        return any(self.counts[outcome].total() for outcome in (Outcome.CREATED, Outcome.UPDATED))
