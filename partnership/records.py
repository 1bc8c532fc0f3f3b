"""Writes by natural key, shared by every app's services.

A record is found by its natural key (a theme's slug, an organisation's short name, a trainee's reference), then
created, or brought in line with the wanted values, or left alone; the caller learns which. Imports and the demo
data rely on it: running the same data twice writes nothing the second time.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from django.db import models, transaction

M = TypeVar("M", bound=models.Model)


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Saved(Generic[M]):
    record: M
    outcome: Outcome


def _differs(record: models.Model, name: str, value) -> bool:
    field = record._meta.get_field(name)
    if field.is_relation:
        wanted = value.pk if isinstance(value, models.Model) else value
        return getattr(record, field.attname) != wanted
    wanted = field.to_python(value) if value is not None else None
    return getattr(record, name) != wanted


def apply_changes(record: models.Model, values: dict) -> list[str]:
    """Set on ``record`` the ``values`` that differ from what it holds; returns their names (empty: unchanged). The
    upserts' one change detection (``save_by_key`` and the bulk writers such as ``traineeship.save_trainees``)."""
    changed = [name for name, value in values.items() if _differs(record, name, value)]
    for name in changed:
        setattr(record, name, values[name])
    return changed


def save_by_key(
    model: type[M], *, key: dict, values: dict, related: dict[str, Iterable[models.Model]] | None = None
) -> Saved[M]:
    """Create the record with ``key`` or bring its ``values`` (and many-to-many ``related`` sets) in line.

    Validates with ``full_clean`` before writing; writes only the fields that differ.
    """
    with transaction.atomic():
        record = model._default_manager.select_for_update().filter(**key).first()
        if record is None:
            record = model(**key, **values)
            record.full_clean()
            record.save()
            outcome = Outcome.CREATED
        else:
            changed = apply_changes(record, values)
            if changed:
                record.full_clean()
                record.save(update_fields=changed)
            outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        for name, objects in (related or {}).items():
            manager = getattr(record, name)
            wanted = list(objects)
            if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in wanted}:
                manager.set(wanted)
                if outcome is Outcome.UNCHANGED:
                    outcome = Outcome.UPDATED
    return Saved(record, outcome)


def write_record(record: M, values: dict) -> M:
    """Set ``values`` on ``record`` (many-to-many fields become exactly the given objects), validate with
    ``full_clean`` and save, in one transaction; an existing record is locked first. For the workspace's forms."""
    many_to_many = {name: values.pop(name) for name in list(values) if record._meta.get_field(name).many_to_many}
    with transaction.atomic():
        if record.pk is not None:
            record = type(record)._default_manager.select_for_update().get(pk=record.pk)
        for name, value in values.items():
            setattr(record, name, value)
        record.full_clean()
        record.save()
        for name, objects in many_to_many.items():
            getattr(record, name).set(list(objects))
    return record
