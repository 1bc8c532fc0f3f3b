"""Helpers shared by the demo data builders: idempotent writes and the tally the command prints."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import models

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

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    labels: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def add(self, model: type[models.Model], outcome: str, n: int = 1) -> None:
        key = model._meta.label_lower
        self.labels.setdefault(key, model._meta.verbose_name_plural)
        getattr(self, outcome)[key] += n

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))


def _value(obj, name):
    field_ = obj._meta.get_field(name)
    return getattr(obj, field_.attname)


def _comparable(obj, name, value):
    field_ = obj._meta.get_field(name)
    if isinstance(value, models.Model):
        return value.pk
    if field_.get_internal_type() == "DecimalField" and value is not None:
        return field_.to_python(value)
    return value


def ensure(tally: Tally, model: type[models.Model], lookup: dict, defaults: dict | None = None):
    """Get the object with ``lookup`` or create it; bring ``defaults`` in line without writing when equal."""
    defaults = defaults or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **defaults)
        obj.full_clean()
        obj.save()
        tally.add(model, "created")
        return obj
    changed = [name for name, value in defaults.items() if _value(obj, name) != _comparable(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.full_clean()
        obj.save(update_fields=changed)
        tally.add(model, "updated")
    else:
        tally.add(model, "present")
    return obj


def ensure_m2m(manager, objects) -> None:
    """Set a many-to-many relation; ``set`` writes only the difference."""
    manager.set(objects)
