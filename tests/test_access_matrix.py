"""Every URL of the portal × every persona gives the expected answer.

A named URL without a row here fails ``test_every_named_url_is_in_the_matrix``: a new page cannot ship without
deciding who may see it. Answers: 200, ``LOGIN`` (302 to the log-in page), 403, 404 (another organisation's
object: never its data), 405 and ``ADMIN_LOGIN`` (302 to the admin's own log-in page).
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.services import invite_person
from assignments import followups
from assignments.models import AssignmentState, FollowUp
from exchange.models import ImportJob
from portal.workspace import KINDS as WORKSPACE_KINDS
from reporting.services import publish_release
from tests import factories
from tests.partnership.workspace_specs import SPECS as WORKSPACE_SPECS
from tests.partnership.workspace_specs import make_part_time_job

pytestmark = pytest.mark.django_db

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
PERSONAS = ("anonymous", "coordinator", "owner", "other_government", "education", "deactivated")
SECRET = "Vertrouwelijke aanvraag"


def answers(anonymous, coordinator, owner, other_government, education, deactivated=None):
    """Expected answers in persona order; a deactivated account is treated as logged out unless stated."""
    return dict(
        zip(
            PERSONAS,
            (
                anonymous,
                coordinator,
                owner,
                other_government,
                education,
                anonymous if deactivated is None else deactivated,
            ),
            strict=True,
        )
    )


PUBLIC = answers(200, 200, 200, 200, 200)
LOGGED_IN = answers(LOGIN, 200, 200, 200, 200)
COORDINATORS = answers(LOGIN, 200, 403, 403, 403)
GOVERNMENT = answers(LOGIN, 403, 200, 200, 403)
EDUCATION = answers(LOGIN, 403, 403, 403, 200)
MEMBERS = answers(LOGIN, 403, 200, 200, 200)
OWN_GOVERNMENT_OBJECT = answers(LOGIN, 403, 200, 404, 403)
OWN_ORGANISATION_OBJECT = answers(LOGIN, 403, 200, 404, 404)
COORDINATOR_STEP = answers(LOGIN, 200, 403, 403, 403)
STAFF_ONLY = answers(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN)

# (URL name, the object it is about, expected answers). ``None``: a URL without arguments.
MATRIX = [
    # --- public pages and log-in ---------------------------------------------------------------------------------
    ("home", None, PUBLIC),
    ("public_figures", None, PUBLIC),
    ("public_figures_csv", None, PUBLIC),
    ("release_download", "release", PUBLIC),
    ("catalogue", None, PUBLIC),
    # --- the open-data API: no log-in, the same answer for everyone ---------------------------------------------
    ("api:openapi-json", None, PUBLIC),
    ("api:releases", None, PUBLIC),
    ("api:release", "release_id", PUBLIC),
    ("api:figures", None, PUBLIC),
    ("accessibility", None, PUBLIC),
    ("health", None, PUBLIC),  # for load balancers: no log-in, no personal data
    ("login", None, PUBLIC),
    ("logout", None, answers(405, 405, 405, 405, 405)),  # log-out is a POST
    ("password_reset", None, PUBLIC),
    ("password_reset_done", None, PUBLIC),
    ("password_reset_confirm", "reset", PUBLIC),  # an invalid link explains itself
    ("password_reset_complete", None, PUBLIC),
    ("invitation_accept", "invitation", answers(404, 404, 404, 404, 404)),  # unknown token
    # --- every logged-in user ------------------------------------------------------------------------------------
    ("password_change", None, LOGGED_IN),
    ("password_change_done", None, LOGGED_IN),
    # --- coordinators ----------------------------------------------------------------------------------------------
    ("dashboard", None, COORDINATORS),
    ("dashboard_json", None, COORDINATORS),
    ("dashboard_csv", None, COORDINATORS),
    ("dashboard_pdf", None, COORDINATORS),
    ("reach_create", None, COORDINATORS),
    ("release_list", None, COORDINATORS),
    ("release_create", None, COORDINATORS),
    ("user_list", None, COORDINATORS),
    ("invite", None, COORDINATORS),
    ("invitation_list", None, COORDINATORS),
    ("invitation_revoke", "open_invitation", COORDINATORS),
    ("invitation_resend", "open_invitation", COORDINATORS),
    ("user_deactivate", "member", COORDINATORS),
    ("user_activate", "member", COORDINATORS),
    ("organisation_duplicates", None, COORDINATORS),
    ("organisation_merge", "merge_pair", COORDINATORS),  # a GET only asks to confirm
    ("assignments:queue", None, COORDINATORS),
    ("assignments:assignment_list", None, COORDINATORS),
    ("assignments:assignment_export", "csv", COORDINATORS),
    ("assignments:assignment_export", "xlsx", COORDINATORS),
    ("assignments:accept", AssignmentState.SUBMITTED, COORDINATOR_STEP),
    ("assignments:reject", AssignmentState.SUBMITTED, COORDINATOR_STEP),
    ("assignments:match", AssignmentState.OPEN, COORDINATOR_STEP),
    ("assignments:start", AssignmentState.PREPARATION, COORDINATOR_STEP),
    ("assignments:cancel", AssignmentState.PREPARATION, COORDINATOR_STEP),
    ("assignments:complete", AssignmentState.EXECUTION, COORDINATOR_STEP),
    ("assignments:invite_interest", AssignmentState.OPEN, COORDINATOR_STEP),  # the matching advice's invitation
    # --- the coordinators' workspace: every page of every declared kind of record -------------------------------
    ("workspace:index", None, COORDINATORS),
    *[
        row
        for kind in WORKSPACE_KINDS
        for row in (
            (kind.url_name(), None, COORDINATORS),
            (kind.url_name("create"), None, COORDINATORS),
            (kind.url_name("export"), "csv", COORDINATORS),
            (kind.url_name("export"), "xlsx", COORDINATORS),
            (kind.url_name("detail"), f"workspace-{kind.slug}", COORDINATORS),
            (kind.url_name("edit"), f"workspace-{kind.slug}", COORDINATORS),
            *[
                (kind.url_name(f"{section.slug}_add"), f"workspace-{kind.slug}", COORDINATORS)
                for section in kind.sections
            ],
        )
    ],
    ("exchange:import_start", None, COORDINATORS),
    ("exchange:import_template", "import_template", COORDINATORS),
    ("exchange:import_job", "import_job", COORDINATORS),
    ("exchange:import_commit", "import_job", answers(405, 405, 405, 405, 405)),  # a POST, by coordinators only
    ("exchange:import_retry", "import_job", answers(405, 405, 405, 405, 405)),  # a POST, by coordinators only
    # --- members of an organisation ----------------------------------------------------------------------------------
    ("organisation_profile", None, MEMBERS),
    ("organisation_profile_edit", None, MEMBERS),
    ("organisation_contacts", None, answers(LOGIN, 403, 302, 302, 302)),  # to the profile's contact section
    ("organisation_contact_create", None, MEMBERS),
    ("organisation_contact_edit", "contact", OWN_ORGANISATION_OBJECT),
    ("organisation_contact_delete", "contact", OWN_ORGANISATION_OBJECT),
    # --- government members ----------------------------------------------------------------------------------------
    ("assignments:my_requests", None, GOVERNMENT),
    ("assignments:request_create", None, GOVERNMENT),
    ("assignments:request_edit", AssignmentState.DRAFT, OWN_GOVERNMENT_OBJECT),
    ("assignments:withdraw", AssignmentState.OPEN, OWN_GOVERNMENT_OBJECT),
    ("assignments:feedback", AssignmentState.COMPLETED, OWN_GOVERNMENT_OBJECT),
    ("istage:my_jobs", None, GOVERNMENT),
    ("istage:job_request", None, GOVERNMENT),
    # --- follow-ups: the requesting organisation and coordinators; the e-mail link needs no log-in ---------------
    ("assignments:followup", AssignmentState.COMPLETED, answers(LOGIN, 200, 200, 404, 404)),
    ("assignments:followup_answer", "followup_link", answers(404, 404, 404, 404, 404)),  # unknown or used link
    # a live link is the permission, for anyone who has it (logged in or not); a GET does not use it up
    ("assignments:followup_answer", "followup_link_live", answers(200, 200, 200, 200, 200)),
    ("istage:job_detail", "part_time_job", answers(LOGIN, 200, 200, 404, 404)),
    # --- the detail page: the owner, coordinators and the education partners it is open to ---
    ("assignments:request_detail", AssignmentState.DRAFT, answers(LOGIN, 200, 200, 404, 404)),
    ("assignments:request_detail", AssignmentState.SUBMITTED, answers(LOGIN, 200, 200, 404, 404)),
    ("assignments:request_detail", AssignmentState.OPEN, answers(LOGIN, 200, 200, 404, 200)),
    ("assignments:request_detail", "matched_elsewhere", answers(LOGIN, 200, 200, 404, 404)),
    ("assignments:request_detail", "matched_here", answers(LOGIN, 200, 200, 404, 200)),
    # --- education members -----------------------------------------------------------------------------------------
    ("assignments:open_requests", None, EDUCATION),
    ("assignments:our_assignments", None, EDUCATION),
    ("assignments:interest", AssignmentState.OPEN, EDUCATION),
    ("assignments:interest_withdraw", AssignmentState.OPEN, EDUCATION),
    ("assignments:interest", AssignmentState.SUBMITTED, answers(LOGIN, 403, 403, 403, 404)),
    ("assignments:decline", AssignmentState.OPEN, EDUCATION),
    ("assignments:decline", AssignmentState.SUBMITTED, answers(LOGIN, 403, 403, 403, 404)),
    # --- Django admin: staff only (its own log-in page) ---------------------------------------------------------------
    ("admin:index", None, STAFF_ONLY),
    ("admin:assignments_assignment_changelist", None, STAFF_ONLY),
    ("admin:partnership_user_changelist", None, STAFF_ONLY),
]
# The admin's pages are Django's own, all behind the same staff check; the rows above stand for the namespace.
COVERED_AS_A_WHOLE = ("admin:",)


def _named_urls(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_is_in_the_matrix():
    in_matrix = {name for name, _target, _expected in MATRIX}
    missing = sorted(name for name in set(_named_urls()) - in_matrix if not name.startswith(COVERED_AS_A_WHOLE))
    assert missing == [], f"URLs without a row in the access matrix: {missing}"


def make_people():
    """The personas of tests/conftest.py's fixtures of the same names."""
    government_organisation = factories.GovernmentOrganisationFactory(
        name="Ministerie van Infrastructuur en Waterstaat", short_name="IenW"
    )
    education_organisation = factories.EducationOrganisationFactory(name="Hogeschool Utrecht", short_name="HU")
    return {
        "government_organisation": government_organisation,
        "education_organisation": education_organisation,
        "coordinator": factories.CoordinatorFactory(username="coordinator", first_name="Cora"),
        "government_member": factories.UserFactory(username="gov", organisation=government_organisation),
        "outsider": factories.UserFactory(username="outsider"),
        "education_member": factories.EducationMemberFactory(username="edu", organisation=education_organisation),
    }


