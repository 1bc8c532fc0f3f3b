"""DEVELOPERS.md's recipe "Adding a state", done once: only the table and the registry in ``assignments.lifecycle``
change, and the portal's page, its Dutch URL, the request's page, the admin action and ``path_to`` follow.

A new step between existing states goes end to end through the database. So does a new state ("paused"): its model
choice and the check constraints its migration changes are put in place inside the test's transaction (step 1), then
the table, its action and the state sets it belongs to; its action page, the request's page, the work queue and the
way back follow with no edit anywhere else. The state sets alone are also checked in Python (access, the work queue,
the figures).
"""

import datetime as dt
import importlib
import sys

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import clear_url_caches, reverse

from assignments import lifecycle, models
from assignments.access import assignment_access
from assignments.models import Assignment, AssignmentState, AssignmentTransition
from tests import factories

from .test_state_sets import check_state_sets, state_sets

PAUSED = "paused"  # a state as the recipe would add it; not in the database's choices

RECONSIDER = lifecycle.Action(
    "reconsider",
    "heroverwegen",
    AssignmentState.SUBMITTED,
    "Heroverwegen",
    "De afwijzing heroverwegen",
    asks=lifecycle.REASON,
    admin_label="Heroverwegen (met een reden)…",
)


def _reload_urls():
    import assignments.urls
    import portal.urls

    importlib.reload(assignments.urls)
    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.fixture
def extended_table(monkeypatch):
    """The recipe's steps 2 and 3: a step from "rejected" back to "submitted" that needs a reason, and its action."""
    step = (AssignmentState.REJECTED, AssignmentState.SUBMITTED)
    monkeypatch.setitem(lifecycle.TRANSITIONS, step, frozenset({lifecycle.COORDINATOR}))
    monkeypatch.setattr(lifecycle, "NOTE_REQUIRED", lifecycle.NOTE_REQUIRED | {step})
    monkeypatch.setitem(lifecycle.ACTIONS, RECONSIDER.slug, RECONSIDER)
    _reload_urls()  # the URL configuration is read once at start-up
    yield
    monkeypatch.undo()
    _reload_urls()


@pytest.mark.django_db
def test_a_new_step_gets_its_page_url_link_and_admin_action(extended_table, client, coordinator, admin_user):
    rejected = factories.AssignmentFactory(state=AssignmentState.REJECTED, title="Afgewezen aanvraag")
    url = reverse("assignments:reconsider", args=[rejected.pk])
    assert url == f"/aanvragen/{rejected.pk}/heroverwegen/"

    client.force_login(coordinator)
    detail = client.get(reverse("assignments:request_detail", args=[rejected.pk])).content.decode()
    assert url in detail and "Heroverwegen" in detail
    page = client.get(url)
    assert page.status_code == 200 and 'name="note"' in page.content.decode()  # it asks for a reason
    client.post(url, {"expected_state": AssignmentState.REJECTED, "note": ""})
    assert Assignment.objects.get(pk=rejected.pk).state == AssignmentState.REJECTED
    client.post(url, {"expected_state": AssignmentState.REJECTED, "note": "Toch binnen het programma"})
    assert Assignment.objects.get(pk=rejected.pk).state == AssignmentState.SUBMITTED
    last = AssignmentTransition.objects.filter(assignment=rejected).latest("at", "id")
    assert (last.from_state, last.to_state, last.by, last.note) == (
        AssignmentState.REJECTED,
        AssignmentState.SUBMITTED,
        coordinator,
        "Toch binnen het programma",
    )

    # The admin action, with an intermediate page for the reason the lifecycle requires.
    other = factories.AssignmentFactory(state=AssignmentState.REJECTED)
    request = RequestFactory().get("/")
    request.user = admin_user
    assert site._registry[Assignment].get_actions(request)["reconsider"][2] == "Heroverwegen (met een reden)…"
    client.force_login(admin_user)
    changelist = reverse("admin:assignments_assignment_changelist")
    page = client.post(changelist, {"action": "reconsider", "_selected_action": [other.pk]})
    assert 'name="reason"' in page.content.decode()
    client.post(
        changelist, {"action": "reconsider", "_selected_action": [other.pk], "apply": "yes", "reason": "Nieuw inzicht"}
    )
    assert Assignment.objects.get(pk=other.pk).state == AssignmentState.SUBMITTED


