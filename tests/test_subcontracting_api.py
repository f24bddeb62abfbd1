"""The group-work API as CONTRACT.md names it: groups, members, orders, hours, the invoice
run and the invoice in JSON, PDF and Finvoice; other organisations get 404."""

import datetime

import pytest

from tests.test_placements_support import make_employer
from tests.test_subcontracting_support import assert_valid_finvoice, invoicing_ready

D = datetime.date


@pytest.fixture
def customer(org):
    return make_employer(org, name="Asunto Oy Koivu")


def _group(api, unit):
    response = api.post(
        "/subcontracting/groups",
        {"unit_id": unit.pk, "name": "Siivousryhmä", "service_type": "cleaning"},
    )
    assert response.status_code == 201, response.content
    return response.json()


def _member(api, group, client_record):
    response = api.post(
        f"/subcontracting/groups/{group['id']}/members",
        {
            "client_id": client_record.pk,
            "start_date": "2024-08-01",
            "weekly_hours": "25",
            "pay_group": "A",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def _order(api, group, customer, **extra):
    body = {
        "customer_id": customer.pk,
        "group_id": group["id"],
        "service_type": "cleaning",
        "hourly_price": "28.40",
        "start_date": "2024-08-01",
        **extra,
    }
    response = api.post("/orders", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_it_runs_a_month_from_hours_to_a_valid_finvoice(
    api_as, work_coach, supervisor, unit, client_record, customer
):
    invoicing_ready(supervisor.organization)
    coach_api = api_as(work_coach)
    group = _group(coach_api, unit)
    member = _member(coach_api, group, client_record)
    assert member["weekly_hours"] == "25.00"
    order = _order(coach_api, group, customer)
    assert order["hourly_price"] == "28.40" and order["vat_percent"] is None
    for day, hours in (("2024-09-02", "7.5"), ("2024-09-03", "6")):
        response = coach_api.post(
            f"/orders/{order['id']}/work-logs",
            {"member_id": member["id"], "date": day, "hours": hours},
        )
        assert response.status_code == 201, response.content
    boss = api_as(supervisor)
    run = boss.post("/invoices/run", {"period_start": "2024-09-01", "period_end": "2024-09-30"})
    assert run.status_code == 201, run.content
    (item,) = run.json()["items"]
    # 13.5 h × 28.40 = 383.40; VAT 25.5 % = 97.767 → 97.77.
    assert {k: item[k] for k in ("total_excluding_vat", "vat_amount", "total")} == {
        "total_excluding_vat": "383.40",
        "vat_amount": "97.77",
        "total": "481.17",
    }
    assert item["customer_id"] == customer.pk
    assert set(item) >= {"id", "number", "reference_number", "rf_reference", "due_date"}
    again = boss.post("/invoices/run", {"period_start": "2024-09-01", "period_end": "2024-09-30"})
    assert again.status_code == 201 and again.json()["items"] == []
    detail = boss.get(f"/invoices/{item['id']}").json()
    assert [line["hours"] for line in detail["lines"]] == ["13.50"]
    xml = boss.get(f"/invoices/{item['id']}/finvoice")
    assert xml.status_code == 200 and xml["Content-Type"].startswith("application/xml")
    assert_valid_finvoice(xml.content)
    pdf = boss.get(f"/invoices/{item['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The coach runs the group but does not see the invoices.
    assert coach_api.get(f"/invoices/{item['id']}").status_code == 403


def test_it_answers_422_naming_the_field(api_as, supervisor, unit, customer, other_org):
    api = api_as(supervisor)
    bad = api.post(
        "/subcontracting/groups", {"unit_id": unit.pk, "name": "X", "service_type": "sauna"}
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["service_type"]
    group = _group(api, unit)
    other_customer = make_employer(other_org, name="Muu Oy")
    body = {
        "customer_id": other_customer.pk,
        "group_id": group["id"],
        "service_type": "cleaning",
        "hourly_price": "-1",
        "start_date": "2024-08-01",
    }
    response = api.post("/orders", body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"customer_id", "hourly_price"}
    response = api.post("/orders", {**body, "hourly_price": "abc"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["hourly_price"]


def test_it_refuses_hours_outside_the_members_employment(
    api_as, supervisor, unit, client_record, customer
):
    api = api_as(supervisor)
    group = _group(api, unit)
    member = _member(api, group, client_record)
    order = _order(api, group, customer, start_date="2024-01-01")
    response = api.post(
        f"/orders/{order['id']}/work-logs",
        {"member_id": member["id"], "date": "2024-07-31", "hours": "4"},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["date"]


def test_it_keeps_the_corrected_row(api_as, supervisor, unit, client_record, customer):
    api = api_as(supervisor)
    group = _group(api, unit)
    member = _member(api, group, client_record)
    order = _order(api, group, customer)
    log = api.post(
        f"/orders/{order['id']}/work-logs",
        {"member_id": member["id"], "date": "2024-09-02", "hours": "8"},
    ).json()
    fixed = api.post(f"/work-logs/{log['id']}/corrections", {"hours": "7", "reason": "Tauko"})
    assert fixed.status_code == 201
    rows = api.get(f"/orders/{order['id']}/work-logs").json()["items"]
    assert [(r["hours"], r["corrected_by_id"], r["correction_reason"]) for r in rows] == [
        ("7.00", None, ""),
        ("8.00", fixed.json()["id"], "Tauko"),
    ]
    twice = api.post(f"/work-logs/{log['id']}/corrections", {"hours": "6", "reason": "Taas"})
    assert twice.status_code == 409


def test_another_organisation_gets_404(api_as, supervisor, outsider, unit, client_record, customer):
    invoicing_ready(supervisor.organization)
    api = api_as(supervisor)
    group = _group(api, unit)
    member = _member(api, group, client_record)
    order = _order(api, group, customer)
    api.post(
        f"/orders/{order['id']}/work-logs",
        {"member_id": member["id"], "date": "2024-09-02", "hours": "8"},
    )
    (invoice,) = api.post(
        "/invoices/run", {"period_start": "2024-09-01", "period_end": "2024-09-30"}
    ).json()["items"]
    stranger = api_as(outsider)
    for path in (
        f"/subcontracting/groups/{group['id']}",
        f"/orders/{order['id']}",
        f"/orders/{order['id']}/work-logs",
        f"/invoices/{invoice['id']}",
        f"/invoices/{invoice['id']}/finvoice",
    ):
        assert stranger.get(path).status_code == 404, path
    assert stranger.get("/invoices").json()["count"] == 0


def test_a_coach_outside_the_relationship_cannot_employ_the_client(
    api_as, org, unit, supervisor, client_record
):
    from tests.conftest import make_user

    stranger = make_user("toinen", org, "work_coach", unit)
    group = _group(api_as(supervisor), unit)
    response = api_as(stranger).post(
        f"/subcontracting/groups/{group['id']}/members",
        {
            "client_id": client_record.pk,
            "start_date": "2024-08-01",
            "weekly_hours": "25",
            "pay_group": "A",
        },
    )
    assert response.status_code == 404
    _member(api_as(supervisor), group, client_record)
    assert api_as(stranger).get(f"/subcontracting/groups/{group['id']}").json()["members"] == []
