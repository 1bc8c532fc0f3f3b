"""Published releases: append-only in the database, hashed over their canonical form, corrected by new versions
that keep the old ones readable; the coordinators' preview and publish pages and the dashboard's corrections."""

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from assignments.models import AssignmentState
from reporting import cache as figures_cache
from reporting import releases
from reporting.figures import QUERY_COUNT, compute_figures
from reporting.models import Release
from reporting.services import publish_release
from tests import factories

pytestmark = pytest.mark.django_db

D = dt.date(2023, 6, 30)


def _completed(count):
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    government = factories.GovernmentOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    return [
        factories.AssignmentFactory(
            theme=theme,
            government_organisation=government,
            state=AssignmentState.COMPLETED,
            at=dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC),
        )
        for _ in range(count)
    ]


@pytest.fixture
def release(coordinator):
    _completed(6)
    return publish_release(as_of=D, status="provisional", by=coordinator)


@pytest.fixture(scope="class")
def published(class_transaction, django_db_blocker):
    """The coordinator and ``release``, for the tests of a class."""
    with django_db_blocker.unblock():
        coordinator = factories.CoordinatorFactory(username="coordinator", first_name="Cora")
        _completed(6)
        return coordinator, publish_release(as_of=D, status="provisional", by=coordinator)


# --- the database refuses to change a release ---------------------------------------------------


