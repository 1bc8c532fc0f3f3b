"""Every page each role can reach, in Chromium at 1366 and 390 px: nothing sticks out sideways, axe finds no
WCAG 2.1 A/AA violation, and a full-page screenshot of each lands in ``test-artifacts/pages/`` to look at.

The pages are found the way a person finds them: from the home page (and a few starting points a person reaches
by e-mail or by a request's state), following every link of the portal, one page per URL name (a few more
request pages, one per state). The test then checks that every page of the role's part of the URL conf was seen.

The walk follows the links in the HTML the pages send (Django's test client, logged in as the role: the portal's
scripts add no links), which takes seconds; looking at a page in Chromium takes longer, so a role with many pages
is split into shards (``SHARDS``): each looks at every n-th page of its role's walk, and the workers share them.

The tests run in one copy of the demo data per worker, with the records below added once (they only read it), so
the walk of a role is made once per worker and its pages are the same in every shard. A page is loaded once and
looked at in both widths: at the width the previous page was left in, then resized to the other (the style sheet's
media queries apply on a resize; the portal's scripts read no width). Screenshots are JPEG files: a PNG of a long
page takes Chromium far longer to encode.
"""

import datetime as dt
import json
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core import mail
from django.db.models import Count
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from accounts.models import Invitation
from accounts.services import invite_person
from assignments import followups
from assignments.models import AssignmentState, FollowUp
from partnership.models import Organisation, OrganisationKind
from reporting.services import publish_release
from tests import databases, factories
from tests.conftest import ARTIFACTS, axe_violations, log_in, resize, screenshot
from tests.partnership.workspace_specs import make_part_time_job

# No django_db mark: the tests run in the module's database (``people``) with a live server of their own (``server``).
pytestmark = [pytest.mark.browser, pytest.mark.long]

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SHOTS = ARTIFACTS / "pages"
LONG_EMAIL = "programmacoordinatie.informatiehuishouding.en.archivering@ministerie-van-infrastructuur.example.nl"

# Downloads, machine-readable answers and POST-only URLs are no pages to look at.
NOT_PAGES = {
    "logout",
    "health",
    "dashboard_json",
    "dashboard_csv",
    "dashboard_pdf",
    "public_figures_csv",
    "release_download",
    "catalogue",
    "exchange:import_template",
}
# The admin has a page per model; these stand for it (its index, a list, a change page, axes' list).
ADMIN_PAGES = {
    "admin:index",
    "admin:assignments_assignment_changelist",
    "admin:assignments_assignment_change",
    "admin:axes_accessattempt_changelist",
    "admin:partnership_user_changelist",
}
MORE_THAN_ONCE = {"assignments:request_detail": 6}
# Into how many tests each role's pages are split (every n-th page in each), so that the workers share a long walk.
SHARDS = {"anonymous": 1, "coordinator": 4, "government": 2, "education": 1, "admin": 1}

# The URL names each role must have seen (what the access matrix lets them open, less the non-pages).
EXPECTED = {
    "anonymous": {
        "home",
        "public_figures",
        "accessibility",
        "login",
        "password_reset",
        "password_reset_confirm",
        "invitation_accept",
        "assignments:followup_answer",
    },
    "coordinator": {
        "workspace:index",
        "workspace:organisations",
        "workspace:organisations_detail",
        "exchange:import_start",
        "organisation_duplicates",
        "home",
        "public_figures",
        "accessibility",
        "password_change",
        "dashboard",
        "reach_create",
        "release_list",
        "release_create",
        "user_list",
        "invite",
        "invitation_list",
        "invitation_revoke",
        "invitation_resend",
        "user_deactivate",
        "assignments:queue",
        "assignments:assignment_list",
        "assignments:request_detail",
        "assignments:accept",
        "assignments:reject",
        "assignments:match",
        "assignments:start",
        "assignments:cancel",
        "assignments:complete",
        "assignments:followup",
        "workspace:part_time_jobs",
    },
    "government": {
        "home",
        "public_figures",
        "password_change",
        "organisation_profile",
        "organisation_profile_edit",
        "organisation_contact_create",
        "organisation_contact_edit",
        "organisation_contact_delete",
        "assignments:my_requests",
        "assignments:request_create",
        "assignments:request_detail",
        "assignments:request_edit",
        "assignments:withdraw",
        "assignments:feedback",
        "assignments:followup",
        "istage:my_jobs",
        "istage:job_request",
        "istage:job_detail",
    },
    "education": {
        "home",
        "public_figures",
        "password_change",
        "organisation_profile",
        "organisation_profile_edit",
        "assignments:open_requests",
        "assignments:our_assignments",
        "assignments:request_detail",
    },
    "admin": ADMIN_PAGES,
}

OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > width) problems.push(`the page is ${doc.scrollWidth}px wide in ${width}px`);
  const scrollRegion = el => {
    const region = el.closest('[role="region"][tabindex="0"]:is([aria-label], [aria-labelledby])');
    return region && getComputedStyle(region).overflowX === 'auto' ? region : null;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  for (const table of document.querySelectorAll('table')) {
    const wrapper = table.parentElement;
    if (table.getBoundingClientRect().width > wrapper.clientWidth + 1 && !scrollRegion(table)) {
      problems.push(`${name(table)} is wider than ${name(wrapper)}, which is no focusable labelled scroll region`);
    }
  }
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width || scrollRegion(el) || el.closest('.visually-hidden, .skip-link, [hidden]')) continue;
    if (box.right > width + 1 || box.left < -1) {
      problems.push(`${name(el)} (${Math.round(box.left)}–${Math.round(box.right)}px) sticks out of ${width}px`);
    }
  }
  return problems.slice(0, 8);
}"""


def _url_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _wanted(role, name):
    if name is None or name in NOT_PAGES or name.startswith("api:"):
        return False
    if name.startswith("admin:"):
        return role == "admin" and name in ADMIN_PAGES
    return role != "admin" or name == "home"


def _people():
    """One log-in per role in the demo's busiest organisations, and the pages a person reaches from outside the
    links: a request in each state, an invitation e-mail, a password-reset e-mail."""
    government = (
        Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT)
        .annotate(n=Count("requested_assignments"))
        .order_by("-n")
        .first()
    )
    education = (
        Organisation.objects.filter(kind=OrganisationKind.EDUCATION)
        .annotate(n=Count("matched_assignments"))
        .order_by("-n")
        .first()
    )
    coordinator = factories.CoordinatorFactory(username="pages-coordinator", first_name="Cora", last_name="Coördinator")
    users = {
        "coordinator": coordinator,
        "government": factories.UserFactory(
            username="pages-government", first_name="Gerrit", last_name="Overheid", organisation=government
        ),
        "education": factories.EducationMemberFactory(
            username="pages-education", first_name="Olga", last_name="Onderwijs", organisation=education
        ),
        "admin": factories.UserFactory(
            username="pages-admin", role="admin", organisation=None, is_staff=True, is_superuser=True
        ),
    }
    contact = factories.ContactPersonFactory(
        organisation=government, name="Petra Primair", email=LONG_EMAIL, is_primary=False
    )
    states = [
        AssignmentState.DRAFT,
        AssignmentState.SUBMITTED,
        AssignmentState.OPEN,
        AssignmentState.PREPARATION,
        AssignmentState.EXECUTION,
        AssignmentState.COMPLETED,
    ]
    requests = {
        state: factories.AssignmentFactory(
            title=f"Informatiehuishoudingsvraagstuk van de rijksoverheid ({state})",
            government_organisation=government,
            education_organisation=education,
            contact=contact,
            state=state,
        )
        for state in states
    }
    # A part-time job of the organisation, and the e-mail link of the completed request's follow-up.
    make_part_time_job(title="Student-assistent informatiehuishouding", government_organisation=government)
    followup = FollowUp.objects.create(assignment=requests[AssignmentState.COMPLETED], due_on=dt.date(2024, 1, 1))
    followup_path = reverse("assignments:followup_answer", args=[followups.issue_link(followup)])
    # The public page shows published figures; the demo's first half-year of 2023 is one.
    publish_release(as_of=dt.date(2023, 6, 30), status="final", by=coordinator)
    mail.outbox.clear()
    invite_person(email="nieuwe.collega@example.nl", organisation=government, by=coordinator)
    invitation_path = re.search(r"/accounts/uitnodiging/[^/\s]+/", mail.outbox[-1].body).group(0)
    detail = [reverse("assignments:request_detail", args=[a.pk]) for a in requests.values()]
    starts = {
        "anonymous": [
            "/",
            invitation_path,
            followup_path,
            reverse("password_reset_confirm", args=["MQ", "set-password"]),
            reverse("password_reset_done"),
            reverse("password_reset_complete"),
        ],
        # An invitation is sent again from its own page (linked from the list once it has expired).
        "coordinator": [
            "/",
            *detail[1:],
            reverse("password_change_done"),
            reverse("invitation_resend", args=[Invitation.objects.latest("pk").pk]),
        ],
        "government": ["/", *detail, reverse("password_change_done")],
        "education": ["/"],
        "admin": [
            reverse("admin:index"),
            reverse("admin:assignments_assignment_change", args=[requests[AssignmentState.OPEN].pk]),
            reverse("admin:axes_accessattempt_changelist"),
        ],
    }
    return users, starts


@pytest.fixture(scope="module")
def pages_database(demo_template, django_db_setup, django_db_blocker):
    """A copy of the demo data (at the tests' pinned day) with ``_people`` added, made once per worker for the
    module's tests; returns its name, the users and the starting points of each role."""
    with django_db_blocker.unblock():
        copy = databases.copy_of(demo_template, f"{django_db_setup.own}_pages")
        with databases.using_database(copy.database):
            users, starts = _people()
    yield copy.database, users, starts
    with django_db_blocker.unblock():
        databases.drop_database(copy.database)


@pytest.fixture(scope="module")
def walks():
    """Each role's walk, made by the first test of the role in this worker: {role: (pages, {url name: [paths]})}."""
    return {}


@pytest.fixture(scope="module")
def server():
    """A live server for the module (pytest-django's ``LiveServer``, as its ``live_server`` fixture starts it).
    pytest-django's fixture makes a test transactional, and a transactional test ends by emptying the worker's
    database (seconds each on a busy machine): these tests write nothing there."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def people(pages_database, django_db_blocker):
    """The test (and the live server) in the module's database: the users and the starting points.

    The tests of the module share it: they only read pages (each log-in adds a session); a database is dropped
    once per worker, not per test (dropping one makes the server write a checkpoint: seconds on a busy machine)."""
    name, users, starts = pages_database
    with django_db_blocker.unblock(), databases.using_database(name):
        yield users, starts


class _Links(HTMLParser):
    """The ``href`` of every ``a`` element, as the browser's ``getAttribute('href')`` reads it."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for attribute, value in attrs if attribute == "href" and value]


def _walk(client, role, starts):
    """Breadth-first through the portal's links; returns the pages in the order found, as (url name, path, how
    many of that name so far), and {url name: [paths]}."""
    queue, seen_paths, seen, pages = list(starts), set(), {}, []
    while queue:
        path = queue.pop(0)
        name = _url_name(urlsplit(path).path)
        if path in seen_paths or not _wanted(role, name):
            continue
        if len(seen.get(name, [])) >= MORE_THAN_ONCE.get(name, 1) and path not in starts:
            continue
        seen_paths.add(path)
        seen.setdefault(name, []).append(path)
        pages.append((name, path, len(seen[name])))
        links = _Links()
        links.feed(client.get(path, follow=True).content.decode(errors="replace"))
        for href in links.hrefs:
            href, _fragment = urldefrag(href)
            parts = urlsplit(href)
            if href and not parts.scheme and not parts.netloc and href.startswith("/") and not parts.query:
                queue.append(href)
    return pages, seen


def _look(page, label, shot):
    """The checks of the page as it is shown now: the screenshot, what sticks out sideways, what axe finds."""
    screenshot(page, shot, SHOTS)
    found = [f"{label}: {problem}" for problem in page.evaluate(OVERFLOW_SCRIPT)]
    violations = axe_violations(page)
    if violations:
        found.append(f"{label}: axe {json.dumps(violations)}")
    return found


def _check(page, role, name, path, number, widths):
    """One page at both widths, loaded once: at ``widths[0]`` (the width the tab is in), then resized."""
    response = page.goto(path)
    if response is None or response.status != 200:
        return [f"{role} {path} ({name}): HTTP {response.status if response else 'none'}"]
    slug = name.replace(":", "-") + (f"-{number}" if number > 1 else "")
    found = []
    for index, width_name in enumerate(widths):
        viewport = WIDTHS[width_name]
        if index:
            resize(page, viewport)
        label = f"{role} {path} ({name}) at {viewport['width']}px"
        found += _look(page, label, f"{role}-{slug}-{width_name}")
    return found


@pytest.mark.parametrize(("role", "shard"), [(role, shard) for role, n in SHARDS.items() for shard in range(n)])
def test_every_page_of_every_role_fits_and_is_accessible(browser, server, people, walks, role, shard):
    users, starts = people
    if role not in walks:
        client = Client()
        if role in users:
            client.force_login(users[role])
        walks[role] = _walk(client, role, starts[role])
    pages, seen = walks[role]
    missing = EXPECTED[role] - set(seen)
    assert not missing, f"{role} never reached: {sorted(missing)}"
    context = browser.new_context(base_url=server.url, locale="nl-NL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.set_viewport_size(WIDTHS["desktop"])
    widths = list(WIDTHS)
    problems = []
    try:
        if role in users:
            log_in(page, users[role])
            if role == "admin":
                page.goto(reverse("admin:index"))
        for name, path, number in pages[shard :: SHARDS[role]]:
            problems += _check(page, role, name, path, number, widths)
            widths.reverse()  # the tab stays at the last width: the next page starts there
    finally:
        context.close()
    assert not problems, "\n".join(problems)
