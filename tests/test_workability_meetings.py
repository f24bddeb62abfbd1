"""Network meetings around a client (external participants without accounts) and the team's
meetings, whose agenda and minutes the client-data guard keeps free of client data."""

import datetime

import pytest

from tests.test_api_support import assert_error
from tyopolku.audit.models import AccessLogEntry
from tyopolku.workability.models import NetworkMeeting, TeamMeeting
from tyopolku.workability.services import network_meeting_create, team_meeting_create

MEETING = {
    "date": "2026-11-20",
    "participants": [
        {"name": "Liisa Laine", "organisation": "TYM", "role": "asiantuntija"},
        {"name": "Kalle Koski", "organisation": "Kela", "role": "kuntoutusasiantuntija"},
        {"name": "Sanna Saari", "organisation": "A-klinikka", "role": "sosiaaliohjaaja"},
    ],
    "decisions": "Aloitetaan IPS-valmennus; Kela selvittää ammatillisen kuntoutuksen.",
    "tasks": [
        {"text": "Lähete IPS-yksikköön", "owner": "asiakasvastaava", "due_date": "2026-11-27"},
        {"text": "Kuntoutusselvitys", "owner": "Kela"},
    ],
}


def test_it_records_a_network_meeting_with_outside_participants(
    api_as, case_manager, client_record
):
    api = api_as(case_manager)
    response = api.post("/network-meetings", {"client_id": client_record.pk, **MEETING})
    assert response.status_code == 201, response.content
    body = response.json()
    assert [p["organisation"] for p in body["participants"]] == ["TYM", "Kela", "A-klinikka"]
    assert body["tasks"][0] == {
        "text": "Lähete IPS-yksikköön",
        "owner": "asiakasvastaava",
        "due_date": "2026-11-27",
    }
    assert api.get(f"/network-meetings/{body['id']}").json()["decisions"] == MEETING["decisions"]
    listed = api.get(f"/clients/{client_record.pk}/network-meetings").json()
    assert [m["id"] for m in listed["items"]] == [body["id"]]
    assert AccessLogEntry.objects.filter(
        user=case_manager, client=client_record, action="create", target="network_meeting"
    ).exists()


def test_it_needs_a_participants_name_and_a_tasks_owner(api_as, case_manager, client_record):
    response = api_as(case_manager).post(
        "/network-meetings",
        {
            "client_id": client_record.pk,
            "date": "2026-11-20",
            "participants": [{"name": " ", "organisation": "TYM"}],
            "tasks": [{"text": "Soitto", "owner": ""}],
        },
    )
    assert_error(response, 422)
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"participants.0.name", "tasks.0.owner"}
    assert not NetworkMeeting.objects.exists()


@pytest.mark.parametrize("persona", ["colleague", "outsider", "peer", "expert"])
def test_it_hides_network_meetings_outside_the_relationship(
    request, api_as, coach, client_record, persona
):
    meeting = network_meeting_create(
        user=coach, client=client_record, date=datetime.date(2026, 11, 2)
    )
    api = api_as(request.getfixturevalue(persona))
    assert_error(api.get(f"/network-meetings/{meeting.pk}"), 404)
    assert_error(api.get(f"/clients/{client_record.pk}/network-meetings"), 404)
    assert_error(api.post("/network-meetings", {"client_id": client_record.pk, **MEETING}), 404)
    assert NetworkMeeting.objects.count() == 1


def test_it_records_a_team_meeting_with_its_attendees(api_as, supervisor, coach, peer, unit):
    response = api_as(supervisor).post(
        "/team-meetings",
        {
            "unit_id": unit.pk,
            "date": "2026-11-24",
            "agenda": "1. Työnantajakontaktit\n2. Koulutukset",
            "minutes": "Sovittiin yhteisistä yrityskäynneistä.",
            "attendees": [coach.username, peer.username],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["attendees"] == sorted([coach.username, peer.username])
    # The peer instructor reads the team's meetings without any access to client records.
    listed = api_as(peer).get(f"/team-meetings?unit_id={unit.pk}").json()
    assert [m["id"] for m in listed["items"]] == [body["id"]]


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("agenda", "Aino Asiakkaan tilanne"),
        ("minutes", "Puhuttiin asiakkaasta 010190-900P."),
    ],
)
def test_it_refuses_client_data_in_a_team_meeting(
    api_as, supervisor, client_record, unit, field, text
):
    response = api_as(supervisor).post(
        "/team-meetings", {"unit_id": unit.pk, "date": "2026-11-24", field: text}
    )
    assert_error(response, 422)
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not TeamMeeting.objects.exists()


def test_it_logs_a_refusal_that_told_of_a_client_as_a_disclosure(
    api_as, colleague, client_record, unit
):
    """A coach outside the relationship learns that "Aino Asiakas" is a client: logged."""
    response = api_as(colleague).post(
        "/team-meetings",
        {"unit_id": unit.pk, "date": "2026-11-24", "minutes": "Aino Asiakas aloittaa."},
    )
    assert_error(response, 422)
    assert AccessLogEntry.objects.filter(
        user=colleague, client=client_record, action="disclose"
    ).exists()


def test_it_refuses_unknown_attendees_and_keeps_roles_out(
    api_as, supervisor, peer, evaluator, outsider, unit
):
    unknown = api_as(supervisor).post(
        "/team-meetings",
        {"unit_id": unit.pk, "date": "2026-11-24", "attendees": ["nobody", outsider.username]},
    )
    assert_error(unknown, 422)
    assert [e["field"] for e in unknown.json()["errors"]] == ["attendees"]
    assert_error(
        api_as(peer).post("/team-meetings", {"unit_id": unit.pk, "date": "2026-11-24"}), 403
    )
    assert_error(api_as(evaluator).get("/team-meetings"), 403)
    foreign = api_as(outsider).post("/team-meetings", {"unit_id": unit.pk, "date": "2026-11-24"})
    assert_error(foreign, 422)
    assert [e["field"] for e in foreign.json()["errors"]] == ["unit_id"]
    meeting = team_meeting_create(
        user=supervisor, unit_id=unit.pk, date=datetime.date(2026, 11, 10)
    )
    assert_error(api_as(outsider).get(f"/team-meetings/{meeting.pk}"), 404)
