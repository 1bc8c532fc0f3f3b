"""The state sets beside ``AssignmentState`` (``assignments.models``) agree with the transition table, and no code
outside the lifecycle names a state: what the rest of the portal knows about states it asks of these sets.
``check_state_sets`` is also run by ``test_adding_a_state`` on a table with a new state."""

import re
from pathlib import Path

from assignments import lifecycle, models
from assignments.models import AssignmentState

ROOT = Path(__file__).resolve().parents[2]
SET_NAMES = (
    "EDITABLE_STATES",
    "AWAITING_DECISION_STATES",
    "PUBLISHED_STATES",
    "COUNTED_STATES",
    "MATCHED_STATES",
    "UNDER_WAY_STATES",
    "DONE_STATES",
    "ACTIVE_STATES",
)
# Where a state may be named: its declaration, the table, and the figures whose definition is one state each
# (docs/figures.md: matched = into preparation, completed, internships started = into execution).
MAY_NAME_STATES = {"assignments/models.py", "assignments/lifecycle.py", "reporting/figures.py"}
# Data, not rules: the demo's story and the benchmarks' synthetic data.
NOT_CHECKED = ("tests/", "exchange/demo/", "benchmarks/", ".venv/", "node_modules/")


def state_sets(module=models) -> dict[str, tuple]:
    return {name: tuple(getattr(module, name)) for name in SET_NAMES}


def check_state_sets(states: list[str], sets: dict[str, tuple], transitions: dict) -> None:
    """What the sets mean, checked against the table (``states`` in lifecycle order)."""

    def leaves(state):
        return any(frm == state for frm, _to in transitions)

    for name, members in sets.items():
        assert members, name
        assert set(members) <= set(states), name
        assert list(members) == sorted(members, key=states.index), f"{name} in lifecycle order"
    editable, awaiting, published = sets["EDITABLE_STATES"], sets["AWAITING_DECISION_STATES"], sets["PUBLISHED_STATES"]
    counted, matched, under_way = sets["COUNTED_STATES"], sets["MATCHED_STATES"], sets["UNDER_WAY_STATES"]
    done, active = sets["DONE_STATES"], sets["ACTIVE_STATES"]
    # a request is created as a draft or submitted straight away: the request form's step leads from one to the other
    assert {to for frm, to in transitions if frm == ""} <= {*editable, *awaiting}
    assert lifecycle.SUBMIT_STEP in transitions
    assert lifecycle.SUBMIT_STEP[0] in editable and lifecycle.SUBMIT_STEP[1] in awaiting
    # published by a coordinator's decision
    for state in published:
        into = [(frm, roles) for (frm, to), roles in transitions.items() if to == state]
        assert into and all(frm in awaiting and roles == {lifecycle.COORDINATOR} for frm, roles in into), state
    assert set(counted) <= set(matched)
    # under way: the matched states an assignment can still leave; done: counted and final
    assert set(under_way) == {state for state in matched if leaves(state)}
    assert all(state in counted and not leaves(state) for state in done)
    # active in a year: handed in and not ended without a result
    ended_without_result = {state for state in states if not leaves(state) and state not in counted}
    assert not set(active) & ({*editable} | ended_without_result)
    assert {*awaiting, *published, *counted} <= set(active)
    # every state can be reached (the factories, the --scale loader)
    for state in states:
        assert lifecycle.path_to(state)[-1] == state


def test_the_state_sets_agree_with_the_transition_table():
    check_state_sets(list(AssignmentState.values), state_sets(), lifecycle.TRANSITIONS)


def test_the_checks_catch_a_set_that_was_not_kept_up():
    import pytest

    sets = state_sets()
    sets["UNDER_WAY_STATES"] = (AssignmentState.EXECUTION,)  # preparation forgotten
    with pytest.raises(AssertionError):
        check_state_sets(list(AssignmentState.values), sets, lifecycle.TRANSITIONS)


def test_no_code_outside_the_lifecycle_names_a_state():
    named = re.compile(r"AssignmentState\.[A-Z]")
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or relative.startswith(NOT_CHECKED) or relative in MAY_NAME_STATES:
            continue
        offenders += [
            f"{relative}:{n}" for n, line in enumerate(path.read_text().splitlines(), 1) if named.search(line)
        ]
    assert not offenders, f"ask a state set of assignments.models instead: {offenders}"