def test_the_registry_and_urls_are_back_after_the_recipe_test():
    assert "reconsider" not in lifecycle.ACTIONS
    assert (AssignmentState.REJECTED, AssignmentState.SUBMITTED) not in lifecycle.TRANSITIONS
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("assignments:reconsider", args=[1])


def test_a_new_state_is_reached_by_path_to_and_gets_its_actions(monkeypatch):
    monkeypatch.setitem(lifecycle.TRANSITIONS, (AssignmentState.EXECUTION, PAUSED), frozenset({lifecycle.COORDINATOR}))
    monkeypatch.setitem(lifecycle.TRANSITIONS, (PAUSED, AssignmentState.EXECUTION), frozenset({lifecycle.COORDINATOR}))
    pause = lifecycle.Action("pause", "pauzeren", PAUSED, "Pauzeren", "De uitvoering pauzeren")
    monkeypatch.setitem(lifecycle.ACTIONS, pause.slug, pause)

    assert lifecycle.path_to(PAUSED) == (
        AssignmentState.SUBMITTED,
        AssignmentState.OPEN,
        AssignmentState.PREPARATION,
        AssignmentState.EXECUTION,
        PAUSED,
    )
    assert pause in lifecycle.actions_for(AssignmentState.EXECUTION, lifecycle.COORDINATOR)
    # The way back needs no new action: "start" leads to execution and takes every step the table has into it.
    assert [action.slug for action in lifecycle.actions_for(PAUSED, lifecycle.COORDINATOR)] == ["start"]
    assert lifecycle.requirements(AssignmentState.EXECUTION, PAUSED) == set()


def _declare(monkeypatch, name: str, states: tuple) -> None:
    """Step 1 of the recipe for one state set: the declaration in ``assignments.models`` changes, and so does every
    module that imported it (as they would when the declaration is edited before start-up)."""
    old = getattr(models, name)
    for module in list(sys.modules.values()):
        if getattr(module, name, None) is old:
            monkeypatch.setattr(module, name, states)


def _add_paused(monkeypatch) -> None:
    """Steps 2 and 3 of the recipe for "paused" (its ways in and out in the table, the action into it) and its state
    sets: matched (it keeps its education partner), under way and active, not counted as "an assignment"."""
    for step in [
        (AssignmentState.EXECUTION, PAUSED),
        (PAUSED, AssignmentState.EXECUTION),
        (PAUSED, AssignmentState.CANCELLED),
    ]:
        monkeypatch.setitem(lifecycle.TRANSITIONS, step, frozenset({lifecycle.COORDINATOR}))
    pause = lifecycle.Action("pause", "pauzeren", PAUSED, "Pauzeren", "De uitvoering pauzeren")
    monkeypatch.setitem(lifecycle.ACTIONS, pause.slug, pause)
    for name in ("MATCHED_STATES", "UNDER_WAY_STATES", "ACTIVE_STATES"):
        _declare(monkeypatch, name, (*getattr(models, name), PAUSED))


def test_a_new_state_needs_the_table_and_the_sets_only(monkeypatch, coordinator, government_member):
    _add_paused(monkeypatch)

    states = [*AssignmentState.values, PAUSED]
    check_state_sets(states, state_sets(), lifecycle.TRANSITIONS)

    # the lifecycle: no partner asked on the way in or out (it stays matched); the ways out follow from the table
    assert lifecycle.requirements(AssignmentState.EXECUTION, PAUSED) == set()
    assert lifecycle.requirements(PAUSED, AssignmentState.CANCELLED) == set()
    assert [action.slug for action in lifecycle.actions_for(PAUSED, lifecycle.COORDINATOR)] == ["start", "cancel"]
    # access: the requester can no longer edit it, nobody expresses interest, it takes no feedback yet
    paused = Assignment(state=PAUSED, government_organisation_id=government_member.organisation_id)
    owner = assignment_access(government_member, paused)
    assert owner.is_owner and not (owner.may_edit or owner.may_express_interest or owner.may_give_feedback)
    assert [action.slug for action in assignment_access(coordinator, paused).actions] == ["start", "cancel"]
    # the work queue's "past their planned end" and the figure of active requesting organisations include it
    from assignments import selectors
    from reporting import figures

    assert "IN (preparation, execution, paused)" in str(selectors.overdue_assignments(dt.date(2026, 1, 1)).query)
    assert PAUSED in figures.ACTIVE_STATES and PAUSED not in figures.COUNTED_STATES