def make_world(government_organisation, education_organisation, coordinator):
    """One request of the owning organisation in every state the matrix needs, and the other objects."""
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")

    def request_in(state, **kwargs):
        return factories.AssignmentFactory(
            state=state,
            title=f"{SECRET} ({state})",
            theme=theme,
            government_organisation=government_organisation,
            period_start=dt.date(2030, 2, 1),
            period_end=dt.date(2030, 6, 30),
            **kwargs,
        )

    objects = {
        state: request_in(state)
        for state in (
            AssignmentState.DRAFT,
            AssignmentState.SUBMITTED,
            AssignmentState.OPEN,
            AssignmentState.EXECUTION,
            AssignmentState.COMPLETED,
        )
    }
    objects[AssignmentState.PREPARATION] = request_in(
        AssignmentState.PREPARATION, education_organisation=education_organisation
    )
    objects["matched_here"] = objects[AssignmentState.PREPARATION]
    objects["matched_elsewhere"] = request_in(AssignmentState.PREPARATION)
    objects["contact"] = factories.ContactPersonFactory(organisation=government_organisation, name="Petra Primair")
    objects["member"] = factories.UserFactory(organisation=government_organisation, username="collega")
    objects["release"] = publish_release(as_of=dt.date(2023, 6, 30), status="final", by=coordinator)
    objects["open_invitation"] = invite_person(
        email="uitgenodigd@example.nl", organisation=government_organisation, by=coordinator
    )[0]
    for kind in WORKSPACE_KINDS:
        objects[f"workspace-{kind.slug}"] = WORKSPACE_SPECS[kind.slug].make()
    objects["part_time_job"] = make_part_time_job(
        title=f"{SECRET} (bijbaan)", government_organisation=government_organisation
    )
    followup = FollowUp.objects.create(assignment=objects[AssignmentState.COMPLETED], due_on=dt.date.today())
    objects["followup_token"] = followups.issue_link(followup)
    objects["merge_pair"] = (government_organisation, factories.GovernmentOrganisationFactory(name=f"{SECRET} BV"))
    objects["import_job"] = ImportJob.objects.create(
        kind="organisaties", file_name=f"{SECRET}.csv", content=b"x", status="checked", created_by=coordinator
    )
    return objects


