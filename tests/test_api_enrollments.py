"""Enrollments, the IPS start steps, employment, ending, and visits with their legal basis."""

import datetime

import pytest

from tests.conftest import make_user
from tests.test_api_support import (
    add_visit,
    assert_error,
    complete_intake,
    days_ago,
    enroll,
    finnish_date,
    in_english,
    mark_step,
    record_employment,
)
from tyopolku.accounts.services import unit_ensure
from tyopolku.clients.models import ClientWorker
from tyopolku.core.dates import today
from tyopolku.pathway.intake import INTAKE_STEPS
from tyopolku.pathway.models import Enrollment, Visit
from tyopolku.pathway.rules import follow_along_last_day

START = days_ago(300)
INTAKE_DONE = START + datetime.timedelta(days=10)
EMPLOYED = START + datetime.timedelta(days=40)
LAST_SUPPORT_DAY = follow_along_last_day(EMPLOYED, 3)


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


@pytest.fixture
def coach_api(api_as, coach):
    return api_as(coach)


@pytest.fixture
def enrollment(coach_api, client_record, unit):
    """The coach's client in the IPS model, in intake."""
    return enroll(coach_api, client_record.pk, START, unit_id=unit.pk)


@pytest.fixture
def employed(coach_api, enrollment):
    complete_intake(coach_api, enrollment["id"], INTAKE_DONE)
    assert record_employment(coach_api, enrollment["id"], EMPLOYED).status_code == 200
    return enrollment


def test_it_enrolls_a_client_in_ips_with_the_eight_start_steps(
    api_as, supervisor, coach, client_record, unit
):
    body = enroll(
        api_as(supervisor),
        client_record.pk,
        START,
        unit_id=unit.pk,
        referral_source="tym",
        coach_id=coach.pk,
    )
    assert {k: body[k] for k in ("client_id", "service_model", "phase", "start_date")} == {
        "client_id": client_record.pk,
        "service_model": "ips",
        "phase": "intake",
        "start_date": START.isoformat(),
    }
    assert (body["unit_id"], body["coach_id"], body["referral_source"]) == (
        unit.pk,
        coach.pk,
        "tym",
    )
    assert [(s["number"], s["code"], s["done_on"]) for s in body["intake_steps"]] == [
        (step.number, step.code, None) for step in INTAKE_STEPS
    ]
    assert all(s["title"] for s in body["intake_steps"])
    assert body["end_date"] is None
    assert Enrollment.objects.get(pk=body["id"]).created_by == supervisor


def test_it_makes_the_coach_of_an_enrollment_a_worker_of_the_client(
    api_as, supervisor, colleague, client_record
):
    assert api_as(colleague).get(f"/clients/{client_record.pk}").status_code == 404
    enroll(api_as(supervisor), client_record.pk, START, coach_id=colleague.pk)
    assert ClientWorker.objects.get(client=client_record, user=colleague).kind == "coach"
    assert api_as(colleague).get(f"/clients/{client_record.pk}").status_code == 200


def test_it_makes_the_coach_who_enrolls_the_client_its_coach(coach_api, coach, enrollment):
    assert enrollment["coach_id"] == coach.pk


@pytest.mark.parametrize(
    "model", ["subcontracting", "work_activity", "wage_work", "work_ability_team"]
)
def test_it_enrolls_in_the_other_models_without_start_steps(coach_api, client_record, model):
    body = enroll(coach_api, client_record.pk, START, service_model=model)
    assert (body["service_model"], body["phase"], body["intake_steps"]) == (model, "intake", [])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"service_model": "bowling"}, "service_model"),
        ({"service_model": None}, "service_model"),
        ({"start_date": None}, "start_date"),
        ({"start_date": "2025-02-30"}, "start_date"),
        ({"start_date": (today() + datetime.timedelta(days=400)).isoformat()}, "start_date"),
        ({"start_date": "1989-12-31"}, "start_date"),  # before the client was born
        ({"unit_id": 10**12}, "unit_id"),
        ({"unit_id": "paja"}, "unit_id"),
        ({"coach_id": 10**12}, "coach_id"),
        ({"referral_source": "astrologer"}, "referral_source"),
    ],
)
def test_it_refuses_invalid_enrollments_naming_the_field(coach_api, client_record, change, field):
    data = {"service_model": "ips", "start_date": START.isoformat(), **change}
    response = coach_api.post(f"/clients/{client_record.pk}/enrollments", data)
    assert_error(response, 422, field)
    assert not Enrollment.objects.exists()