@pytest.fixture
def paused_in_the_database(monkeypatch):
    """The whole recipe for "paused", at run time: step 1 (the choice, and the check constraints its migration would
    change, altered inside the test's transaction), steps 2 and 3 (the table, the action) and the state sets. The
    other names bound to ``AssignmentState`` and its choices are rebound as a restart after the edit would."""
    from django.db import connection
    from django.db import models as db_models
    from django.db.models import Q

    from assignments import forms as assignment_forms
    from partnership.models import _labels_of

    extended = db_models.TextChoices(
        "AssignmentState", [(m.name, (m.value, m.label)) for m in AssignmentState] + [("PAUSED", (PAUSED, "Paused"))]
    )
    original = AssignmentState  # this module's name is rebound too
    for module in list(sys.modules.values()):
        if getattr(module, "AssignmentState", None) is original:
            monkeypatch.setattr(module, "AssignmentState", extended)
    for model, name in [
        (Assignment, "state"),
        (AssignmentTransition, "from_state"),
        (AssignmentTransition, "to_state"),
    ]:
        monkeypatch.setattr(model._meta.get_field(name), "choices", extended.choices)
    monkeypatch.setattr(assignment_forms.TransitionForm.base_fields["expected_state"], "choices", extended.choices)
    _labels_of.cache_clear()
    with connection.schema_editor() as editor:  # what `makemigrations assignments` writes for the new choice
        for model, name, condition in [
            (Assignment, "assignment_state_valid", Q(state__in=extended.values)),
            (
                AssignmentTransition,
                "transition_states_valid",
                Q(to_state__in=extended.values) & (Q(from_state="") | Q(from_state__in=extended.values)),
            ),
        ]:
            (old,) = [c for c in model._meta.constraints if c.name == name]
            new = db_models.CheckConstraint(condition=condition, name=name)
            editor.remove_constraint(model, old)
            editor.add_constraint(model, new)
            monkeypatch.setattr(model._meta, "constraints", [new if c is old else c for c in model._meta.constraints])
    _add_paused(monkeypatch)
    _reload_urls()
    yield
    monkeypatch.undo()
    _labels_of.cache_clear()
    _reload_urls()


@pytest.mark.django_db
def test_a_new_state_works_end_to_end_with_no_edit_elsewhere(paused_in_the_database, client, coordinator):
    assignment = factories.AssignmentFactory(
        state=AssignmentState.EXECUTION, title="Gepauzeerde opdracht", period_end=dt.date(2024, 1, 31)
    )
    client.force_login(coordinator)
    detail = reverse("assignments:request_detail", args=[assignment.pk])
    pause_url = reverse("assignments:pause", args=[assignment.pk])
    assert pause_url in client.get(detail).content.decode()
    client.post(pause_url, {"expected_state": AssignmentState.EXECUTION})
    assert Assignment.objects.get(pk=assignment.pk).state == PAUSED
    page = client.get(detail).content.decode()
    assert "Paused" in page and reverse("assignments:start", args=[assignment.pk]) in page
    # past its wanted end while paused: in the coordinators' work queue, from UNDER_WAY_STATES
    assert "Gepauzeerde opdracht" in client.get(reverse("assignments:queue")).content.decode()
    client.post(reverse("assignments:start", args=[assignment.pk]), {"expected_state": PAUSED})
    steps = AssignmentTransition.objects.filter(assignment=assignment).order_by("at", "id")
    assert [step.to_state for step in steps][-3:] == [AssignmentState.EXECUTION, PAUSED, AssignmentState.EXECUTION]
    assert Assignment.objects.get(pk=assignment.pk).get_state_display() == "In uitvoering"


def test_the_state_sets_are_back_after_the_recipe_test():
    assert PAUSED not in models.MATCHED_STATES and PAUSED not in models.ACTIVE_STATES
    from assignments import selectors

    assert selectors.UNDER_WAY_STATES is models.UNDER_WAY_STATES
    assert (
        lifecycle.AssignmentState is models.AssignmentState is AssignmentState and PAUSED not in AssignmentState.values
    )
    (constraint,) = [c for c in Assignment._meta.constraints if c.name == "assignment_state_valid"]
    assert PAUSED not in constraint.condition.children[0][1]
    assert PAUSED not in dict(Assignment._meta.get_field("state").choices)
