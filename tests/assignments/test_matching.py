"""The matching advice: each factor's points on small hand-made cases, the hard filters, ties, weights, "as of"."""

import datetime as dt

import pytest
from django.core.checks import run_checks
from django.utils import timezone

from assignments import matching
from assignments.models import AssignmentState, DeclineReason, Interest, InterestDecline
from partnership.models import EducationLevel
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(db):
    return [factories.ThemeFactory(slug=f"t{n}", name=f"Thema {n}") for n in range(4)]


@pytest.fixture
def ministry(db):
    return factories.GovernmentOrganisationFactory(name="Ministerie van Proef", short_name="MvP")


def institution(name, *, level=EducationLevel.HBO, themes=(), **kwargs):
    organisation = factories.EducationOrganisationFactory(
        name=name, short_name=name[:20], education_level=level, **kwargs
    )
    organisation.themes.set(themes)
    return organisation


def request_for(ministry, theme, **kwargs):
    kwargs.setdefault("state", AssignmentState.OPEN)
    return factories.AssignmentFactory(government_organisation=ministry, theme=theme, **kwargs)


def completed(by, *, theme, government=None, at=None):
    return factories.AssignmentFactory(
        state=AssignmentState.COMPLETED,
        education_organisation=by,
        theme=theme,
        government_organisation=government or factories.GovernmentOrganisationFactory(),
        at=at or timezone.now() - dt.timedelta(days=30),
    )


def points(advice, organisation) -> dict[str, float]:
    ranked = next(r for r in advice.ranking if r.candidate.id == organisation.pk)
    return {score.factor.key: score.points for score in ranked.scores}


def test_factors_are_declared_once_with_dutch_labels():
    assert len({f.key for f in matching.FACTORS}) == len(matching.FACTORS)
    assert {f.key: f.weight for f in matching.FACTORS} == matching.DEFAULT_WEIGHTS
    assert str(matching.FACTORS[0].label) == "Thema"


def test_primary_and_secondary_themes(ministry, themes):
    main, second, third, other = themes
    fits = institution("Fits", themes=[main, second])
    misses = institution("Misses", themes=[other])
    request = request_for(ministry, main)
    request.secondary_themes.set([second, third])

    advice = matching.advise(request)

    assert points(advice, fits)["primary_theme"] == 3
    assert points(advice, fits)["secondary_themes"] == 1  # one of the two secondary themes is among its themes
    assert points(advice, misses)["primary_theme"] == 0
    assert points(advice, misses)["secondary_themes"] == 0


def test_an_institution_without_themes_gets_no_theme_points_and_stays(ministry, themes):
    bare = institution("Bare")
    advice = matching.advise(request_for(ministry, themes[0]))
    assert points(advice, bare) == dict.fromkeys(matching.FACTOR_KEYS, 0)
    assert advice.rank_of(bare.pk) == 1


def test_completions_for_the_same_organisation_count_and_are_capped(ministry, themes):
    two = institution("Twee")
    five = institution("Vijf")
    for _ in range(2):
        completed(two, theme=themes[1], government=ministry)
    for _ in range(5):
        completed(five, theme=themes[1], government=ministry)
    completed(two, theme=themes[1])  # for another organisation: not this factor

    advice = matching.advise(request_for(ministry, themes[0]))

    assert points(advice, two)["same_organisation"] == 4  # 2 × weight 2
    assert points(advice, five)["same_organisation"] == 6  # capped at 3 × 2


def test_theme_experience_counts_the_last_three_years_only(ministry, themes):
    recent = institution("Recent")
    old = institution("Oud")
    completed(recent, theme=themes[0])
    completed(recent, theme=themes[1])  # another theme
    completed(old, theme=themes[0], at=timezone.now() - dt.timedelta(days=4 * 365))

    advice = matching.advise(request_for(ministry, themes[0]))

    assert points(advice, recent)["theme_experience"] == 1
    assert points(advice, old)["theme_experience"] == 0


def test_interest_in_this_and_in_similar_requests(ministry, themes):
    keen = institution("Keen")
    similar_only = institution("Similar")
    request = request_for(ministry, themes[0])
    sibling = request_for(ministry, themes[0])
    elsewhere = request_for(ministry, themes[1])
    Interest.objects.create(assignment=request, organisation=keen)
    Interest.objects.create(assignment=sibling, organisation=similar_only)
    Interest.objects.create(assignment=elsewhere, organisation=similar_only)  # another theme: not similar

    advice = matching.advise(request)

    assert points(advice, keen)["this_interest"] == 5
    assert points(advice, keen)["similar_interest"] == 0
    assert points(advice, similar_only)["this_interest"] == 0
    assert points(advice, similar_only)["similar_interest"] == 1


