"""Retention (AVG): contact people anonymised and accounts deactivated for partnerships that ended long ago."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AccountEvent
from assignments.models import AssignmentState
from partnership.models import ContactPerson
from reporting.figures import compute_figures
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def partners(coordinator):
    ended = factories.GovernmentOrganisationFactory(
        name="Oud Ministerie",
        short_name="OUD",
        partnership_start=dt.date(2018, 1, 1),
        partnership_end=dt.date(2023, 5, 1),
    )
    recent = factories.GovernmentOrganisationFactory(
        name="Recent Gestopt",
        short_name="REC",
        partnership_start=dt.date(2019, 1, 1),
        partnership_end=dt.date(2025, 9, 1),
    )
    for organisation in (ended, recent):
        factories.ContactPersonFactory(organisation=organisation, name="Piet Persoon", is_primary=True)
        factories.ContactPersonFactory(
            organisation=organisation, name="Anna Anders", phone="0612345678", is_primary=False
        )
        factories.UserFactory(organisation=organisation)
        for state in (AssignmentState.COMPLETED, AssignmentState.EXECUTION):
            factories.AssignmentFactory(government_organisation=organisation, state=state)
    return ended, recent


def retention(*args):
    out = StringIO()
    call_command("apply_retention", "--by", "coordinator", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_what_would_change_and_changes_nothing(partners):
    ended, _recent = partners
    output = retention("--dry-run")
    assert "Proefdraai: er wordt niets gewijzigd." in output
    assert (
        "Oud Ministerie (geëindigd 2023-05-01): 2 contactpersonen te anonimiseren, 1 accounts te deactiveren" in output
    )
    assert "Recent Gestopt" not in output
    assert "Piet" not in output  # ids, no personal data in the output
    assert ContactPerson.objects.filter(name="Piet Persoon").count() == 2
    assert ended.users.get().is_active


def test_retention_anonymises_and_deactivates_only_the_old_partnership_and_keeps_every_figure(partners):
    ended, recent = partners
    dates = [dt.date(2022, 12, 31), dt.date(2023, 6, 30), TODAY]
    before = [compute_figures(day) for day in dates]

    output = retention()

    assert "2 contactpersonen geanonimiseerd, 1 accounts gedeactiveerd." in output
    anonymised = ContactPerson.objects.filter(organisation=ended)
    assert {contact.name for contact in anonymised} == {"Geanonimiseerde contactpersoon"}
    assert all(c.email.endswith("@anoniem.invalid") and not c.phone and not c.is_primary for c in anonymised)
    assert not ended.users.get().is_active
    assert ContactPerson.objects.filter(organisation=recent, name="Piet Persoon").exists()
    assert recent.users.get().is_active
    assert AccountEvent.objects.filter(organisation=ended).count() == 3  # two contacts, one account
    assert [compute_figures(day) for day in dates] == before

    assert "0 contactpersonen geanonimiseerd, 0 accounts gedeactiveerd." in retention()  # a second run: nothing left


def test_the_period_is_configurable(partners):
    def listed(years, today):
        out = StringIO()
        call_command(
            "apply_retention", "--by", "coordinator", "--years", str(years), "--today", today, "--dry-run", stdout=out
        )
        return out.getvalue()

    assert "Recent Gestopt" not in listed(1, "2026-06-01")  # ended 9 months before
    assert "Recent Gestopt" in listed(1, "2026-09-02")
    assert "Oud Ministerie" not in listed(4, "2026-06-01")
    assert "Oud Ministerie" in listed(3, "2026-06-01")


def test_only_a_coordinator_may_apply_it(partners, government_member):
    with pytest.raises(CommandError, match="geen actieve programmacoördinator"):
        call_command("apply_retention", "--by", government_member.username, stdout=StringIO())


def test_retention_clears_who_answered_a_follow_up_and_expired_links_but_no_figure(partners):
    from assignments import followups
    from assignments.models import AnswerChannel, FollowUp, FollowUpAnswer, FollowUpAnswerEvent

    ended, _recent = partners
    assignment = factories.AssignmentFactory(
        government_organisation=ended, state="completed", student_count=3, at=dt.datetime(2021, 1, 5, 12, tzinfo=dt.UTC)
    )
    old = dt.datetime(2021, 9, 1, 12, tzinfo=dt.UTC)
    followups.answer_followup(
        assignment=assignment, counts={"job": 1}, channel=AnswerChannel.IMPORT, respondent="Mw. Telefoon", at=old
    )
    recent = factories.AssignmentFactory(government_organisation=ended, state="completed", student_count=2)
    followups.answer_followup(assignment=recent, counts={"none": 2}, channel=AnswerChannel.IMPORT, respondent="Dhr. Nu")
    link = FollowUp.objects.create(assignment=recent, due_on=dt.date(2024, 1, 1))
    followups.issue_link(link, now=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))  # long expired
    dates = [dt.date(2022, 12, 31), dt.date(2023, 6, 30), TODAY]
    before = [compute_figures(day) for day in dates]

    output = retention()

    assert "1 antwoorden" in output or "in 1 antwoord" in output
    cleared = FollowUpAnswer.objects.get(assignment=assignment)
    assert cleared.respondent == "" and cleared.job == 1
    assert not FollowUpAnswerEvent.objects.filter(respondent="Mw. Telefoon").exists()  # the trail forgets it too
    assert FollowUpAnswer.objects.get(assignment=recent).respondent == "Dhr. Nu"  # given recently: kept
    assert FollowUp.objects.get(pk=link.pk).token_hash == ""
    assert [compute_figures(day) for day in dates] == before
