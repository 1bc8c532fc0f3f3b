"""The ``--scale`` loader takes its paths from the lifecycle and only weighs the final states."""

from itertools import islice

from assignments import lifecycle
from assignments.models import MATCHED_STATES, AssignmentState
from exchange.demo import scale


def test_every_weighted_path_is_the_lifecycles_own():
    weighted = scale.weighted_paths()
    assert {path[-1] for _weight, path, _draft in weighted} == set(scale.STATE_WEIGHTS)
    for _weight, path, through_draft in weighted:
        assert path == lifecycle.path_to(path[-1])
        assert through_draft[0] == AssignmentState.DRAFT and through_draft[-1] == path[-1]
        lifecycle.check_history("weighted", through_draft, range(len(through_draft)))


def test_synthetic_histories_are_deterministic_per_run_and_matched_where_they_must_be():
    def first(run):
        histories = scale.generate_histories(
            50, run=run, government_id=1, education_ids={"MBO": 2, "HBO": 3, "WO": 4}, themes=[5, 6]
        )
        return list(islice(histories, 50))

    once, again, other = first(1), first(1), first(2)
    assert [h.fields for h in once] == [h.fields for h in again]
    assert [h.fields["title"] for h in once] != [h.fields["title"] for h in other]
    for history in once:
        lifecycle.check_history(history.fields["title"], history.states, history.times)
        matched = history.states[-1] in MATCHED_STATES
        assert (history.fields["education_organisation_id"] is not None) == matched
        assert bool(history.fields["level"]) == matched
