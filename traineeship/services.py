"""Every write of trainees of the Rijks I-Traineeship.

``save_trainee`` finds the trainee by reference and creates the record, brings it in line or leaves it alone
(``partnership.records.save_by_key``).
"""

from collections.abc import Iterable

from django.db import transaction

from partnership.access import require_coordinator
from partnership.records import Outcome, Saved, apply_changes, save_by_key, write_record

from .models import Trainee


def save_trainee(*, reference: str, **values) -> Saved[Trainee]:
    return save_by_key(Trainee, key={"reference": reference}, values=values)


# Checked by the database in the bulk writer (one query per record otherwise).
UNCHECKED = ["host"]


@transaction.atomic
def save_trainees(trainees: Iterable[dict]) -> list[Saved[Trainee]]:
    """``save_trainee`` for many trainees at once (the demo data): one read, one insert, one update.

    Same outcomes as ``save_trainee`` one by one; each record's fields are validated (``clean_fields``, ``clean``)
    except the host, whose existence is the foreign key's to check: the database's constraints guard the rest.
    """
    wanted = [dict(values) for values in trainees]
    existing = Trainee.objects.select_for_update().in_bulk(
        [values["reference"] for values in wanted], field_name="reference"
    )
    created, updated, changed_fields, results = [], [], set(), []
    for values in wanted:
        reference = values.pop("reference")
        record = existing.get(reference)
        if record is None:
            record = Trainee(reference=reference, **values)
            record.full_clean(exclude=UNCHECKED, validate_unique=False, validate_constraints=False)
            created.append(record)
            outcome = Outcome.CREATED
        else:
            changed = apply_changes(record, values)
            if changed:
                record.full_clean(exclude=UNCHECKED, validate_unique=False, validate_constraints=False)
                updated.append(record)
                changed_fields.update(changed)
            outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        results.append(Saved(record, outcome))
    Trainee.objects.bulk_create(created)
    if updated:
        Trainee.objects.bulk_update(updated, sorted(changed_fields))
    return results


def create_trainee(*, by, **values) -> Trainee:
    require_coordinator(by)
    return write_record(Trainee(), values)


def update_trainee(*, trainee, by, **values) -> Trainee:
    require_coordinator(by)
    return write_record(trainee, values)
