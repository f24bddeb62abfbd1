"""API tokens expire and are revoked; the log-in lockout also stops password spraying."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests.conftest import PASSWORD
from tyopolku.accounts.models import ApiToken
from tyopolku.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _token(key: str) -> ApiToken:
    return ApiToken.objects.get(key_hash=ApiToken.hash(key))


def test_it_gives_a_new_token_the_configured_lifetime(coach, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    token = _token(api_token_create(user=coach))
    expected = timezone.now() + datetime.timedelta(days=30)
    assert abs(token.expires_at - expected) < datetime.timedelta(minutes=1)


def test_it_refuses_an_expired_token(client, coach):
    key = api_token_create(user=coach)
    assert client.get("/api/v1/me", headers=_bearer(key)).status_code == 200
    ApiToken.objects.filter(key_hash=ApiToken.hash(key)).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get("/api/v1/me", headers=_bearer(key)).status_code == 401


def test_it_lists_the_users_own_tokens_without_their_keys(client, coach, colleague):
    key = api_token_create(user=coach, name="raportointi")
    api_token_create(user=colleague, name="kollegan")
    response = client.get("/api/v1/me/tokens", headers=_bearer(key))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["name"] == "raportointi"
    assert item["active"] is True
    assert set(item) == {
        "id", "name", "created_at", "last_used_at", "expires_at", "revoked_at", "active"
    }
    assert key not in response.text
    assert _token(key).key_hash not in response.text


def test_it_revokes_the_users_own_token(client, coach):
    key = api_token_create(user=coach)
    other = api_token_create(user=coach, name="other")
    response = client.delete(f"/api/v1/me/tokens/{_token(other).pk}", headers=_bearer(key))
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=_bearer(other)).status_code == 401
    assert client.get("/api/v1/me", headers=_bearer(key)).status_code == 200
    # Revoking itself works too, and is the token's last call.
    response = client.delete(f"/api/v1/me/tokens/{_token(key).pk}", headers=_bearer(key))
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=_bearer(key)).status_code == 401


@pytest.mark.parametrize("persona", ["admin", "colleague", "outsider"])
def test_it_does_not_revoke_someone_elses_token_as_ones_own(request, client, coach, persona):
    victim = _token(api_token_create(user=coach))
    key = api_token_create(user=request.getfixturevalue(persona))
    assert client.delete(f"/api/v1/me/tokens/{victim.pk}", headers=_bearer(key)).status_code == 404
    victim.refresh_from_db()
    assert victim.revoked_at is None


def test_it_lists_the_organisations_tokens_to_an_admin(client, admin, coach, colleague, outsider):
    key = api_token_create(user=admin)
    api_token_create(user=coach, name="coach's")
    api_token_create(user=colleague, name="colleague's")
    api_token_create(user=outsider, name="outsider's")
    body = client.get("/api/v1/tokens", headers=_bearer(key)).json()
    assert sorted(i["username"] for i in body["items"]) == ["admin", "coach", "colleague"]
    body = client.get(f"/api/v1/tokens?user={coach.pk}", headers=_bearer(key)).json()
    assert [(i["username"], i["name"]) for i in body["items"]] == [("coach", "coach's")]
    body = client.get(f"/api/v1/tokens?user={outsider.pk}", headers=_bearer(key)).json()
    assert body == {"count": 0, "items": []}


@pytest.mark.parametrize("persona", ["supervisor", "coach", "outsider"])
def test_it_keeps_the_organisations_tokens_from_non_admins(request, client, persona):
    key = api_token_create(user=request.getfixturevalue(persona))
    assert client.get("/api/v1/tokens", headers=_bearer(key)).status_code == 403


def test_it_lets_an_admin_revoke_a_token_of_their_organisation_only(
    client, admin, coach, outsider
):
    key = api_token_create(user=admin)
    coach_key = api_token_create(user=coach)
    outsider_token = _token(api_token_create(user=outsider))
    response = client.delete(f"/api/v1/tokens/{_token(coach_key).pk}", headers=_bearer(key))
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=_bearer(coach_key)).status_code == 401
    response = client.delete(f"/api/v1/tokens/{outsider_token.pk}", headers=_bearer(key))
    assert response.status_code == 404
    outsider_token.refresh_from_db()
    assert outsider_token.revoked_at is None


def test_it_refuses_an_organisation_revocation_by_a_non_admin(client, coach, colleague):
    key = api_token_create(user=coach)
    victim = _token(api_token_create(user=colleague))
    assert client.delete(f"/api/v1/tokens/{victim.pk}", headers=_bearer(key)).status_code == 403


def test_it_answers_an_impossible_token_id_as_unknown(client, coach):
    # Like every path id out of range (tyopolku/core/api.py PathId): unknown, a 404.
    key = api_token_create(user=coach)
    for token_id in ("0", str(2**63)):
        response = client.delete(f"/api/v1/me/tokens/{token_id}", headers=_bearer(key))
        assert response.status_code == 404
        assert set(response.json()) >= {"detail", "errors"}


def test_it_makes_a_token_in_the_ui_and_shows_its_key_once(client, coach):
    client.force_login(coach)
    response = client.post("/account/tokens/", {"name": "raportti"})
    assert response.status_code == 201
    key = response.context["new_key"]
    assert key in response.text
    assert client.get("/api/v1/me", headers=_bearer(key)).json()["username"] == "coach"
    page = client.get("/account/tokens/")
    assert "raportti" in page.text
    assert key not in page.text


def test_it_names_a_missing_token_name_in_the_ui(client, coach):
    client.force_login(coach)
    response = client.post("/account/tokens/", {"name": ""})
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.filter(user=coach).exists()


def test_it_revokes_a_token_in_the_ui(client, coach, colleague):
    key = api_token_create(user=coach, name="vanha")
    colleagues = _token(api_token_create(user=colleague))
    client.force_login(coach)
    response = client.post(f"/account/tokens/{_token(key).pk}/revoke/")
    assert response.status_code == 302
    assert client.get("/api/v1/me", headers=_bearer(key)).status_code == 401
    assert client.post(f"/account/tokens/{colleagues.pk}/revoke/").status_code == 404
    colleagues.refresh_from_db()
    assert colleagues.revoked_at is None


def test_it_keeps_printing_a_working_token_as_the_last_line_of_add_user(client, org):
    out = io.StringIO()
    call_command("add_user", "uusi", organization=org.code, role="job_coach", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert client.get("/api/v1/me", headers=_bearer(key)).json()["username"] == "uusi"
    assert _token(key).expires_at > timezone.now()


# Password spraying: one address trying many usernames is locked out even though no single
# username reached its own limit.


def _fail(client, username: str):
    return client.post("/login/", {"username": username, "password": "wrong guess"})


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AXES_IP_FAILURE_LIMIT=8)
def test_it_locks_out_an_address_that_tries_many_usernames(client, coach):
    for n in range(7):
        assert _fail(client, f"spray{n}").status_code == 200
    # Seven failures, each for another username: the real user can still log in.
    assert client.post("/login/", {"username": "coach", "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    assert _fail(client, "spray7").status_code == 429
    response = client.post("/login/", {"username": "coach", "password": PASSWORD})
    assert response.status_code == 429
    # Another address is not affected.
    response = client.post(
        "/login/", {"username": "coach", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AXES_IP_FAILURE_LIMIT=20)
def test_it_still_locks_out_one_username_after_five_failures(client, coach):
    for _n in range(4):
        assert _fail(client, "coach").status_code == 200
    assert _fail(client, "coach").status_code == 429
    assert client.post("/login/", {"username": "coach", "password": PASSWORD}).status_code == 429


def test_it_lists_any_number_of_tokens_in_the_same_queries(client, coach):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coach)
    counts = []
    for _batch in range(2):
        for n in range(3):
            api_token_create(user=coach, name=f"token {n}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/account/tokens/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@override_settings(
    AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AXES_IP_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=1
)
def test_it_counts_the_clients_address_behind_a_proxy(client, coach):
    def fail_from(address: str, username: str):
        return client.post(
            "/login/",
            {"username": username, "password": "wrong guess"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.9, {address}",
        )

    for n in range(3):
        fail_from("198.51.100.1", f"spray{n}")
    assert fail_from("198.51.100.1", "spray3").status_code == 429
    # The same proxy (REMOTE_ADDR) forwards another client, who is not locked out; the
    # address the client itself put in the header is not the one counted.
    response = client.post(
        "/login/",
        {"username": "coach", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2",
    )
    assert response.status_code == 302
