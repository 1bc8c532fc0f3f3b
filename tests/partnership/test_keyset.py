"""Lists page by key: every sort a list offers (both directions, ties, NULLs) visits every row exactly once, forwards
and backwards; a page by key costs the same queries as the first; a key that is not one shows the first page with a
Dutch notice, never an error."""

import base64
import datetime as dt
import json

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment
from assignments.tables import AllAssignmentsTable
from partnership import lists
from partnership.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db
LIST = "assignments:assignment_list"
STALE = "past niet (meer) bij de lijst"


@pytest.fixture(scope="module")
def assignments(module_transaction, django_db_blocker):
    """23 assignments (three pages of ten) with ties in every column and NULLs in the nullable ones, made once for
    the module (in one transaction around its tests, rolled back after the last: tests/conftest.py,
    ``module_transaction``); what a test adds is rolled back with the test."""
    with django_db_blocker.unblock():
        return make_assignments(factories.GovernmentOrganisationFactory())


def make_assignments(government_organisation):
    theme = factories.ThemeFactory()
    partners = [factories.EducationOrganisationFactory(short_name=name) for name in ("HvA", "UU")]
    made = [
        factories.AssignmentFactory(theme=theme, government_organisation=government_organisation) for _ in range(23)
    ]
    moment = timezone.now().replace(microsecond=0)
    for n, assignment in enumerate(made):
        Assignment.objects.filter(pk=assignment.pk).update(
            title=f"Opdracht {'ABC'[n % 3]}",
            student_count=1 + n % 2,
            state_changed_at=moment - dt.timedelta(days=n % 4),
            period_start=None if n % 3 == 0 else dt.date(2025, 1, 1 + n % 2),
            period_end=None if n % 5 == 0 else dt.date(2025, 6, 1),
            education_organisation=None if n % 2 else partners[n % 4 // 2],
        )
    return made


def _table(query: dict):
    request = RequestFactory().get("/", query)
    return lists.paginate(request, AllAssignmentsTable(Assignment.objects.select_related("theme"), caption="Lijst"))


def _walk(query: dict, start: str, step: str) -> list[int]:
    seen, page, table = [], start, None
    for _guard in range(10):
        table = _table({**query, "page": page})
        assert not table.page_notice
        rows = [row.record.pk for row in table.paginated_rows]
        seen = seen + rows if step == "next_key" else rows + seen
        page = getattr(table.page, step)
        if not page:
            return seen
    raise AssertionError("the walk did not end")


def _expected(query: dict) -> list[int]:
    """The list's whole order, unpaged: the table's order and then the id (what the key pages through)."""
    table = _table(query)
    keys = lists.sort_keys(table.data.data)
    return list(table.data.data.order_by(*(key.ordering for key in keys)).values_list("pk", flat=True))


SORTS = [
    "",
    *(
        f"{sign}{name}"
        for name in (
            "title",
            "state",
            "government_organisation",
            "education_organisation",
            "theme",
            "kind",
            "level",
            "student_count",
            "period",
            "state_changed_at",
        )
        for sign in ("", "-")
    ),
]


@pytest.mark.parametrize("sort", SORTS)
def test_walking_by_key_visits_every_row_once_in_the_lists_order_both_ways(assignments, sort):
    query = {"per_page": "10", **({"sort": sort} if sort else {})}
    expected = _expected(query)
    assert sorted(expected) == sorted(assignment.pk for assignment in assignments)
    assert _walk(query, "", "next_key") == expected
    assert _walk(query, "last", "previous_key") == expected


def test_nullable_sort_columns_hold_nulls_and_ties(assignments):
    keys = lists.sort_keys(_table({"sort": "-education_organisation"}).data.data)
    assert [(key.path, key.descending, key.nullable) for key in keys] == [
        ("education_organisation__short_name", True, True),
        ("pk", True, False),
    ]
    assert Assignment.objects.filter(education_organisation=None).count() > 1
    assert Assignment.objects.filter(period_start=None).count() > 1


def test_a_page_by_key_is_a_bookmark_that_keeps_its_place_while_rows_come_and_go(assignments):
    second = _table({"per_page": "10"}).page.next_key
    rows = [row.record.pk for row in _table({"per_page": "10", "page": second}).paginated_rows]
    factories.AssignmentFactory()  # the newest: it heads the list, before the bookmark
    assert [row.record.pk for row in _table({"per_page": "10", "page": second}).paginated_rows] == rows


def test_a_deep_page_costs_the_queries_of_the_first_and_reads_no_offset(client, coordinator, assignments):
    client.force_login(coordinator)
    url = reverse(LIST)

    def run(query):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, query)
        assert response.status_code == 200
        return response, captured

    first, first_queries = run({"per_page": "10"})
    second, second_queries = run({"per_page": "10", "page": first.context["table"].page.next_key})
    for page in (second.context["table"].page.next_key, "last", second.context["table"].page.previous_key):
        response, captured = run({"per_page": "10", "page": page})
        assert len(captured) == len(first_queries) == len(second_queries)
        assert not any("OFFSET" in query["sql"] for query in captured.captured_queries)
        html = response.content.decode()
        if response.context["table"].page.is_first:  # back from the second page: the first, without a way back
            assert [row.record for row in response.context["table"].paginated_rows] == [
                row.record for row in first.context["table"].paginated_rows
            ]
            assert 'rel="prev"' not in html
        else:
            assert 'rel="prev"' in html and "Eerste pagina" in html  # links, no JavaScript
    assert "Rijen 1–10 van 23" in first.content.decode()
    assert "10 rijen van 23" in second.content.decode()