def test_it_refuses_a_unit_of_another_organisation(coach_api, other_org, client_record):
    foreign = unit_ensure(organization=other_org, code="muu", name="Muu")[0]
    data = {"service_model": "ips", "start_date": START.isoformat(), "unit_id": foreign.pk}
    assert_error(coach_api.post(f"/clients/{client_record.pk}/enrollments", data), 422, "unit_id")


@pytest.mark.parametrize("who", ["outsider", "evaluator", "peer"])
def test_it_refuses_a_coach_who_cannot_be_one(coach_api, request, client_record, who):
    # Another organisation's user, or a role that is never a client's worker.
    user = request.getfixturevalue(who)
    data = {"service_model": "ips", "start_date": START.isoformat(), "coach_id": user.pk}
    assert_error(coach_api.post(f"/clients/{client_record.pk}/enrollments", data), 422, "coach_id")


def test_it_refuses_a_second_open_enrollment_in_the_same_model(coach_api, client_record):
    enroll(coach_api, client_record.pk, START)
    data = {"service_model": "ips", "start_date": day(5).isoformat()}
    assert_error(coach_api.post(f"/clients/{client_record.pk}/enrollments", data), 409)
    enroll(coach_api, client_record.pk, day(5), service_model="work_activity")


def test_it_enrolls_again_after_the_previous_enrollment_ended(coach_api, client_record, enrollment):
    ended = coach_api.post(
        f"/enrollments/{enrollment['id']}/end", {"end_date": day(20).isoformat(), "reason": "Moved"}
    )
    assert ended.status_code == 200
    assert enroll(coach_api, client_record.pk, day(30))["phase"] == "intake"


@pytest.mark.parametrize("who", ["outsider", "colleague", "evaluator"])
def test_it_hides_the_client_to_enroll(api_as, request, client_record, who):
    api = api_as(request.getfixturevalue(who))
    data = {"service_model": "ips", "start_date": START.isoformat()}
    assert_error(api.post(f"/clients/{client_record.pk}/enrollments", data), 404)


def test_it_reads_an_enrollment(coach_api, enrollment):
    assert coach_api.get(f"/enrollments/{enrollment['id']}").json() == enrollment


@pytest.mark.parametrize("who", ["outsider", "colleague", "expert"])
def test_it_hides_an_enrollment(api_as, request, enrollment, who):
    api = api_as(request.getfixturevalue(who))
    assert_error(api.get(f"/enrollments/{enrollment['id']}"), 404)


def test_it_answers_404_for_an_unknown_enrollment(coach_api, enrollment):
    assert_error(coach_api.get(f"/enrollments/{enrollment['id'] + 1}"), 404)


# The start steps (DOMAIN.md §5): steps 1–6 move the client to job search.


def test_it_moves_to_job_search_when_steps_one_to_six_are_done(coach_api, enrollment):
    for number in range(1, 6):
        body = mark_step(coach_api, enrollment["id"], number, day(number)).json()
        assert body["phase"] == "intake"
    body = mark_step(coach_api, enrollment["id"], 6, day(9)).json()
    assert (body["phase"], body["phase_since"]) == ("job_search", day(9).isoformat())
    done = {s["number"]: s["done_on"] for s in body["intake_steps"]}
    assert done == {
        **{n: day(n).isoformat() for n in range(1, 6)},
        6: day(9).isoformat(),
        7: None,
        8: None,
    }


