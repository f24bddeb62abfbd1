"""Referrals between service models and units: sending, who sees them, accepting (which
enrolls the client through the pathway's own service) and declining (which does not)."""

import pytest

from tests.conftest import make_user
from tests.test_api_support import assert_error
from tyopolku.clients.models import ClientWorker
from tyopolku.pathway.models import Enrollment
from tyopolku.workability.models import Referral, ReferralStatus
from tyopolku.workability.services import referral_create


@pytest.fixture
def ips_coach(org, unit):
    """A job coach of the receiving unit, not (yet) a worker of the client."""
    return make_user("ipscoach", org, "job_coach", unit)


def _send(api, client_record, unit, model="ips"):
    return api.post(
        "/referrals",
        {
            "client_id": client_record.pk,
            "to_service_model": model,
            "to_unit_id": unit.pk,
            "reason": "Asiakas haluaa avoimille työmarkkinoille.",
        },
    )


def test_it_sends_and_shows_a_referral_per_the_contract(
    api_as, case_manager, ips_coach, client_record, unit
):
    sent = _send(api_as(case_manager), client_record, unit)
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["status"] == "sent" and body["id"]
    assert body["to_service_model"] == "ips" and body["to_unit_id"] == unit.pk
    # The receiving unit's coach sees the client's basic data from the moment of sending,
    # but not the client's record.
    receiver = api_as(ips_coach)
    got = receiver.get(f"/referrals/{body['id']}")
    assert got.status_code == 200
    assert got.json()["client"]["last_name"] == "Asiakas"
    assert_error(receiver.get(f"/clients/{client_record.pk}"), 404)
    incoming = receiver.get("/referrals?direction=incoming&status=sent").json()
    assert [r["id"] for r in incoming["items"]] == [body["id"]]
    assert receiver.get("/referrals?direction=outgoing").json()["count"] == 0
    outgoing = api_as(case_manager).get("/referrals?direction=outgoing").json()
    assert [r["id"] for r in outgoing["items"]] == [body["id"]]


def test_it_enrolls_the_client_when_the_referral_is_accepted(
    api_as, case_manager, ips_coach, client_record, unit
):
    referral_id = _send(api_as(case_manager), client_record, unit).json()["id"]
    receiver = api_as(ips_coach)
    accepted = receiver.post(f"/referrals/{referral_id}/accept", {"start_date": "2026-11-30"})
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"] == "accepted" and body["enrollment_id"]
    enrollment = Enrollment.objects.get(pk=body["enrollment_id"])
    assert (enrollment.client, enrollment.service_model, enrollment.unit) == (
        client_record,
        "ips",
        unit,
    )
    # A job coach accepting an IPS referral coaches the enrollment (the pathway's rule) and
    # so now works with the client.
    assert enrollment.coach == ips_coach
    assert receiver.get(f"/clients/{client_record.pk}").status_code == 200
    assert enrollment.intake_steps.count() == 8
    again = receiver.post(f"/referrals/{referral_id}/accept", {"start_date": "2026-11-30"})
    assert_error(again, 409)
    assert Enrollment.objects.filter(client=client_record, service_model="ips").count() == 1


def test_it_declines_with_a_reason_and_enrolls_nobody(
    api_as, case_manager, ips_coach, client_record, unit
):
    referral_id = _send(api_as(case_manager), client_record, unit).json()["id"]
    receiver = api_as(ips_coach)
    no_reason = receiver.post(f"/referrals/{referral_id}/decline", {"reason": " "})
    assert_error(no_reason, 422)
    declined = receiver.post(f"/referrals/{referral_id}/decline", {"reason": "Ei tilaa nyt."})
    assert declined.status_code == 200, declined.content
    assert declined.json()["status"] == "declined"
    assert declined.json()["enrollment_id"] is None
    assert not Enrollment.objects.filter(client=client_record).exists()
    assert_error(
        receiver.post(f"/referrals/{referral_id}/accept", {"start_date": "2026-11-30"}), 409
    )


def test_it_lets_only_the_receiving_unit_decide(
    api_as, case_manager, coach, client_record, unit, org
):
    """The client's own job coach sees a referral to the work coaches' model but does not
    decide on it; a work coach of another unit does not see it at all."""
    referral = referral_create(
        user=case_manager,
        client=client_record,
        to_service_model="subcontracting",
        to_unit_id=unit.pk,
        reason="Ryhmätyö.",
    )
    assert api_as(coach).get(f"/referrals/{referral.pk}").status_code == 200
    assert_error(
        api_as(coach).post(f"/referrals/{referral.pk}/accept", {"start_date": "2026-11-30"}), 403
    )
    from tyopolku.accounts.services import unit_ensure

    elsewhere = unit_ensure(organization=org, code="kahvila", name="Kahvila")[0]
    far_coach = make_user("faraway", org, "work_coach", elsewhere)
    assert_error(api_as(far_coach).get(f"/referrals/{referral.pk}"), 404)
    assert api_as(far_coach).get("/referrals?direction=incoming").json()["count"] == 0
    assert Referral.objects.get().status == ReferralStatus.SENT


@pytest.mark.parametrize("persona", ["colleague", "outsider", "peer", "expert", "evaluator"])
def test_it_hides_referrals_from_those_outside(
    request, api_as, case_manager, client_record, unit, persona
):
    referral = referral_create(
        user=case_manager,
        client=client_record,
        to_service_model="work_ability_team",
        reason="Asiakasvastaavan tuki.",
    )
    api = api_as(request.getfixturevalue(persona))
    assert_error(api.get(f"/referrals/{referral.pk}"), 404)
    assert api.get("/referrals").json()["count"] == 0
    assert_error(api.post(f"/referrals/{referral.pk}/decline", {"reason": "Ei."}), 404)
    assert_error(_send(api, client_record, unit), 404)
    assert Referral.objects.count() == 1


def test_it_makes_a_case_manager_who_accepts_the_clients_case_manager(
    api_as, coach, org, unit, client_record
):
    manager = make_user("tiimi", org, "case_manager", unit)
    referral = referral_create(
        user=coach, client=client_record, to_service_model="work_ability_team", reason="Tuki."
    )
    accepted = api_as(manager).post(
        f"/referrals/{referral.pk}/accept", {"start_date": "2026-11-02"}
    )
    assert accepted.status_code == 200, accepted.content
    link = ClientWorker.objects.get(client=client_record, user=manager)
    assert link.kind == ClientWorker.Kind.CASE_MANAGER


def test_it_refuses_a_bad_model_a_foreign_unit_and_a_repeat(
    api_as, case_manager, client_record, unit, other_org
):
    api = api_as(case_manager)
    bad = api.post(
        "/referrals",
        {"client_id": client_record.pk, "to_service_model": "astrology", "reason": "X"},
    )
    assert_error(bad, 422)
    assert [e["field"] for e in bad.json()["errors"]] == ["to_service_model"]
    from tyopolku.accounts.services import unit_ensure

    foreign = unit_ensure(organization=other_org, code="muu", name="Muu")[0]
    response = _send(api, client_record, foreign)
    assert_error(response, 422)
    assert [e["field"] for e in response.json()["errors"]] == ["to_unit_id"]
    assert _send(api, client_record, unit).status_code == 201
    assert_error(_send(api, client_record, unit), 409)
    wrong = api.get("/referrals?direction=sideways")
    assert_error(wrong, 422)
    assert [e["field"] for e in wrong.json()["errors"]] == ["direction"]
