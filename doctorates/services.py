"""Every write of dual PhD candidates, their placements and the leads for new placements.

Each ``save_*`` finds its record by the natural key (its first keyword arguments) and creates it, brings it in
line or leaves it alone (``partnership.records.save_by_key``).
"""

from partnership.models import Organisation
from partnership.records import Saved, save_by_key

from .models import DoctoralCandidate, DoctoralLead, DoctoralPlacement


def save_candidate(*, reference: str, **values) -> Saved[DoctoralCandidate]:
    return save_by_key(DoctoralCandidate, key={"reference": reference}, values=values)


def save_placement(*, candidate: DoctoralCandidate, host: Organisation, **values) -> Saved[DoctoralPlacement]:
    """The candidate's placement with one host; a co-hosted candidate has one per host."""
    return save_by_key(DoctoralPlacement, key={"candidate": candidate, "host": host}, values=values)


def save_lead(*, title: str, **values) -> Saved[DoctoralLead]:
    return save_by_key(DoctoralLead, key={"title": title}, values=values)
