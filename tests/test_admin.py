"""The Django admin: an organisation's administrator sees only their own organisation."""

import pytest
from zeal import zeal_ignore


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_it_lets_the_organisation_admin_in(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_it_lists_only_own_organisations_users(admin_client, coach, outsider):
    response = admin_client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert coach.username in response.text
    assert outsider.username not in response.text


def test_it_hides_another_organisations_user(admin_client, outsider):
    with zeal_ignore():  # Django's admin fetches the missing row twice; not our code
        response = admin_client.get(f"/admin/accounts/user/{outsider.pk}/change/")
    # The admin redirects to its index with "does not exist" for rows outside the queryset.
    assert response.status_code == 302


def test_it_keeps_a_new_unit_in_the_admins_organisation(admin_client, admin, other_org):
    response = admin_client.post(
        "/admin/accounts/unit/add/",
        {"code": "kahvila", "name": "Kahvila Kaisla", "organization": other_org.pk},
    )
    assert response.status_code == 302
    assert admin.organization.units.filter(code="kahvila").exists()
    assert not other_org.units.filter(code="kahvila").exists()


def test_it_lets_the_admin_change_the_follow_along_period(admin_client, org):
    setting = org.service_model_settings.get(service_model="ips")
    response = admin_client.get(f"/admin/pathway/servicemodelsetting/{setting.pk}/change/")
    assert response.status_code == 200


def test_it_keeps_coaches_out_of_the_admin(client, coach):
    client.force_login(coach)
    assert client.get("/admin/").status_code == 302
