"""Log-in, log-out and the brute-force lock-out."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def post_login(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_login_page_has_dutch_labels_and_button(client):
    response = client.get(LOGIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label class="utrecht-form-label" for="id_username">Gebruikersnaam</label>' in html
    assert '<label class="utrecht-form-label" for="id_password">Wachtwoord</label>' in html
    assert ">Inloggen</button>" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_login_with_right_password_goes_home(client, government_member):
    response = post_login(client, "gov", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(government_member.pk)


def test_wrong_password_shows_dutch_error_and_keeps_user_name(client, government_member):
    response = post_login(client, "gov", "wrong-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in html
    assert 'value="gov"' in html
    assert "_auth_user_id" not in client.session


def test_empty_fields_get_a_dutch_error_next_to_each_field(client):
    response = post_login(client, "", "")
    html = response.content.decode()
    assert 'id="id_username_error"' in html
    assert 'id="id_password_error"' in html
    assert "Dit veld is verplicht." in html
    assert 'aria-invalid="true"' in html


def test_deactivated_account_cannot_log_in(client, deactivated_member):
    response = post_login(client, "former", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only_and_says_so(client, government_member):
    client.force_login(government_member)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/", follow=True)
    assert "_auth_user_id" not in client.session
    assert "U bent uitgelogd." in response.content.decode()


def test_sixth_attempt_with_right_password_is_locked_out(client, government_member):
    for _ in range(4):
        assert post_login(client, "gov", "wrong-password").status_code == 200
    # The fifth failure locks the user name at once.
    assert post_login(client, "gov", "wrong-password").status_code == 429
    response = post_login(client, "gov", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in html
    assert "15 minuten" in html
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name(client, government_member, outsider):
    for _ in range(5):
        post_login(client, "gov", "wrong-password")
    assert post_login(client, "gov", PASSWORD).status_code == 429
    response = post_login(client, "outsider", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(outsider.pk)


def test_lockout_is_per_address(client, government_member):
    for _ in range(5):
        post_login(client, "gov", "wrong-password")
    response = client.post(LOGIN_URL, {"username": "gov", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_four_failures_then_success_resets_the_count(client, government_member):
    for _ in range(4):
        post_login(client, "gov", "wrong-password")
    assert post_login(client, "gov", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        post_login(client, "gov", "wrong-password")
    assert post_login(client, "gov", PASSWORD).status_code == 302
