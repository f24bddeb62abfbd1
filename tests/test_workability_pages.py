"""The work-ability pages: the client's page in a fixed number of queries, the forms, the
referral lists with accept and decline, and the handover of the personal worker."""

import pytest

from tests.conftest import make_user
from tests.pages_support import days_ago, login
from tyopolku.clients.models import ClientWorker
from tyopolku.pathway.models import Enrollment
from tyopolku.workability.models import ClientPlan, Referral, ServiceNeedAssessment
from tyopolku.workability.services import (
    assessment_create,
    client_plan_create,
    network_meeting_create,
    referral_create,
    responsible_worker_hand_over,
)


def _fill(supervisor, case_manager, work_coach, client_record, unit, size):
    for n in range(size):
        assessment_create(
            user=case_manager,
            client=client_record,
            started_on=days_ago(30 + n),
            services_needed=["ips", "education"],
        )
        client_plan_create(
            user=case_manager,
            client=client_record,
            goals=[f"Tavoite {n}"],
            actions=[{"text": "Selvitys", "responsible": "Kela"}],
        )
    for n, model in enumerate(["subcontracting", "wage_work"][:size]):
        referral_create(
            user=case_manager,
            client=client_record,
            to_service_model=model,
            to_unit_id=unit.pk,
            reason=f"Syy {n}",
        )
    for n in range(size):
        network_meeting_create(
            user=case_manager,
            client=client_record,
            date=days_ago(10 + n),
            participants=[{"name": f"Osallistuja {n}", "organisation": "Kela"}],
            tasks=[{"text": "Selvitys", "owner": "Kela"}],
        )
    for worker in (work_coach, case_manager)[: min(size, 2)]:
        responsible_worker_hand_over(
            user=supervisor,
            client=client_record,
            worker_id=worker.pk,
            kind=ClientWorker.Kind.PERSONAL_WORKER,
            reason="",
        )


@pytest.mark.parametrize("size", [1, 10])
def test_it_shows_the_work_ability_page_in_a_fixed_number_of_queries(
    client, supervisor, case_manager, work_coach, client_record, unit, size,
    django_assert_num_queries,
):  # fmt: skip
    _fill(supervisor, case_manager, work_coach, client_record, unit, size)
    login(client, supervisor)
    with django_assert_num_queries(14):
        # 1 savepoint, 2 session, 3 user, 4 client_get, 5 its access-log row,
        # 6 assessments, 7 deadline settings, 8 the case manager and personal worker links,
        # 9 plan versions, 10 referrals, 11 network meetings, 12 the hand-over form's
        # workers, 13 the user's organisation (page header), 14 release savepoint
        response = client.get(f"/clients/{client_record.pk}/work-ability/")
    page = response.content.decode()
    assert page.count("Tavoite") == 0  # the goals are on the plan's own page
    assert page.count("Version ") == size
    assert "personal worker" in page
    assert page.count("Osallistuja") == size


def test_it_records_an_assessment_from_the_page(client, case_manager, client_record):
    login(client, case_manager)
    response = client.post(
        f"/clients/{client_record.pk}/service-need-assessments/new/",
        {
            "started_on": days_ago(2).isoformat(),
            "completed_on": days_ago(3).isoformat(),
            "services_needed": ["ips"],
        },
    )
    assert response.status_code == 422
    assert "The completion date is before the start date." in response.content.decode()
    response = client.post(
        f"/clients/{client_record.pk}/service-need-assessments/new/",
        {"started_on": days_ago(2).isoformat(), "services_needed": ["ips", "education"]},
    )
    assert response.status_code == 302
    assessment = ServiceNeedAssessment.objects.get()
    assert assessment.services_needed == ["ips", "education"]
    page = client.get(f"/clients/{client_record.pk}/work-ability/").content.decode()
    assert "IPS job coaching, Education or training" in page


def test_it_completes_an_assessment_and_refuses_a_stale_form(client, case_manager, client_record):
    assessment = assessment_create(user=case_manager, client=client_record, started_on=days_ago(10))
    login(client, case_manager)
    form = {"version": "1", "started_on": days_ago(10).isoformat()}
    done = client.post(
        f"/service-need-assessments/{assessment.pk}/edit/",
        {**form, "completed_on": days_ago(1).isoformat(), "summary": "Valmis."},
    )
    assert done.status_code == 302
    stale = client.post(f"/service-need-assessments/{assessment.pk}/edit/", form)
    assert stale.status_code == 422
    assessment.refresh_from_db()
    assert (assessment.version, assessment.summary) == (2, "Valmis.")


