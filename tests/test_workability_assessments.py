"""The service need assessment (SHL 36 §): its API, its deadlines in Finnish working days
(holidays out), and the case manager and personal worker with their handovers (SHL 42 §)."""

import datetime

import pytest

from tests.pages_support import login
from tests.test_api_support import assert_error
from tyopolku.audit.models import AccessLogEntry
from tyopolku.clients.models import ClientWorker
from tyopolku.core.errors import InvalidInput
from tyopolku.core.workdays import add_working_days, is_working_day, working_days_between
from tyopolku.workability.models import AssessmentDeadlineSetting, ServiceNeedAssessment
from tyopolku.workability.selectors import Deadlines, assessment_status, deadlines_on
from tyopolku.workability.services import assessment_create, responsible_worker_hand_over

D = datetime.date


# --- Working days ---


def test_it_skips_weekends_and_finnish_holidays():
    assert not is_working_day(D(2026, 12, 24))  # Christmas Eve
    assert not is_working_day(D(2026, 6, 19))  # Midsummer Eve
    assert not is_working_day(D(2026, 12, 6))  # Independence Day (a Sunday)
    assert is_working_day(D(2026, 12, 23))
    # Monday 21.12.2026 + 7 working days: 22, 23, 28, 29, 30, 31.12. and 2.1. (1.1. is out).
    assert add_working_days(D(2026, 12, 21), 7) == D(2027, 1, 4)
    # Tuesday 16.6.2026 + 3: 17, 18 and (Midsummer Eve and the weekend out) Monday 22.6.
    assert add_working_days(D(2026, 6, 16), 3) == D(2026, 6, 22)
    assert working_days_between(D(2026, 12, 21), D(2027, 1, 4)) == 7
    assert working_days_between(D(2027, 1, 4), D(2026, 12, 21)) == -7


def test_it_counts_easter_out():
    # Thursday 2.4.2026; Good Friday 3.4. and Easter Monday 6.4. are holidays.
    assert add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)


# --- Deadlines ---


def _assessment(initiated, started, completed=None) -> ServiceNeedAssessment:
    return ServiceNeedAssessment(initiated_on=initiated, started_on=started, completed_on=completed)


def test_it_puts_the_deadlines_over_christmas():
    deadlines = Deadlines(start_working_days=7, completion_working_days=10, warning_working_days=3)
    status = assessment_status(
        _assessment(D(2026, 12, 18), D(2026, 12, 30)), deadlines, on=D(2026, 12, 31)
    )
    # 18.12. (Fri) + 7: 21, 22, 23, 28, 29, 30, 31.12.
    assert status.start_deadline == D(2026, 12, 31)
    # + 10: ... 31.12., 4.1., 5.1., 7.1. (New Year's Day, the weekend and Epiphany out)
    assert status.completion_deadline == D(2027, 1, 7)
    assert not status.started_late
    assert status.warning == "completion" and not status.overdue
    assert status.working_days_left == 3  # 4.1., 5.1. and 7.1.


def test_it_warns_as_the_completion_deadline_nears_and_after_it_passes():
    deadlines = Deadlines(7, 10, 3)
    assessment = _assessment(D(2026, 6, 1), D(2026, 6, 2))
    # 1.6. + 10 working days = 15.6.
    assert assessment_status(assessment, deadlines, on=D(2026, 6, 5)).warning == ""
    near = assessment_status(assessment, deadlines, on=D(2026, 6, 10))
    assert (near.warning, near.overdue, near.working_days_left) == ("completion", False, 3)
    late = assessment_status(assessment, deadlines, on=D(2026, 6, 16))
    assert (late.warning, late.overdue) == ("completion", True)
    done = _assessment(D(2026, 6, 1), D(2026, 6, 2), completed=D(2026, 6, 16))
    done_status = assessment_status(done, deadlines, on=D(2026, 6, 20))
    assert done_status.warning == "" and done_status.completed_late


