"""The invitations page in Chromium: list, revoke through the confirmation page, send again; axe-core on each."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts import services
from accounts.models import Invitation
from tests.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_revoke_and_send_again_in_the_browser(page, coordinator, government_organisation, education_organisation):
    services.invite_person(email="open@example.nl", organisation=government_organisation, by=coordinator)
    services.invite_person(email="intrekken@example.nl", organisation=education_organisation, by=coordinator)
    late, _ = services.invite_person(email="laat@example.nl", organisation=None, by=coordinator)
    Invitation.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - dt.timedelta(days=8), expires_at=timezone.now() - dt.timedelta(days=1)
    )
    log_in(page, coordinator)
    page.goto("/accounts/gebruikers/")
    page.get_by_role("link", name="Uitnodigingen die nog niet zijn geaccepteerd").click()
    assert page.locator("h1").inner_text() == "Uitnodigingen"
    assert_accessible(page)
    screenshot(page, "accounts-invitations")

    page.get_by_role("link", name="De uitnodiging aan intrekken@example.nl intrekken").click()
    assert page.locator("h1").inner_text() == "Uitnodiging intrekken"
    assert_accessible(page)
    screenshot(page, "accounts-invitation-revoke")
    page.get_by_role("button", name="Uitnodiging intrekken").click()
    main = page.locator("main").inner_text()
    assert "De uitnodiging aan intrekken@example.nl is ingetrokken" in main
    assert "intrekken@example.nl" not in page.locator("table").first.inner_text()

    page.get_by_role("button", name="De uitnodiging aan laat@example.nl opnieuw versturen").click()
    assert "Er is een nieuwe uitnodiging verstuurd naar laat@example.nl" in page.locator("main").inner_text()
    assert "Er zijn geen verlopen uitnodigingen." in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "accounts-invitations-after")
