import pytest

from tests import factories


@pytest.fixture
def world(government_organisation, education_organisation):
    """What an assignments file names: the two organisations, a theme and the requester's contact person."""
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    factories.ContactPersonFactory(organisation=government_organisation, email="petra@ienw.nl")
    return {"theme": theme}
