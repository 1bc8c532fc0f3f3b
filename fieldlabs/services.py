"""Every write of fieldlabs, their dated statuses, knowledge portfolios, research chairs and minors/masters.

Each ``save_*`` finds its record by the natural key (its first keyword arguments) and creates it, brings it in
line or leaves it alone (``partnership.records.save_by_key``).
"""

from collections.abc import Iterable

from partnership.access import require_coordinator
from partnership.models import Organisation, Theme
from partnership.records import Saved, save_by_key, write_record

from .models import Curriculum, Fieldlab, FieldlabStatusChange, KnowledgePortfolio, ResearchChair


def save_fieldlab(
    *, name: str, themes: Iterable[Theme] = (), partners: Iterable[Organisation] = (), **values
) -> Saved[Fieldlab]:
    return save_by_key(Fieldlab, key={"name": name}, values=values, related={"themes": themes, "partners": partners})


def save_fieldlab_status(*, fieldlab: Fieldlab, since, status: str) -> Saved[FieldlabStatusChange]:
    """From ``since`` on the lab is in ``status``; one status per lab per day."""
    return save_by_key(FieldlabStatusChange, key={"fieldlab": fieldlab, "since": since}, values={"status": status})


def save_knowledge_portfolio(*, theme: Theme, **values) -> Saved[KnowledgePortfolio]:
    return save_by_key(KnowledgePortfolio, key={"theme": theme}, values=values)


def save_research_chair(*, title: str, institution: Organisation, **values) -> Saved[ResearchChair]:
    return save_by_key(ResearchChair, key={"title": title, "institution": institution}, values=values)


def save_curriculum(*, title: str, institution: Organisation, **values) -> Saved[Curriculum]:
    return save_by_key(Curriculum, key={"title": title, "institution": institution}, values=values)


# --- the coordinators' workspace -----------------------------------------------------------------------------------


def create_fieldlab(*, by, **values) -> Fieldlab:
    require_coordinator(by)
    return write_record(Fieldlab(), values)


def update_fieldlab(*, fieldlab, by, **values) -> Fieldlab:
    require_coordinator(by)
    return write_record(fieldlab, values)


def add_fieldlab_status(*, fieldlab, by, status: str, since) -> FieldlabStatusChange:
    """From ``since`` on the lab is in ``status``; a second status on the same day is refused."""
    require_coordinator(by)
    return write_record(FieldlabStatusChange(fieldlab=fieldlab), {"status": status, "since": since})


def create_knowledge_portfolio(*, by, **values) -> KnowledgePortfolio:
    require_coordinator(by)
    return write_record(KnowledgePortfolio(), values)


def update_knowledge_portfolio(*, portfolio, by, **values) -> KnowledgePortfolio:
    require_coordinator(by)
    return write_record(portfolio, values)


def create_curriculum(*, by, **values) -> Curriculum:
    require_coordinator(by)
    return write_record(Curriculum(), values)


def update_curriculum(*, curriculum, by, **values) -> Curriculum:
    require_coordinator(by)
    return write_record(curriculum, values)
