"""Every list page runs the same number of queries for 3 rows as for 30."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments import lifecycle
from assignments.lifecycle import Step
from assignments.models import Assignment, AssignmentState, Interest
from partnership.lists import DEFAULT_PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db
BUDGET = 14  # session, user, filter choices, count and page of each table
# The pages with the matching advice: the queue's fourth section (count and page) and the advice of its page (three
# queries whatever the number of requests); the institutions' list, ordered by its own fit (three more).
BUDGETS = {"assignments:queue": BUDGET + 5, "assignments:open_requests": BUDGET + 3}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def fill(count, government_organisation, education_organisation, theme):
    """``count`` requests in each queue section and more, loaded in bulk with their histories."""
    start = timezone.now() - dt.timedelta(days=60)
    steps = {
        "submitted": [AssignmentState.SUBMITTED],
        "open": [AssignmentState.SUBMITTED, AssignmentState.OPEN],
        "interested": [AssignmentState.SUBMITTED, AssignmentState.OPEN],
        "overdue": [
            AssignmentState.SUBMITTED,
            AssignmentState.OPEN,
            AssignmentState.PREPARATION,
            AssignmentState.EXECUTION,
        ],
    }
    items = []
    for n in range(count):
        for key, path in steps.items():
            matched = AssignmentState.PREPARATION in path
            assignment = Assignment(
                title=f"{key} {n}",
                description="Bulk",
                kind="internship",
                theme=theme,
                government_organisation=government_organisation,
                education_organisation=education_organisation if matched else None,
                level="HBO" if matched else "",
                period_start=dt.date(2020, 1, 1),
                period_end=dt.date(2020, 6, 1),
            )
            items.append((assignment, [Step(state, start + dt.timedelta(hours=i)) for i, state in enumerate(path)]))
    lifecycle.import_histories(items)
    Interest.objects.bulk_create(
        Interest(assignment=assignment, organisation=education_organisation)
        for assignment, _steps in items
        if assignment.title.startswith("interested")
    )


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("coordinator", "assignments:queue"),
        ("coordinator", "assignments:assignment_list"),
        ("government_member", "assignments:my_requests"),
        ("education_member", "assignments:open_requests"),
        ("education_member", "assignments:our_assignments"),
    ],
)
def test_list_pages_have_a_fixed_query_count(
    request,
    client,
    persona,
    name,
    government_organisation,
    education_organisation,
    theme,
    django_assert_max_num_queries,
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse(name)

    fill(3, government_organisation, education_organisation, theme)
    few = queries_for(client, url)
    fill(27, government_organisation, education_organisation, theme)  # 30 of each now, more than one page
    many = queries_for(client, url)

    assert few == many
    assert client.get(url).content.decode().count('<th scope="row"') >= DEFAULT_PAGE_SIZE  # a full page of rows
    with django_assert_max_num_queries(BUDGETS.get(name, BUDGET)):
        client.get(url)


def test_the_detail_page_has_a_fixed_query_count(client, coordinator, make_request, education_organisation):
    assignment = make_request(AssignmentState.OPEN)
    client.force_login(coordinator)
    url = reverse("assignments:request_detail", args=[assignment.pk])
    few = queries_for(client, url)
    for _n in range(10):
        Interest.objects.create(assignment=assignment, organisation=factories.EducationOrganisationFactory())
    assert queries_for(client, url) == few
