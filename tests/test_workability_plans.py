"""The client plan (SHL 39 §): versions, actions with their responsible parties, the client's
agreement, access, and the plain-language PDF for the client."""

import pytest

from tests.pages_support import login
from tests.test_api_support import assert_error
from tyopolku.audit.models import AccessLogEntry
from tyopolku.workability.models import ClientPlan, PlanAction, ResponsibleParty
from tyopolku.workability.services import client_plan_create, responsible_party_of

PLAN = {
    "goals": ["Haluan töihin kahvilaan.", "Haluan nukkua paremmin."],
    "actions": [
        {"text": "Haetaan työkokeilupaikkaa.", "responsible": "our_unit", "due_date": "2026-04-30"},
        {"text": "Kuntoutustarpeen selvitys.", "responsible": "Kela"},
        {"text": "Työnhakijan haastattelu.", "responsible": "TE-toimisto, Liisa"},
    ],
    "agreed_with_client": True,
    "client_assessment": "Olen hyvä asiakaspalvelussa.",
    "worker_assessment": "Vahvuutena sosiaalisuus; tarvitsee tukea aamuihin.",
}


def test_it_makes_each_new_plan_the_next_version(api_as, case_manager, client_record):
    api = api_as(case_manager)
    first = api.post(f"/clients/{client_record.pk}/client-plans", PLAN)
    assert first.status_code == 201, first.content
    assert first.json()["version"] == 1 and first.json()["id"]
    second = api.post(
        f"/clients/{client_record.pk}/client-plans",
        {"goals": ["Haluan kokopäivätyöhön."], "actions": [], "agreed_with_client": False},
    )
    assert second.json()["version"] == 2
    listed = api.get(f"/clients/{client_record.pk}/client-plans").json()
    assert listed["count"] == 2
    assert [p["version"] for p in listed["items"]] == [2, 1]
    old = listed["items"][1]
    assert old["goals"] == PLAN["goals"] and old["agreed_with_client"] is True
    assert [a["responsible_party"] for a in old["actions"]] == [
        "our_unit",
        "kela",
        "employment_authority",
    ]
    assert old["actions"][2]["responsible"] == "TE-toimisto, Liisa"


def test_it_numbers_the_versions_per_client(coach, client_record, org):
    from tests.factories import ClientFactory

    other = ClientFactory(organization=org, worker=coach)
    client_plan_create(user=coach, client=client_record, goals=["A"])
    client_plan_create(user=coach, client=client_record, goals=["B"])
    plan = client_plan_create(user=coach, client=other, goals=["C"])
    assert plan.version == 1
    assert list(
        ClientPlan.objects.filter(client=client_record).values_list("version", flat=True)
    ) == [2, 1]


def test_it_needs_a_goal_and_a_responsible_for_each_action(api_as, case_manager, client_record):
    response = api_as(case_manager).post(
        f"/clients/{client_record.pk}/client-plans",
        {
            "goals": [],
            "actions": [{"text": "Jotain", "responsible": " "}],
            "agreed_with_client": True,
        },
    )
    assert_error(response, 422)
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"goals", "actions.0.responsible"}
    assert not ClientPlan.objects.exists() and not PlanAction.objects.exists()


@pytest.mark.parametrize(
    ("written", "party"),
    [
        ("Kela", ResponsibleParty.KELA),
        ("TYM", ResponsibleParty.EMPLOYMENT_AUTHORITY),
        ("health_care", ResponsibleParty.HEALTH_CARE),
        ("Oppilaitos: Saimaan ammattiopisto", ResponsibleParty.EDUCATIONAL_INSTITUTION),
        ("Naapuri", ResponsibleParty.OTHER),
    ],
)
def test_it_reads_the_responsible_party_from_what_was_written(written, party):
    assert responsible_party_of(written) == party


@pytest.mark.parametrize("persona", ["colleague", "typ_officer", "outsider", "evaluator"])
def test_it_hides_the_plans_outside_the_relationship(
    request, api_as, coach, client_record, persona
):
    client_plan_create(user=coach, client=client_record, goals=["A"])
    api = api_as(request.getfixturevalue(persona))
    assert_error(api.get(f"/clients/{client_record.pk}/client-plans"), 404)
    assert_error(api.post(f"/clients/{client_record.pk}/client-plans", PLAN), 404)
    assert ClientPlan.objects.count() == 1


def test_it_prints_the_plan_for_the_client_in_plain_finnish(client, case_manager, client_record):
    plan = client_plan_create(
        user=case_manager,
        client=client_record,
        goals=["Haluan töihin kahvilaan."],
        actions=[{"text": "Kuntoutustarpeen selvitys.", "responsible": "Kela"}],
        agreed_with_client=True,
    )
    response = login(client, case_manager).get(f"/client-plans/{plan.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(
        user=case_manager, client=client_record, action="export", target="client_plan_pdf"
    ).exists()


def test_it_renders_the_printable_plan_in_finnish(case_manager, client_record):
    from tyopolku.workability.views import plan_print_html

    plan = client_plan_create(
        user=case_manager,
        client=client_record,
        goals=["Haluan töihin kahvilaan."],
        actions=[{"text": "Kuntoutustarpeen selvitys.", "responsible": "Kela"}],
        agreed_with_client=True,
    )
    html = plan_print_html(plan)
    assert "Haluan töihin kahvilaan." in html
    assert "Kela" in html
    assert 'lang="fi"' in html
