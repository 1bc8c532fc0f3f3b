"""Where the matching advice shows: the request page (coordinators only), "Vraag om interesse", the institutions'
list ordered by fit, declines, and what each role never sees."""

import pytest
from django.core import mail
from django.urls import reverse

from assignments import lifecycle, services
from assignments.models import AssignmentState, Interest, InterestDecline, InterestInvitation
from assignments.services import WorkflowError
from partnership.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rival(db):
    organisation = factories.EducationOrganisationFactory(name="Hogeschool Concurrent", short_name="HSC")
    factories.EducationMemberFactory(organisation=organisation, email="lid@concurrent.example.nl")
    factories.EducationMemberFactory(organisation=organisation, email="tweede@concurrent.example.nl")
    return organisation


def detail(client, assignment):
    return client.get(reverse("assignments:request_detail", args=[assignment.pk]))


def test_coordinators_see_the_ranking_with_every_factor_and_the_filtered(client, coordinator, make_request, rival):
    wo = factories.EducationOrganisationFactory(name="Universiteit Elders", education_level="WO")
    assignment = make_request(AssignmentState.OPEN, wanted_levels=["HBO"])
    client.force_login(coordinator)

    html = detail(client, assignment).content.decode()

    assert "Matchingsadvies" in html
    assert "Berekend met de standaardweging." in html
    assert "Hogeschool Concurrent (HBO)" in html
    assert "Ervaring in het thema" in html  # a factor's column
    assert "Door de harde filters verwijderd" in html
    assert f"{wo.name} (WO)" in html
    assert "Niveau WO; de aanvraag vraagt om HBO." in html


def test_government_members_never_see_the_advice(client, government_member, make_request, rival):
    assignment = make_request(AssignmentState.OPEN)
    client.force_login(government_member)
    html = detail(client, assignment).content.decode()
    assert detail(client, assignment).status_code == 200
    assert "Matchingsadvies" not in html
    assert "Hogeschool Concurrent" not in html


def test_education_members_see_their_own_fit_only(client, education_member, make_request, rival, theme):
    education_member.organisation.themes.set([theme])
    make_request(AssignmentState.OPEN)
    client.force_login(education_member)

    page = client.get(reverse("assignments:open_requests")).content.decode()

    assert "Waarom het bij u past" in page
    assert "punten: thema Datamanagement &amp; AI hoort bij de thema&#x27;s" in page
    assert "Hogeschool Concurrent" not in page
    assert "Matchingsadvies" not in page


def test_the_institutions_list_is_ordered_by_fit(client, education_member, make_request, theme):
    other_theme = factories.ThemeFactory(slug="cyber", name="Cyberveiligheid")
    education_member.organisation.themes.set([theme, other_theme])
    better = make_request(AssignmentState.OPEN, title="Past goed")
    worse = make_request(AssignmentState.OPEN, title="Past minder", theme=other_theme)
    Interest.objects.create(
        assignment=factories.AssignmentFactory(state=AssignmentState.OPEN, theme=theme),
        organisation=education_member.organisation,
    )  # interest in a similar request
    client.force_login(education_member)

    page = client.get(reverse("assignments:open_requests")).content.decode()

    assert page.index(better.title) < page.index(worse.title)


def test_asking_for_interest_mails_each_member_once_per_institution(
    client, coordinator, make_request, rival, django_capture_on_commit_callbacks
):
    assignment = make_request(AssignmentState.OPEN)
    client.force_login(coordinator)
    url = reverse("assignments:invite_interest", args=[assignment.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"organisations": [rival.pk]}, follow=True)
    assert "Om interesse gevraagd: Hogeschool Concurrent." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["lid@concurrent.example.nl", "tweede@concurrent.example.nl"]
    assert "Heeft uw instelling interesse in" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"organisations": [rival.pk]}, follow=True)
    assert "bekijk het advies opnieuw" in again.content.decode()  # asked before: no longer offered
    assert mail.outbox == []
    assert InterestInvitation.objects.filter(assignment=assignment, organisation=rival).count() == 1
    assert "Om interesse gevraagd" in detail(client, assignment).content.decode()


