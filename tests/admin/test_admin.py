"""Every admin page opens, lists stay within a fixed query budget, labels are Dutch, access is for staff only."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership import admin as partnership_admin
from partnership.models import User
from tests import factories
from tests.admin.conftest import make_records

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label_lower for model, _ in REGISTERED]
# The apps whose admin this suite covers fully; others (auth, axes, reporting) only have to open.
OWN_APPS = {"partnership", "assignments", "fieldlabs", "doctorates", "traineeship"}
OWN = [(model, model_admin) for model, model_admin in REGISTERED if model._meta.app_label in OWN_APPS]
OWN_IDS = [model._meta.label_lower for model, _ in OWN]
# Session, user, the page itself, its filters: never more, whatever the number of rows.
CHANGELIST_BUDGET = 12


def url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=IDS)
def test_changelist_add_and_change_pages_open(client, admin_user, model, model_admin):
    make_records(1)
    client.force_login(admin_user)

    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "changelist"), {"q": "Voorbeeld"}).status_code == 200
    add = client.get(url(model, "add"))
    request = client.get(url(model, "changelist")).wsgi_request
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)
    obj = model._default_manager.first()
    if model._meta.app_label in OWN_APPS:
        assert obj is not None
    if obj is not None:
        assert client.get(url(model, "change", obj.pk)).status_code == 200


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), OWN, ids=OWN_IDS)
def test_changelist_queries_do_not_grow_with_rows(
    client, admin_user, model, model_admin, django_assert_max_num_queries
):
    client.force_login(admin_user)
    make_records(3)
    _, with_few = changelist_queries(client, model)
    make_records(27)
    assert model._default_manager.count() >= 30
    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response, with_many = changelist_queries(client, model)
    assert with_many == with_few
    # The rows are on the page (up to the page size).
    assert response.context["cl"].result_list.__len__() == min(
        model._default_manager.count(), model_admin.list_per_page
    )


@pytest.mark.django_db
def test_unfiltered_big_list_uses_the_estimate_and_a_filtered_one_counts(client, admin_user, monkeypatch):
    from assignments.models import Assignment

    make_records(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assignments_assignment")
    monkeypatch.setattr(partnership_admin, "ESTIMATE_COUNT_ABOVE", 1)
    client.force_login(admin_user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(Assignment, "changelist"))
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "assignments_assignment" in q["sql"]]
    assert counts == []
    assert any("reltuples" in q["sql"] for q in queries)
    assert response.context["cl"].result_count == 3

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(Assignment, "changelist"), {"state__exact": "preparation"})
    assert any("COUNT(" in q["sql"].upper() for q in queries)
    assert response.context["cl"].result_count == 3


@pytest.mark.django_db
def test_small_lists_are_counted_exactly(client, admin_user):
    from assignments.models import Assignment

    make_records(2)
    client.force_login(admin_user)
    response = client.get(url(Assignment, "changelist"))
    assert response.context["cl"].result_count == 2
    assert "2 opdrachten" in response.content.decode()


@pytest.mark.django_db
def test_labels_are_dutch(client, admin_user):
    make_records(1)
    client.force_login(admin_user)
    from partnership.models import Organisation

    index = client.get(reverse("admin:index")).content.decode()
    for label in ("Organisaties", "Contactpersonen", "Gebruikers", "Thema’s", "Fieldlabs", "Trainees"):
        assert label in index, label
    page = client.get(url(Organisation, "changelist")).content.decode()
    assert "Organisaties" in page
    assert "Korte naam" in page
    assert "Rijksorganisatie" in page or "Onderwijsinstelling" in page


@pytest.mark.django_db
def test_non_staff_coordinator_cannot_open_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.get(url(User, "changelist"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_users_are_deactivated_not_deleted(client, admin_user):
    member = factories.UserFactory()
    client.force_login(admin_user)

    assert client.get(url(User, "delete", member.pk)).status_code == 403
    response = client.post(
        url(User, "changelist"),
        {"action": "deactivate", "_selected_action": [member.pk, admin_user.pk]},
        follow=True,
    )
    assert response.status_code == 200
    member.refresh_from_db()
    admin_user.refresh_from_db()
    assert member.is_active is False
    assert admin_user.is_active is True
    assert "delete_selected" not in response.content.decode()


@pytest.mark.django_db
def test_user_add_form_asks_role_and_organisation(client, admin_user):
    organisation = factories.GovernmentOrganisationFactory()
    client.force_login(admin_user)
    response = client.post(
        url(User, "add"),
        {
            "username": "nieuw",
            "email": "nieuw@example.nl",
            "role": "government_member",
            "organisation": organisation.pk,
            "usable_password": "false",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="nieuw")
    assert user.organisation == organisation
    assert not user.has_usable_password()

    # A member without an organisation is refused by the form (the database constraint), in Dutch.
    response = client.post(
        url(User, "add"),
        {"username": "zonder", "role": "government_member", "usable_password": "false"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="zonder").exists()


@pytest.mark.django_db
def test_organisation_autocomplete_respects_the_kind(client, admin_user):
    factories.GovernmentOrganisationFactory(name="Ministerie Alfa", short_name="ALFA")
    factories.EducationOrganisationFactory(name="Hogeschool Alfa", short_name="HALFA")
    client.force_login(admin_user)
    params = {"app_label": "assignments", "model_name": "assignment", "term": "Alfa"}
    education = client.get(reverse("admin:autocomplete"), {**params, "field_name": "education_organisation"}).json()
    government = client.get(reverse("admin:autocomplete"), {**params, "field_name": "government_organisation"}).json()
    assert [r["text"] for r in education["results"]] == ["HALFA"]
    assert [r["text"] for r in government["results"]] == ["ALFA"]
