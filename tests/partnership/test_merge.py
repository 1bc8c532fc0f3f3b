"""Likely duplicate organisations and their merge: every relation moves in one transaction, a merge a constraint
forbids changes nothing, the audit trail records it, and no figure changes."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pghistory.models import Event as AuditEvent
from pghistory.models import Events

from accounts.models import AccountEvent
from assignments.models import Assignment, AssignmentState
from doctorates.models import DoctoralPlacement
from partnership import selectors, services
from partnership.models import ContactPerson, Event, Organisation, User
from reporting.figures import compute_figures
from tests import factories

pytestmark = pytest.mark.django_db

PEILDATA = (dt.date(2022, 12, 31), dt.date(2023, 6, 30))


def test_every_relation_to_an_organisation_is_found_from_the_models():
    found = {
        (relation.related_model._meta.label, relation.field.name)
        for kind, relation in selectors.merge_relations(Organisation())
        if kind != "own_m2m"
    }
    expected = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        if not issubclass(model, AuditEvent) and not model._meta.auto_created
        for field in model._meta.get_fields()
        if field.concrete or (field.many_to_many and not field.auto_created)  # forward fields only
        if getattr(field, "related_model", None) is Organisation and model is not Organisation
    }
    assert found == expected
    assert ("assignments.Assignment", "government_organisation") in found
    assert ("partnership.Event", "organisations") in found


def test_likely_duplicates_are_similar_names_of_one_kind():
    original = factories.GovernmentOrganisationFactory(name="Ministerie van Infrastructuur en Waterstaat")
    duplicate = factories.GovernmentOrganisationFactory(name="Ministerie van Infrastructuur & Waterstaat")
    factories.GovernmentOrganisationFactory(name="Belastingdienst")
    factories.EducationOrganisationFactory(name="Ministerie van Infrastructuur en Waterstaat (opleiding)")

    pairs = selectors.likely_duplicates()
    assert [(pair.first, pair.second) for pair in pairs] == [(original, duplicate)]
    assert selectors.DUPLICATE_SIMILARITY * 100 <= pairs[0].percent < 100


@pytest.fixture
def pair(coordinator):
    keep = factories.GovernmentOrganisationFactory(name="Dienst Voorbeeld", short_name="DV", city="")
    drop = factories.GovernmentOrganisationFactory(
        name="Dienst Voorbeeld (dubbel)", short_name="DVD", city="Den Haag", partnership_start=None
    )
    return keep, drop


def test_a_merge_moves_everything_and_removes_the_duplicate(coordinator, pair):
    keep, drop = pair
    theme = factories.ThemeFactory()
    factories.ContactPersonFactory(organisation=keep, is_primary=True)
    moved_contact = factories.ContactPersonFactory(organisation=drop, is_primary=True)
    member = factories.UserFactory(organisation=drop)
    assignment = factories.AssignmentFactory(government_organisation=drop, theme=theme, state=AssignmentState.OPEN)
    fieldlab = factories.FieldlabFactory()
    fieldlab.partners.add(keep, drop)  # linked to both: once afterwards
    event = factories.EventFactory(theme=theme)
    event.organisations.add(drop)
    trainee = factories.TraineeFactory(host=drop)
    lead = factories.DoctoralLeadFactory(host=drop, theme=theme)
    AccountEvent.objects.create(kind="profile_changed", by=coordinator, organisation=drop)

    merged = services.merge_organisations(keep=keep, drop=drop, by=coordinator)

    assert not Organisation.objects.filter(pk=drop.pk).exists()
    assert merged.city == "Den Haag"  # empty on the kept one: taken over
    moved_contact.refresh_from_db()
    assert moved_contact.organisation == keep and not moved_contact.is_primary  # the kept one's primary stays
    assert ContactPerson.objects.filter(organisation=keep, is_primary=True).count() == 1
    assert User.objects.get(pk=member.pk).organisation == keep
    assert Assignment.objects.get(pk=assignment.pk).government_organisation == keep
    assert list(fieldlab.partners.all()) == [keep]
    assert list(Event.objects.get(pk=event.pk).organisations.all()) == [keep]
    trainee.refresh_from_db()
    lead.refresh_from_db()
    assert trainee.host == keep and lead.host == keep
    assert AccountEvent.objects.filter(organisation=keep).count() == 1
    for kind, relation in selectors.merge_relations(keep):  # nothing refers to the removed one any more
        if kind != "own_m2m":
            assert not relation.related_model._base_manager.filter(**{relation.field.name: drop.pk}).exists()


def test_the_merge_is_in_the_audit_trail(coordinator, pair):
    keep, drop = pair
    assignment = factories.AssignmentFactory(government_organisation=drop, state=AssignmentState.SUBMITTED)

    services.merge_organisations(keep=keep, drop=drop, by=coordinator)

    entry = selectors.history_for(keep).entries[0]
    assert (entry.action, entry.user_name, entry.source) == ("samengevoegd", "Cora", "samenvoegen van organisaties")
    assert entry.note == "Dienst Voorbeeld (dubbel) is samengevoegd met deze organisatie."
    moved = Events.objects.tracks(assignment).order_by("-pgh_id").first()
    assert moved.pgh_diff == {"government_organisation_id": [drop.pk, keep.pk]}
    assert moved.pgh_context["source"] == "merge" and moved.pgh_context["user"] == coordinator.pk
    removed = Events.objects.tracks(drop).order_by("-pgh_id").first()
    assert removed.pgh_label == "delete" and removed.pgh_context["merged"] == drop.pk


def test_a_merge_a_constraint_forbids_changes_nothing(coordinator, pair):
    keep, drop = pair
    candidate = factories.DoctoralCandidateFactory()
    factories.DoctoralPlacementFactory(candidate=candidate, host=keep)
    factories.DoctoralPlacementFactory(candidate=candidate, host=drop)
    contact = factories.ContactPersonFactory(organisation=drop)

    with pytest.raises(ValidationError) as refused:
        services.merge_organisations(keep=keep, drop=drop, by=coordinator)

    assert "kunnen niet worden samengevoegd" in refused.value.messages[0]
    assert "plaatsingen" in refused.value.messages[0]
    assert Organisation.objects.filter(pk=drop.pk).exists()
    assert DoctoralPlacement.objects.filter(host=drop).count() == 1
    contact.refresh_from_db()
    assert contact.organisation == drop  # moved before the refusal, moved back by the rollback


def test_organisations_of_two_kinds_are_not_merged(coordinator):
    government = factories.GovernmentOrganisationFactory()
    education = factories.EducationOrganisationFactory()
    with pytest.raises(ValidationError):
        services.merge_organisations(keep=government, drop=education, by=coordinator)
    assert Organisation.objects.filter(pk=education.pk).exists()


def test_only_a_coordinator_merges(government_member, pair):
    from django.core.exceptions import PermissionDenied

    keep, drop = pair
    with pytest.raises(PermissionDenied):
        services.merge_organisations(keep=keep, drop=drop, by=government_member)


def _figures():
    return {day: json.dumps(compute_figures(day), sort_keys=True, default=str) for day in PEILDATA}


@pytest.mark.django_db(transaction=True)
def test_a_merge_on_the_demo_data_changes_no_figure(demo_database):
    coordinator = factories.CoordinatorFactory(username="merge-coordinator")
    original = Organisation.objects.filter(requested_assignments__isnull=False).distinct().order_by("pk").first()
    duplicate = Organisation.objects.create(
        name=f"{original.name} (dubbel)", short_name=f"{original.short_name}-D", kind=original.kind
    )
    # records that were kept under the duplicate: its assignments (all: two requesters in one year would be a double
    # count, which the merge rightly removes), contacts, labs and events
    moved = list(original.requested_assignments.values_list("pk", flat=True))
    Assignment.objects.filter(pk__in=moved).update(government_organisation=duplicate)
    ContactPerson.objects.filter(organisation=original, is_primary=False).update(organisation=duplicate)
    for fieldlab in original.fieldlabs.all():
        fieldlab.partners.add(duplicate)
    for event in original.events.all():
        event.organisations.add(duplicate)
    assert moved
    before = _figures()

    assert (original, duplicate) in [(p.first, p.second) for p in selectors.likely_duplicates()]
    services.merge_organisations(keep=original, drop=duplicate, by=coordinator)

    assert _figures() == before
    assert Assignment.objects.filter(pk__in=moved, government_organisation=original).count() == len(moved)


# --- the pages --------------------------------------------------------------------------------------------------


def test_the_duplicates_page_lists_the_pairs_at_a_fixed_cost(client, coordinator, pair):
    keep, drop = pair
    client.force_login(coordinator)
    url = reverse("organisation_duplicates")
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "Dienst Voorbeeld (dubbel)" in page
    assert reverse("organisation_merge", args=[keep.pk, drop.pk]) in page
    assert reverse("organisation_merge", args=[drop.pk, keep.pk]) in page
    for n in range(10):
        factories.GovernmentOrganisationFactory(name=f"Rijksdienst Voorbeeldzaken {n}", short_name=f"RVZ{n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Rijksdienst Voorbeeldzaken 9" in page
    assert len(many) == len(few) <= 4  # session, user, the pairs, their organisations


def test_the_merge_page_confirms_then_merges(client, coordinator, pair):
    keep, drop = pair
    factories.AssignmentFactory(government_organisation=drop, state=AssignmentState.SUBMITTED)
    client.force_login(coordinator)
    url = reverse("organisation_merge", args=[keep.pk, drop.pk])

    page = client.get(url).content.decode()
    assert "Organisaties samenvoegen" in page and "Opdrachten (aanvragende organisatie): 1" in page
    assert Organisation.objects.filter(pk=drop.pk).exists()  # a GET changes nothing

    response = client.post(url, follow=True)
    assert "Dienst Voorbeeld (dubbel) is samengevoegd met Dienst Voorbeeld." in response.content.decode()
    assert not Organisation.objects.filter(pk=drop.pk).exists()


def test_a_refused_merge_says_why_on_the_page(client, coordinator, pair):
    keep, drop = pair
    candidate = factories.DoctoralCandidateFactory()
    factories.DoctoralPlacementFactory(candidate=candidate, host=keep)
    factories.DoctoralPlacementFactory(candidate=candidate, host=drop)
    client.force_login(coordinator)

    response = client.post(reverse("organisation_merge", args=[keep.pk, drop.pk]), follow=True)
    assert "kunnen niet worden samengevoegd" in response.content.decode()
    assert Organisation.objects.filter(pk=drop.pk).exists()


def test_the_merge_needs_the_csrf_token_and_real_organisations(coordinator, pair):
    keep, drop = pair
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(reverse("organisation_merge", args=[keep.pk, drop.pk])).status_code == 403
    assert Organisation.objects.filter(pk=drop.pk).exists()
    assert client.get(reverse("organisation_merge", args=[keep.pk, keep.pk])).status_code == 404
    assert client.get(reverse("organisation_merge", args=[keep.pk, 999999])).status_code == 404