def test_load_weighs_only_against_a_capacity(ministry, themes):
    busy = institution("Busy", capacity_per_half_year=4)
    unknown = institution("Unknown")
    for organisation in (busy, unknown):
        for _ in range(2):
            factories.AssignmentFactory(state=AssignmentState.PREPARATION, education_organisation=organisation)

    advice = matching.advise(request_for(ministry, themes[0]))

    assert points(advice, busy)["load"] == -2  # half of its capacity × weight -4
    assert points(advice, unknown)["load"] == 0
    unknown_ranked = next(r for r in advice.ranking if r.candidate.id == unknown.pk)
    assert unknown_ranked.scores[-1].detail == "geen capaciteit opgegeven (2 in voorbereiding of uitvoering)"


def test_hard_filters_remove_and_say_why(ministry, themes):
    institution("Ended", partnership_start=dt.date(2020, 1, 1), partnership_end=dt.date(2021, 1, 1))
    institution("University", level=EducationLevel.WO)
    declined = institution("Declined")
    withdrew = institution("Withdrew")
    institution("Kept")
    request = request_for(ministry, themes[0], wanted_levels=[EducationLevel.HBO])
    for organisation, reason in ((declined, DeclineReason.DECLINED), (withdrew, DeclineReason.WITHDRAWN)):
        InterestDecline.objects.create(
            assignment=request, organisation=organisation, reason=reason, at=timezone.now() - dt.timedelta(minutes=1)
        )

    advice = matching.advise(request)

    reasons = {removed.candidate.name: removed.reason for removed in advice.removed}
    assert "Geen actief partnerschap" in reasons["Ended"]
    assert "Niveau WO" in reasons["University"]
    assert reasons["Declined"] == "Heeft deze aanvraag afgewezen."
    assert reasons["Withdrew"] == "Heeft de interesse in deze aanvraag ingetrokken."
    assert [r.candidate.name for r in advice.ranking] == ["Kept"]


def test_a_request_without_wanted_level_considers_every_level(ministry, themes):
    wo = institution("University", level=EducationLevel.WO)
    mbo = institution("College", level=EducationLevel.MBO)
    advice = matching.advise(request_for(ministry, themes[0], wanted_levels=[]))
    assert {advice.rank_of(wo.pk), advice.rank_of(mbo.pk)} == {1, 2}
    assert advice.notes == ["De aanvraag noemt geen onderwijsniveau: alle niveaus tellen mee."]


def test_ties_go_by_name_then_id_whatever_the_insertion_order(ministry, themes):
    zeta = institution("zeta", themes=[themes[0]])
    alpha = institution("Alpha", themes=[themes[0]])
    beta = institution("beta", themes=[themes[0]])
    request = request_for(ministry, themes[0])

    first = matching.advise(request)
    second = matching.advise(request)

    assert [r.candidate.id for r in first.ranking] == [alpha.pk, beta.pk, zeta.pk]
    assert [r.candidate.id for r in first.ranking] == [r.candidate.id for r in second.ranking]
    assert [r.rank for r in first.ranking] == [1, 2, 3]


def test_the_advice_as_of_a_moment_reads_nothing_recorded_later(ministry, themes):
    """The backtest's no-leakage rule: completions, interests, declines and loads after the moment do not count."""
    partner = institution("Partner", themes=[themes[0]], capacity_per_half_year=2)
    request = request_for(ministry, themes[0], at=timezone.now() - dt.timedelta(days=10))
    moment = timezone.now() - dt.timedelta(days=5)
    completed(partner, theme=themes[0], government=ministry, at=timezone.now() - dt.timedelta(days=30))  # before
    before = matching.advise(request, moment=moment)

    later = timezone.now() - dt.timedelta(hours=1)
    completed(partner, theme=themes[0], government=ministry, at=later)
    factories.AssignmentFactory(state=AssignmentState.PREPARATION, education_organisation=partner, at=later)
    Interest.objects.create(assignment=request, organisation=partner)
    InterestDecline.objects.create(assignment=request, organisation=partner, reason=DeclineReason.DECLINED, at=later)
    after = matching.advise(request, moment=moment)

    assert points(before, partner)["same_organisation"] == 2
    assert points(after, partner) == points(before, partner)
    assert after.rank_of(partner.pk) == 1  # the later decline does not filter it yet
    assert matching.advise(request).rank_of(partner.pk) is None  # now it does


