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
        url,
        {
            "service_model": "ips",
            "valid_from": "2019-01-01",
            "follow_along_months": "6",
            "warning_days": "21",
            "employment_gap_days": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    setting.refresh_from_db()
    assert (setting.follow_along_months, setting.warning_days) == (6, 21)
    assert setting.organization == org


def test_it_keeps_an_empty_follow_along_period_time_unlimited(admin_client, org):
    setting = org.service_model_settings.get(service_model="ips")
    url = f"/admin/pathway/servicemodelsetting/{setting.pk}/change/"

    data = {
        "service_model": "ips",
        "valid_from": "2019-01-01",
        "follow_along_months": "",
        "warning_days": "14",
        "employment_gap_days": "0",
    }
    admin_client.post(url, data)

    setting.refresh_from_db()
    assert setting.follow_along_months is None


def test_it_adds_a_setting_from_a_later_day_and_keeps_the_old_one(admin_client, org):
    response = admin_client.post(
        "/admin/pathway/servicemodelsetting/add/",
        {
            "service_model": "ips",
            "valid_from": "2026-06-01",
            "follow_along_months": "6",
            "warning_days": "14",
            "employment_gap_days": "7",
        },
    )
    assert response.status_code == 302
    rows = org.service_model_settings.filter(service_model="ips").order_by("valid_from")
    assert [(r.valid_from.isoformat(), r.follow_along_months) for r in rows] == [
        ("2019-01-01", 3),
        ("2026-06-01", 6),
    ]


def test_it_keeps_coaches_out_of_the_admin(client, coach):
    client.force_login(coach)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# An organisation's administrator and the installation's superusers (point 2 of the
# security review): a superuser with an organisation set is invisible to them.


@pytest.fixture
def superuser(org):
    from tyopolku.accounts.models import User

    return User.objects.create_superuser(
        "root", password="root password 1", organization=org, role="admin"
    )


def test_it_hides_a_superuser_of_the_same_organisation_from_the_list(admin_client, superuser):
    response = admin_client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert "root" not in response.text


def test_it_hides_a_superuser_from_the_change_page(admin_client, superuser):
    with zeal_ignore():
        response = admin_client.get(f"/admin/accounts/user/{superuser.pk}/change/")
    assert response.status_code == 302


def test_it_refuses_to_change_a_superusers_details(admin_client, superuser):
    with zeal_ignore():
        admin_client.post(
            f"/admin/accounts/user/{superuser.pk}/change/",
            {"username": "root", "first_name": "Taken", "role": "admin", "is_active": "on"},
        )
    superuser.refresh_from_db()
    assert superuser.first_name == ""


@pytest.mark.parametrize("target", ["superuser", "outsider"])
def test_it_refuses_to_change_the_password_of_a_superuser_or_an_outsider(
    request, admin_client, target
):
    person = request.getfixturevalue(target)
    url = f"/admin/accounts/user/{person.pk}/password/"
    with zeal_ignore():
        assert admin_client.get(url).status_code == 404
        response = admin_client.post(
            url,
            {"usable_password": "true", "password1": "taken over 1", "password2": "taken over 1"},
        )
    assert response.status_code == 404
    person.refresh_from_db()
    assert not person.check_password("taken over 1")


def test_it_lets_the_admin_change_a_colleagues_password(admin_client, coach):
    url = f"/admin/accounts/user/{coach.pk}/password/"
    with zeal_ignore():  # Django's admin reads the user more than once
        response = admin_client.post(
            url,
            {"usable_password": "true", "password1": "new secret 1", "password2": "new secret 1"},
        )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.check_password("new secret 1")


def _escalation(org_group, permission):
    return {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [org_group.pk],
        "user_permissions": [permission.pk],
    }


@pytest.fixture
def escalation(db):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Everything")
    permission = Permission.objects.get(codename="change_organization")
    group.permissions.add(permission)
    return _escalation(group, permission)


def test_it_ignores_superuser_staff_and_permissions_in_a_new_user(
    admin_client, unit, escalation
):
    from tyopolku.accounts.models import User

    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newbie",
            "usable_password": "true",
            "password1": "newbie secret 1",
            "password2": "newbie secret 1",
            "first_name": "New",
            "last_name": "Bie",
            "role": "job_coach",
            "unit": unit.pk,
            **escalation,
        },
    )
    assert response.status_code == 302, response.content
    user = User.objects.get(username="newbie")
    assert (user.is_superuser, user.is_staff) == (False, False)
    assert list(user.groups.all()) == []
    assert list(user.user_permissions.all()) == []