def test_it_saves_a_plan_with_its_actions_from_the_page(client, case_manager, client_record):
    login(client, case_manager)
    response = client.post(
        f"/clients/{client_record.pk}/client-plans/new/",
        {
            "goals": "Haluan töihin kahvilaan.\n\nHaluan ajokortin.",
            "client_assessment": "Olen täsmällinen.",
            "agreed_with_client": "on",
            "actions-TOTAL_FORMS": "2",
            "actions-INITIAL_FORMS": "0",
            "actions-0-text": "Kuntoutustarpeen selvitys",
            "actions-0-responsible_party": "kela",
            "actions-0-due_date": days_ago(-30).isoformat(),
            "actions-1-text": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = ClientPlan.objects.get()
    assert plan.goals == ["Haluan töihin kahvilaan.", "Haluan ajokortin."]
    assert plan.agreed_with_client and plan.version == 1
    action = plan.actions.get()
    assert (action.responsible_party, action.responsible) == ("kela", "Kela")
    detail = client.get(f"/client-plans/{plan.pk}/").content.decode()
    assert "Kuntoutustarpeen selvitys" in detail
    # The next plan starts from this one's texts.
    form = client.get(f"/clients/{client_record.pk}/client-plans/new/").content.decode()
    assert "Haluan ajokortin." in form


def test_it_accepts_a_referral_from_the_list(client, org, unit, case_manager, client_record):
    ips_coach = make_user("ipscoach", org, "job_coach", unit)
    referral = referral_create(
        user=case_manager,
        client=client_record,
        to_service_model="ips",
        to_unit_id=unit.pk,
        reason="Haluaa avoimille työmarkkinoille.",
    )
    login(client, ips_coach)
    listing = client.get("/referrals/").content.decode()
    assert "Asiakas" in listing and f"/referrals/{referral.pk}/" in listing
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Accept and enroll" in detail
    response = client.post(
        f"/referrals/{referral.pk}/accept/", {"start_date": days_ago(0).isoformat()}
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(client=client_record, service_model="ips")
    assert response["Location"] == f"/enrollments/{enrollment.pk}/"
    again = client.post(
        f"/referrals/{referral.pk}/accept/", {"start_date": days_ago(0).isoformat()}
    )
    assert again.status_code == 422
    assert Enrollment.objects.filter(client=client_record, service_model="ips").count() == 1


def test_it_declines_a_referral_from_its_page(client, org, unit, case_manager, client_record):
    ips_coach = make_user("ipscoach", org, "job_coach", unit)
    referral = referral_create(
        user=case_manager, client=client_record, to_service_model="ips", reason="Työ."
    )
    login(client, ips_coach)
    assert client.post(f"/referrals/{referral.pk}/decline/", {"reason": ""}).status_code == 422
    response = client.post(f"/referrals/{referral.pk}/decline/", {"reason": "Ei tilaa."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "Ei tilaa.")
    assert not Enrollment.objects.filter(client=client_record).exists()


def test_it_sends_a_referral_from_the_page(client, case_manager, client_record, unit):
    login(client, case_manager)
    response = client.post(
        f"/clients/{client_record.pk}/referrals/new/",
        {"to_service_model": "ips", "to_unit_id": str(unit.pk), "reason": "Työnhaku."},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.sent_by, referral.to_unit, referral.status) == (case_manager, unit, "sent")


def test_it_hands_the_personal_worker_over_from_the_page(
    client, supervisor, work_coach, case_manager, client_record
):
    login(client, supervisor)
    url = f"/clients/{client_record.pk}/work-ability/hand-over/"
    first = {"kind": "personal_worker", "worker_id": str(work_coach.pk)}
    assert client.post(url, first).status_code == 302
    second = {"kind": "personal_worker", "worker_id": str(case_manager.pk), "reason": "Loma."}
    assert client.post(url, second).status_code == 302
    page = client.get(f"/clients/{client_record.pk}/work-ability/").content.decode()
    assert "Loma." in page  # the ended link stays as history with its reason
    assert ClientWorker.objects.filter(client=client_record, kind="personal_worker").count() == 2


def test_it_records_a_network_meeting_from_the_page(client, case_manager, client_record):
    login(client, case_manager)
    response = client.post(
        f"/clients/{client_record.pk}/network-meetings/new/",
        {
            "date": days_ago(1).isoformat(),
            "decisions": "Aloitetaan IPS-valmennus.",
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "0",
            "participants-0-name": "Liisa Laine",
            "participants-0-organisation": "TYM",
            "participants-0-role": "asiantuntija",
            "tasks-TOTAL_FORMS": "1",
            "tasks-INITIAL_FORMS": "0",
            "tasks-0-text": "Lähete IPS-yksikköön",
            "tasks-0-owner": "asiakasvastaava",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    page = client.get(f"/clients/{client_record.pk}/work-ability/").content.decode()
    assert "Liisa Laine (TYM, asiantuntija)" in page
    assert "Lähete IPS-yksikköön – asiakasvastaava" in page


def test_it_keeps_client_names_out_of_the_team_meeting_page(
    client, supervisor, peer, client_record, unit
):
    login(client, supervisor)
    refused = client.post(
        "/team-meetings/",
        {"unit_id": str(unit.pk), "date": days_ago(1).isoformat(), "minutes": "Aino Asiakas"},
    )
    assert refused.status_code == 422
    assert "Remove the client&#x27;s name" in refused.content.decode()
    saved = client.post(
        "/team-meetings/",
        {
            "unit_id": str(unit.pk),
            "date": days_ago(1).isoformat(),
            "agenda": "Yrityskäynnit",
            "attendees": [peer.username],
        },
    )
    assert saved.status_code == 302
    login(client, peer)
    page = client.get("/team-meetings/").content.decode()
    assert "Yrityskäynnit" in page and "New team meeting" not in page