def test_it_does_not_wait_for_the_consents_of_step_seven(coach_api, enrollment):
    assert mark_step(coach_api, enrollment["id"], 7, day(1)).json()["phase"] == "intake"
    for number in (1, 2, 3, 4, 5, 8):
        mark_step(coach_api, enrollment["id"], number, day(2))
    assert coach_api.get(f"/enrollments/{enrollment['id']}").json()["phase"] == "intake"
    assert mark_step(coach_api, enrollment["id"], 6, day(3)).json()["phase"] == "job_search"


def test_it_records_the_consent_step_later(coach_api, enrollment):
    complete_intake(coach_api, enrollment["id"], INTAKE_DONE)
    body = mark_step(coach_api, enrollment["id"], 7, day(60)).json()
    assert body["phase"] == "job_search"
    assert body["intake_steps"][6]["done_on"] == day(60).isoformat()


def test_it_moves_the_job_search_start_when_a_step_is_redated(coach_api, enrollment):
    complete_intake(coach_api, enrollment["id"], INTAKE_DONE)
    body = mark_step(coach_api, enrollment["id"], 3, day(20)).json()
    assert (body["phase"], body["phase_since"]) == ("job_search", day(20).isoformat())


def test_it_starts_job_search_no_earlier_than_the_enrollment(coach_api, enrollment):
    # The first steps happen before the start (contacting the TYP officer).
    body = complete_intake(coach_api, enrollment["id"], START - datetime.timedelta(days=7))
    assert (body["phase"], body["phase_since"]) == ("job_search", START.isoformat())


@pytest.mark.parametrize("number", [0, 9, 100])
def test_it_refuses_a_step_that_does_not_exist(coach_api, enrollment, number):
    assert_error(mark_step(coach_api, enrollment["id"], number, day(1)), 422, "number")


def test_it_refuses_a_step_in_a_model_without_steps(coach_api, client_record):
    other = enroll(coach_api, client_record.pk, START, service_model="wage_work")
    assert_error(mark_step(coach_api, other["id"], 1, day(1)), 422, "number")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"done_on": (today() + datetime.timedelta(days=1)).isoformat()}, "done_on"),
        ({"done_on": "soon"}, "done_on"),
        ({}, "done_on"),
    ],
)
def test_it_refuses_an_invalid_step_date(coach_api, enrollment, body, field):
    response = coach_api.post(f"/enrollments/{enrollment['id']}/intake-steps/1", body)
    assert_error(response, 422, field)


def test_it_hides_the_steps_of_another_organisations_enrollment(api_as, outsider, enrollment):
    assert_error(mark_step(api_as(outsider), enrollment["id"], 1, day(1)), 404)


# Employment and the end.


def test_it_moves_to_employed_from_the_employment_start(coach_api, employed):
    body = coach_api.get(f"/enrollments/{employed['id']}").json()
    assert (body["phase"], body["phase_since"]) == ("employed", EMPLOYED.isoformat())
    assert body["follow_along_last_day"] == LAST_SUPPORT_DAY.isoformat()


def test_it_follows_the_organisations_follow_along_setting(coach_api, org, employed):
    org.service_model_settings.filter(service_model="ips").update(follow_along_months=None)
    assert coach_api.get(f"/enrollments/{employed['id']}").json()["follow_along_last_day"] is None


def test_it_refuses_an_employment_before_the_enrollment(coach_api, enrollment):
    response = record_employment(coach_api, enrollment["id"], START - datetime.timedelta(days=1))
    assert_error(response, 422, "start_date")


