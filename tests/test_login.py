"""The login page and logout: Finnish by default, errors without a login, sessions that
never pass from one user to another."""

import pytest
from django.contrib.auth import SESSION_KEY

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


def test_it_shows_the_login_page_in_finnish_without_a_language_preference(client):
    html = client.get("/login/").content.decode()

    assert '<html lang="fi">' in html
    assert "Käyttäjätunnus" in html
    assert "Salasana" in html
    assert "Kirjaudu sisään" in html


def test_it_shows_the_login_page_in_finnish_to_a_browser_asking_for_an_unknown_language(
    client,
):
    html = client.get("/login/", headers={"accept-language": "de-DE,de;q=0.9"}).content.decode()

    assert '<html lang="fi">' in html


def test_it_logs_in_and_goes_to_the_caseload(client, coach):
    response = client.post("/login/", {"username": "coach", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in_user_id(client) == str(coach.pk)


def test_it_shows_an_error_and_does_not_log_in_on_a_wrong_password(client, coach):
    response = client.post("/login/", {"username": "coach", "password": "wrong horse"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'class="form-errors" role="alert"' in response.content.decode()
    assert _logged_in_user_id(client) is None
    assert client.get("/")["Location"].startswith("/login/")


def test_it_sends_a_logged_in_user_from_the_login_page_to_the_caseload(client, coach):
    client.force_login(coach)

    response = client.get("/login/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_follows_next_when_a_logged_in_user_opens_the_login_page(client, coach):
    client.force_login(coach)

    response = client.get("/login/", {"next": "/clients/"})

    assert response["Location"] == "/clients/"


def test_it_keeps_the_session_of_a_logged_in_user_who_posts_the_login_form(
    client, coach, supervisor
):
    # Changing users means logging out first: the form never replaces one user's session.
    client.force_login(coach)

    response = client.post("/login/", {"username": "supervisor", "password": PASSWORD})

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(coach.pk)


def test_it_does_not_log_out_on_a_get(client, coach):
    client.force_login(coach)

    response = client.get("/logout/")

    assert response.status_code == 405
    assert _logged_in_user_id(client) == str(coach.pk)


def test_it_logs_out_on_a_post_and_goes_to_the_login_page(client, coach):
    client.force_login(coach)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert _logged_in_user_id(client) is None
    assert client.get("/")["Location"].startswith("/login/")