# The people, the world and the logged-in clients are built once for the module (in one transaction around its
# tests, rolled back after the last: tests/conftest.py, module_transaction); every test only sends requests, each in
# a savepoint of its own.


@pytest.fixture(scope="module")
def people(module_transaction, django_db_blocker):
    with django_db_blocker.unblock():
        return make_people()


@pytest.fixture(scope="module")
def matrix_world(people, django_db_blocker):
    with django_db_blocker.unblock():
        return make_world(people["government_organisation"], people["education_organisation"], people["coordinator"])


def _url(name, target, world):
    if target is None:
        return reverse(name)
    if target in ("csv", "xlsx"):  # a download format
        return f"{reverse(name)}?format={target}"
    if target == "reset":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
    if target == "invitation":
        return reverse(name, kwargs={"token": "no-such-invitation"})
    if target == "followup_link":
        return reverse(name, kwargs={"token": "no-such-link"})
    if target == "followup_link_live":
        return reverse(name, kwargs={"token": world["followup_token"]})
    if target == "import_template":
        return reverse(name, kwargs={"kind": "organisaties", "file_format": "xlsx"})
    if target == "release_id":  # the API's path parameter
        return reverse(name, kwargs={"id": world["release"].pk})
    if target == "merge_pair":
        keep, drop = world[target]
        return reverse(name, kwargs={"keep": keep.pk, "drop": drop.pk})
    return reverse(name, kwargs={"pk": world[target].pk})


