"""The coordinators' workspace, tested once for every declared kind of record (``portal.workspace.KINDS``):
each filter narrows the list, sorting orders it, the forms write through the services and refuse what the model
refuses in Dutch, list and detail cost the same number of queries however many rows there are, and only
coordinators get in."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.workspace import KINDS
from tests import factories
from tests.partnership.workspace_specs import SPECS, make_world

pytestmark = pytest.mark.django_db

BY_SLUG = {kind.slug: kind for kind in KINDS}
KIND_IDS = [kind.slug for kind in KINDS]
FILTER_CASES = [(kind.slug, name) for kind in KINDS for name in kind.filterset.base_filters]


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def client(client, coordinator):
    client.force_login(coordinator)
    return client


def _detail(kind, record) -> str:
    return reverse(kind.url_name("detail"), args=[record.pk])


def _link(kind, record) -> str:
    return f'href="{_detail(kind, record)}"'


def _post_data(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


def test_every_kind_has_test_data():
    assert set(SPECS) == set(BY_SLUG)


@pytest.mark.parametrize(("slug", "name"), FILTER_CASES, ids=[f"{slug}-{name}" for slug, name in FILTER_CASES])
def test_each_filter_keeps_what_matches_and_drops_the_rest(slug, name, world, client):
    kind, spec = BY_SLUG[slug], SPECS[slug]
    assert name in spec.filters, f"{slug}: no test data for the filter {name!r}"
    value, kept_fields, dropped_fields = spec.filters[name](world)
    kept, dropped = spec.make(**kept_fields), spec.make(**dropped_fields)

    unfiltered = client.get(reverse(kind.url_name())).content.decode()
    assert _link(kind, kept) in unfiltered and _link(kind, dropped) in unfiltered

    response = client.get(reverse(kind.url_name()), {name: value, "per_page": 100})
    assert response.status_code == 200
    page = response.content.decode()
    assert _link(kind, kept) in page
    assert _link(kind, dropped) not in page


@pytest.mark.parametrize("slug", KIND_IDS)
def test_nonsense_in_the_url_gives_a_dutch_message_not_an_error_page(slug, world, client):
    kind = BY_SLUG[slug]
    response = client.get(reverse(kind.url_name()), {"q": "x" * 500, "per_page": "9999", "page": "abc"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "geen paginagrootte" in page
    assert "niet meer dan 100 tekens" in page


@pytest.mark.parametrize("slug", KIND_IDS)
def test_sorting_by_a_column_orders_the_rows_both_ways(slug, world, client):
    kind, spec = BY_SLUG[slug], SPECS[slug]
    column, first_fields, second_fields = spec.sort
    second, first = spec.make(**second_fields), spec.make(**first_fields)
    url = reverse(kind.url_name())

    ascending = client.get(url, {"sort": column, "per_page": 100}).content.decode()
    assert ascending.index(_link(kind, first)) < ascending.index(_link(kind, second))
    descending = client.get(url, {"sort": f"-{column}", "per_page": 100}).content.decode()
    assert descending.index(_link(kind, second)) < descending.index(_link(kind, first))
    assert 'aria-sort="descending"' in descending


@pytest.mark.parametrize("slug", KIND_IDS)
def test_the_create_form_writes_the_record_and_the_edit_form_changes_it(slug, world, client):
    kind, spec = BY_SLUG[slug], SPECS[slug]
    data = spec.valid(world)
    response = client.post(reverse(kind.url_name("create")), _post_data(data))
    record = kind.model.objects.get(**spec.lookup)
    assert response.status_code == 302
    assert response["Location"] == _detail(kind, record)
    assert "opgeslagen" in client.get(response["Location"]).content.decode()

    name, value = spec.changed
    response = client.post(reverse(kind.url_name("edit"), args=[record.pk]), _post_data({**data, name: value}))
    assert response.status_code == 302
    record.refresh_from_db()
    assert str(getattr(record, name)) == value
    assert kind.model.objects.filter(**spec.lookup).count() == 1


@pytest.mark.parametrize("slug", KIND_IDS)
def test_the_form_refuses_what_the_model_refuses_with_a_dutch_message(slug, world, client):
    kind, spec = BY_SLUG[slug], SPECS[slug]
    before = kind.model.objects.count()
    data, message = spec.invalid(world)
    response = client.post(reverse(kind.url_name("create")), _post_data(data))
    assert response.status_code == 200
    page = response.content.decode()
    assert "kon niet worden opgeslagen" in page
    assert message in page
    assert kind.model.objects.count() == before


@pytest.mark.parametrize("slug", KIND_IDS)
def test_the_list_and_detail_pages_cost_the_same_queries_for_more_rows(slug, world, client):
    kind, spec = BY_SLUG[slug], SPECS[slug]
    column, first_fields, second_fields = spec.sort
    record = spec.make(**first_fields)
    url, detail = reverse(kind.url_name()), _detail(kind, record)

    def queries(target):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        return len(captured)

    few_list, few_detail = queries(url), queries(detail)
    for _ in range(12):
        spec.make()
    for section in kind.sections:  # more related rows on the detail page as well
        if section.slug == "status":
            for year in (2019, 2020, 2022):
                factories.FieldlabStatusChangeFactory(fieldlab=record, since=f"{year}-01-01")
        if section.slug == "placement":
            for _ in range(3):
                factories.DoctoralPlacementFactory(candidate=record)
    assert queries(url) == few_list
    assert queries(detail) == few_detail
    assert few_list <= 16 and few_detail <= 12


@pytest.mark.parametrize("slug", KIND_IDS)
def test_the_default_order_is_backed_by_an_index(slug):
    """The first column of each list's default order leads an index (a unique one counts), so a page is read
    through the index instead of sorting the whole table."""
    kind = BY_SLUG[slug]
    order = kind.queryset().query.order_by
    first = order[0].lstrip("-")
    if "__" in first:  # knowledge portfolios: one per theme, ordered by the theme
        assert kind.model._meta.get_field(first.split("__")[0]).one_to_one
        return
    column = kind.model._meta.get_field(first.removesuffix("_id")).column
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, kind.model._meta.db_table)
    # expression indexes (the trigram index on the name) have no columns
    leading = {
        info["columns"][0] for info in constraints.values() if (info["index"] or info["unique"]) and info["columns"]
    }
    assert column in leading


@pytest.mark.parametrize("slug", KIND_IDS)
def test_only_coordinators_open_the_workspace(slug, world, client, government_member, education_member):
    kind, spec = BY_SLUG[slug], SPECS[slug]
    record = spec.make()
    urls = [
        reverse(kind.url_name()),
        reverse(kind.url_name("create")),
        _detail(kind, record),
        reverse(kind.url_name("edit"), args=[record.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200
    for member in (government_member, education_member):
        client.force_login(member)
        for url in urls:
            assert client.get(url).status_code == 403
        before = kind.model.objects.count()
        assert client.post(reverse(kind.url_name("create")), _post_data(spec.valid(world))).status_code == 403
        assert kind.model.objects.count() == before
    client.logout()
    assert client.get(urls[0])["Location"].startswith(reverse("login"))


def test_an_unknown_record_is_a_404(client):
    for kind in KINDS:
        assert client.get(reverse(kind.url_name("detail"), args=[999999])).status_code == 404


def test_a_fieldlab_status_is_added_on_its_page_and_a_second_one_on_the_same_day_is_refused(world, client):
    kind = BY_SLUG["fieldlabs"]
    lab = factories.FieldlabFactory(name="Lab met status")
    url = reverse(kind.url_name("status_add"), args=[lab.pk])
    response = client.post(url, {"status": "founding", "since": "2021-03-01"})
    assert response["Location"] == _detail(kind, lab)
    assert lab.status_changes.get().status == "founding"
    detail = client.get(_detail(kind, lab)).content.decode()
    assert "01-03-2021" in detail and "In oprichting" in detail

    response = client.post(url, {"status": "active", "since": "2021-03-01"})
    assert response.status_code == 200
    assert "bestaat al" in response.content.decode()
    assert lab.status_changes.count() == 1


def test_a_placement_is_added_to_a_candidate(world, client):
    kind = BY_SLUG["candidates"]
    candidate = factories.DoctoralCandidateFactory()
    url = reverse(kind.url_name("placement_add"), args=[candidate.pk])
    response = client.post(url, {"host": world.gov_a.pk, "starts_on": "2023-09-01", "ends_on": "2023-01-01"})
    assert response.status_code == 200  # ends before it starts
    assert "eindigt na" in response.content.decode()
    response = client.post(url, {"host": world.gov_a.pk, "starts_on": "2023-09-01"})
    assert response.status_code == 302
    assert candidate.placements.get().host == world.gov_a
    assert "DA" in client.get(_detail(kind, candidate)).content.decode()


def test_a_new_primary_contact_takes_over_from_the_previous_one(world, client):
    kind = BY_SLUG["contacts"]
    previous = factories.ContactPersonFactory(organisation=world.gov_a, is_primary=True)
    response = client.post(
        reverse(kind.url_name("create")),
        {"organisation": world.gov_a.pk, "name": "Nieuw Primair", "email": "primair@example.nl", "is_primary": "on"},
    )
    assert response.status_code == 302
    previous.refresh_from_db()
    assert not previous.is_primary
    assert world.gov_a.contacts.get(is_primary=True).name == "Nieuw Primair"


def test_the_workspace_menu_lists_every_kind_and_the_assignments(client):
    page = client.get(reverse("workspace:index")).content.decode()
    for kind in KINDS:
        assert f'href="{reverse(kind.url_name())}"' in page
    assert f'href="{reverse("assignments:assignment_list")}"' in page
    assert f'href="{reverse("workspace:index")}"' in client.get(reverse("home")).content.decode()


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("slug", KIND_IDS)
def test_the_export_holds_exactly_the_filtered_rows_with_dutch_column_names(slug, world, client):
    kind, spec = BY_SLUG[slug], SPECS[slug]
    name = next(iter(spec.filters))
    value, kept_fields, dropped_fields = spec.filters[name](world)
    kept, dropped = spec.make(**kept_fields), spec.make(**dropped_fields)
    expected = kind.filterset({name: value}, queryset=kind.queryset()).qs
    assert kept in expected and dropped not in expected

    page = client.get(reverse(kind.url_name()), {name: value}).content.decode()
    export_url = f"{reverse(kind.url_name('export'))}?{name}={value}&amp;format=csv"
    assert export_url in page.replace(" ", "+")

    response = client.get(reverse(kind.url_name("export")), {name: value, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _csv(response)
    assert header == [str(column.header) for column in kind.columns]
    assert len(rows) == expected.count()
    first_column = [row[0] for row in rows]
    kept_row = next(kind.file_rows(kind.queryset().filter(pk=kept.pk)))
    assert str(kept_row[0]) in first_column

    xlsx = client.get(reverse(kind.url_name("export")), {name: value, "format": "xlsx"})
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content).startswith(b"PK")


def test_an_exported_cell_that_starts_a_formula_comes_out_inert(world, client):
    factories.GovernmentOrganisationFactory(name='=HYPERLINK("http://evil")', short_name="@SUM(A1)", city="+31")
    response = client.get(reverse("workspace:organisations_export"), {"q": "hyperlink", "format": "csv"})
    _header, row = _csv(response)
    assert row[0] == "'@SUM(A1)"  # the short name (the import's key) comes first
    assert row[1] == '\'=HYPERLINK("http://evil")'
    assert "'+31" in row


def test_a_bad_filter_or_format_is_refused_with_a_dutch_message(client):
    response = client.get(reverse("workspace:trainees_export"), {"cohort": "abc", "format": "csv"})
    assert response.status_code == 400
    assert "niet worden geëxporteerd" in response.content.decode()
    response = client.get(reverse("workspace:trainees_export"), {"format": "pdf"})
    assert response.status_code == 400
    assert "geen downloadformaat" in response.content.decode()


def test_a_detail_page_shows_who_changed_the_record(client, coordinator):
    from partnership import history, services

    organisation = factories.GovernmentOrganisationFactory(name="Ministerie van Proef")
    with history.acting(coordinator, history.SOURCE_PORTAL):
        services.update_organisation(organisation=organisation, by=coordinator, name="Ministerie van Proefdraaien")
    client.force_login(coordinator)
    html = client.get(reverse("workspace:organisations_detail", args=[organisation.pk])).content.decode()
    section = html[html.index('id="geschiedenis"') :]
    assert "Ministerie van Proef" in section and "Ministerie van Proefdraaien" in section
    assert coordinator.get_full_name() in section


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "abc"},
        {"partner_on": "2023-13-45"},
        {"sort": "no_such_column"},
        {"page": "999999"},
        {"education_level": "PhD"},
    ],
)
def test_nonsense_filters_sorts_and_pages_never_break_the_list_or_its_export(query, client):
    url = reverse("workspace:organisations")
    assert client.get(url, query).status_code == 200
    export = client.get(reverse("workspace:organisations_export"), {**query, "format": "csv"})
    assert export.status_code in (200, 400)
    assert client.get("/werkruimte/organisaties/99999999999999999999/").status_code == 404


def test_the_workspace_index_leads_to_the_import_and_the_duplicates(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("workspace:index")).content.decode()
    assert reverse("exchange:import_start") in html
    assert reverse("organisation_duplicates") in html