def test_it_ends_an_enrollment(coach_api, employed):
    response = coach_api.post(
        f"/enrollments/{employed['id']}/end",
        {"end_date": day(200).isoformat(), "reason": "Permanent job, no support needed"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["phase"], body["end_date"], body["end_reason"]) == (
        "ended",
        day(200).isoformat(),
        "Permanent job, no support needed",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"end_date": day(100).isoformat(), "reason": "  "}, "reason"),
        ({"end_date": day(100).isoformat(), "reason": "x" * 201}, "reason"),
        ({"end_date": day(100).isoformat()}, "reason"),
        ({"end_date": day(39).isoformat(), "reason": "Moved"}, "end_date"),  # before the job
        ({"end_date": "31.12.2025", "reason": "Moved"}, "end_date"),
    ],
)
def test_it_refuses_an_invalid_end(coach_api, employed, body, field):
    assert_error(coach_api.post(f"/enrollments/{employed['id']}/end", body), 422, field)
    assert coach_api.get(f"/enrollments/{employed['id']}").json()["phase"] == "employed"


def test_it_refuses_an_end_before_the_last_visit(coach_api, enrollment):
    assert add_visit(coach_api, enrollment["id"], day(30)).status_code == 201
    body = {"end_date": day(29).isoformat(), "reason": "Moved"}
    assert_error(coach_api.post(f"/enrollments/{enrollment['id']}/end", body), 422, "end_date")


def test_it_refuses_to_change_an_ended_enrollment(coach_api, enrollment):
    end = {"end_date": day(20).isoformat(), "reason": "Moved"}
    assert coach_api.post(f"/enrollments/{enrollment['id']}/end", end).status_code == 200
    assert_error(coach_api.post(f"/enrollments/{enrollment['id']}/end", end), 409)
    assert_error(mark_step(coach_api, enrollment["id"], 1, day(1)), 409)
    assert_error(record_employment(coach_api, enrollment["id"], day(10)), 409)


# Visits: the system fills legal basis, service task and unit from the phase of the day.


def test_it_records_a_visit_before_employment_as_rehabilitative_work_activity(
    coach_api, enrollment, unit
):
    response = add_visit(
        coach_api, enrollment["id"], day(3), kind="network_meeting", duration_minutes=90
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("date", "kind", "duration_minutes", "summary")} == {
        "date": day(3).isoformat(),
        "kind": "network_meeting",
        "duration_minutes": 90,
        "summary": "Met.",
    }
    assert body["legal_basis"] == "rehabilitative_work_activity"
    assert "189/2001" in body["legal_basis_text"]
    assert body["service_task"] == "working_age_services"
    assert body["service_unit"] == {"id": unit.pk, "code": "paja", "name": "Testipaja"}
    assert (body["enrollment_id"], body["recorded_by"]) == (enrollment["id"], "coach")


def test_it_records_a_visit_after_employment_as_employment_support(coach_api, employed):
    for visit_day in (EMPLOYED, LAST_SUPPORT_DAY):
        body = add_visit(coach_api, employed["id"], visit_day, kind="workplace").json()
        assert body["legal_basis"] == "disability_employment_support"
        assert "710/1982" in body["legal_basis_text"]
        assert body["service_task"] == "working_age_services"
    before = add_visit(coach_api, employed["id"], EMPLOYED - datetime.timedelta(days=1))
    assert before.json()["legal_basis"] == "rehabilitative_work_activity"


def test_it_leaves_the_service_unit_empty_without_one(api_as, admin, org, client_record):
    admin.unit = None
    admin.save(update_fields=["unit"])
    api = api_as(admin)
    enrollment = enroll(api, client_record.pk, START)
    assert add_visit(api, enrollment["id"], day(1)).json()["service_unit"] is None


def test_it_refuses_a_visit_after_the_follow_along_limit_saying_why(coach_api, employed):
    after = LAST_SUPPORT_DAY + datetime.timedelta(days=1)
    body = assert_error(add_visit(coach_api, employed["id"], after), 422, "date")
    assert finnish_date(EMPLOYED) in body["detail"]
    assert finnish_date(LAST_SUPPORT_DAY) in body["detail"]
    english = assert_error(add_visit(in_english(coach_api), employed["id"], after), 422, "date")
    assert "follow-along support" in english["detail"]
    assert not Visit.objects.exists()


