"""The admin in a real browser: the assignment list, an action with its message, the change page."""

import pytest

from assignments.models import AssignmentState
from tests import factories
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_log_in(page, user):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(factories.PASSWORD)
    page.locator("input[type=submit]").click()


def test_assignment_admin_in_the_browser(page, admin_user):
    theme = factories.ThemeFactory(slug="ihh", name="Informatiehuishouding")
    ministry = factories.GovernmentOrganisationFactory(name="Ministerie van Binnenlandse Zaken", short_name="BZK")
    school = factories.EducationOrganisationFactory(name="Hogeschool Windesheim", short_name="Windesheim")
    submitted = factories.AssignmentFactory(
        title="Archiefdata ontsluiten", theme=theme, government_organisation=ministry, state=AssignmentState.SUBMITTED
    )
    factories.AssignmentFactory(
        title="Chatbot voor burgervragen",
        theme=theme,
        government_organisation=ministry,
        education_organisation=school,
        state=AssignmentState.EXECUTION,
    )
    admin_log_in(page, admin_user)

    page.goto("/admin/assignments/assignment/")
    assert page.get_by_role("heading", name="Selecteer opdracht om te wijzigen").is_visible()
    page.get_by_role("checkbox", name="Selecteer dit object voor een actie - Archiefdata ontsluiten").check()
    page.locator("select[name=action]").select_option("complete")
    page.locator("button[name=index]").click()
    warning = page.locator(".messagelist .warning")
    assert "Een opdracht kan niet van “Ingediend” naar “Afgerond”." in warning.inner_text()
    screenshot(page, "admin-assignment-changelist")

    page.goto(f"/admin/assignments/assignment/{submitted.pk}/change/")
    assert page.get_by_text("Concept").first.is_visible()  # the history inline
    assert page.locator("[name=state]").count() == 0
    screenshot(page, "admin-assignment-change")