def test_it_warns_of_a_planned_start_over_midsummer():
    deadlines = Deadlines(7, 63, 3)
    # Pending since Wednesday 10.6.2026; + 7: 11, 12, 15, 16, 17, 18, 22.6. (19.6. out).
    planned = _assessment(D(2026, 6, 10), D(2026, 6, 25))
    status = assessment_status(planned, deadlines, on=D(2026, 6, 17))
    assert status.start_deadline == D(2026, 6, 22)
    assert (status.warning, status.working_days_left) == ("start", 2)
    assert status.started_late


def test_it_takes_the_deadlines_in_force_on_the_pending_day(org):
    old = AssessmentDeadlineSetting.objects.create(
        organization=org, valid_from=D(2019, 1, 1), start_working_days=7
    )
    new = AssessmentDeadlineSetting.objects.create(
        organization=org, valid_from=D(2026, 1, 1), start_working_days=5
    )
    rows = [old, new]
    assert deadlines_on(rows, D(2025, 12, 31)).start_working_days == 7
    assert deadlines_on(rows, D(2026, 1, 1)).start_working_days == 5
    assert deadlines_on([], D(2026, 1, 1)) == Deadlines()


# --- The API ---


def test_it_records_and_lists_assessments_per_the_contract(api_as, case_manager, client_record):
    api = api_as(case_manager)
    response = api.post(
        f"/clients/{client_record.pk}/service-need-assessments",
        {
            "started_on": "2026-03-02",
            "completed_on": "2026-03-20",
            "summary": "Tarvitsee tukea työnhakuun.",
            "services_needed": ["ips", "benefits_counselling"],
            "participants": "Asiakas, asiakasvastaava, TYM:n asiantuntija",
            "client_view": "Haluan töihin kahvilaan.",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] and body["services_needed"] == ["ips", "benefits_counselling"]
    assert body["initiated_on"] == "2026-03-02"
    assert body["start_deadline"] == "2026-03-11"
    listed = api.get(f"/clients/{client_record.pk}/service-need-assessments").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]


def test_it_refuses_a_completion_before_the_start(api_as, case_manager, client_record):
    response = api_as(case_manager).post(
        f"/clients/{client_record.pk}/service-need-assessments",
        {"started_on": "2026-03-02", "completed_on": "2026-03-01"},
    )
    assert_error(response, 422)
    assert [e["field"] for e in response.json()["errors"]] == ["completed_on"]
    assert not ServiceNeedAssessment.objects.exists()


def test_it_refuses_an_unknown_service(api_as, case_manager, client_record):
    response = api_as(case_manager).post(
        f"/clients/{client_record.pk}/service-need-assessments",
        {"started_on": "2026-03-02", "services_needed": ["astrology"]},
    )
    assert_error(response, 422)
    assert [e["field"] for e in response.json()["errors"]] == ["services_needed"]


def test_it_completes_an_assessment_once_against_its_version(api_as, case_manager, client_record):
    api = api_as(case_manager)
    created = api.post(
        f"/clients/{client_record.pk}/service-need-assessments", {"started_on": "2026-03-02"}
    ).json()
    path = f"/service-need-assessments/{created['id']}"
    done = api.patch(path, {"version": 1, "completed_on": "2026-03-27", "services_needed": ["ips"]})
    assert done.status_code == 200, done.content
    assert done.json()["completed_on"] == "2026-03-27" and done.json()["version"] == 2
    stale = api.patch(path, {"version": 1, "summary": "Vanha."})
    assert_error(stale, 409)


@pytest.mark.parametrize("persona", ["colleague", "outsider", "peer", "expert"])
def test_it_hides_a_clients_assessments_outside_the_relationship(
    request, api_as, coach, client_record, persona
):
    assessment = assessment_create(user=coach, client=client_record, started_on=D(2026, 3, 2))
    api = api_as(request.getfixturevalue(persona))
    assert_error(api.get(f"/clients/{client_record.pk}/service-need-assessments"), 404)
    assert_error(api.get(f"/service-need-assessments/{assessment.pk}"), 404)
    response = api.post(
        f"/clients/{client_record.pk}/service-need-assessments", {"started_on": "2026-03-02"}
    )
    assert_error(response, 404)
    assert ServiceNeedAssessment.objects.count() == 1


