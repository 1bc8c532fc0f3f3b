"""Free text over assignments: ``?q=`` of the lists and the admin's search read trigram indexes, not every row."""

import pytest
from django.db import connection
from django.urls import reverse

from assignments import filters, selectors
from assignments.models import AssignmentState
from tests import factories

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    # At test size the planner rightly reads the few rows; forbidding the scans of a whole table or index shows
    # whether an index can answer this query shape at all (at 100,000 rows the planner picks it by itself:
    # benchmarks/lists.py prints the plan).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    try:
        return queryset.explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = on")
            cursor.execute("SET LOCAL enable_indexscan = on")


def test_the_trigram_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'assignments_assignment' "
            "AND indexname LIKE '%%trgm'"
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {"assignment_title_trgm", "assignment_description_trgm"}
    assert all("gin" in definition and "gin_trgm_ops" in definition for definition in indexes.values())


def test_the_lists_free_text_reads_the_trigram_indexes():
    queryset = filters.AssignmentFilter({"q": "waterstand"}, queryset=selectors.all_assignments()).qs.order_by()
    plan = _plan(queryset)
    assert "Bitmap Index Scan on assignment_title_trgm" in plan
    assert "Bitmap Index Scan on assignment_description_trgm" in plan
    assert "Seq Scan on assignments_assignment" not in plan


def test_the_admins_search_reads_indexes_only(admin_user):
    from assignments.admin import AssignmentAdmin
    from assignments.models import Assignment

    request = type("Request", (), {"user": admin_user, "GET": {}})()
    model_admin = AssignmentAdmin(Assignment, None)
    queryset, _duplicates = model_admin.get_search_results(request, Assignment.objects.order_by(), "waterstand")
    plan = _plan(queryset)
    assert "assignment_title_trgm" in plan
    assert "Seq Scan on assignments_assignment" not in plan


def test_the_admins_search_finds_title_and_either_organisation(client, admin_user):
    requester = factories.GovernmentOrganisationFactory(name="Rijkswaterstaat", short_name="RWS")
    partner = factories.EducationOrganisationFactory(name="Hogeschool Utrecht", short_name="HU")
    by_title = factories.AssignmentFactory(title="Waterstanden voorspellen")
    by_requester = factories.AssignmentFactory(government_organisation=requester)
    by_partner = factories.AssignmentFactory(state=AssignmentState.PREPARATION, education_organisation=partner)
    other = factories.AssignmentFactory(title="Iets anders")
    client.force_login(admin_user)

    def found(term):
        response = client.get(reverse("admin:assignments_assignment_changelist"), {"q": term})
        assert response.status_code == 200
        return set(response.context["cl"].queryset.values_list("pk", flat=True))

    assert found("waterst") == {by_title.pk, by_requester.pk}
    assert found("HU") == {by_partner.pk}
    assert found('"hogeschool utrecht"') == {by_partner.pk}
    assert found("rws waterstaat") == {by_requester.pk}
    assert other.pk in found("")
