"""A member of a work group (paid work) may keep work activity days alongside, but a day is
either paid work or work activity; or the member returns to work activity: the employment
ends and the agreement begins in one transaction."""

import pytest
from dateutil.relativedelta import relativedelta

from tests.conftest import make_user
from tests.factories import ClientFactory
from tests.pages_support import days_ago, login, page_queries
from tests.test_subcontracting_support import group_of, hours, member_of, order_for
from tests.test_workact_support import agreement_of, mark, work_activity_enrollment
from tyopolku.audit.models import AccessLogEntry
from tyopolku.core.errors import Conflict, InvalidInput
from tyopolku.subcontracting.models import GroupMember
from tyopolku.subcontracting.services import (
    group_member_end,
    group_member_return_to_work_activity,
    work_log_correct,
)
from tyopolku.workactivity.models import Agreement
from tyopolku.workactivity.services import attendance_mark


def _agreement_for(user, client, unit) -> Agreement:
    start = days_ago(30)
    return agreement_of(
        user,
        work_activity_enrollment(user, client, unit),
        start=start,
        end=start + relativedelta(months=5),
        days=4,
    )


@pytest.fixture
def both(supervisor, unit, client_record):
    """The client employed in a group (with an order to log hours on) and, alongside, in
    work activity under an agreement in force."""
    group = group_of(supervisor, unit)
    member = member_of(supervisor, group, client_record, start=days_ago(90))
    order = order_for(supervisor, group, start=days_ago(90))
    return member, order, _agreement_for(supervisor, client_record, unit)


# --- One day is paid work or work activity ---------------------------------------------------


def test_it_refuses_a_day_present_when_paid_work_is_logged(supervisor, both):
    member, order, agreement = both
    hours(supervisor, order, member, days_ago(3), "6")
    for portion in ("full", "half"):
        with pytest.raises(InvalidInput) as error:
            attendance_mark(
                user=supervisor,
                day=days_ago(3),
                marks=[{"agreement_id": agreement.pk, "status": "present", "portion": portion}],
            )
        assert "Paid work is logged that day" in error.value.fields["marks.0.status"]
    # An absence takes no money and stays allowed; so does a day without paid work.
    mark(supervisor, agreement, days_ago(3), "absent_ill")
    mark(supervisor, agreement, days_ago(4))


def test_it_refuses_paid_hours_on_a_day_present(supervisor, both):
    member, order, agreement = both
    mark(supervisor, agreement, days_ago(5))
    with pytest.raises(InvalidInput) as error:
        hours(supervisor, order, member, days_ago(5), "4")
    assert "Work activity is marked that day" in error.value.fields["date"]
    mark(supervisor, agreement, days_ago(6), "absent_other")
    assert hours(supervisor, order, member, days_ago(6), "4").hours == 4
    log = hours(supervisor, order, member, days_ago(7), "4")
    # A correction moving the hours onto the day present is refused the same way.
    with pytest.raises(InvalidInput) as error:
        work_log_correct(
            user=supervisor, log=log, hours="4", reason="Väärä päivä", date=days_ago(5)
        )
    assert "date" in error.value.fields