def test_the_backtest_advises_each_case_as_of_its_opening(ministry, themes):
    from benchmarks.matching import cases

    partner = institution("Partner")
    opened = timezone.now() - dt.timedelta(days=100)
    taken = factories.AssignmentFactory(
        state=AssignmentState.PREPARATION, education_organisation=partner, government_organisation=ministry, at=opened
    )
    [case] = cases()
    assert case.assignment_id == taken.pk
    assert case.taker_id == partner.pk
    assert case.opened_at == taken.transitions.get(to_state=AssignmentState.OPEN).at
    assert case.opened_at < taken.transitions.get(to_state=AssignmentState.PREPARATION).at


def test_weights_from_the_settings_and_the_note_that_says_so(settings, ministry, themes):
    partner = institution("Partner", themes=[themes[0]])
    request = request_for(ministry, themes[0])
    assert matching.advise(request).weighting_note == "Berekend met de standaardweging."

    settings.MATCHING_WEIGHTS = {"primary_theme": 10}
    advice = matching.advise(request)

    assert points(advice, partner)["primary_theme"] == 10
    assert advice.weighting_note == "Berekend met een aangepaste weging: Thema 10 (standaard 3)."


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ({"colour": 1}, "MATCHING_WEIGHTS['colour']"),
        ({"load": "veel"}, "MATCHING_WEIGHTS['load']"),
        ({"load": float("nan")}, "MATCHING_WEIGHTS['load']"),
        ({"load": True}, "MATCHING_WEIGHTS['load']"),
        ({"load": 1000}, "MATCHING_WEIGHTS['load']"),
        ([1, 2], "MATCHING_WEIGHTS must be a dict"),
    ],
)
def test_a_nonsense_weight_setting_is_named_by_the_system_check_and_ignored(settings, value, named):
    settings.MATCHING_WEIGHTS = value
    errors = [e for e in run_checks() if e.id == "assignments.E001"]
    assert errors
    assert named in errors[0].msg
    assert matching.current_weights() == matching.DEFAULT_WEIGHTS  # a well-defined ranking all the same


def test_advising_many_requests_takes_the_same_queries_as_one(ministry, themes, django_assert_num_queries):
    institution("Partner", themes=[themes[0]])
    requests = [request_for(ministry, themes[n % 2]) for n in range(6)]
    with django_assert_num_queries(3):
        matching.advise_many(requests[:1])
    with django_assert_num_queries(3):
        advice = matching.advise_many(requests)
    assert set(advice) == {r.pk for r in requests}


def test_the_history_index_of_a_batch_gives_the_aggregates_counts_at_every_moment(ministry, themes):
    """The backtest's per-batch index (``load_context(with_history=True)``) counts what the query counts."""
    now = timezone.now()
    start = (now - dt.timedelta(days=1500)).date()
    partner = institution("Partner", themes=[themes[0]], capacity_per_half_year=3, partnership_start=start)
    other = factories.GovernmentOrganisationFactory()
    for days in (2000, 900, 400, 30):  # one older than three years
        completed(partner, theme=themes[0], government=ministry, at=now - dt.timedelta(days=days))
    completed(partner, theme=themes[1], government=other, at=now - dt.timedelta(days=200))
    for days in (300, 50):
        factories.AssignmentFactory(
            state=AssignmentState.EXECUTION, education_organisation=partner, at=now - dt.timedelta(days=days)
        )
    request = request_for(ministry, themes[0], at=now - dt.timedelta(days=1))
    indexed = matching.load_context(with_history=True)
    assert indexed.history is not None

    moments = [now - dt.timedelta(days=days) for days in (1000, 899, 350, 301, 100, 40, 1)] + [now]
    for moment in moments:
        plain = matching.advise(request, moment=moment)
        batch = matching.advise(request, moment=moment, context=indexed)
        assert [(r.candidate.id, [s.raw for s in r.scores]) for r in batch.ranking] == [
            (r.candidate.id, [s.raw for s in r.scores]) for r in plain.ranking
        ], moment
    assert points(matching.advise(request, context=indexed), partner)["same_organisation"] == 6  # 3 × weight 2
