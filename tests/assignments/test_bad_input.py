"""Issue 12 on the request workflow: a missing or altered form token, dates outside 1900–2999, invisible
direction and zero-width characters in a title, and the interest note that only the programme office reads."""

import re

import pytest
from django.urls import reverse

from assignments.models import Assignment, AssignmentState, Interest
from partnership.lists import DEFAULT_PAGE_SIZE
from tests.assignments.conftest import form_data

pytestmark = pytest.mark.django_db
CREATE = "/aanvragen/nieuw/"
TOKEN = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')


@pytest.mark.parametrize("token", ["", "not-a-uuid", "0b4f4a8e-2d0e-4a57-9c43-4c1a5a3c0e1", "x" * 10_000, None])
def test_a_missing_or_altered_form_token_is_a_form_error_with_a_fresh_token(client, government_member, theme, token):
    client.force_login(government_member)

    response = client.post(CREATE, form_data(theme, form_token=token))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit formulier kon niet worden verwerkt." in page
    assert not Assignment.objects.exists()
    fresh = TOKEN.search(page).group(1)
    resent = client.post(CREATE, form_data(theme, form_token=fresh))
    assert resent.status_code == 302
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_a_wanted_period_outside_1900_to_2999_is_refused_next_to_the_field(client, government_member, theme, day):
    client.force_login(government_member)

    response = client.post(CREATE, form_data(theme, period_start=day, period_end=day))

    assert response.status_code == 200
    assert "Voer een datum in tussen de jaren 1900 en 2999." in response.content.decode()
    assert not Assignment.objects.exists()


def test_invisible_direction_and_zero_width_characters_are_removed_from_the_title(client, government_member, theme):
    client.force_login(government_member)
    hidden = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff"

    client.post(CREATE, form_data(theme, title=f"Data{hidden} & AI\u202eexe.pdf", description=f"Tekst{hidden}."))

    assignment = Assignment.objects.get()
    assert assignment.title == "Data & AIexe.pdf"
    assert assignment.description == "Tekst."


def test_a_title_of_only_invisible_characters_is_empty(client, government_member, theme):
    client.force_login(government_member)

    response = client.post(CREATE, form_data(theme, title="\u200b\u202e\ufeff"))

    assert response.status_code == 200
    assert not Assignment.objects.exists()


@pytest.fixture
def interested(make_request, education_organisation):
    assignment = make_request(AssignmentState.OPEN)
    Interest.objects.create(assignment=assignment, organisation=education_organisation, note="Alleen voor het bureau")
    return assignment


def test_the_requesting_organisation_does_not_read_the_interest_note(client, government_member, interested):
    client.force_login(government_member)

    page = client.get(reverse("assignments:request_detail", args=[interested.pk])).content.decode()

    assert "Hogeschool Utrecht" in page  # who is interested, yes
    assert "Alleen voor het bureau" not in page


def test_the_programme_office_reads_the_interest_note(client, coordinator, interested):
    client.force_login(coordinator)

    page = client.get(reverse("assignments:request_detail", args=[interested.pk])).content.decode()

    assert "Alleen voor het bureau" in page


@pytest.mark.parametrize(
    "query",
    [
        {"per_page": "-1"},
        {"per_page": "1000000"},
        {"per_page": "abc"},
        {"page": "-1"},
        {"page": "x" * 10_000},
        {"page": "999999999999999999999"},
        {"sort": "no_such_column"},
        {"sort": "-\u202etitle"},
        {"state": "no-such-state", "theme": "999999999999999999999"},
    ],
)
def test_a_list_answers_nonsense_parameters_with_a_page_of_at_most_the_largest_size(
    client, coordinator, make_request, query
):
    for _ in range(3):
        make_request(AssignmentState.SUBMITTED)
    client.force_login(coordinator)

    response = client.get(reverse("assignments:assignment_list"), query)

    assert response.status_code == 200
    page = response.context["table"].page
    assert 1 <= page.paginator.per_page <= 100
    if "per_page" in query:
        assert page.paginator.per_page == 25
        assert "is geen paginagrootte" in response.content.decode()


def test_the_user_list_answers_a_negative_or_huge_page_size_with_its_default(client, coordinator):
    client.force_login(coordinator)

    for value in ("-1", "1000000"):
        response = client.get(reverse("user_list"), {"per_page": value, "page": "-5", "sort": "password"})

        assert response.status_code == 200
        assert response.context["table"].paginator.per_page == DEFAULT_PAGE_SIZE
        assert "is geen paginagrootte" in response.content.decode()
