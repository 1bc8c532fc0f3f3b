"""The audit trail: every write (portal, admin, command, bulk, COPY) is an event with who, through what and the fields
from what to what; secrets never reach it; the figures cache still moves; a removed person is forgotten."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from pghistory.models import Event as AuditEvent
from pghistory.models import Events

from partnership import history, services
from partnership.models import ContactPerson, Organisation, User
from partnership.selectors import history_for
from reporting import cache as figures_cache
from tests import factories

pytestmark = pytest.mark.django_db


def latest(obj):
    return Events.objects.tracks(obj).order_by("-pgh_id").first()


def test_every_domain_model_is_tracked_except_the_logs_that_are_trails_themselves():
    tracked = {model.pgh_tracked_model._meta.label for model in apps.get_models() if issubclass(model, AuditEvent)}
    domain = {
        model._meta.label
        for app in ("partnership", "accounts", "assignments", "fieldlabs", "doctorates", "traineeship", "istage")
        for model in apps.get_app_config(app).get_models()
        if not issubclass(model, AuditEvent)
    }
    untracked = {
        "assignments.AssignmentTransition",
        "accounts.AccountEvent",
        "assignments.RequestToken",
        "istage.PartTimeJobStep",  # an append-only log of steps, like AssignmentTransition
    }
    assert tracked == domain - untracked


def test_no_secret_reaches_an_event_table():
    for model in apps.get_models():
        if issubclass(model, AuditEvent):
            names = {field.name for field in model._meta.fields}
            assert not names & set(history.SECRET_FIELDS), model


def test_a_bulk_write_in_acting_is_attributed_with_its_diff(coordinator):
    organisation = factories.GovernmentOrganisationFactory(city="Utrecht")
    with history.acting(coordinator, history.SOURCE_IMPORT, file="organisaties.csv"):
        Organisation.objects.filter(pk=organisation.pk).update(city="Zwolle")

    event = latest(organisation)
    assert event.pgh_label == "update"
    assert event.pgh_diff == {"city": ["Utrecht", "Zwolle"]}
    assert event.pgh_context == {"user": coordinator.pk, "source": "import", "file": "organisaties.csv"}

    trail = history_for(organisation)
    entry = trail.entries[0]
    assert (entry.action, entry.user_name, entry.source) == ("gewijzigd", "Cora", "import")
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("Plaats", "Utrecht", "Zwolle")]
    created = trail.entries[-1]
    assert created.action == "aangemaakt"
    assert ("Soort", None, "Rijksorganisatie") in [(c.label, c.old, c.new) for c in created.changes]


def test_a_write_without_context_says_so():
    organisation = factories.GovernmentOrganisationFactory()
    entry = history_for(organisation).entries[0]
    assert (entry.user_name, entry.source) == ("", "rechtstreeks in de database")


def test_a_password_change_writes_no_event_and_no_hash(coordinator):
    before = Events.objects.tracks(coordinator).count()
    coordinator.set_password("Een-ander-wachtwoord-2026")
    coordinator.save()
    assert Events.objects.tracks(coordinator).count() == before
    assert "pbkdf2" not in str(list(Events.objects.tracks(coordinator).values_list("pgh_data", flat=True)))


def test_the_admin_records_the_admin_user(client, admin_user):
    member = factories.UserFactory(first_name="Mia")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:partnership_user_changelist"), {"action": "deactivate", "_selected_action": [member.pk]}
    )
    assert response.status_code == 302

    event = latest(member)
    assert event.pgh_context == {"user": admin_user.pk, "source": "admin"}
    assert event.pgh_diff == {"is_active": [True, False]}
    entry = history_for(member).entries[0]
    assert (entry.user_name, entry.source) == ("admin", "Django-beheer")
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("Actief", "ja", "nee")]


def test_the_retention_command_records_its_coordinator(coordinator):
    import datetime as dt

    organisation = factories.GovernmentOrganisationFactory(
        partnership_start=dt.date(2010, 1, 1), partnership_end=dt.date(2012, 1, 1)
    )
    contact = factories.ContactPersonFactory(organisation=organisation, name="Piet Persoon", email="piet@example.nl")
    call_command("apply_retention", "--by", coordinator.username, "--years", "2", stdout=io.StringIO())

    event = latest(contact)
    assert event.pgh_context == {"user": coordinator.pk, "source": "command", "command": "apply_retention"}
    # the person is forgotten in the trail too (AVG), not only in the record
    assert "Piet" not in str(list(Events.objects.tracks(contact).values_list("pgh_data", flat=True)))
    assert "piet@example.nl" not in str(list(Events.objects.tracks(contact).values_list("pgh_data", flat=True)))


def test_a_removed_contact_leaves_no_personal_data_in_the_trail(government_member):
    contact = factories.ContactPersonFactory(
        organisation=government_member.organisation, name="Rita Radius", email="rita@example.nl", is_primary=False
    )
    services.remove_contact(contact=contact, by=government_member)

    event_model = apps.get_model("partnership", "ContactPersonEvent")
    rows = list(event_model.objects.filter(pgh_obj_id=contact.pk).values("pgh_label", "name", "email"))
    assert [row["pgh_label"] for row in rows] == ["insert", "delete"]
    assert all("Rita" not in row["name"] and "rita@" not in row["email"] for row in rows)
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()


def test_the_copy_loader_is_audited_with_its_context(coordinator):
    from exchange.demo.scale import add_synthetic_assignments

    factories.ThemeFactory(for_assignments=True)
    with history.acting(coordinator, history.SOURCE_COMMAND, command="seed_demo"):
        report = add_synthetic_assignments(3)
    event_model = apps.get_model("assignments", "AssignmentEvent")
    events = list(event_model.objects.filter(pgh_label="insert").values_list("pgh_context", flat=True))
    assert report.assignments == 3
    assert events == [{"user": coordinator.pk, "source": "command", "command": "seed_demo"}] * 3


@pytest.mark.django_db(transaction=True)
def test_seed_demo_is_attributed_to_the_command(demo_database):
    """The tests' demo data is loaded by ``seed_demo`` (tests/databases.py): its records carry the command."""
    organisation = Organisation.objects.order_by("pk").first()
    assert latest(organisation).pgh_context == {"user": None, "source": "command", "command": "seed_demo"}
    assert history_for(organisation).entries[0].source == "beheercommando"


