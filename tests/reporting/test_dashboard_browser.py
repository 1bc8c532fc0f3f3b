"""In Chromium: a coordinator works with the dashboard; anonymous visitors see the public pages only."""

import datetime as dt
from pathlib import Path

import pytest

from reporting.services import publish_release
from tests import databases, factories
from tests.conftest import ARTIFACTS, assert_accessible, log_in, resize, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _tile(page, key):
    return page.locator(f'[data-figure="{key}"] .tile__value').first.inner_text()


@pytest.fixture
def demo(demo_database):
    """The demo data at the tests' pinned day, in a copy of its own (tests/databases.py), for a test that writes."""
    return demo_database


@pytest.fixture(scope="module")
def shared_demo(demo_template, django_db_setup, django_db_blocker):
    """One copy of the demo data per worker, with a coordinator, for the module's tests that only read it."""
    with django_db_blocker.unblock():
        copy = databases.copy_of(demo_template, f"{django_db_setup.own}_dashboard")
        with databases.using_database(copy.database):
            user = factories.CoordinatorFactory(username="dashboard-coordinator", first_name="Dirk")
    yield copy.database, user
    with django_db_blocker.unblock():
        databases.drop_database(copy.database)


@pytest.fixture
def reader(shared_demo):
    """The test (and the live server) in ``shared_demo``; returns its coordinator. The switch back comes before the
    transactional test's flush, which empties the worker's own database, not the shared copy; and a copy is dropped
    once per worker, not per test (dropping a database makes the server write a checkpoint: seconds)."""
    name, user = shared_demo
    with databases.using_database(name):
        yield user


def test_a_coordinator_sets_the_reference_date_compares_and_downloads(page, reader):
    page.set_viewport_size(DESKTOP)
    log_in(page, reader)
    page.goto("/dashboard/")
    assert page.locator("h1").inner_text() == "Dashboard van het programma"

    page.get_by_role("textbox", name="Peildatum").fill("2022-12-31")
    page.get_by_role("button", name="Cijfers tonen").click()
    page.wait_for_url("**/dashboard/?as_of=2022-12-31*")
    assert "31 december 2022" in page.locator("#peildatum").inner_text()
    assert _tile(page, "fieldlabs.active") == "5"

    page.get_by_role("textbox", name="Peildatum").fill("2023-06-30")
    page.get_by_role("textbox", name="Vergelijken met").fill("2022-12-31")
    page.get_by_role("button", name="Cijfers tonen").click()
    page.wait_for_url("**compare=2022-12-31*")
    assert _tile(page, "fieldlabs.active") == "7"
    assert "verschil +2 (was 5)" in page.locator('[data-figure="fieldlabs.active"]').first.inner_text()
    assert _tile(page, "assignments.total") == "422"
    assert_accessible(page)
    screenshot(page, "dashboard-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Cijfers (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "i-partnerschap-cijfers-2023-06-30.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "fieldlabs;active;7" in content
    assert "assignments;total;422" in content

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Infographic (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "i-partnerschap-infographic-2023-06-30.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"

    resize(page, PHONE)
    assert_accessible(page)
    screenshot(page, "dashboard-phone")


def test_the_comparison_table_names_every_figure_in_dutch(page, reader):
    page.set_viewport_size(DESKTOP)
    log_in(page, reader)
    page.goto("/dashboard/?as_of=2023-06-30&compare=2022-12-31")
    page.get_by_text("Toon elk cijfer op beide datums").click()
    section = page.locator("#vergelijking")
    rows = section.locator("tbody tr")
    figures = rows.locator("th").all_inner_texts()
    sections = rows.locator("td:first-child").all_inner_texts()
    assert len(figures) > 100
    assert "Opdrachten per status: In voorbereiding" in figures
    assert "Actieve fieldlabs" in figures
    assert not any("_" in text or "latitude" in text.lower() or text.islower() for text in figures)
    assert {"Partners", "Studentenopdrachten", "Bijeenkomsten", "Communities"} <= set(sections)
    row = rows.filter(has=page.get_by_role("rowheader", name="Actieve fieldlabs", exact=True))
    assert row.locator("td").all_inner_texts()[1:] == ["5", "7", "+2"]
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / "dashboard-comparison-desktop.png"))


def test_keyboard_users_reach_the_reference_date_with_visible_focus(page, coordinator):
    log_in(page, coordinator)
    page.goto("/dashboard/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    field = page.get_by_role("textbox", name="Peildatum")
    field.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_a_bad_reference_date_shows_an_error_in_the_browser(page, coordinator):
    log_in(page, coordinator)
    page.goto("/dashboard/?as_of=2023-02-30")
    assert "De datum kon niet worden gebruikt" in page.locator("[role=alert]").first.inner_text()
    assert_accessible(page)


def test_anonymous_visitors_see_the_public_figures_and_must_log_in_for_the_dashboard(page, demo):
    publisher = factories.CoordinatorFactory(username="publishing-coordinator")
    publish_release(as_of=dt.date(2023, 6, 30), status="final", by=publisher)
    page.set_viewport_size(DESKTOP)
    page.goto("/cijfers/?as_of=2023-06-30")
    assert page.locator("h1").inner_text() == "I-Partnerschap in cijfers"
    assert _tile(page, "assignments.total") == "422"
    assert _tile(page, "fieldlabs.founding") == "<5"
    assert_accessible(page)
    screenshot(page, "public-figures-desktop")
    resize(page, PHONE)
    assert_accessible(page)
    screenshot(page, "public-figures-phone")

    page.goto("/dashboard/")
    page.wait_for_url("**/accounts/login/?next=/dashboard/")
    assert page.get_by_label("Gebruikersnaam").is_visible()
    assert_accessible(page)
    screenshot(page, "login-phone")


def test_the_accessibility_statement_and_home_page_are_accessible(page):
    page.set_viewport_size(DESKTOP)
    page.goto("/toegankelijkheid/")
    assert page.locator("h1").inner_text() == "Toegankelijkheidsverklaring"
    assert_accessible(page)
    screenshot(page, "accessibility-desktop")
    page.goto("/")
    assert_accessible(page)
    screenshot(page, "home-anonymous-desktop")


# Counts the words a table shows split over two lines (a break inside a word, not at its hyphen or a space).
WORDS_SPLIT_OVER_LINES = """() => {
  const split = [];
  for (const cell of document.querySelectorAll("table th, table td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def test_a_laptop_screen_shows_the_key_figures_first_and_whole_tables(page, reader):
    """At 1366×768 the first screen shows the key figures (the date form comes after them); the map's table is
    whole beside the map, and no table breaks a word or a date over two lines."""
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, reader)
    page.goto("/dashboard/?as_of=2023-06-30")
    tile = page.locator('#kerncijfers [data-figure="assignments.total"]').first
    box = tile.bounding_box()
    assert box["y"] + box["height"] <= 768, box
    assert page.locator("#kerncijfers").evaluate(
        "(s) => s.compareDocumentPosition(document.querySelector('.peildatum-form')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )

    region = page.locator(".chart--map .chart__table")
    width, scroll_width = region.evaluate("(el) => [el.clientWidth, el.scrollWidth]")
    assert scroll_width <= width, (width, scroll_width)  # nothing hidden to the side
    assert width > 600
    assert page.evaluate(WORDS_SPLIT_OVER_LINES) == []

    page.goto("/opdrachten/")
    assert page.get_by_role("columnheader", name="Onderwijspartner").count() == 1
    assert page.evaluate(WORDS_SPLIT_OVER_LINES) == []
