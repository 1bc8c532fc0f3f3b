"""The assignment admin: the state moves only through the lifecycle service, the history is read-only."""

import pytest
from django.contrib.messages import WARNING
from django.urls import reverse

from assignments.models import Assignment, AssignmentState, AssignmentTransition
from tests import factories

CHANGELIST = reverse("admin:assignments_assignment_changelist")
ADD = reverse("admin:assignments_assignment_add")


def change_url(assignment):
    return reverse("admin:assignments_assignment_change", args=[assignment.pk])


def run_action(client, action, assignments, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [a.pk for a in assignments], **extra}, follow=True
    )


def messages_of(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def form_data(assignment, **overrides):
    """What the change form posts for ``assignment``, with ``overrides``."""
    data = {
        "title": assignment.title,
        "description": assignment.description,
        "kind": assignment.kind,
        "theme": assignment.theme_id,
        "wanted_levels": assignment.wanted_levels,
        "government_organisation": assignment.government_organisation_id,
        "contact": assignment.contact_id or "",
        "education_organisation": assignment.education_organisation_id or "",
        "level": assignment.level,
        "student_count": assignment.student_count,
        "period_start": "",
        "period_end": "",
        "transitions-TOTAL_FORMS": assignment.transitions.count(),
        "transitions-INITIAL_FORMS": assignment.transitions.count(),
        "transitions-MIN_NUM_FORMS": 0,
        "transitions-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_action_moves_the_assignment_and_writes_history_by_the_admin(staff_client, admin_user):
    assignment = factories.AssignmentFactory(state=AssignmentState.SUBMITTED)

    response = run_action(staff_client, "accept", [assignment])

    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.OPEN
    last = assignment.transitions.order_by("-at", "-id").first()
    assert (last.from_state, last.to_state, last.by) == (AssignmentState.SUBMITTED, AssignmentState.OPEN, admin_user)
    assert [level for level, _ in messages_of(response)] == [25]  # SUCCESS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("accept", AssignmentState.SUBMITTED, AssignmentState.OPEN),
        ("start", AssignmentState.PREPARATION, AssignmentState.EXECUTION),
        ("complete", AssignmentState.EXECUTION, AssignmentState.COMPLETED),
        ("cancel", AssignmentState.PREPARATION, AssignmentState.CANCELLED),
        ("cancel", AssignmentState.EXECUTION, AssignmentState.CANCELLED),
    ],
)
def test_each_action_follows_the_lifecycle(staff_client, action, start, end):
    assignment = factories.AssignmentFactory(state=start)
    run_action(staff_client, action, [assignment])
    assignment.refresh_from_db()
    assert assignment.state == end


@pytest.mark.django_db
def test_refused_action_changes_nothing_and_says_why_in_dutch(staff_client):
    submitted = factories.AssignmentFactory(state=AssignmentState.SUBMITTED, title="Datalab")
    executing = factories.AssignmentFactory(state=AssignmentState.EXECUTION, title="Archief")
    history_before = AssignmentTransition.objects.filter(assignment=submitted).count()

    response = run_action(staff_client, "complete", [submitted, executing])

    submitted.refresh_from_db()
    executing.refresh_from_db()
    assert submitted.state == AssignmentState.SUBMITTED
    assert AssignmentTransition.objects.filter(assignment=submitted).count() == history_before
    assert executing.state == AssignmentState.COMPLETED  # the other one in the same selection still moved
    warnings = [text for level, text in messages_of(response) if level == WARNING]
    assert warnings == ["“Datalab”: Een opdracht kan niet van “Ingediend” naar “Afgerond”."]
    assert "Een opdracht kan niet van “Ingediend” naar “Afgerond”." in response.content.decode()


@pytest.mark.django_db
def test_reject_asks_for_a_reason_first(staff_client, admin_user):
    assignment = factories.AssignmentFactory(state=AssignmentState.SUBMITTED)

    page = staff_client.post(CHANGELIST, {"action": "reject", "_selected_action": [assignment.pk]})
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert assignment.title in page.content.decode()

    empty = staff_client.post(CHANGELIST, {"action": "reject", "_selected_action": [assignment.pk], "apply": "yes"})
    assert empty.status_code == 200
    assert empty.context["form"].errors["reason"]
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED

    run_action(staff_client, "reject", [assignment], apply="yes", reason="Geen studentenvraagstuk.")
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.REJECTED
    last = assignment.transitions.get(ended_at__isnull=True)
    assert (last.note, last.by) == ("Geen studentenvraagstuk.", admin_user)


