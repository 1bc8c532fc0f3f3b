import pytest

from tests.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_chromium(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "I-Partnerschap"
    assert page.locator("html").get_attribute("lang") == "nl"
    screenshot(page, "home-desktop")
    assert isinstance(axe_violations(page), list)
