"""Government members: the request form, drafts, submitting once, editing a draft, bad input."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from assignments.models import Assignment, AssignmentState, AssignmentTransition, RequestToken
from tests import factories
from tests.assignments.conftest import form_data

pytestmark = pytest.mark.django_db
CREATE = "/aanvragen/nieuw/"


def test_the_form_offers_only_assignment_themes_and_own_contacts(client, government_member, theme, primary_contact):
    lab_theme = factories.ThemeFactory(slug="labs-only", name="Alleen voor labs", for_assignments=False)
    other_contact = factories.ContactPersonFactory(name="Iemand Anders")
    client.force_login(government_member)

    page = client.get(CREATE).content.decode()

    assert escape(theme.name) in page and lab_theme.name not in page
    assert primary_contact.name in page and other_contact.name not in page
    assert 'name="form_token"' in page and "Opslaan als concept" in page and "Indienen" in page


def test_submitting_creates_a_submitted_request_of_the_own_organisation(client, government_member, theme):
    client.force_login(government_member)

    response = client.post(CREATE, form_data(theme), follow=True)

    assignment = Assignment.objects.get()
    assert response.redirect_chain[-1][0] == reverse("assignments:request_detail", args=[assignment.pk])
    assert "Uw aanvraag is ingediend." in response.content.decode()
    assert assignment.state == AssignmentState.SUBMITTED
    assert assignment.government_organisation == government_member.organisation
    assert assignment.wanted_levels == ["HBO", "WO"]
    assert assignment.created_by == government_member
    step = AssignmentTransition.objects.get(assignment=assignment)
    assert (step.from_state, step.to_state, step.by) == ("", AssignmentState.SUBMITTED, government_member)


def test_saving_a_draft_may_leave_the_period_open(client, government_member, theme):
    client.force_login(government_member)
    data = form_data(theme, submit=None, save_draft="1", period_start="", period_end="")

    response = client.post(CREATE, data, follow=True)

    assert "Concept opgeslagen." in response.content.decode()
    assert Assignment.objects.get().state == AssignmentState.DRAFT


def test_submitting_needs_the_period(client, government_member, theme):
    client.force_login(government_member)

    response = client.post(CREATE, form_data(theme, period_start="", period_end=""))

    assert response.status_code == 200
    assert "Vul de gewenste periode in om de aanvraag in te dienen." in response.content.decode()
    assert not Assignment.objects.exists()


def test_posting_the_same_form_twice_creates_one_request(client, government_member, theme):
    client.force_login(government_member)
    data = form_data(theme)

    first = client.post(CREATE, data)
    second = client.post(CREATE, data, follow=True)

    assignment = Assignment.objects.get()  # exactly one
    assert first.url == second.redirect_chain[-1][0] == reverse("assignments:request_detail", args=[assignment.pk])
    assert "al verstuurd" in second.content.decode()
    assert AssignmentTransition.objects.filter(assignment=assignment).count() == 1
    assert RequestToken.objects.get().assignment == assignment


def test_a_new_form_gets_a_new_token(client, government_member, theme):
    client.force_login(government_member)
    client.post(CREATE, form_data(theme))
    client.post(CREATE, form_data(theme, form_token=str(uuid.uuid4())))
    assert Assignment.objects.count() == 2


def test_another_users_token_is_refused(client, government_member, theme):
    colleague = factories.UserFactory(organisation=government_member.organisation)
    client.force_login(colleague)
    client.post(CREATE, form_data(theme))
    client.force_login(government_member)

    response = client.post(CREATE, form_data(theme))

    assert response.status_code == 200
    assert "Dit formulier kan niet worden gebruikt." in response.content.decode()
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Dit veld is verplicht."),
        ("title", "x" * 201, "Zorg dat deze waarde niet meer dan 200 tekens bevat"),
        ("description", "", "Dit veld is verplicht."),
        ("description", "x" * 10001, "Zorg dat deze waarde niet meer dan 10000 tekens bevat"),
        ("theme", "", "Dit veld is verplicht."),
        ("theme", "999999", "Selecteer een geldige keuze."),
        ("kind", "", "Dit veld is verplicht."),
        ("kind", "excursion", "Selecteer een geldige keuze."),
        ("wanted_levels", ["PHD"], "Selecteer een geldige keuze."),
        ("student_count", "", "Dit veld is verplicht."),
        ("student_count", "0", "Zorg ervoor dat deze waarde minstens 1 is."),
        ("student_count", "501", "Zorg ervoor dat deze waarde hoogstens 500 is."),
        ("student_count", "abc", "Voer een geheel getal in."),
        ("period_start", "31-02-2030", "Voer een geldige datum in."),
        ("period_end", "morgen", "Voer een geldige datum in."),
        ("period_end", "2030-01-31", "Het einde van de periode kan niet vóór het begin liggen."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_typed_values_stay(
    client, government_member, theme, field, value, message
):
    client.force_login(government_member)
    data = form_data(theme, **{field: value})

    response = client.post(CREATE, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert not Assignment.objects.exists()
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert f'id="id_{field}_error"' in page or f'id="id_{field}_0_error"' in page  # the message sits at the field
    assert message in page
    # what was typed stays in the form
    if field != "title":
        assert 'value="Dashboard voor waterstanden"' in page
    if field not in ("student_count",):
        assert 'value="2"' in page
    if isinstance(value, str) and value and field not in ("theme", "kind", "description") and len(value) < 50:
        assert f'value="{value}"' in page


def test_contact_of_another_organisation_is_refused(client, government_member, theme):
    other = factories.ContactPersonFactory(name="Iemand Anders")
    client.force_login(government_member)

    response = client.post(CREATE, form_data(theme, contact=str(other.pk)))

    assert "Selecteer een geldige keuze." in " ".join(response.context["form"].errors["contact"])
    assert not Assignment.objects.exists()


def test_a_forged_post_without_csrf_token_fails(government_member, theme):
    client = Client(enforce_csrf_checks=True)
    client.force_login(government_member)

    response = client.post(CREATE, form_data(theme))

    assert response.status_code == 403
    assert not Assignment.objects.exists()


# --- editing a draft ---------------------------------------------------------------------------------------------


def test_editing_a_draft_and_submitting_it(client, government_member, make_request, theme):
    draft = make_request(AssignmentState.DRAFT, title="Oude titel")
    client.force_login(government_member)
    url = reverse("assignments:request_edit", args=[draft.pk])
    assert 'value="Oude titel"' in client.get(url).content.decode()

    client.post(url, form_data(theme, title="Nieuwe titel", submit=None, save_draft="1"))
    draft.refresh_from_db()
    assert (draft.title, draft.state) == ("Nieuwe titel", AssignmentState.DRAFT)

    client.post(url, form_data(theme, title="Nieuwe titel"))
    draft.refresh_from_db()
    assert draft.state == AssignmentState.SUBMITTED
    assert draft.transitions.filter(to_state=AssignmentState.SUBMITTED, by=government_member).exists()


def test_bad_input_when_editing_a_draft_keeps_the_draft_unchanged(client, government_member, make_request, theme):
    draft = make_request(AssignmentState.DRAFT, title="Oude titel")
    client.force_login(government_member)

    response = client.post(
        reverse("assignments:request_edit", args=[draft.pk]), form_data(theme, title="Nieuw", student_count="501")
    )

    assert response.status_code == 200
    assert 'value="Nieuw"' in response.content.decode()
    draft.refresh_from_db()
    assert (draft.title, draft.student_count, draft.state) == ("Oude titel", 1, AssignmentState.DRAFT)


def test_a_submitted_request_cannot_be_edited(client, government_member, make_request, theme):
    submitted = make_request(AssignmentState.SUBMITTED, title="Ingediend")
    client.force_login(government_member)
    url = reverse("assignments:request_edit", args=[submitted.pk])

    response = client.post(url, form_data(theme, title="Stiekem gewijzigd"), follow=True)

    assert "Alleen een concept kan worden bewerkt" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.title == "Ingediend"


def test_another_organisations_draft_is_not_found(client, outsider, make_request, theme):
    draft = make_request(AssignmentState.DRAFT, title="Geheim concept")
    client.force_login(outsider)

    for url in (
        reverse("assignments:request_edit", args=[draft.pk]),
        reverse("assignments:request_detail", args=[draft.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Geheim concept" not in response.content.decode()
    assert client.post(reverse("assignments:request_edit", args=[draft.pk]), form_data(theme)).status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Geheim concept"
