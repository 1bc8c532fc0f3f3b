"""The accounts pages in Chromium: log-in, password change, log-out; axe-core on every page visited."""

import pytest

from tests import factories
from tests.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Nieuw-en-sterk-wachtwoord-7"


def test_log_in_change_password_log_out_and_log_in_again(page, government_member):
    page.goto("/accounts/login/")
    assert_accessible(page)
    screenshot(page, "accounts-login")

    # A wrong password: the error summary and the typed user name stay.
    page.get_by_label("Gebruikersnaam").fill("gov")
    page.get_by_label("Wachtwoord").fill("verkeerd-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in page.locator("main").inner_text()
    assert page.get_by_label("Gebruikersnaam").input_value() == "gov"
    assert_accessible(page)
    screenshot(page, "accounts-login-error")

    log_in(page, government_member)
    assert page.get_by_role("button", name="Uitloggen").is_visible()

    page.goto("/accounts/password_change/")
    assert_accessible(page)
    page.get_by_label("Oud wachtwoord").fill(factories.PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    screenshot(page, "accounts-password-change")
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    assert page.locator("h1").inner_text() == "Wachtwoord gewijzigd"
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    assert "U bent uitgelogd." in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Inloggen").first.is_visible()

    # The old password no longer works; the new one does.
    log_in(page, government_member)
    assert page.url.endswith("/accounts/login/")
    log_in(page, government_member, password=NEW_PASSWORD)
    assert not page.url.endswith("/accounts/login/")
    assert page.get_by_role("button", name="Uitloggen").is_visible()


def test_coordinator_pages_are_accessible(page, coordinator, government_member, education_member, deactivated_member):
    log_in(page, coordinator)
    page.goto("/accounts/gebruikers/")
    assert page.locator("h1").inner_text() == "Accounts"
    assert page.locator("table caption").inner_text() == "Accounts, gesorteerd op organisatie"
    assert_accessible(page)
    screenshot(page, "accounts-user-list")

    page.get_by_label("Status").select_option(label="Gedeactiveerd")
    page.get_by_role("button", name="Filters toepassen").click()
    assert "1 account gevonden." in page.locator("main").inner_text()

    page.goto("/accounts/uitnodigen/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert "Voer een geldig e-mailadres in." in page.locator("#id_email_error").inner_text()
    assert page.get_by_label("E-mailadres").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    screenshot(page, "accounts-invite-error")


def test_organisation_profile_pages_are_accessible(page, education_member):
    factories.ThemeFactory(slug="cyber", name="Cyberveiligheid")
    factories.ContactPersonFactory(
        organisation=education_member.organisation, name="Els de Boer", email="els@hu.example.nl"
    )
    log_in(page, education_member)
    page.goto("/accounts/organisatie/")
    assert page.locator("h1").inner_text() == "Hogeschool Utrecht"
    assert_accessible(page)
    screenshot(page, "accounts-organisation-profile")

    page.get_by_role("link", name="Profiel wijzigen").click()
    page.get_by_label("Plaats").fill("Utrecht")
    page.get_by_label("Website").fill("niet een adres")
    page.get_by_label("Cyberveiligheid").check()
    page.get_by_role("button", name="Opslaan").click()
    assert "Voer een geldige URL in." in page.locator("#id_website_error").inner_text()
    assert page.get_by_label("Plaats").input_value() == "Utrecht"
    assert page.get_by_label("Cyberveiligheid").is_checked()
    assert_accessible(page)
    screenshot(page, "accounts-organisation-form-error")
    page.get_by_label("Website").fill("https://www.hu.nl")
    page.get_by_role("button", name="Opslaan").click()
    assert "Het profiel van uw organisatie is opgeslagen." in page.locator("main").inner_text()

    page.get_by_role("link", name="Contactpersoon toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Naam").fill("Piet Pieters")
    page.get_by_label("E-mailadres").fill("piet@hu.example.nl")
    page.get_by_role("button", name="Opslaan").click()
    assert "Piet Pieters" in page.locator("table").inner_text()
    screenshot(page, "accounts-organisation-contacts")