def make_clients(coordinator, government_member, outsider, education_member):
    def logged_in(user):
        client = Client()
        client.force_login(user)
        return client

    former = factories.UserFactory(username="former-member", organisation=government_member.organisation)
    deactivated = logged_in(former)  # logged in before the account was deactivated
    type(former).objects.filter(pk=former.pk).update(is_active=False)
    return {
        "anonymous": Client(),
        "coordinator": logged_in(coordinator),
        "owner": logged_in(government_member),
        "other_government": logged_in(outsider),
        "education": logged_in(education_member),
        "deactivated": deactivated,
    }


@pytest.fixture(scope="module")
def matrix_clients(people, django_db_blocker):
    with django_db_blocker.unblock():
        return make_clients(
            people["coordinator"], people["government_member"], people["outsider"], people["education_member"]
        )


# The same for one test, from the personas of tests/conftest.py (other modules import these).


@pytest.fixture
def world(government_organisation, education_organisation, coordinator):
    return make_world(government_organisation, education_organisation, coordinator)


@pytest.fixture
def clients(coordinator, government_member, outsider, education_member):
    return make_clients(coordinator, government_member, outsider, education_member)


@pytest.mark.parametrize(
    ("name", "target", "expected"),
    MATRIX,
    ids=[f"{name}-{target}" if target else name for name, target, _expected in MATRIX],
)
def test_access(name, target, expected, matrix_world, matrix_clients):
    url = _url(name, target, matrix_world)
    seen = {}
    for persona in PERSONAS:
        response = matrix_clients[persona].get(url)
        location = response.get("Location", "")
        if response.status_code == 302 and location.startswith(reverse("login")):
            seen[persona] = LOGIN
        elif response.status_code == 302 and location.startswith(reverse("admin:login")):
            seen[persona] = ADMIN_LOGIN
        else:
            seen[persona] = response.status_code
        if seen[persona] in (403, 404) and hasattr(response, "content"):
            assert SECRET not in response.content.decode(errors="replace"), f"{persona} sees data on {url}"
    assert seen == expected, url


def test_the_admin_opens_for_staff(admin_user, matrix_world):
    client = Client()
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    change = reverse("admin:assignments_assignment_change", args=[matrix_world[AssignmentState.OPEN].pk])
    assert client.get(change).status_code == 200


def test_a_post_of_another_organisation_changes_nothing(matrix_world, matrix_clients):
    """The state-changing URLs answer an outsider's POST like its GET: 404, nothing changed."""
    target = matrix_world[AssignmentState.OPEN]
    for name in ("assignments:withdraw", "assignments:request_edit"):
        response = matrix_clients["other_government"].post(reverse(name, args=[target.pk]), {"expected_state": "open"})
        assert response.status_code == 404
    target.refresh_from_db()
    assert target.state == AssignmentState.OPEN
