"""The action registry and ``path_to`` agree with the transition table; URLs and admin actions follow the registry."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import resolve, reverse

from assignments import lifecycle, views
from assignments.lifecycle import ACTIONS, TRANSITIONS
from assignments.models import MATCHED_STATES, Assignment, AssignmentState

# The Dutch paths of the state changes, as they were before the registry existed: they must not change.
DUTCH_SEGMENTS = {
    "accept": "accepteren",
    "reject": "afwijzen",
    "match": "koppelen",
    "start": "starten",
    "complete": "afronden",
    "cancel": "annuleren",
    "withdraw": "intrekken",
}


@pytest.mark.parametrize("action", ACTIONS.values(), ids=list(ACTIONS))
def test_every_action_takes_steps_of_the_table_and_asks_what_they_require(action):
    steps = action.steps()
    assert steps, f"{action.slug} takes no step of the transition table"
    for step in steps:
        assert action.by in TRANSITIONS[step]
        assert step[1] == action.to_state
    # The portal's form asks at least what the lifecycle requires of the step.
    assert action.requirements() <= {action.asks}
    assert action.asks in views.ACTION_FORMS


def test_slugs_and_segments_are_unique_and_the_dutch_paths_stay():
    assert {slug: action.segment for slug, action in ACTIONS.items()} == DUTCH_SEGMENTS
    assert all(slug == action.slug for slug, action in ACTIONS.items())
    assert len({action.segment for action in ACTIONS.values()}) == len(ACTIONS)


@pytest.mark.parametrize("action", ACTIONS.values(), ids=list(ACTIONS))
def test_every_action_has_its_url(action):
    url = reverse(f"assignments:{action.slug}", args=[7])
    assert url == f"/aanvragen/7/{action.segment}/"
    match = resolve(url)
    assert match.func is views.transition
    assert match.kwargs == {"pk": 7, "action": action.slug}


@pytest.mark.django_db
def test_every_coordinator_action_is_an_admin_action(admin_user):
    request = RequestFactory().get("/admin/assignments/assignment/")
    request.user = admin_user
    actions = site._registry[Assignment].get_actions(request)
    coordinator_slugs = {slug for slug, action in ACTIONS.items() if action.by == lifecycle.COORDINATOR}
    assert coordinator_slugs <= set(actions)
    assert "withdraw" not in actions  # the requester's step, not the programme office's
    assert actions["reject"][2] == ACTIONS["reject"].admin_label
    assert actions["complete"][2] == ACTIONS["complete"].title


def test_actions_for_a_state_and_a_role():
    assert [a.slug for a in lifecycle.actions_for(AssignmentState.SUBMITTED, lifecycle.COORDINATOR)] == [
        "accept",
        "reject",
    ]
    assert [a.slug for a in lifecycle.actions_for(AssignmentState.OPEN, lifecycle.COORDINATOR)] == ["reject", "match"]
    assert [a.slug for a in lifecycle.actions_for(AssignmentState.OPEN, lifecycle.GOVERNMENT)] == ["withdraw"]
    assert lifecycle.actions_for(AssignmentState.EXECUTION, lifecycle.GOVERNMENT) == []
    assert lifecycle.actions_for(AssignmentState.COMPLETED, lifecycle.COORDINATOR) == []


def test_what_the_lifecycle_requires_of_a_step():
    assert lifecycle.requirements(AssignmentState.SUBMITTED, AssignmentState.REJECTED) == {lifecycle.REASON}
    assert lifecycle.requirements(AssignmentState.OPEN, AssignmentState.PREPARATION) == {lifecycle.PARTNER}
    # already matched: the partner is there
    assert lifecycle.requirements(AssignmentState.PREPARATION, AssignmentState.CANCELLED) == set()
    assert lifecycle.requirements(AssignmentState.SUBMITTED, AssignmentState.OPEN) == set()


@pytest.mark.parametrize("state", AssignmentState.values)
def test_path_to_reaches_every_state_through_the_table(state):
    path = lifecycle.path_to(state)
    assert path[-1] == state
    previous = ""
    for step in path:
        assert (previous, step) in TRANSITIONS
        previous = step


def test_path_to_is_the_shortest_way():
    assert lifecycle.path_to(AssignmentState.COMPLETED) == (
        AssignmentState.SUBMITTED,
        AssignmentState.OPEN,
        AssignmentState.PREPARATION,
        AssignmentState.EXECUTION,
        AssignmentState.COMPLETED,
    )
    assert lifecycle.path_to(AssignmentState.SUBMITTED, start=AssignmentState.DRAFT) == (AssignmentState.SUBMITTED,)
    assert lifecycle.path_to(AssignmentState.DRAFT, start=AssignmentState.DRAFT) == ()
    with pytest.raises(ValueError, match="no way"):
        lifecycle.path_to(AssignmentState.DRAFT, start=AssignmentState.COMPLETED)


@pytest.mark.django_db
@pytest.mark.parametrize("state", AssignmentState.values)
def test_the_factory_walks_path_to_every_state(state):
    from tests import factories

    assignment = factories.AssignmentFactory(state=state)
    history = list(assignment.transitions.order_by("at", "id").values_list("to_state", flat=True))
    assert history == [AssignmentState.DRAFT, *lifecycle.path_to(state, start=AssignmentState.DRAFT)]
    assert assignment.state == state
    assert (assignment.education_organisation is not None) == (state in MATCHED_STATES)
