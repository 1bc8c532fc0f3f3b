"""Shared fixtures: personas and a real browser (Playwright driving Debian's Chromium)."""

import json
import os
import shutil
from pathlib import Path

import pytest

from tests import factories

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test
# itself (never by the server under test) are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# --- personas ---------------------------------------------------------------------------


@pytest.fixture
def government_organisation(db):
    return factories.GovernmentOrganisationFactory(
        name="Ministerie van Infrastructuur en Waterstaat", short_name="IenW"
    )


@pytest.fixture
def education_organisation(db):
    return factories.EducationOrganisationFactory(name="Hogeschool Utrecht", short_name="HU")


@pytest.fixture
def coordinator(db):
    return factories.CoordinatorFactory(username="coordinator", first_name="Cora")


@pytest.fixture
def government_member(government_organisation):
    return factories.UserFactory(username="gov", organisation=government_organisation)


@pytest.fixture
def outsider(db):
    """A government member of another organisation."""
    return factories.UserFactory(username="outsider")


@pytest.fixture
def education_member(education_organisation):
    return factories.EducationMemberFactory(username="edu", organisation=education_organisation)


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", role="admin", organisation=None, is_staff=True, is_superuser=True)


@pytest.fixture
def deactivated_member(government_organisation):
    return factories.UserFactory(username="former", organisation=government_organisation, is_active=False)


# --- browser ----------------------------------------------------------------------------


def _chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if not executable:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Debian's Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; ``page.base_url`` is the live server."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def log_in(page, user, password=factories.PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page):
    """Run axe-core (from node_modules) on the page; returns the WCAG 2.1 A/AA violations."""
    source = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
    page.evaluate(source)  # evaluated through DevTools, so the page's CSP does not block it
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
