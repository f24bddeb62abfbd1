"""Half days in attendance: a day present may be a half day, paid half the day's amount
(rounded to the cent) at the rate in force that day; it takes a whole day of the week."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from tests.pages_support import login
from tests.test_workact_support import agreement_of, work_activity_enrollment
from tyopolku.core.errors import InvalidInput
from tyopolku.workactivity.models import Attendance, WorkShareBasis
from tyopolku.workactivity.selectors import work_share_summary
from tyopolku.workactivity.services import attendance_mark

D = datetime.date


@pytest.fixture
def agreement(supervisor, unit, client_record):
    return agreement_of(
        supervisor,
        work_activity_enrollment(supervisor, client_record, unit),
        start=D(2026, 3, 2),
        end=D(2026, 8, 31),
        days=2,
    )


def _mark(user, agreement, day, status="present", portion="full"):
    return attendance_mark(
        user=user,
        day=day,
        marks=[{"agreement_id": agreement.pk, "status": status, "portion": portion}],
    )


def test_it_pays_half_days_at_half_the_rate_on_both_sides_of_a_change(supervisor, agreement):
    org = supervisor.organization
    WorkShareBasis.objects.create(organization=org, valid_from=D(2026, 1, 1), eur_per_day="10.25")
    WorkShareBasis.objects.create(organization=org, valid_from=D(2026, 3, 16), eur_per_day="12.00")
    _mark(supervisor, agreement, D(2026, 3, 2), portion="half")  # 10.25 / 2 = 5.125 -> 5.12
    _mark(supervisor, agreement, D(2026, 3, 3))  # 10.25
    _mark(supervisor, agreement, D(2026, 3, 16), portion="half")  # 6.00
    _mark(supervisor, agreement, D(2026, 3, 17))  # 12.00
    (row,) = work_share_summary(user=supervisor, month=D(2026, 3, 1)).rows
    assert (row.present, row.half, row.amount) == (4, 2, Decimal("33.37"))


def test_a_half_day_takes_a_day_of_the_week(supervisor, agreement):
    _mark(supervisor, agreement, D(2026, 3, 2), portion="half")
    _mark(supervisor, agreement, D(2026, 3, 3), portion="half")
    with pytest.raises(InvalidInput) as error:
        _mark(supervisor, agreement, D(2026, 3, 4), portion="half")
    assert list(error.value.fields) == ["marks.0.status"]


def test_it_refuses_a_bad_portion_naming_the_field(api_as, supervisor, agreement):
    body = {
        "date": "2026-03-02",
        "marks": [{"agreement_id": agreement.pk, "status": "present", "portion": "quarter"}],
    }
    response = api_as(supervisor).post("/work-activity/attendance", body)
    assert response.status_code == 422
    with pytest.raises(InvalidInput) as error:
        _mark(supervisor, agreement, D(2026, 3, 2), portion="quarter")
    assert list(error.value.fields) == ["marks.0.portion"]
    # Only a day present can be a half day.
    body["marks"][0].update(status="absent_ill", portion="half")
    response = api_as(supervisor).post("/work-activity/attendance", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["marks.0.portion"]
    assert not Attendance.objects.exists()


def test_the_api_marks_and_lists_half_days(api_as, supervisor, agreement):
    body = {
        "date": "2026-03-02",
        "marks": [{"agreement_id": agreement.pk, "status": "present", "portion": "half"}],
    }
    response = api_as(supervisor).post("/work-activity/attendance", body)
    assert response.status_code == 200
    assert response.json()["items"][0]["portion"] == "half"
    listed = api_as(supervisor).get(
        f"/work-activity/agreements/{agreement.pk}/attendance?month=2026-03"
    )
    assert [(a["date"], a["portion"]) for a in listed.json()["items"]] == [("2026-03-02", "half")]
    money = api_as(supervisor).get("/work-activity/work-share?month=2026-03").json()
    assert (money["items"][0]["days_half"], money["total"]) == (1, "4.50")


def test_the_page_marks_a_half_day_and_the_lists_show_it(client, supervisor, agreement):
    login(client, supervisor)
    url = "/work-activity/attendance/?date=2026-03-02"
    page = client.get(url).content.decode()
    assert f'name="portion_{agreement.pk}" value="full" checked' in page
    response = client.post(
        url, {f"status_{agreement.pk}": "present", f"portion_{agreement.pk}": "half"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert f'name="portion_{agreement.pk}" value="half" checked' in page
    wrong = client.post(
        url, {f"status_{agreement.pk}": "absent_other", f"portion_{agreement.pk}": "half"}
    )
    assert wrong.status_code == 200
    assert "half day" in wrong.content.decode()
    csv_text = client.get("/work-activity/work-share.csv?month=2026-03").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert dict(zip(rows[0], rows[1], strict=True))["days_half"] == "1"
    assert dict(zip(rows[0], rows[1], strict=True))["amount"] == "4.50"
    listing = client.get("/work-activity/work-share/?month=2026-03").content.decode()
    assert "4.50" in listing
