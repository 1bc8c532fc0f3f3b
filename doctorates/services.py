"""Every write of dual PhD candidates, their placements and the leads for new placements.

Each ``save_*`` finds its record by the natural key (its first keyword arguments) and creates it, brings it in
line or leaves it alone (``partnership.records.save_by_key``).
"""

from partnership.access import require_coordinator
from partnership.models import Organisation
from partnership.records import Saved, save_by_key, write_record

from .models import DoctoralCandidate, DoctoralLead, DoctoralPlacement


def save_candidate(*, reference: str, **values) -> Saved[DoctoralCandidate]:
    return save_by_key(DoctoralCandidate, key={"reference": reference}, values=values)


def save_placement(*, candidate: DoctoralCandidate, host: Organisation, **values) -> Saved[DoctoralPlacement]:
    """The candidate's placement with one host; a co-hosted candidate has one per host."""
    return save_by_key(DoctoralPlacement, key={"candidate": candidate, "host": host}, values=values)


def save_lead(*, title: str, **values) -> Saved[DoctoralLead]:
    return save_by_key(DoctoralLead, key={"title": title}, values=values)


# --- the coordinators' workspace -----------------------------------------------------------------------------------


def create_candidate(*, by, **values) -> DoctoralCandidate:
    require_coordinator(by)
    return write_record(DoctoralCandidate(), values)


def update_candidate(*, candidate, by, **values) -> DoctoralCandidate:
    require_coordinator(by)
    return write_record(candidate, values)


def add_placement(*, candidate, by, **values) -> DoctoralPlacement:
    """A placement of the candidate at one more host; one placement per host."""
    require_coordinator(by)
    return write_record(DoctoralPlacement(candidate=candidate), values)


def create_lead(*, by, **values) -> DoctoralLead:
    require_coordinator(by)
    return write_record(DoctoralLead(), values)


def update_lead(*, lead, by, **values) -> DoctoralLead:
    require_coordinator(by)
    return write_record(lead, values)
