"""The audit trail and the merge in Chromium: a coordinator reads an assignment's changes, finds a duplicate and
merges it; axe-core on every page, screenshots at 1366 and 390 pixels."""

import pytest

from assignments.models import Assignment, AssignmentState
from partnership.history import SOURCE_IMPORT, acting
from tests import factories
from tests.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


def look(page, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        screenshot(page, f"{name}-{width}")


def test_a_coordinator_reads_the_changes_and_merges_a_duplicate(page, coordinator):
    keep = factories.GovernmentOrganisationFactory(name="Dienst Digitale Overheid", short_name="DDO")
    drop = factories.GovernmentOrganisationFactory(name="Dienst Digitale Overheid (oud)", short_name="DDO-oud")
    assignment = factories.AssignmentFactory(government_organisation=drop, state=AssignmentState.OPEN)
    with acting(coordinator, SOURCE_IMPORT):
        Assignment.objects.filter(pk=assignment.pk).update(
            title="Een veel langere titel voor de opdracht over archivering", student_count=4
        )

    log_in(page, coordinator)
    page.goto(f"/aanvragen/{assignment.pk}/")
    section = page.locator("section.history")
    assert "Titel: van" in section.inner_text() and "Import" in section.inner_text()
    look(page, "history-assignment")

    page.goto("/werkruimte/organisaties/dubbele/")
    assert "Dienst Digitale Overheid (oud)" in page.locator("main").inner_text()
    look(page, "history-duplicates")

    page.get_by_role("link", name="DDO behouden").click()
    assert page.locator("h1").inner_text() == "Organisaties samenvoegen"
    look(page, "history-merge-confirm")
    page.get_by_role("button", name="Samenvoegen").click()
    assert (
        "Dienst Digitale Overheid (oud) is samengevoegd met Dienst Digitale Overheid."
        in page.locator("main").inner_text()
    )
    assert_accessible(page)

    page.goto(f"/aanvragen/{assignment.pk}/")
    assert "Samenvoegen van organisaties" in page.locator("section.history").inner_text()
    assert keep.name in page.locator("main").inner_text()
