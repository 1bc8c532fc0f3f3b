"""Lists count their rows cheaply, labels are Dutch, access is for staff only (every page opening and the lists'
query budget: tests/admin/test_admin_pages.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership import admin as partnership_admin
from partnership.models import User
from tests import factories
from tests.admin.conftest import make_records


def url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


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
