"""The Django admin: an organisation's administrator sees only their own organisation."""

import pytest
from zeal import zeal_ignore


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_it_lets_the_organisation_admin_in(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    # The code lists and settings the README sends administrators here for.
    assert 'href="/admin/pathway/servicemodelsetting/"' in response.text
    assert 'href="/admin/accounts/user/"' in response.text


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
    assert response["Location"] == "/admin/"
    with zeal_ignore():
        index = admin_client.get(response["Location"])
    assert '<li class="warning">' in index.text  # "… doesn’t exist. Perhaps it was deleted?"
    assert outsider.username not in index.text


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
    url = f"/admin/pathway/servicemodelsetting/{setting.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    assert form["follow_along_months"].value() == setting.follow_along_months

    response = admin_client.post(
        url, {"service_model": "ips", "follow_along_months": "6", "warning_days": "21"}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    setting.refresh_from_db()
    assert (setting.follow_along_months, setting.warning_days) == (6, 21)
    assert setting.organization == org


def test_it_keeps_an_empty_follow_along_period_time_unlimited(admin_client, org):
    setting = org.service_model_settings.get(service_model="ips")
    url = f"/admin/pathway/servicemodelsetting/{setting.pk}/change/"

    data = {"service_model": "ips", "follow_along_months": "", "warning_days": "14"}
    admin_client.post(url, data)

    setting.refresh_from_db()
    assert setting.follow_along_months is None


def test_it_keeps_coaches_out_of_the_admin(client, coach):
    client.force_login(coach)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
