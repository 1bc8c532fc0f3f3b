"""Every write of fieldlabs, their dated statuses, knowledge portfolios, research chairs and minors/masters.

Each ``save_*`` finds its record by the natural key (its first keyword arguments) and creates it, brings it in
line or leaves it alone (``partnership.records.save_by_key``).
"""

from collections.abc import Iterable

from partnership.models import Organisation, Theme
from partnership.records import Saved, save_by_key

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
