"""Counts a person reads have their thousands grouped ("200.000 rijen"); ids and years in links stay plain."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from exchange.imports.bounds import limits
from portal.templatetags.nl_numbers import grouped


def test_grouped_writes_dutch_thousands_and_leaves_other_values_alone():
    with translation.override("nl"):
        assert grouped(200000) == "200.000"
        assert grouped(1234567) == "1.234.567"
        assert grouped(999) == "999"
        assert grouped("2023") == "2023"  # text is not a count
        assert grouped(None) is None and grouped(True) is True


@pytest.mark.django_db
def test_the_import_page_groups_its_row_limit(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("exchange:import_start")).content.decode()
    max_rows = limits().max_rows
    assert max_rows >= 1000
    assert f"{max_rows:,}".replace(",", ".") + " rijen" in html
    assert f"{max_rows} rijen" not in html


def test_the_list_footer_groups_its_counts():
    page = SimpleNamespace(start_index=1001, end_index=1025, number=41)
    paginator = SimpleNamespace(count=12345, more_than_cap=False, cap=10000, num_pages=1, per_page=25)
    table = SimpleNamespace(paginator=paginator, page=page, page_sizes=[25], prefix="", caption="Lijst")
    html = render_to_string("includes/pagination.html", {"table": table, "request": RequestFactory().get("/")})
    assert "Rijen 1.001–1.025 van 12.345" in html
    paginator.more_than_cap = True
    html = render_to_string("includes/pagination.html", {"table": table, "request": RequestFactory().get("/")})
    assert "meer dan 10.000" in html
