"""The list toolkit: page sizes from a short list, a count that stops at the cap, one table template."""

import django_tables2 as tables
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from partnership import lists
from partnership.models import Organisation
from tests import factories


@pytest.mark.parametrize(("raw", "size"), [(None, 25), ("", 25), ("10", 10), ("100", 100)])
def test_a_listed_page_size_is_taken_silently(raw, size):
    request = RequestFactory().get("/", {} if raw is None else {"per_page": raw})
    assert lists.page_size(request) == (size, "")


@pytest.mark.parametrize("raw", ["-1", "0", "1000000", "abc", "25.5", "1e3", " 2 5", "٣"])
def test_any_other_page_size_falls_back_with_a_dutch_notice(raw):
    size, notice = lists.page_size(RequestFactory().get("/", {"per_page": raw}))
    assert size == lists.DEFAULT_PAGE_SIZE
    assert "geen paginagrootte" in str(notice)


class OrganisationTable(lists.ListTable):
    name = tables.Column(verbose_name="Naam")
    city = tables.Column(verbose_name="Plaats")
    secondary = ("city",)

    class Meta(lists.ListTable.Meta):
        model = Organisation
        fields = ("name", "city")
        order_by = ("name",)


@pytest.fixture
def organisations(db):
    return [factories.GovernmentOrganisationFactory(city="Den Haag") for _ in range(7)]


def _table(query, cap=None, monkeypatch=None):
    if cap is not None:
        monkeypatch.setattr(lists.CappedPaginator, "cap", cap)
    request = RequestFactory().get("/", query)
    return request, lists.paginate(request, OrganisationTable(Organisation.objects.all(), caption="Organisaties"))


def test_the_count_stops_at_the_cap_and_the_pages_follow_it(organisations, monkeypatch):
    with CaptureQueriesContext(connection) as queries:
        _request, table = _table({"per_page": "10"}, cap=5, monkeypatch=monkeypatch)
        assert table.paginator.count == 5
        assert table.paginator.more_than_cap
        assert table.paginator.num_pages == 1
    count_sql = next(query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper())
    assert "LIMIT 6" in count_sql  # a bounded subquery, never a count of the whole table


def test_under_the_cap_the_count_is_exact(organisations):
    _request, table = _table({"per_page": "10"})
    assert (table.paginator.count, table.paginator.more_than_cap) == (7, False)


def test_a_page_past_the_end_or_not_a_number_shows_a_page_of_the_list(organisations):
    for page in ("999", "abc", "-3"):
        _request, table = _table({"per_page": "10", "page": page})
        assert len(list(table.paginated_rows)) == 7


def test_the_template_marks_secondary_columns_labels_cells_and_keeps_filters_in_the_size_form(organisations):
    request, table = _table({"per_page": "10", "q": "Voorbeeld", "page": "1"})
    html = render_to_string("includes/table.html", {"table": table, "request": request})
    assert 'class="utrecht-table__cell data-table__secondary" data-label="Plaats"' in html
    assert '<input type="hidden" name="q" value="Voorbeeld">' in html
    assert 'name="page"' not in html.split('class="list-footer__size"')[1]
    assert '<option value="10" selected>' in html
    assert "Rijen 1–7 van 7" in html


def test_past_the_cap_the_page_says_so(organisations, monkeypatch):
    request, table = _table({"per_page": "10"}, cap=5, monkeypatch=monkeypatch)
    html = render_to_string("includes/table.html", {"table": table, "request": request})
    assert "meer dan 5" in html
    assert "exporteer" in html


def test_a_bad_page_size_notice_is_shown_above_the_table(organisations):
    request, table = _table({"per_page": "-1"})
    html = render_to_string("includes/table.html", {"table": table, "request": request})
    assert "“-1” is geen paginagrootte" in html
    assert len(list(table.paginated_rows)) == 7


def test_a_date_cell_is_marked_so_that_it_never_breaks(organisations):
    """A DateColumn's cells carry ``data-table__date`` (site.css: ``white-space: nowrap``): "06-12-" / "2026" never."""

    class DatedTable(OrganisationTable):
        partnership_start = lists.DateColumn(verbose_name="Partner sinds")

        class Meta(OrganisationTable.Meta):
            fields = ("name", "city", "partnership_start")

    request = RequestFactory().get("/")
    table = lists.paginate(request, DatedTable(Organisation.objects.all(), caption="Organisaties"))
    html = render_to_string("includes/table.html", {"table": table, "request": request})
    assert html.count('class="utrecht-table__cell data-table__date" data-label="Partner sinds"') == 7
    assert 'data-table__date" data-label="Plaats"' not in html