def test_the_api_names_the_field_on_both_sides(api_as, supervisor, both):
    member, order, agreement = both
    api = api_as(supervisor)
    hours(supervisor, order, member, days_ago(3), "6")
    refused = api.post(
        "/work-activity/attendance",
        {
            "date": days_ago(3).isoformat(),
            "marks": [{"agreement_id": agreement.pk, "status": "present"}],
        },
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["marks.0.status"]
    mark(supervisor, agreement, days_ago(4))
    refused = api.post(
        f"/orders/{order.pk}/work-logs",
        {"member_id": member.pk, "date": days_ago(4).isoformat(), "hours": "5"},
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["date"]


def test_the_attendance_page_shows_the_refusal_on_the_row(client, supervisor, both):
    member, order, agreement = both
    hours(supervisor, order, member, days_ago(3), "6")
    login(client, supervisor)
    response = client.post(
        f"/work-activity/attendance/?date={days_ago(3).isoformat()}",
        {f"status_{agreement.pk}": "present"},
    )
    assert response.status_code == 200
    assert "Paid work is logged that day" in response.content.decode()
    assert not agreement.attendances.exists()


# --- Shown on both pages ---------------------------------------------------------------------


def test_the_agreement_page_shows_the_paid_employment(client, work_coach, both):
    member, _order, agreement = both
    login(client, work_coach)
    page = client.get(f"/work-activity/agreements/{agreement.pk}/").content.decode()
    assert "Paid work alongside" in page
    assert member.group.name in page and "20.00 h a week" in page


def test_the_group_page_shows_the_agreement_in_force(client, work_coach, both):
    member, _order, agreement = both
    login(client, work_coach)
    page = client.get(f"/group-work/groups/{member.group_id}/").content.decode()
    assert f"/work-activity/agreements/{agreement.pk}/" in page
    assert "4 days a week" in page
    assert f"/members/{member.pk}/return-to-work-activity/" in page


def test_the_group_page_reads_the_same_queries_for_1_and_4_members(
    client, supervisor, org, unit, both
):
    member, _order, _agreement = both
    login(client, supervisor)
    url = f"/group-work/groups/{member.group_id}/"
    one = page_queries(client, url)
    for _n in range(3):
        other = ClientFactory(organization=org)
        member_of(supervisor, member.group, other, start=days_ago(90))
        _agreement_for(supervisor, other, unit)
    assert page_queries(client, url) == one


# --- Return to work activity ------------------------------------------------------------------


@pytest.fixture
def employed(supervisor, unit, client_record):
    """A member in paid work, enrolled in open work activity without an agreement."""
    group = group_of(supervisor, unit)
    member = member_of(supervisor, group, client_record, start=days_ago(90))
    work_activity_enrollment(supervisor, client_record, unit)
    return member


def _terms(**changes) -> dict:
    terms = {
        "last_day": days_ago(1),
        "end_date": days_ago(0) + relativedelta(months=4),
        "days_per_week": 3,
        "hours_per_day": "6",
        "place": "Kahvila Kaisla",
        "version": 1,
    }
    return {**terms, **changes}


def test_it_ends_the_employment_and_makes_the_agreement(supervisor, employed):
    agreement = group_member_return_to_work_activity(user=supervisor, member=employed, **_terms())
    employed.refresh_from_db()
    assert employed.end_date == days_ago(1) and employed.version == 2
    assert agreement.start_date == days_ago(0)  # the day after the last day
    assert agreement.client_id == employed.client_id
    assert AccessLogEntry.objects.filter(
        target="group_member", action="update", client_id=employed.client_id
    ).exists()


def test_invalid_terms_leave_the_employment_as_it_was(supervisor, employed):
    with pytest.raises(InvalidInput) as error:
        group_member_return_to_work_activity(
            user=supervisor, member=employed, **_terms(days_per_week=7)
        )
    assert "days_per_week" in error.value.fields
    employed.refresh_from_db()
    assert employed.end_date is None and employed.version == 1
    assert not Agreement.objects.exists()


def test_a_stale_version_saves_no_agreement(supervisor, employed):
    with pytest.raises(Conflict):
        group_member_return_to_work_activity(user=supervisor, member=employed, **_terms(version=7))
    assert not Agreement.objects.exists()
    assert GroupMember.objects.get(pk=employed.pk).end_date is None


def test_it_needs_an_open_work_activity_enrollment(supervisor, unit, client_record):
    member = member_of(supervisor, group_of(supervisor, unit), client_record, start=days_ago(90))
    with pytest.raises(InvalidInput) as error:
        group_member_return_to_work_activity(user=supervisor, member=member, **_terms())
    assert "open work activity" in error.value.fields["enrollment"]


def test_the_last_day_is_not_before_hours_logged(supervisor, employed):
    order = order_for(supervisor, employed.group, start=days_ago(90))
    hours(supervisor, order, employed, days_ago(2), "5")
    for refused in (days_ago(3), days_ago(91)):
        with pytest.raises(InvalidInput) as error:
            group_member_end(user=supervisor, member=employed, version=1, last_day=refused)
        assert "last_day" in error.value.fields
    ended = group_member_end(user=supervisor, member=employed, version=1, last_day=days_ago(2))
    assert ended.end_date == days_ago(2)
    with pytest.raises(Conflict):
        group_member_end(user=supervisor, member=employed, version=1, last_day=days_ago(2))


def test_the_page_ends_the_employment_and_opens_the_agreement(client, work_coach, employed):
    login(client, work_coach)
    url = f"/group-work/groups/{employed.group_id}/members/{employed.pk}/return-to-work-activity/"
    page = client.get(url).content.decode()
    assert "Last day of paid work" in page and "Aino Asiakas" in page
    form = {
        **_terms(),
        "last_day": days_ago(1).isoformat(),
        "end_date": (days_ago(0) + relativedelta(months=4)).isoformat(),
    }
    bad = client.post(url, {**form, "days_per_week": "6"})
    assert bad.status_code == 200 and "days a week" in bad.content.decode()
    assert GroupMember.objects.get(pk=employed.pk).end_date is None
    response = client.post(url, form)
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work-activity/agreements/{agreement.pk}/"
    assert GroupMember.objects.get(pk=employed.pk).end_date == days_ago(1)


def test_the_api_returns_the_member_and_the_agreement(api_as, supervisor, employed):
    api = api_as(supervisor)
    base = f"/subcontracting/groups/{employed.group_id}/members/{employed.pk}"
    body = {
        **_terms(),
        "last_day": days_ago(1).isoformat(),
        "end_date": (days_ago(0) + relativedelta(months=4)).isoformat(),
        "goals": ["Opin kassan"],
    }
    invalid = api.post(f"{base}/return-to-work-activity", {**body, "hours_per_day": "12"})
    assert invalid.status_code == 422
    assert [e["field"] for e in invalid.json()["errors"]] == ["hours_per_day"]
    response = api.post(f"{base}/return-to-work-activity", body)
    assert response.status_code == 201
    data = response.json()
    assert data["member"]["end_date"] == days_ago(1).isoformat()
    assert data["member"]["version"] == 2
    assert data["agreement"]["start_date"] == days_ago(0).isoformat()
    assert [g["text"] for g in data["agreement"]["goals"]] == ["Opin kassan"]
    stale = api.post(f"{base}/end", {"last_day": days_ago(2).isoformat(), "version": 1})
    assert stale.status_code == 409
    ended = api.post(f"{base}/end", {"last_day": days_ago(2).isoformat(), "version": 2})
    assert ended.status_code == 200 and ended.json()["end_date"] == days_ago(2).isoformat()


def test_other_roles_and_organisations_do_not_reach_it(
    api_as, client, org, coach, outsider, employed
):
    base = f"/subcontracting/groups/{employed.group_id}/members/{employed.pk}"
    body = {"last_day": days_ago(1).isoformat(), "version": 1}
    assert api_as(coach).post(f"{base}/end", body).status_code == 403
    assert api_as(outsider).post(f"{base}/end", body).status_code == 404
    stranger = make_user("otherworkcoach", org, "work_coach")  # outside the relationship
    assert api_as(stranger).post(f"{base}/end", body).status_code == 404
    login(client, coach)
    url = f"/group-work/groups/{employed.group_id}/members/{employed.pk}/return-to-work-activity/"
    assert client.get(url).status_code == 403
    assert GroupMember.objects.get(pk=employed.pk).end_date is None