@pytest.mark.django_db
def test_match_attaches_the_education_partner(staff_client):
    assignment = factories.AssignmentFactory(state=AssignmentState.OPEN)
    university = factories.EducationOrganisationFactory(education_level="WO")

    page = staff_client.post(CHANGELIST, {"action": "match", "_selected_action": [assignment.pk]})
    assert page.status_code == 200
    choices = [value for value, _ in page.context["form"].fields["education_organisation"].choices if value]
    assert {str(value) for value in choices} == {str(university.pk)}

    run_action(staff_client, "match", [assignment], apply="yes", education_organisation=university.pk, level="")
    assignment.refresh_from_db()
    assert (assignment.state, assignment.education_organisation, assignment.level) == (
        AssignmentState.PREPARATION,
        university,
        "WO",
    )


@pytest.mark.django_db
def test_state_cannot_be_posted_through_the_change_form(staff_client):
    assignment = factories.AssignmentFactory(state=AssignmentState.SUBMITTED)
    history_before = assignment.transitions.count()

    response = staff_client.post(
        change_url(assignment),
        form_data(assignment, title="Nieuwe titel", state=AssignmentState.COMPLETED, _save="Opslaan"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assignment.refresh_from_db()
    assert assignment.title == "Nieuwe titel"
    assert assignment.state == AssignmentState.SUBMITTED
    assert assignment.transitions.count() == history_before


@pytest.mark.django_db
def test_matched_assignment_keeps_its_partner(staff_client):
    assignment = factories.AssignmentFactory(state=AssignmentState.PREPARATION)

    response = staff_client.post(change_url(assignment), form_data(assignment, education_organisation=""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["education_organisation"]
    assignment.refresh_from_db()
    assert assignment.education_organisation is not None


@pytest.mark.django_db
def test_adding_goes_through_the_lifecycle(staff_client, admin_user):
    organisation = factories.GovernmentOrganisationFactory()
    theme = factories.ThemeFactory()
    data = {
        "title": "Slimme archivering",
        "description": "Een vraagstuk.",
        "kind": "internship",
        "theme": theme.pk,
        "wanted_levels": ["HBO", "WO"],
        "government_organisation": organisation.pk,
        "student_count": 2,
        "submit": "on",
        "state": AssignmentState.COMPLETED,  # ignored: not a field of the form
        "transitions-TOTAL_FORMS": 0,
        "transitions-INITIAL_FORMS": 0,
    }

    response = staff_client.post(ADD, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assignment = Assignment.objects.get(title="Slimme archivering")
    assert assignment.state == AssignmentState.SUBMITTED
    assert assignment.wanted_levels == ["HBO", "WO"]
    assert assignment.created_by == admin_user
    (first,) = assignment.transitions.all()
    assert (first.from_state, first.to_state, first.by) == ("", AssignmentState.SUBMITTED, admin_user)
    assert response["Location"] == CHANGELIST or response["Location"].startswith(CHANGELIST)


@pytest.mark.django_db
def test_history_inline_is_read_only(staff_client):
    assignment = factories.AssignmentFactory(state=AssignmentState.OPEN)
    page = staff_client.get(change_url(assignment))
    html = page.content.decode()

    (inline,) = page.context["inline_admin_formsets"]
    assert inline.opts.model is AssignmentTransition
    assert not inline.has_add_permission
    assert not inline.has_change_permission
    assert not inline.has_delete_permission
    assert "Open voor onderwijspartners" in html  # the history is shown
    assert 'name="transitions-0-to_state"' not in html
    assert 'name="transitions-0-DELETE"' not in html
    assert 'name="state"' not in html

    # Posting a forged history row adds nothing.
    count = assignment.transitions.count()
    forged = form_data(
        assignment,
        **{
            "transitions-TOTAL_FORMS": count + 1,
            f"transitions-{count}-to_state": AssignmentState.COMPLETED,
            f"transitions-{count}-from_state": AssignmentState.OPEN,
            f"transitions-{count}-at": "2024-01-01 10:00:00",
        },
    )
    staff_client.post(change_url(assignment), forged)
    assert assignment.transitions.count() == count
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.OPEN


@pytest.mark.django_db
def test_history_admin_is_read_only(staff_client):
    assignment = factories.AssignmentFactory(state=AssignmentState.SUBMITTED)
    transition = assignment.transitions.first()
    original = transition.to_state
    url = reverse("admin:assignments_assignmenttransition_change", args=[transition.pk])

    assert staff_client.get(reverse("admin:assignments_assignmenttransition_add")).status_code == 403
    staff_client.post(url, {"to_state": AssignmentState.COMPLETED, "note": "vervalst"})
    transition.refresh_from_db()
    assert (transition.to_state, transition.note) == (original, "")
    delete = reverse("admin:assignments_assignmenttransition_delete", args=[transition.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