def _token(signature, values) -> str:
    return base64.urlsafe_b64encode(json.dumps([signature, values]).encode()).decode().rstrip("=")


FORGED = [
    "a.",
    "b.",
    "a.!!!",
    "a.bm90IGpzb24",  # base64 of "not json"
    "a." + _token("-title,-id", ["x", 1]),  # made for another order
    "a." + _token("-state_changed_at,-id", ["gisteren", 1]),  # not a moment
    "b." + _token("-state_changed_at,-id", ["2025-01-01T00:00:00+00:00", 10**30]),  # past any id
    "a." + _token("-state_changed_at,-id", [{"a": 1}, 1]),
    "a." + _token("-state_changed_at,-id", ["2025-01-01T00:00:00"]),  # one value short
    "a." + "x" * 5000,
    "a." + _token("title,pk", ["nul\u0000", 1]),  # PostgreSQL takes no NUL character
    "a." + _token("title,pk", ["\ud800", 1]),  # nor a lone surrogate
    "a." + _token("-student_count,-pk", [float("inf"), 1]),
    "7",
]


def _decoded(page: str) -> str:
    try:
        return base64.urlsafe_b64decode(page[2:] + "=" * (-len(page[2:]) % 4)).decode("utf-8", "replace")
    except ValueError:
        return ""


@pytest.mark.parametrize("page", FORGED)
def test_a_stale_or_forged_key_shows_the_first_page_with_a_dutch_notice(client, coordinator, assignments, page):
    client.force_login(coordinator)
    sort = ""  # the keys below made for a sorted list come with that sort, so that only their value is wrong
    if '"title,pk"' in _decoded(page):
        sort = "title"
    elif '"-student_count,-pk"' in _decoded(page):
        sort = "-student_count"
    response = client.get(reverse(LIST), {"per_page": "10", "page": page, **({"sort": sort} if sort else {})})
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert response.context["table"].page.is_first
    assert len(response.context["table"].page) == 10


def test_a_key_past_the_end_shows_the_last_page_and_a_naive_moment_is_read_in_the_sites_zone(assignments):
    last = [row.record.pk for row in _table({"per_page": "10", "page": "last"}).paginated_rows]
    past = "a." + _token("-state_changed_at,-id", ["2000-01-01T00:00:00", 1])
    table = _table({"per_page": "10", "page": past})
    assert (table.page_notice, [row.record.pk for row in table.paginated_rows]) == ("", last)
    assert len(last) == 10 and table.page.is_last and not table.page.has_next


def test_a_workspace_list_pages_by_key_through_every_row(client, coordinator):
    for n in range(12):
        factories.GovernmentOrganisationFactory(city="Den Haag" if n % 2 else "", partnership_start=None)
    client.force_login(coordinator)
    url = reverse("workspace:organisations")
    for sort in ("", "city", "-city", "partnership_start", "-partnership_start"):
        seen, page = [], ""
        while True:
            response = client.get(url, {"per_page": "10", "sort": sort, "page": page})
            assert response.status_code == 200
            seen += [row.record.pk for row in response.context["table"].paginated_rows]
            page = response.context["table"].page.next_key
            if not page:
                break
        assert sorted(seen) == sorted(Organisation.objects.values_list("pk", flat=True)), sort


def test_an_order_no_key_can_hold_pages_by_number_instead_of_failing(assignments):
    from django.db.models import F

    table = AllAssignmentsTable(Assignment.objects.order_by(F("student_count") + 1, "pk"), caption="Lijst")
    request = RequestFactory().get("/", {"per_page": "10", "page": "2"})
    table = lists.paginate(request, table)
    assert not getattr(table.page, "by_key", False)
    assert table.page.number == 2 and len(table.page.object_list) == 10
