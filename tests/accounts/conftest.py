import pytest

from tests import factories


@pytest.fixture
def gov_contact(government_organisation):
    return factories.ContactPersonFactory(
        organisation=government_organisation, name="Petra de Vries", email="petra@ienw.example.nl", is_primary=True
    )


@pytest.fixture
def outsider_contact(outsider):
    return factories.ContactPersonFactory(
        organisation=outsider.organisation, name="Karel Geheim", email="karel@other.example.nl", is_primary=True
    )


@pytest.fixture
def logged_in(client):
    """Log ``client`` in as a persona; ``None`` stays anonymous."""

    def _log_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return _log_in