class TestAPublishedRelease:
    """A provisional release of 30 June 2023, published once for the class (one transaction around its tests, rolled
    back after the last: tests/conftest.py, ``class_transaction``); what a test writes on top of it is rolled back
    with the test."""

    @pytest.fixture
    def coordinator(self, published):
        return published[0]

    @pytest.fixture
    def release(self, published):
        return published[1]

    def test_update_of_a_release_is_refused_by_the_database(self, release):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            Release.objects.filter(pk=release.pk).update(reason="quietly changed")
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE reporting_release SET payload = '{}' WHERE id = %s", [release.pk])
        release.refresh_from_db()
        assert release.reason == "" and release.payload["cijfers"]

    def test_delete_of_a_release_is_refused_by_the_database(self, release):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            Release.objects.filter(pk=release.pk).delete()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM reporting_release WHERE id = %s", [release.pk])
        assert Release.objects.filter(pk=release.pk).exists()

    # --- what a release holds ---------------------------------------------------------------------

    def test_the_stored_hash_is_the_hash_of_the_canonical_payload(self, release):
        stored = Release.objects.get(pk=release.pk)  # as read back from PostgreSQL's jsonb
        canonical = json.dumps(stored.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        assert hashlib.sha256(canonical).hexdigest() == stored.sha256
        assert stored.sha256 == releases.sha256(releases.payload(compute_figures(D)))

    def test_the_payload_is_exactly_the_public_suppressed_figures_as_integers_and_strings(self, release):
        payload = release.payload
        assert payload["peildatum"] == "2023-06-30"
        values = {item["sleutel"]: item["waarde"] for item in payload["cijfers"]}
        assert values["assignments.total"] == 6
        assert values["partners.government"] == "<5"
        assert "year.requests_matched" not in values  # not public
        assert "doctorates.expected_placements" not in values

        def atoms(value):
            if isinstance(value, dict):
                for key, item in value.items():
                    yield key
                    yield from atoms(item)
            elif isinstance(value, list):
                for item in value:
                    yield from atoms(item)
            else:
                yield value

        assert all(type(atom) in (int, str) for atom in atoms(payload))
        assert all(
            item["waarde"] in ("<5", "n.b.") or item["waarde"] >= 5 or "percent" in item["cijfer"]
            for item in payload["cijfers"]
        )

    def test_the_download_is_the_canonical_form_so_sha256sum_matches(self, client, release):
        response = client.get(reverse("release_download", args=[release.pk]))
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == release.sha256
        assert "immutable" in response["Cache-Control"]
        assert response["Repr-Digest"].startswith("sha-256=:")

    # --- corrections and the release policy ----------------------------------------------------------

    def test_a_correction_keeps_the_old_version_readable_and_lists_it_under_earlier_versions(
        self, client, coordinator, release
    ):
        _completed(1)
        correction = publish_release(
            as_of=D,
            status="final",
            kind="correction",
            reason="Een opdracht was niet afgerond geregistreerd.",
            by=coordinator,
        )
        assert (correction.version, correction.supersedes_id) == (2, release.pk)
        old = Release.objects.get(pk=release.pk)
        assert {item["sleutel"]: item["waarde"] for item in old.payload["cijfers"]}["assignments.total"] == 6

        html = client.get(reverse("public_figures"), {"as_of": "2023-06-30"}).content.decode()
        assert "Vorige versies" in html
        assert 'data-version="1"' in html and release.sha256 in html
        assert "Een opdracht was niet afgerond geregistreerd." in html
        assert 'data-figure="assignments.total">\n  <span class="tile__value">7</span>' in html

        old_page = client.get(reverse("public_figures"), {"as_of": "2023-06-30", "versie": "1"}).content.decode()
        assert "U bekijkt een eerdere versie" in old_page
        assert 'data-figure="assignments.total">\n  <span class="tile__value">6</span>' in old_page
        assert client.get(reverse("release_download", args=[release.pk])).status_code == 200

    def test_the_public_page_takes_the_date_as_peildatum_like_the_api(self, client, coordinator, release):
        """``?peildatum=`` (the API's name) chooses the date as ``?as_of=`` does; a date without release is refused."""
        publish_release(as_of=dt.date(2022, 12, 31), status="final", by=coordinator)
        shown = "<dd>{}</dd>".format
        assert shown("30 juni 2023") in client.get(reverse("public_figures")).content.decode()  # the newest
        page = client.get(reverse("public_figures"), {"peildatum": "2022-12-31"})
        assert page.status_code == 200
        assert shown("31 december 2022") in page.content.decode()
        both = client.get(reverse("public_figures"), {"peildatum": "2022-12-31", "as_of": "2023-06-30"})
        assert shown("30 juni 2023") in both.content.decode()  # as_of wins
        missing = client.get(reverse("public_figures"), {"peildatum": "2021-01-01"})
        assert missing.status_code == 400
        assert "Voor deze datum zijn geen cijfers gepubliceerd" in missing.content.decode()
        csv = client.get(reverse("public_figures_csv"), {"peildatum": "2022-12-31"})
        assert csv.status_code == 200 and "2022-12-31" in csv["Content-Disposition"]

    def test_the_release_policy(self, coordinator, release):
        with pytest.raises(ValidationError, match="reden|waarom"):
            publish_release(as_of=D, status="provisional", kind="revision", reason="  ", by=coordinator)
        with pytest.raises(ValidationError, match="al gepubliceerd"):
            publish_release(as_of=D, status="provisional", kind="revision", reason="Nogmaals", by=coordinator)
        final = publish_release(as_of=D, status="final", kind="revision", reason="Vastgesteld", by=coordinator)
        assert final.version == 2  # the same figures may become final
        _completed(1)
        with pytest.raises(ValidationError, match="correctie"):
            publish_release(as_of=D, status="final", kind="revision", reason="Bijgesteld", by=coordinator)
        with pytest.raises(ValidationError, match="niet opnieuw voorlopig"):
            publish_release(as_of=D, status="provisional", kind="correction", reason="Fout", by=coordinator)
        with pytest.raises(ValidationError, match="toekomst"):
            publish_release(as_of=dt.date(2999, 1, 1), status="final", by=coordinator)
        with pytest.raises(ValidationError, match="veranderd"):
            publish_release(
                as_of=D, status="final", kind="correction", reason="Fout", by=coordinator, expected_sha256="0" * 64
            )
        assert Release.objects.count() == 2

    def test_bad_input_on_the_publish_page_gets_a_dutch_error(self, client, coordinator, release):
        client.force_login(coordinator)
        assert client.get(reverse("release_create"), {"as_of": "2023-02-30"}).status_code == 400
        assert client.get(reverse("release_create"), {"as_of": "2999-01-01"}).status_code == 400
        response = client.post(
            reverse("release_create"),
            {"as_of": "2023-06-30", "sha256": release.sha256, "status": "final", "kind": "correction", "reason": ""},
        )
        assert response.status_code == 400
        assert "Geef aan waarom" in response.content.decode()
        assert client.post(reverse("release_create"), {"as_of": "nope"}).status_code == 400


# --- the coordinators' pages -------------------------------------------------------------------------


def test_a_coordinator_previews_and_publishes(client, coordinator, django_assert_max_num_queries):
    _completed(6)
    client.force_login(coordinator)
    page = client.get(reverse("release_create"))
    assert page.status_code == 200
    # the figures (and their lock: one computation per change), the session, the user, the releases
    with django_assert_max_num_queries(QUERY_COUNT + figures_cache.LOCK_QUERIES + 4):
        preview = client.get(reverse("release_create"), {"as_of": "2023-06-30"})
    html = preview.content.decode()
    digest = releases.sha256(releases.payload(compute_figures(D)))
    assert digest in html and "dit wordt de eerste versie" in html
    assert 'data-figure="assignments.total"' in html

    response = client.post(
        reverse("release_create"),
        {"as_of": "2023-06-30", "sha256": digest, "status": "provisional", "kind": "first", "reason": ""},
    )
    assert response.status_code == 302
    release = Release.objects.get()
    assert (release.status, release.published_by, release.sha256) == ("provisional", coordinator, digest)
    listing = client.get(reverse("release_list")).content.decode()
    assert "30 juni 2023" in listing and "Voorlopig" in listing.replace("voorlopig", "Voorlopig")


def test_a_stale_preview_publishes_nothing(client, coordinator):
    _completed(6)
    client.force_login(coordinator)
    digest = releases.sha256(releases.payload(compute_figures(D)))
    _completed(1)  # someone corrects a record while the coordinator reads the preview
    response = client.post(
        reverse("release_create"),
        {"as_of": "2023-06-30", "sha256": digest, "status": "final", "kind": "first", "reason": ""},
    )
    assert response.status_code == 400
    assert "De cijfers zijn veranderd" in response.content.decode()
    assert not Release.objects.exists()


# Committed transactions, as in use: the cached figures' generation moves once per transaction that writes (one
# test transaction would keep serving the figures cached before the correction).
@pytest.mark.django_db(transaction=True)
def test_the_dashboard_shows_the_corrections_since_publication(client, coordinator, release):
    client.force_login(coordinator)
    html = client.get(reverse("dashboard"), {"as_of": "2023-06-30"}).content.decode()
    assert "De gegevens geven elk openbaar cijfer nog zoals het is gepubliceerd." in html
    _completed(1)
    html = client.get(reverse("dashboard"), {"as_of": "2023-06-30"}).content.decode()
    assert "Correcties sinds publicatie" in html
    table = html[html.index('id="correcties"') :]
    row = table[table.index('data-figure="assignments.total"') :]
    assert row.index(">6</td>") < row.index(">7</td>") < row.index("</tr>")
    assert reverse("release_create") + "?as_of=2023-06-30" in html


def test_the_publish_command_publishes_once_per_date(coordinator):
    _completed(6)
    out = io.StringIO()
    args = ["--as-of", "2023-06-30", "--as-of", "2022-12-31", "--by", coordinator.username, "--unless-published"]
    call_command("publish_figures", *args, stdout=out)
    assert Release.objects.filter(status="final").count() == 2
    call_command("publish_figures", *args, stdout=out)  # make run again: nothing new
    assert Release.objects.count() == 2
    assert "al gepubliceerd" in out.getvalue()
    with pytest.raises(CommandError, match="geen gebruikersnaam"):
        call_command("publish_figures", "--as-of", "2023-06-30", "--by", "nobody")