def test_it_logs_the_reads_and_writes(api_as, case_manager, client_record):
    api = api_as(case_manager)
    api.post(f"/clients/{client_record.pk}/service-need-assessments", {"started_on": "2026-03-02"})
    api.get(f"/clients/{client_record.pk}/service-need-assessments")
    rows = set(
        AccessLogEntry.objects.filter(user=case_manager, client=client_record).values_list(
            "action", "target"
        )
    )
    assert ("create", "service_need_assessment") in rows
    assert ("read", "service_need_assessments") in rows


# --- Case manager and personal worker ---


def test_it_hands_the_personal_worker_over_and_keeps_the_history(
    supervisor, case_manager, work_coach, client_record
):
    first = responsible_worker_hand_over(
        user=supervisor,
        client=client_record,
        worker_id=work_coach.pk,
        kind=ClientWorker.Kind.PERSONAL_WORKER,
        reason="",
    )
    assert first.kind == ClientWorker.Kind.PERSONAL_WORKER
    second = responsible_worker_hand_over(
        user=supervisor,
        client=client_record,
        worker_id=case_manager.pk,
        kind=ClientWorker.Kind.PERSONAL_WORKER,
        reason="Työvalmentaja jäi vapaalle.",
    )
    assert second.user == case_manager and second.kind == ClientWorker.Kind.PERSONAL_WORKER
    first.refresh_from_db()
    assert first.end_date is not None and first.end_reason == "Työvalmentaja jäi vapaalle."
    links = ClientWorker.objects.filter(client=client_record, kind="personal_worker")
    assert links.count() == 2 and links.filter(end_date__isnull=True).get() == second


def test_it_names_only_a_case_manager_or_personal_worker(supervisor, coach, client_record):
    with pytest.raises(InvalidInput) as error:
        responsible_worker_hand_over(
            user=supervisor, client=client_record, worker_id=coach.pk, kind="coach", reason=""
        )
    assert "kind" in error.value.fields


def test_it_shows_the_case_manager_on_the_client_page(
    client, supervisor, case_manager, client_record
):
    page = login(client, supervisor).get(f"/clients/{client_record.pk}/")
    assert page.status_code == 200
    assert "case manager" in page.content.decode()


def test_it_adds_a_case_manager_from_the_command_line(client, org, unit):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "add_user", "tiimi", organization=org.code, role="case_manager", unit=unit.code, stdout=out
    )
    key = out.getvalue().strip().splitlines()[-1]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()
    assert (me["username"], me["role"]) == ("tiimi", "case_manager")


def test_it_makes_a_case_manager_who_creates_a_client_its_case_manager(api_as, case_manager):
    response = api_as(case_manager).post(
        "/clients", {"first_name": "Uusi", "last_name": "Asiakas", "birth_date": "1990-02-02"}
    )
    assert response.status_code == 201
    link = ClientWorker.objects.get(client_id=response.json()["id"])
    assert (link.user, link.kind) == (case_manager, ClientWorker.Kind.CASE_MANAGER)


def test_it_names_the_start_when_the_pending_day_is_not_given(case_manager, client_record):
    with pytest.raises(InvalidInput) as error:
        assessment_create(user=case_manager, client=client_record, started_on=D(1980, 1, 1))
    assert set(error.value.fields) == {"started_on"}
    with pytest.raises(InvalidInput) as error:
        assessment_create(
            user=case_manager,
            client=client_record,
            initiated_on=D(2026, 3, 5),
            started_on=D(2026, 3, 2),
        )
    assert set(error.value.fields) == {"initiated_on"}