def test_it_records_visits_after_three_months_when_support_is_unlimited(coach_api, org, employed):
    org.service_model_settings.filter(service_model="ips").update(follow_along_months=None)
    response = add_visit(coach_api, employed["id"], today())
    assert response.json()["legal_basis"] == "disability_employment_support"


def test_it_refuses_a_visit_before_the_start_saying_why(coach_api, enrollment):
    response = add_visit(coach_api, enrollment["id"], START - datetime.timedelta(days=1))
    assert finnish_date(START) in assert_error(response, 422, "date")["detail"]
    response = add_visit(
        in_english(coach_api), enrollment["id"], START - datetime.timedelta(days=1)
    )
    assert "before the enrollment started" in response.json()["detail"]


def test_it_refuses_a_visit_after_the_end_saying_why(coach_api, enrollment):
    end = {"end_date": day(20).isoformat(), "reason": "Moved"}
    coach_api.post(f"/enrollments/{enrollment['id']}/end", end)
    assert add_visit(coach_api, enrollment["id"], day(20)).status_code == 201  # the last day
    response = add_visit(in_english(coach_api), enrollment["id"], day(21))
    assert "ended" in assert_error(response, 422, "date")["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": (today() + datetime.timedelta(days=1)).isoformat()}, "date"),
        ({"date": "tomorrow"}, "date"),
        ({"kind": "coffee"}, "kind"),
        ({"kind": None}, "kind"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 24 * 60 + 1}, "duration_minutes"),
        ({"duration_minutes": "an hour"}, "duration_minutes"),
        ({"duration_minutes": 10**30}, "duration_minutes"),
        ({"summary": "   "}, "summary"),
        ({"summary": "x" * 10001}, "summary"),
    ],
)
def test_it_refuses_an_invalid_visit_naming_the_field(coach_api, enrollment, change, field):
    assert_error(add_visit(coach_api, enrollment["id"], day(1), **change), 422, field)
    assert not Visit.objects.exists()


@pytest.mark.parametrize("kind", ["meeting", "phone", "network_meeting", "workplace", "remote"])
def test_it_accepts_every_kind_of_visit(coach_api, enrollment, kind):
    response = add_visit(coach_api, enrollment["id"], day(1), kind=kind)

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == kind
    assert Visit.objects.get(pk=response.json()["id"]).kind == kind
    listed = coach_api.get(f"/enrollments/{enrollment['id']}/visits").json()["items"]
    assert [visit["kind"] for visit in listed] == [kind]


def test_it_lists_the_visits_newest_first(coach_api, enrollment):
    for n in (1, 5, 3):
        add_visit(coach_api, enrollment["id"], day(n), summary=f"Visit {n}")
    body = coach_api.get(f"/enrollments/{enrollment['id']}/visits").json()
    assert body["count"] == 3
    assert [v["summary"] for v in body["items"]] == ["Visit 5", "Visit 3", "Visit 1"]
    page = coach_api.get(f"/enrollments/{enrollment['id']}/visits?limit=1&offset=1").json()
    assert (page["count"], [v["summary"] for v in page["items"]]) == (3, ["Visit 3"])
    assert_error(coach_api.get(f"/enrollments/{enrollment['id']}/visits?limit=201"), 422, "limit")


@pytest.mark.parametrize("who", ["outsider", "colleague", "peer"])
def test_it_hides_the_visits_of_a_client_the_user_cannot_see(api_as, request, enrollment, who):
    api = api_as(request.getfixturevalue(who))
    assert_error(api.get(f"/enrollments/{enrollment['id']}/visits"), 404)
    assert_error(add_visit(api, enrollment["id"], day(1)), 404)
    assert not Visit.objects.exists()


def test_it_lets_another_worker_of_the_client_record_visits(
    api_as, org, unit, client_record, enrollment
):
    work_coach = make_user("workcoach", org, "work_coach", unit)
    ClientWorker.objects.create(client=client_record, user=work_coach)
    body = add_visit(api_as(work_coach), enrollment["id"], day(2)).json()
    assert body["recorded_by"] == "workcoach"