def test_the_service_never_sends_twice(coordinator, make_request, rival, django_capture_on_commit_callbacks):
    assignment = make_request(AssignmentState.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        made, before = services.invite_interest(assignment=assignment, organisations=[rival], by=coordinator)
    assert (len(made), before) == (1, [])
    with django_capture_on_commit_callbacks(execute=True):
        made, before = services.invite_interest(assignment=assignment, organisations=[rival], by=coordinator)
    assert (made, before) == ([], [rival])
    assert len(mail.outbox) == 2  # the two members, once


def test_a_request_withdrawn_between_showing_and_inviting_sends_nothing(
    client, coordinator, government_member, make_request, rival, django_capture_on_commit_callbacks
):
    assignment = make_request(AssignmentState.OPEN)
    client.force_login(coordinator)
    assert rival.name in detail(client, assignment).content.decode()  # shown
    lifecycle.transition_assignment(assignment=assignment, to_state=AssignmentState.WITHDRAWN, by=government_member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assignments:invite_interest", args=[assignment.pk]), {"organisations": [rival.pk]}, follow=True
        )

    assert response.status_code == 200
    assert "Om interesse vragen kan alleen bij een openstaande aanvraag" in response.content.decode()
    assert not InterestInvitation.objects.exists()
    assert mail.outbox == []
    with pytest.raises(WorkflowError):
        services.invite_interest(assignment=assignment, organisations=[rival], by=coordinator)


def test_an_invited_institution_sees_the_request_even_outside_its_themes(
    client, coordinator, make_request, rival, django_capture_on_commit_callbacks
):
    rival.themes.set([factories.ThemeFactory(slug="other", name="Ander thema")])
    assignment = make_request(AssignmentState.OPEN)
    member = rival.users.filter(role=Role.EDUCATION_MEMBER).first()
    client.force_login(member)
    assert detail(client, assignment).status_code == 404
    services.invite_interest(assignment=assignment, organisations=[rival], by=coordinator)
    assert detail(client, assignment).status_code == 200


def test_a_decline_leaves_the_institution_out_until_it_shows_interest(client, education_member, make_request):
    assignment = make_request(AssignmentState.OPEN)
    organisation = education_member.organisation
    client.force_login(education_member)

    client.post(reverse("assignments:decline", args=[assignment.pk]))
    assert InterestDecline.objects.get(assignment=assignment, organisation=organisation).reason == "declined"
    second = client.post(reverse("assignments:decline", args=[assignment.pk]), follow=True)
    assert "al afgewezen" in second.content.decode()

    services.express_interest(assignment=assignment, organisation=organisation, by=education_member)
    assert not InterestDecline.objects.exists()
    services.withdraw_interest(assignment=assignment, organisation=organisation, by=education_member)
    assert InterestDecline.objects.get().reason == "withdrawn"


def test_the_queue_shows_the_top_three_for_each_open_request(client, coordinator, make_request, rival):
    for n in range(4):
        factories.EducationOrganisationFactory(name=f"Instelling {n}", short_name=f"INST{n}")
    make_request(AssignmentState.OPEN, title="Wacht op een partner")
    client.force_login(coordinator)

    html = client.get(reverse("assignments:queue")).content.decode()

    assert "Advies: top drie" in html
    row = html[html.index("Wacht op een partner") :]
    row = row[: row.index("</tr>")]
    assert row.count("(0)") == 3  # three partners, each with its points


def test_an_institution_sets_its_capacity_on_its_profile(client, education_member, government_member):
    data = {"description": "", "website": "", "city": "Utrecht"}
    client.force_login(education_member)
    client.post(reverse("organisation_profile_edit"), {**data, "capacity_per_half_year": "6"})
    education_member.organisation.refresh_from_db()
    assert education_member.organisation.capacity_per_half_year == 6
    page = client.get(reverse("organisation_profile")).content.decode()
    assert "6 opdrachten tegelijk in voorbereiding of uitvoering" in page

    refused = client.post(reverse("organisation_profile_edit"), {**data, "capacity_per_half_year": "0"})
    assert refused.status_code == 200  # the form again, with a Dutch message
    assert "Zorg ervoor dat deze waarde minstens 1 is." in refused.content.decode()
    education_member.organisation.refresh_from_db()
    assert education_member.organisation.capacity_per_half_year == 6

    client.force_login(government_member)
    assert "capacity_per_half_year" not in client.get(reverse("organisation_profile_edit")).content.decode()