def test_it_ignores_superuser_staff_and_permissions_when_changing_a_user(
    admin_client, coach, unit, escalation
):
    with zeal_ignore():
        response = admin_client.post(
            f"/admin/accounts/user/{coach.pk}/change/",
            {
                "username": "coach",
                "first_name": "Coach",
                "last_name": "Testinen",
                "email": "",
                "role": "job_coach",
                "unit": unit.pk,
                "is_active": "on",
                **escalation,
            },
        )
    assert response.status_code == 302, response.content
    coach.refresh_from_db()
    assert (coach.is_superuser, coach.is_staff) == (False, False)
    assert list(coach.groups.all()) == []
    assert list(coach.user_permissions.all()) == []


def test_it_makes_a_user_promoted_to_admin_staff_with_the_admins_group(
    admin_client, coach, unit
):
    from tyopolku.accounts.services import organization_admin_group

    with zeal_ignore():
        response = admin_client.post(
            f"/admin/accounts/user/{coach.pk}/change/",
            {"username": "coach", "role": "admin", "unit": unit.pk, "is_active": "on"},
        )
    assert response.status_code == 302, response.content
    coach.refresh_from_db()
    assert coach.is_staff and not coach.is_superuser
    assert list(coach.groups.all()) == [organization_admin_group()]


def test_it_shows_a_superuser_every_user(client, superuser, coach, outsider):
    client.force_login(superuser)
    response = client.get("/admin/accounts/user/")
    assert coach.username in response.text
    assert outsider.username in response.text


def test_it_lists_and_revokes_only_own_organisations_tokens_in_the_admin(
    admin_client, coach, outsider, superuser
):
    from tyopolku.accounts.models import ApiToken
    from tyopolku.accounts.services import api_token_create

    api_token_create(user=coach, name="coach laptop")
    api_token_create(user=outsider, name="outsider laptop")
    api_token_create(user=superuser, name="root laptop")
    response = admin_client.get("/admin/accounts/apitoken/")
    assert response.status_code == 200
    assert "coach laptop" in response.text
    assert "outsider laptop" not in response.text
    assert "root laptop" not in response.text

    all_ids = list(ApiToken.objects.values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": all_ids},
    )
    assert response.status_code == 302
    revoked = set(ApiToken.objects.filter(revoked_at__isnull=False).values_list("name", flat=True))
    assert revoked == {"coach laptop"}


def test_it_gives_the_administrators_group_its_permissions_after_migrating(db):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    group = Group.objects.get_or_create(name="Organisation administrators")[0]
    group.permissions.clear()
    call_command("migrate", verbosity=0)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_servicemodelsetting", "add_workingtimesetting", "view_apitoken"} <= codenames


def test_it_lets_the_admin_keep_the_assessment_deadlines(admin_client, org, other_org):
    from tyopolku.workability.models import AssessmentDeadlineSetting

    AssessmentDeadlineSetting.objects.create(organization=org, start_working_days=5)
    AssessmentDeadlineSetting.objects.create(organization=other_org, start_working_days=9)
    response = admin_client.get("/admin/workability/assessmentdeadlinesetting/")
    assert response.status_code == 200
    assert AssessmentDeadlineSetting.objects.count() == 2
    assert response.text.count('class="field-start_working_days"') == 1
