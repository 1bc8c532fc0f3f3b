"""Members edit their own organisation's profile and contact people."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEvent, AccountEventKind
from assignments.models import AssignmentState
from partnership.models import ContactPerson
from reporting import figures
from tests import factories
from tests.accounts.helpers import refused_form

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "description": "Wij werken aan digitale overheid.",
        "website": "https://www.ienw.example.nl",
        "city": "Den Haag",
    }
    data.update(overrides)
    return data


def contact_data(**overrides):
    data = {"name": "Jan Jansen", "email": "jan@ienw.example.nl", "phone": "070 123 45 67", "function": "Adviseur"}
    data.update(overrides)
    return data


def test_member_edits_profile_but_not_the_name(client, government_member):
    organisation = government_member.organisation
    client.force_login(government_member)
    page = client.get(reverse("organisation_profile_edit")).content.decode()
    assert 'name="name"' not in page
    response = client.post(reverse("organisation_profile_edit"), profile_data(name="Nieuwe naam", kind="education"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Ministerie van Infrastructuur en Waterstaat"
    assert organisation.kind == "government"
    assert organisation.city == "Den Haag"
    assert organisation.website == "https://www.ienw.example.nl"
    event = AccountEvent.objects.get(kind=AccountEventKind.PROFILE_CHANGED)
    assert (event.by, event.organisation) == (government_member, organisation)


def test_website_without_scheme_gets_https(client, government_member):
    client.force_login(government_member)
    client.post(reverse("organisation_profile_edit"), profile_data(website="www.ienw.example.nl"))
    government_member.organisation.refresh_from_db()
    assert government_member.organisation.website == "https://www.ienw.example.nl"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (profile_data(website="niet een adres"), "website", "Voer een geldige URL in."),
        (profile_data(website="https://" + "a" * 200 + ".nl"), "website", "niet meer dan 200 tekens"),
        (profile_data(city="x" * 101), "city", "niet meer dan 100 tekens"),
        (profile_data(description="x" * 4001), "description", "niet meer dan 4000 tekens"),
    ],
)
def test_profile_form_refuses_bad_input_and_keeps_it(client, government_member, data, field, message):
    client.force_login(government_member)
    html, error_block = refused_form(client.post(reverse("organisation_profile_edit"), data), field)
    assert message in error_block
    assert 'aria-invalid="true"' in html
    assert "Den Haag" in html or field == "city"  # typed values are kept
    government_member.organisation.refresh_from_db()
    assert government_member.organisation.city == ""


def test_education_member_chooses_themes(client, education_member):
    data_ai = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    cyber = factories.ThemeFactory(slug="cyber", name="Cyberveiligheid")
    lab_only = factories.ThemeFactory(slug="lab", name="Alleen fieldlabs", for_assignments=False)
    client.force_login(education_member)
    page = client.get(reverse("organisation_profile_edit")).content.decode()
    assert "Cyberveiligheid" in page
    assert "Alleen fieldlabs" not in page
    assert "<fieldset" in page and "<legend" in page
    client.post(reverse("organisation_profile_edit"), profile_data(themes=[data_ai.pk, cyber.pk]))
    assert set(education_member.organisation.themes.all()) == {data_ai, cyber}
    response = client.post(reverse("organisation_profile_edit"), profile_data(themes=[lab_only.pk]))
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert set(education_member.organisation.themes.all()) == {data_ai, cyber}


def test_government_profile_has_no_themes(client, government_member):
    client.force_login(government_member)
    factories.ThemeFactory(name="Cyberveiligheid")
    assert "Cyberveiligheid" not in client.get(reverse("organisation_profile_edit")).content.decode()


def test_add_edit_and_remove_a_contact(client, government_member):
    client.force_login(government_member)
    response = client.post(reverse("organisation_contact_create"), contact_data(is_primary="on"))
    assert response.status_code == 302
    contact = ContactPerson.objects.get()
    assert contact.organisation == government_member.organisation
    assert contact.is_primary
    assert "Jan Jansen" in client.get(reverse("organisation_profile")).content.decode()

    client.post(reverse("organisation_contact_edit", args=[contact.pk]), contact_data(function="Teamleider"))
    contact.refresh_from_db()
    assert contact.function == "Teamleider"
    assert not contact.is_primary

    assert ContactPerson.objects.filter(pk=contact.pk).exists()  # GET only confirms
    client.get(reverse("organisation_contact_delete", args=[contact.pk]))
    assert ContactPerson.objects.filter(pk=contact.pk).exists()
    client.post(reverse("organisation_contact_delete", args=[contact.pk]))
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    kinds = list(AccountEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [AccountEventKind.CONTACT_ADDED, AccountEventKind.CONTACT_CHANGED, AccountEventKind.CONTACT_REMOVED]


def test_one_primary_contact(client, government_member, gov_contact):
    client.force_login(government_member)
    client.post(reverse("organisation_contact_create"), contact_data(is_primary="on"))
    primaries = ContactPerson.objects.filter(organisation=government_member.organisation, is_primary=True)
    assert list(primaries.values_list("name", flat=True)) == ["Jan Jansen"]
    gov_contact.refresh_from_db()
    assert not gov_contact.is_primary


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (contact_data(name=""), "name", "Dit veld is verplicht."),
        (contact_data(name="n" * 151), "name", "niet meer dan 150 tekens"),
        (contact_data(email=""), "email", "Dit veld is verplicht."),
        (contact_data(email="jan-at-ienw"), "email", "Voer een geldig e-mailadres in."),
        (contact_data(phone="bel mij"), "phone", "Voer een telefoonnummer in met alleen cijfers"),
        (contact_data(phone="0" * 31), "phone", "niet meer dan 30 tekens"),
        (contact_data(function="f" * 101), "function", "niet meer dan 100 tekens"),
        (contact_data(email="PETRA@ienw.example.nl"), "email", "Uw organisatie heeft al een contactpersoon"),
    ],
)
def test_contact_form_refuses_bad_input_and_keeps_it(client, government_member, gov_contact, data, field, message):
    client.force_login(government_member)
    html, error_block = refused_form(client.post(reverse("organisation_contact_create"), data), field)
    assert message in error_block
    if field != "name":
        assert 'value="Jan Jansen"' in html
    assert ContactPerson.objects.count() == 1


def test_same_email_is_allowed_in_another_organisation(client, government_member, outsider_contact):
    client.force_login(government_member)
    response = client.post(reverse("organisation_contact_create"), contact_data(email=outsider_contact.email))
    assert response.status_code == 302


def test_removing_a_contact_keeps_the_assignment_and_the_figures(client, government_member, gov_contact):
    assignment = factories.AssignmentFactory(
        government_organisation=government_member.organisation, contact=gov_contact, state=AssignmentState.EXECUTION
    )
    today = timezone.localdate()
    before = figures.compute_figures(today)
    assert before["assignments"]["by_status"][AssignmentState.EXECUTION] == 1
    client.force_login(government_member)
    client.post(reverse("organisation_contact_delete", args=[gov_contact.pk]))
    assignment.refresh_from_db()
    assert assignment.contact is None
    assert assignment.state == AssignmentState.EXECUTION
    assert figures.compute_figures(today) == before
