"""The coordinators' assignment list as CSV and XLSX: exactly the filtered rows (every page), Dutch column names,
inert formulas, a query count that does not grow with the rows, and only for coordinators."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from assignments.models import Assignment, AssignmentState
from tests import factories

from .test_query_budgets import fill, queries_for

pytestmark = pytest.mark.django_db
EXPORT = "assignments:assignment_export"
HEADER = [
    "Nummer",
    "Titel",
    "Status",
    "Aanvragende organisatie",
    "Onderwijspartner",
    "Thema",
    "Soort",
    "Onderwijssoort",
    "Aantal studenten",
    "Begin periode",
    "Einde periode",
    "Laatste wijziging",
    # the rest of the import's format: the export imports back unchanged (tests/exchange/test_export_reimport.py)
    "Beschrijving",
    "Gewenste onderwijssoorten",
    "Contactpersoon (e-mailadres)",
    *(f"{label} op" for label in ("Concept", "Ingediend", "Open voor onderwijspartners", "In voorbereiding")),
    *(f"{label} op" for label in ("In uitvoering", "Afgerond", "Afgewezen", "Ingetrokken", "Geannuleerd")),
    "Reden",
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200, response
    return list(openpyxl.load_workbook(io.BytesIO(_body(response))).active.iter_rows(values_only=True))


@pytest.fixture
def mixed(make_request, education_organisation):
    """Assignments in three states, one of them titled like a formula."""
    made = [make_request(AssignmentState.SUBMITTED) for _n in range(3)]
    made += [make_request(AssignmentState.OPEN) for _n in range(2)]
    made.append(make_request(AssignmentState.OPEN, title='=HYPERLINK("http://x";"klik")'))
    made.append(
        make_request(AssignmentState.PREPARATION, education_organisation=education_organisation, student_count=4)
    )
    return made


def test_the_csv_holds_exactly_the_filtered_rows_with_dutch_names(coordinator_client, mixed):
    response = coordinator_client.get(reverse(EXPORT), {"format": "csv", "state": AssignmentState.OPEN})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="opdrachten-' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == HEADER
    expected = Assignment.objects.filter(state=AssignmentState.OPEN).order_by("-state_changed_at", "-id")
    assert [int(row[0]) for row in rows[1:]] == list(expected.values_list("pk", flat=True))
    with translation.override("nl"):
        assert {row[2] for row in rows[1:]} == {str(AssignmentState.OPEN.label)}
    assert '\'=HYPERLINK("http://x";"klik")' in [row[1] for row in rows[1:]]


def test_the_xlsx_holds_the_same_rows_and_keeps_formulas_inert(coordinator_client, mixed, education_organisation):
    response = coordinator_client.get(reverse(EXPORT), {"format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(response)
    assert list(rows[0]) == HEADER
    assert [row[0] for row in rows[1:]] == list(Assignment.objects.values_list("pk", flat=True))
    by_title = {row[1]: row for row in rows[1:]}
    assert '\'=HYPERLINK("http://x";"klik")' in by_title
    with translation.override("nl"):
        matched = next(row for row in rows[1:] if row[2] == str(AssignmentState.PREPARATION.label))
    assert matched[4] == education_organisation.short_name  # as the import names it
    assert matched[8] == 4  # a number, not text
    assert matched[9].date() == mixed[0].period_start  # a date


def test_the_export_holds_every_page_not_only_the_first(coordinator_client, government_organisation, theme):
    fill(10, government_organisation, factories.EducationOrganisationFactory(), theme)  # 40, more than a page
    rows = csv_rows(coordinator_client.get(reverse(EXPORT), {"format": "csv", "per_page": "10", "page": "2"}))
    assert len(rows) - 1 == Assignment.objects.count() == 40


def test_the_export_follows_text_search_and_the_lists_order(coordinator_client, make_request):
    make_request(title="Waterstanden B")
    make_request(title="Waterstanden A")
    make_request(title="Iets anders")
    rows = csv_rows(coordinator_client.get(reverse(EXPORT), {"format": "csv", "q": "waterstand", "sort": "title"}))
    assert [row[1] for row in rows[1:]] == ["Waterstanden A", "Waterstanden B"]


def test_the_list_links_to_both_exports_with_its_filters(coordinator_client, mixed):
    query = {"state": AssignmentState.OPEN, "q": "x y", "page": "2", "per_page": "10"}
    response = coordinator_client.get(reverse("assignments:assignment_list"), query)
    links = response.context["export_urls"]
    for chosen in ("csv", "xlsx"):
        parts = urlsplit(links[chosen])
        assert parts.path == reverse(EXPORT)
        assert parse_qs(parts.query) == {"state": [AssignmentState.OPEN], "q": ["x y"], "format": [chosen]}
        assert links[chosen].replace("&", "&amp;") in response.content.decode()


@pytest.mark.parametrize("query", [{"format": "pdf"}, {}, {"format": "csv", "state": "nonsense"}])
def test_a_bad_format_or_filter_gets_a_dutch_400(coordinator_client, mixed, query):
    response = coordinator_client.get(reverse(EXPORT), query)
    assert response.status_code == 400
    text = response.content.decode()
    assert "kies csv of xlsx" in text or "niet worden geëxporteerd" in text


@pytest.mark.parametrize("chosen", ["csv", "xlsx"])
def test_the_export_runs_the_same_queries_for_few_and_many_rows(
    coordinator_client, government_organisation, theme, chosen, django_assert_max_num_queries
):
    partner = factories.EducationOrganisationFactory()
    url = f"{reverse(EXPORT)}?format={chosen}"

    def count():
        response = coordinator_client.get(url)
        with django_assert_max_num_queries(10) as captured:
            body = _body(response)  # the rows are read while the response streams
        return len(captured), len(body)

    fill(2, government_organisation, partner, theme)
    few, few_size = count()
    fill(60, government_organisation, partner, theme)
    many, many_size = count()
    assert many == few
    assert many_size > few_size
    with django_assert_max_num_queries(6):
        _body(coordinator_client.get(url))


def test_the_list_keeps_its_query_count_past_the_count_cap(
    coordinator_client, government_organisation, theme, settings, monkeypatch
):
    from partnership import lists

    monkeypatch.setattr(lists.CappedPaginator, "cap", 50)
    fill(5, government_organisation, factories.EducationOrganisationFactory(), theme)
    url = reverse("assignments:assignment_list")
    below = queries_for(coordinator_client, url)
    fill(20, government_organisation, factories.EducationOrganisationFactory(), theme)  # 100 rows, past the cap
    response = coordinator_client.get(url, {"page": "last"})
    assert queries_for(coordinator_client, url) == below
    assert queries_for(coordinator_client, f"{url}?page=last") == below
    assert response.context["table"].paginator.more_than_cap
    # past the cap the pages go on by key: the last one holds the oldest rows
    assert response.context["table"].page.is_last and not response.context["table"].page.is_first
    assert "Verfijn de filters of exporteer de lijst" in response.content.decode()


@pytest.mark.parametrize("persona", ["government_member", "education_member", "outsider"])
def test_only_coordinators_export(client, request, persona, mixed):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(EXPORT), {"format": "csv"})
    assert response.status_code == 403
    assert mixed[0].title not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client, mixed):
    response = client.get(reverse(EXPORT), {"format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
