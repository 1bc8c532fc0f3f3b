"""Every write of trainees of the Rijks I-Traineeship.

``save_trainee`` finds the trainee by reference and creates the record, brings it in line or leaves it alone
(``partnership.records.save_by_key``).
"""

from partnership.records import Saved, save_by_key

from .models import Trainee


def save_trainee(*, reference: str, **values) -> Saved[Trainee]:
    return save_by_key(Trainee, key={"reference": reference}, values=values)
