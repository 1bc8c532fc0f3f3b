"""The demo's choice of the education partner of a match (``exchange.demo.assignments.PartnerChoice``): documented
specialisms, shared fieldlabs and earlier work for the same organisation weigh, nothing else; no database."""

from datetime import date

from exchange.demo.assignments import (
    DOCUMENTED,
    REPEAT_CAP,
    SHARED_LAB,
    SPECIALISM,
    PartnerChoice,
    build_plan,
    documented_specialisms,
)
from exchange.demo.organisations import EDUCATION, education_themes

ORGS = {org.short_name: org for org in EDUCATION}


def test_the_records_name_the_seeds_specialisms():
    pairs = documented_specialisms()
    # the lectorate and the IHH minors and masters of the infographic, the courses with UU and UT
    assert {("HU", "data-ai"), ("HU", "information-management"), ("UvA", "information-management")} <= pairs
    assert {("Windesheim", "information-management"), ("UU", "data-ai"), ("UT", "cybersecurity")} <= pairs


def test_the_weight_is_size_times_specialism_lab_and_earlier_work():
    choice = PartnerChoice()
    hu = ORGS["HU"]
    theme = "data-ai"
    expected = hu.weight
    expected *= SPECIALISM if theme in education_themes()["HU"] else 1
    expected *= DOCUMENTED  # the lectorate
    expected *= SHARED_LAB  # AI-Labs midden NL with RWS
    assert choice.weight(hu, theme, "RWS") == expected
    assert choice.weight(hu, theme, "DUO") == expected / SHARED_LAB

    choice.taken[("RWS", "HU")] = 2
    assert choice.weight(hu, theme, "RWS") == expected * 3
    choice.taken[("RWS", "HU")] = 50
    assert choice.weight(hu, theme, "RWS") == expected * (1 + REPEAT_CAP)


def test_every_match_goes_to_a_partner_of_that_day_at_the_assignments_level():
    from exchange.demo.assignments import AssignmentState

    matched = [slot for slot in build_plan() if slot.education]
    assert matched
    for slot in matched:
        org = ORGS[slot.education]
        day = slot.at(AssignmentState.PREPARATION).date()
        assert org.level == slot.level
        assert org.start <= day and (org.end is None or org.end >= day)


def test_a_choice_counts_as_earlier_work_for_the_next():
    choice = PartnerChoice()
    first = choice.choose(0.5, date(2022, 3, 1), "HBO", "cybersecurity", "NCSC")
    assert choice.taken[("NCSC", first)] == 1
