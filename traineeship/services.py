"""Every write of trainees of the Rijks I-Traineeship.

``save_trainee`` finds the trainee by reference and creates the record, brings it in line or leaves it alone
(``partnership.records.save_by_key``).
"""

from partnership.access import require_coordinator
from partnership.records import Saved, save_by_key, write_record

from .models import Trainee


def save_trainee(*, reference: str, **values) -> Saved[Trainee]:
    return save_by_key(Trainee, key={"reference": reference}, values=values)


def create_trainee(*, by, **values) -> Trainee:
    require_coordinator(by)
    return write_record(Trainee(), values)


def update_trainee(*, trainee, by, **values) -> Trainee:
    require_coordinator(by)
    return write_record(trainee, values)
