"""Shared fixtures: personas, shared data (the demo data at a pinned day, module-wide records) and a real browser
(Playwright driving Debian's Chromium)."""

import functools
import json
import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.db import transaction

from tests import databases, factories

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
SHOT_QUALITY = 80  # of the JPEG screenshots


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


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


# --- shared data (tests/databases.py; DEVELOPERS.md, "Tests") ------------------------------------------------


def _test_run(config) -> databases.TestRun:
    """The run this process belongs to: pytest-xdist's id of the run in a worker, one of its own otherwise (the
    main process drops the shared databases at the end, so its id only has to name them)."""
    from django.db import connection

    worker = getattr(config, "workerinput", None)
    run = worker["testrunuid"] if worker else config.stash.setdefault(_RUN_ID, uuid.uuid4().hex)
    return databases.TestRun(
        run=run,
        base=f"test_{connection.settings_dict['NAME']}",
        original_name=connection.settings_dict["NAME"],
        own=connection.creation._get_test_db_name(),
    )


_RUN_ID = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """Replaces pytest-django's: the worker's test database is a copy of the run's migrated database, which the
    first worker builds (tests/databases.py), instead of every worker migrating its own."""
    test_run = _test_run(request.config)
    with django_db_blocker.unblock():
        databases.set_up_test_database(test_run)
    yield test_run
    with django_db_blocker.unblock():
        databases.tear_down_test_database(test_run)


def pytest_collection_modifyitems(items):
    """The tests without a database first, then the longest (``long``, then ``browser``), each group in its own order.

    pytest-xdist's first worker starts on the tests without a database while another migrates the run's template
    database (about 20 s, which they would otherwise wait for), then takes on the long ones; the workers end on the
    quick ones, so that no worker is left running one long test at the end while the others idle."""

    def group(item):
        if not item.get_closest_marker("django_db") and "django_db_setup" not in item.fixturenames:
            return 0
        return 1 if item.get_closest_marker("long") else 2 if item.get_closest_marker("browser") else 3

    items.sort(key=group)


def pytest_sessionfinish(session):
    """The main process (not a worker) drops the run's shared databases once every worker is done."""
    from pytest_django.plugin import blocking_manager_key

    if hasattr(session.config, "workerinput") or not session.testscollected:
        return
    with session.config.stash[blocking_manager_key].unblock():
        databases.drop_shared_databases(_test_run(session.config))


@pytest.fixture(scope="session")
def demo_template(django_db_setup, django_db_blocker):
    """The run's template database with the demo data at ``databases.DEMO_TODAY``, built on first use."""
    with django_db_blocker.unblock():
        return databases.demo_template(django_db_setup)


def _demo_copy(template, name, django_db_blocker):
    """A copy ``name`` of the demo template that every connection opens until the fixture ends, then dropped."""
    with django_db_blocker.unblock():
        demo = databases.copy_of(template, name)
    with databases.using_database(demo.database):
        yield demo
    with django_db_blocker.unblock():
        databases.drop_database(demo.database)


@pytest.fixture(scope="module")
def demo_data(demo_template, django_db_setup, django_db_blocker):
    """The demo data for every test of a module (``django_db``, each test in its transaction as usual): the module
    runs in a copy of the template. Not for ``transaction=True`` tests, whose flush would empty the copy for the next
    test: they use ``demo_database``."""
    yield from _demo_copy(demo_template, f"{django_db_setup.own}_demo_module", django_db_blocker)


@pytest.fixture
def demo_database(request, demo_template, django_db_setup, django_db_blocker):
    """The demo data for one transactional test (``django_db(transaction=True)``, a live server, a browser): a copy
    of the template of its own. List it before the fixtures that add records to it."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        marker = request.node.get_closest_marker("django_db")
        if not (marker and marker.kwargs.get("transaction")):
            pytest.fail("demo_database is for transactional tests; a test in a transaction uses demo_data")
    yield from _demo_copy(demo_template, f"{django_db_setup.own}_demo_test", django_db_blocker)


def _rolled_back(django_db_blocker):
    """A transaction (a savepoint inside another) around the tests of a module or class, rolled back after them."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """Records shared by the tests of a module: module-scoped fixtures that depend on this one write inside a
    transaction around all the module's tests, each of which runs in a savepoint of it (``django_db`` does that by
    itself), rolled back after the last test. Not for ``transaction=True`` tests."""
    yield from _rolled_back(django_db_blocker)


@pytest.fixture(scope="class")
def class_transaction(django_db_setup, django_db_blocker):
    """The same for the tests of one class: class-scoped fixtures that depend on this one write records the class's
    tests share, rolled back after its last test, so the module's other tests never see them."""
    yield from _rolled_back(django_db_blocker)


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


def as_user(page, user):
    """Log out whoever the browser was, and log in as ``user``."""
    page.context.clear_cookies()
    log_in(page, user)


def screenshot(page, name, folder=ARTIFACTS):
    """A full-page screenshot ``folder/name.jpg``: JPEG, as a PNG of a long page takes Chromium far longer to
    encode."""
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.jpg"), full_page=True, type="jpeg", quality=SHOT_QUALITY)


def resize(page, viewport):
    """Resize the tab without loading the page again, and wait for the next frame: the style sheet's media queries
    apply on a resize (the portal's scripts read no width)."""
    page.set_viewport_size(viewport)
    page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")


@functools.cache
def _axe_source():
    return (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()


AXE_RUN = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: {assets: ['media']},
}).then(result => result.violations.map(
  v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target)})
))"""


def axe_violations(page):
    """Run axe-core (from node_modules) on the page; returns the WCAG 2.1 A/AA violations.

    axe is evaluated into a document once (through DevTools, so the page's CSP does not block it) and asked for the
    violations only (``resultTypes``: it then keeps one node of each passing rule). It preloads the media (for
    ``no-autoplay-audio``) but not the style sheets' CSSOM, which only the experimental ``css-orientation-lock``
    reads (axe leaves experimental rules out unless asked for by tag). On the demo's coordinator pages a run took
    0.26 s with ``resultTypes`` and 0.18 s without any preload, where it took 0.88 s before."""
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate(_axe_source())
    return page.evaluate(AXE_RUN, AXE_TAGS)


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
