"""What a user may do with an organisation and its contact people; partnership's services ask the same answer."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from partnership import selectors, services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def primary_contact(government_organisation):
    return factories.ContactPersonFactory(organisation=government_organisation, name="Petra Primair")


def test_what_a_user_may_do_with_an_organisation(government_member, coordinator, outsider, primary_contact):
    organisation, access = selectors.get_organisation_for_user(government_member)
    assert organisation == government_member.organisation
    assert access.may_edit_profile and access.may_manage_contacts
    contact, access = selectors.get_contact_for_user(government_member, primary_contact.pk)
    assert contact == primary_contact and access.may_manage_contacts
    with pytest.raises(Http404):
        selectors.get_contact_for_user(outsider, primary_contact.pk)
    with pytest.raises(PermissionDenied):
        selectors.get_organisation_for_user(coordinator)
    assert not selectors.organisation_access(outsider, organisation).may_edit_profile


def test_partnership_services_ask_the_same_answer(government_member, outsider, coordinator, primary_contact):
    for by in (outsider, coordinator):
        with pytest.raises(PermissionDenied):
            services.update_contact(contact=primary_contact, by=by, name="Iemand anders", email="ander@example.nl")
        with pytest.raises(PermissionDenied):
            services.update_organisation_profile(
                organisation=government_member.organisation, by=by, description="", website="", city="Elders"
            )
    changed = services.update_contact(
        contact=primary_contact, by=government_member, name="Petra Primair", email="petra@example.nl", is_primary=True
    )
    assert changed.email == "petra@example.nl"
