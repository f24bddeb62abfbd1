"""Helpers shared by the API tests: plain functions (no tests, no fixtures here).

Dates are relative to today because visits and start steps cannot be dated in the future.
"""

import datetime

from tyopolku.core.dates import today


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def assert_error(response, status: int, field: str | None = None) -> dict:
    """The error format of CONTRACT.md, with `field` among the named fields."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) - {"existing_client_id"} == {"detail", "errors"}
    # A duplicate identity code names the client to a user who may see them (clients.services).
    assert "existing_client_id" not in body or (status == 409 and body["existing_client_id"])
    assert isinstance(body["detail"], str) and body["detail"].strip()
    for error in body["errors"]:
        assert set(error) == {"field", "message"}
        assert error["message"]
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
    return body


def enroll(api, client_id: int, start: datetime.date, service_model: str = "ips", **extra):
    response = api.post(
        f"/clients/{client_id}/enrollments",
        {"service_model": service_model, "start_date": start.isoformat(), **extra},
    )
    assert response.status_code == 201, response.content
    return response.json()


def mark_step(api, enrollment_id: int, number: int, done_on: datetime.date):
    return api.post(
        f"/enrollments/{enrollment_id}/intake-steps/{number}", {"done_on": done_on.isoformat()}
    )


def complete_intake(api, enrollment_id: int, done_on: datetime.date) -> dict:
    """Steps 1–6 done: the client moves to job search."""
    for number in range(1, 7):
        response = mark_step(api, enrollment_id, number, done_on)
        assert response.status_code == 200, response.content
    return response.json()


def record_employment(api, enrollment_id: int, start: datetime.date):
    return api.post(f"/enrollments/{enrollment_id}/employment", {"start_date": start.isoformat()})


def add_visit(api, enrollment_id: int, day: datetime.date, **extra):
    data = {"date": day.isoformat(), "kind": "meeting", "duration_minutes": 60, "summary": "Met."}
    return api.post(f"/enrollments/{enrollment_id}/visits", {**data, **extra})


def in_english(api):
    """Ask for English answers: tests check the wording of the msgid, whatever the
    Finnish catalogue says."""
    api.headers["Accept-Language"] = "en"
    return api


def finnish_date(day: datetime.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"
