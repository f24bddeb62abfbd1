"""Daily attendance: one day for one participant or a whole group, never outside the
agreement's period and at most the agreement's work days a week (an absence takes a work
day; a no-work day does not); remarking a day replaces its mark."""

import datetime

import pytest

from tests.pages_support import login
from tests.test_workact_support import agreement_of, mark, work_activity_enrollment
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.core.errors import InvalidInput
from tyopolku.workactivity.models import Attendance
from tyopolku.workactivity.services import attendance_mark

D = datetime.date
MONDAY = D(2026, 3, 2)  # the agreement's first day (START in the builders)


@pytest.fixture
def agreement(supervisor, unit, client_record):
    # 3 days a week, 2.3.–31.8.2026
    return agreement_of(supervisor, work_activity_enrollment(supervisor, client_record, unit))


def _status(agreement):
    return dict(Attendance.objects.filter(agreement=agreement).values_list("date", "status"))


def test_it_marks_the_first_and_last_day_and_refuses_the_days_around(supervisor, agreement):
    mark(supervisor, agreement, D(2026, 3, 2))
    mark(supervisor, agreement, D(2026, 8, 31))
    for day in (D(2026, 3, 1), D(2026, 9, 1)):
        with pytest.raises(InvalidInput) as error:
            mark(supervisor, agreement, day)
        assert list(error.value.fields) == ["marks.0.date"]
    assert sorted(_status(agreement)) == [D(2026, 3, 2), D(2026, 8, 31)]


def test_it_allows_the_agreements_days_a_week_and_no_more(supervisor, agreement):
    mark(supervisor, agreement, MONDAY)
    mark(supervisor, agreement, MONDAY + datetime.timedelta(days=1), "absent_ill")
    mark(supervisor, agreement, MONDAY + datetime.timedelta(days=2), "absent_other")
    # A fourth work day in the week is refused; a no-work day is not a work day.
    with pytest.raises(InvalidInput) as error:
        mark(supervisor, agreement, MONDAY + datetime.timedelta(days=3))
    assert list(error.value.fields) == ["marks.0.status"]
    mark(supervisor, agreement, MONDAY + datetime.timedelta(days=3), "no_work_day")
    # The next week (from Monday) starts afresh, and a marked day can be changed.
    mark(supervisor, agreement, MONDAY + datetime.timedelta(days=7))
    mark(supervisor, agreement, MONDAY + datetime.timedelta(days=2), "present")
    assert Attendance.objects.filter(agreement=agreement).count() == 5
    assert _status(agreement)[MONDAY + datetime.timedelta(days=2)] == "present"


def test_it_marks_a_group_at_once_or_nothing(supervisor, unit, org, coach, agreement):
    other = Client.objects.create(
        organization=org, first_name="Eero", last_name="Esimerkki", birth_date=D(1985, 5, 5)
    )
    ClientWorker.objects.create(client=other, user=coach, kind=ClientWorker.Kind.COACH)
    second = agreement_of(supervisor, work_activity_enrollment(supervisor, other, unit), days=1)
    mark(supervisor, second, MONDAY)
    # The second participant's one day of the week is taken: nobody is marked.
    with pytest.raises(InvalidInput) as error:
        attendance_mark(
            user=supervisor,
            day=MONDAY + datetime.timedelta(days=1),
            marks=[
                {"agreement_id": agreement.pk, "status": "present"},
                {"agreement_id": second.pk, "status": "present"},
            ],
        )
    assert list(error.value.fields) == ["marks.1.status"]
    assert not Attendance.objects.filter(date=MONDAY + datetime.timedelta(days=1)).exists()
    attendance_mark(
        user=supervisor,
        day=MONDAY + datetime.timedelta(days=1),
        marks=[
            {"agreement_id": agreement.pk, "status": "present"},
            {"agreement_id": second.pk, "status": "no_work_day"},
        ],
    )
    assert Attendance.objects.filter(date=MONDAY + datetime.timedelta(days=1)).count() == 2


def test_the_api_names_the_mark_that_is_wrong(api_as, supervisor, outsider, agreement):
    body = {"date": "2026-09-01", "marks": [{"agreement_id": agreement.pk, "status": "present"}]}
    response = api_as(supervisor).post("/work-activity/attendance", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["marks.0.date"]
    body["marks"][0]["status"] = "asleep"
    assert api_as(supervisor).post("/work-activity/attendance", body).status_code == 422
    # Another organisation's agreement is unknown to the outsider.
    body = {"date": "2026-03-02", "marks": [{"agreement_id": agreement.pk, "status": "present"}]}
    response = api_as(outsider).post("/work-activity/attendance", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["marks.0.agreement_id"]
    response = api_as(supervisor).post("/work-activity/attendance", body)
    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "agreement_id": agreement.pk,
            "date": "2026-03-02",
            "status": "present",
            "portion": "full",
        }
    ]
    listed = api_as(supervisor).get(
        f"/work-activity/agreements/{agreement.pk}/attendance?month=2026-03"
    )
    assert [a["date"] for a in listed.json()["items"]] == ["2026-03-02"]


def test_the_day_page_marks_everyone_with_one_save(client, supervisor, agreement):
    login(client, supervisor)
    url = "/work-activity/attendance/?date=2026-03-02"
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="status_{agreement.pk}"' in page.content.decode()
    response = client.post(url, {f"status_{agreement.pk}": "absent_ill"})
    assert response.status_code == 302
    assert _status(agreement) == {MONDAY: "absent_ill"}
    # Outside the period the page answers with the error next to the participant.
    client.post("/work-activity/attendance/?date=2026-03-03", {f"status_{agreement.pk}": "present"})
    outside = client.get("/work-activity/attendance/?date=2026-03-01")
    assert f'name="status_{agreement.pk}"' not in outside.content.decode()