@pytest.mark.django_db(transaction=True)
def test_event_tables_are_not_watched_and_the_figures_cache_still_moves():
    watched = set(figures_cache.watched_tables())
    event_tables = {model._meta.db_table for model in apps.get_models() if issubclass(model, AuditEvent)}
    assert event_tables and not watched & event_tables
    assert Organisation._meta.db_table in watched

    organisation = factories.GovernmentOrganisationFactory()
    before = figures_cache.generation()
    with history.acting(None, history.SOURCE_IMPORT):  # an audited write in its own transaction
        Organisation.objects.filter(pk=organisation.pk).update(city="Assen")
    after_write = figures_cache.generation()
    assert after_write != before
    assert latest(organisation).pgh_diff == {"city": ["", "Assen"]}
    # a write to an event table alone (nothing the figures read) leaves the generation
    event_model = apps.get_model("partnership", "OrganisationEvent")
    event_model.objects.filter(pgh_obj_id=organisation.pk).update(pgh_label="update")
    assert figures_cache.generation() == after_write


def test_history_for_is_capped_and_counts_everything():
    organisation = factories.GovernmentOrganisationFactory()
    for n in range(5):
        Organisation.objects.filter(pk=organisation.pk).update(city=f"Stad {n}")
    trail = history_for(organisation, limit=3)
    assert (trail.total, len(trail.entries), trail.more) == (6, 3, 3)
    assert trail.entries[0].changes[0].new == "Stad 4"


def test_a_user_event_never_holds_the_password_hash():
    user = User.objects.create_user(username="nieuw", password="Geheim-Wachtwoord-2026", role="coordinator")
    row = Events.objects.tracks(user).get()
    assert "password" not in row.pgh_data and "Geheim" not in str(row.pgh_data)


def test_the_pinned_partner_probe_answers_the_same_inside_an_audit_context(coordinator):
    """The trail's context is written by a statement put before each statement that is not a plain SELECT: the
    probe (its planner settings, its count) must still return its count, not the context's row."""
    import datetime as dt

    from assignments.models import AssignmentState
    from reporting.figures import active_government_partners

    government = factories.GovernmentOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    at = dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC)
    factories.AssignmentFactory(government_organisation=government, state=AssignmentState.OPEN, at=at)
    day = dt.date(2022, 6, 30)
    plain = active_government_partners(day)
    with history.acting(coordinator, history.SOURCE_PORTAL):
        assert active_government_partners(day) == plain == 1


def test_one_statement_writes_one_event_per_changed_row_and_none_for_unchanged_rows(coordinator):
    """Statement-level triggers (PGHISTORY_LEVEL): one trigger call per statement, still one event per row."""
    first, second, third = (factories.GovernmentOrganisationFactory(city="Utrecht") for _ in range(3))
    third.city = "Zwolle"
    third.save()
    counts = {o.pk: Events.objects.tracks(o).count() for o in (first, second, third)}
    with history.acting(coordinator, history.SOURCE_IMPORT):
        changed = Organisation.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(city="Zwolle")
    assert changed == 3
    after = {o.pk: Events.objects.tracks(o).count() for o in (first, second, third)}
    assert after == {first.pk: counts[first.pk] + 1, second.pk: counts[second.pk] + 1, third.pk: counts[third.pk]}
    assert latest(second).pgh_diff == {"city": ["Utrecht", "Zwolle"]}
    assert latest(second).pgh_context["user"] == coordinator.pk


def test_every_connection_tells_the_triggers_that_none_is_ignored():
    """Unset, pgtrigger's check raises and catches an error (a subtransaction) for every audited row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
        assert cursor.fetchone()[0] == "{}"


def test_the_context_lives_in_the_events_and_nowhere_else(coordinator):
    """partnership 0006: pghistory's context table stays empty (the statement triggers' context function only
    returns the id); a later pghistory migration that put its own function back would fail this."""
    organisation = factories.GovernmentOrganisationFactory(city="Utrecht")
    with history.acting(coordinator, history.SOURCE_PORTAL):
        Organisation.objects.filter(pk=organisation.pk).update(city="Zwolle")
    assert latest(organisation).pgh_context == {"user": coordinator.pk, "source": "portal"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pghistory_context")
        assert cursor.fetchone()[0] == 0
