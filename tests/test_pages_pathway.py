"""The client's path in the UI: caseload, enrollments, the start checklist, visits."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import translation

from tests.factories import ClientFactory
from tests.pages_support import days_ago, en_date, enroll, login
from tyopolku.audit.models import AccessLogEntry
from tyopolku.core.dates import today
from tyopolku.pathway.models import Enrollment, LegalBasis, Phase, ServiceModel, Visit
from tyopolku.pathway.selectors import enrollment_get, enrollment_with_status
from tyopolku.pathway.services import (
    enrollment_record_employment,
    intake_step_mark_done,
    visit_create,
)

# The pages are read in English (see pages_support.login), whatever language is active here.
with translation.override("en"):
    REHABILITATIVE = str(LegalBasis.REHABILITATIVE_WORK_ACTIVITY.label)
    DISABILITY_SUPPORT = str(LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT.label)


@pytest.fixture
def enrollment(coach, client_record, unit):
    return enroll(coach=coach, client=client_record, unit=unit, start_days_ago=200)


def phase_of(enrollment: Enrollment, user) -> Phase:
    fresh = enrollment_get(user=user, enrollment_id=enrollment.pk)
    return enrollment_with_status(fresh)[1].phase


def employed(enrollment, coach, since: datetime.date) -> None:
    enrollment_record_employment(user=coach, enrollment=enrollment, start_date=since)


def months_ago(months: int, plus_days: int = 0) -> datetime.date:
    return today() - relativedelta(months=months) + datetime.timedelta(days=plus_days)


def field_errors(html: str, name: str) -> list[str]:
    match = re.search(
        rf'<div class="field[^"]*">(?:(?!<div class="field).)*?name="{name}".*?</div>', html, re.S
    )
    assert match, f"no field {name}"
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', match.group(0))


# The caseload


def test_it_shows_the_coachs_caseload(client, coach, colleague, org, client_record, enrollment):
    other = ClientFactory(organization=org, worker=colleague, first_name="Olli")
    enroll(coach=colleague, client=other)
    html = login(client, coach).get("/").content.decode()
    assert f'<a href="/clients/{client_record.pk}/">Aino Asiakas</a>' in html
    assert "IPS job coaching" in html
    assert '<span class="badge badge-intake">Intake</span>' in html
    assert '<td data-label="Days in phase">200</td>' in html
    assert "Step 1: The work activity instructor contacts the TYP officer" in html
    assert "Olli" not in html
    assert 'name="coach"' not in html  # no coach filter for a coach


def test_it_warns_when_follow_along_support_is_ending(client, coach, enrollment):
    employed(enrollment, coach, months_ago(3, plus_days=10))
    last_day = months_ago(3, plus_days=10) + relativedelta(months=3) - datetime.timedelta(days=1)
    html = login(client, coach).get("/").content.decode()
    days_left = (last_day - today()).days
    assert f"Follow-along support ends on {en_date(last_day)} ({days_left} days left)." in html


def test_it_warns_when_follow_along_support_has_ended(client, coach, enrollment):
    employed(enrollment, coach, months_ago(4))
    last_day = months_ago(4) + relativedelta(months=3) - datetime.timedelta(days=1)
    html = login(client, coach).get("/").content.decode()
    assert f"Follow-along support ended on {en_date(last_day)}" in html


def test_it_does_not_warn_early(client, coach, enrollment):
    employed(enrollment, coach, days_ago(10))
    html = login(client, coach).get("/").content.decode()
    assert 'class="badge badge-employed"' in html
    assert 'class="warning"' not in html


def test_it_shows_supervisors_the_whole_organisation(
    client, supervisor, coach, colleague, org, client_record, enrollment
):
    other = ClientFactory(organization=org, worker=colleague, first_name="Olli")
    enroll(coach=colleague, client=other)
    login(client, supervisor)
    everyone = client.get("/").content.decode()
    assert "Aino Asiakas" in everyone and "Olli" in everyone
    assert f'<option value="{colleague.pk}">' in everyone
    only_colleague = client.get("/", {"coach": colleague.pk}).content.decode()
    assert "Olli" in only_colleague and "Aino Asiakas" not in only_colleague
    assert f'<option value="{colleague.pk}" selected>' in only_colleague


def test_it_answers_the_coach_filter_with_the_table_only(client, supervisor, coach, enrollment):
    response = login(client, supervisor).get(
        "/", {"coach": coach.pk}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.startswith('<div id="caseload-table">')
    assert "Aino Asiakas" in html


def test_it_survives_a_broken_coach_filter(client, supervisor, enrollment):
    response = login(client, supervisor).get("/", {"coach": "x"})
    assert response.status_code == 200
    assert "Aino Asiakas" in response.content.decode()


@pytest.mark.parametrize("role", ["evaluator", "peer", "expert"])
def test_it_shows_roles_without_client_access_a_notice(client, request, role, enrollment):
    user = request.getfixturevalue(role)
    response = login(client, user).get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your role has no access to client records or the employer register" in html
    assert "Aino" not in html
    assert 'href="/clients/"' not in html  # nor the nav link to the client list
    assert not AccessLogEntry.objects.filter(user=user).exists()


def _caseload_of(coach, org, unit, size):
    for _ in range(size):
        enroll(coach=coach, client=ClientFactory(organization=org, worker=coach), unit=unit)


@pytest.mark.parametrize("size", [1, 10])
def test_it_shows_the_caseload_in_a_fixed_number_of_queries(
    client, coach, org, unit, size, django_assert_num_queries
):
    _caseload_of(coach, org, unit, size)
    login(client, coach)
    with django_assert_num_queries(12):
        # 1 savepoint (ATOMIC_REQUESTS inside the test's transaction)
        # 2 session, 3 user, 4 the count of open enrollments
        # 5 a page of them (with client, unit, coach, referral source, last visit)
        # 6 their phase changes, 7 their start steps (with who did them)
        # 8 their clients' case managers and personal workers
        # 9 one access-log insert for every client shown
        # 10 service-model settings, 11 the user's organisation (page header)
        # 12 release savepoint
        response = client.get("/")
    assert response.content.decode().count('<td data-label="Client"') == size


# New enrollment


def test_it_offers_units_coaches_and_referral_sources(client, coach, client_record, unit):
    html = login(client, coach).get(f"/clients/{client_record.pk}/enrollments/new/").content
    html = html.decode()
    assert f'<option value="{unit.pk}" selected>Testipaja</option>' in html
    assert f'<option value="{coach.pk}" selected>Coach Testinen</option>' in html
    assert '<option value="tym">' in html
    assert f'value="{today().isoformat()}"' in html


def test_it_creates_an_enrollment(client, coach, supervisor, client_record, unit):
    data = {
        "service_model": "ips",
        "unit_id": unit.pk,
        "start_date": days_ago(5).isoformat(),
        "referral_source": "tym",
        "coach_id": coach.pk,
    }
    # A supervisor names the coach (a coach may name only themselves).
    response = login(client, supervisor).post(
        f"/clients/{client_record.pk}/enrollments/new/", data
    )
    created = Enrollment.objects.get(client=client_record)
    assert response.status_code == 302
    assert response["Location"] == f"/enrollments/{created.pk}/"
    assert (created.coach, created.unit, created.referral_source.code) == (coach, unit, "tym")
    assert created.intake_steps.count() == 8


def test_it_refuses_a_second_open_enrollment_in_the_same_model(
    client, coach, client_record, unit, enrollment
):
    data = {"service_model": "ips", "unit_id": unit.pk, "start_date": today().isoformat()}
    response = login(client, coach).post(f"/clients/{client_record.pk}/enrollments/new/", data)
    assert response.status_code == 422
    (error,) = field_errors(response.content.decode(), "service_model")
    assert "open enrollment" in error
    assert Enrollment.objects.count() == 1


def test_it_refuses_a_start_before_birth(client, coach, client_record, unit):
    data = {"service_model": "ips", "unit_id": unit.pk, "start_date": "1980-01-01"}
    response = login(client, coach).post(f"/clients/{client_record.pk}/enrollments/new/", data)
    (error,) = field_errors(response.content.decode(), "start_date")
    assert "date of birth" in error


# The enrollment page


def test_it_shows_the_enrollment_with_its_start_steps(client, coach, enrollment, unit):
    intake_step_mark_done(user=coach, enrollment=enrollment, number=2, done_on=days_ago(150))
    html = login(client, coach).get(f"/enrollments/{enrollment.pk}/").content.decode()
    assert "<h1>IPS job coaching: Aino Asiakas</h1>" in html
    assert f"since {en_date(days_ago(200))}" in html
    assert "Testipaja" in html
    checklist = html[html.index('id="checklist"') :]
    assert checklist.count('<span class="step-title">') == 8
    assert "Work activity instructor convenes" in checklist  # step 5's actor
    assert f"Done {en_date(days_ago(150))} (Coach Testinen)" in checklist
    assert checklist.count(">Mark done</button>") == 7
    assert checklist.count(">Mark not done</button>") == 1  # the done step can be corrected
    assert f'hx-post="/enrollments/{enrollment.pk}/steps/1/"' in checklist


def test_it_marks_a_step_done_without_javascript(client, coach, enrollment):
    response = login(client, coach).post(
        f"/enrollments/{enrollment.pk}/steps/3/", {"step3-done_on": days_ago(100).isoformat()}
    )
    assert response.status_code == 302
    assert enrollment.intake_steps.get(number=3).done_on == days_ago(100)


def test_it_answers_an_htmx_step_with_the_checklist(client, coach, enrollment):
    response = login(client, coach).post(
        f"/enrollments/{enrollment.pk}/steps/3/",
        {"step3-done_on": days_ago(100).isoformat()},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="checklist"')
    assert f"Done {en_date(days_ago(100))} (Coach Testinen)" in html
    assert (
        'id="enrollment-status" class="card" aria-labelledby="status-heading" hx-swap-oob' in html
    )


def test_it_moves_to_job_search_after_steps_one_to_six(client, coach, enrollment):
    login(client, coach)
    for number in range(1, 7):
        client.post(
            f"/enrollments/{enrollment.pk}/steps/{number}/",
            {f"step{number}-done_on": days_ago(190 - number).isoformat()},
            headers={"HX-Request": "true"},
        )
    assert phase_of(enrollment, coach) == Phase.JOB_SEARCH
    html = client.get(f"/enrollments/{enrollment.pk}/").content.decode()
    assert '<span class="badge badge-job_search">' in html


def test_it_shows_a_future_step_date_in_the_checklist(client, coach, enrollment):
    tomorrow = today() + datetime.timedelta(days=1)
    response = login(client, coach).post(
        f"/enrollments/{enrollment.pk}/steps/4/",
        {"step4-done_on": tomorrow.isoformat()},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    step4 = html[html.index("/steps/4/") : html.index("/steps/5/")]
    assert "cannot be in the future" in step4
    assert enrollment.intake_steps.get(number=4).done_on is None


def test_it_records_employment(client, coach, enrollment):
    start = days_ago(20)
    response = login(client, coach).post(
        f"/enrollments/{enrollment.pk}/employment/", {"start_date": start.isoformat()}
    )
    assert response.status_code == 302
    assert phase_of(enrollment, coach) == Phase.EMPLOYED
    html = client.get(f"/enrollments/{enrollment.pk}/").content.decode()
    last_day = start + relativedelta(months=3) - datetime.timedelta(days=1)
    assert f"<dd>{en_date(last_day)}</dd>" in html  # follow-along support until
    assert "Employment recorded" in html


def test_it_refuses_employment_before_the_enrollment(client, coach, enrollment):
    response = login(client, coach).post(
        f"/enrollments/{enrollment.pk}/employment/", {"start_date": days_ago(300).isoformat()}
    )
    assert response.status_code == 422
    (error,) = field_errors(response.content.decode(), "start_date")
    assert "cannot start before the enrollment" in error


def test_it_ends_an_enrollment(client, coach, enrollment):
    data = {"end_date": days_ago(1).isoformat(), "reason": "Muutti pois"}
    response = login(client, coach).post(f"/enrollments/{enrollment.pk}/end/", data)
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.end_date, enrollment.end_reason) == (days_ago(1), "Muutti pois")
    html = client.get(f"/enrollments/{enrollment.pk}/").content.decode()
    assert '<span class="badge badge-ended">' in html
    assert 'class="step-form"' not in html  # nothing more to mark
    assert f'href="/enrollments/{enrollment.pk}/visits/new/"' not in html


def test_it_asks_for_the_reason_for_ending(client, coach, enrollment):
    data = {"end_date": days_ago(1).isoformat(), "reason": ""}
    response = login(client, coach).post(f"/enrollments/{enrollment.pk}/end/", data)
    assert response.status_code == 422
    assert field_errors(response.content.decode(), "reason") == ["This field is required."]
    enrollment.refresh_from_db()
    assert enrollment.end_date is None


def test_it_starts_a_service_without_a_checklist(client, coach, client_record, unit):
    wage_work = enroll(
        coach=coach, client=client_record, unit=unit, service_model=ServiceModel.WAGE_WORK
    )
    login(client, coach)
    page = client.get(f"/enrollments/{wage_work.pk}/").content.decode()
    assert 'id="checklist"' not in page
    assert f'action="/enrollments/{wage_work.pk}/start/"' in page
    response = client.post(f"/enrollments/{wage_work.pk}/start/", {"date": days_ago(2).isoformat()})
    assert response.status_code == 302
    assert phase_of(wage_work, coach) == Phase.JOB_SEARCH


def test_it_offers_no_start_button_for_ips(client, coach, enrollment):
    html = login(client, coach).get(f"/enrollments/{enrollment.pk}/").content.decode()
    assert f'action="/enrollments/{enrollment.pk}/start/"' not in html


def test_it_lists_visits_with_their_legal_basis(client, coach, enrollment):
    visit_create(
        user=coach,
        enrollment=enrollment,
        date=days_ago(7),
        kind="workplace",
        duration_minutes=90,
        summary="Työpaikkakäynti",
    )
    html = login(client, coach).get(f"/enrollments/{enrollment.pk}/").content.decode()
    visits = html[html.index('id="visits-heading"') :]
    assert en_date(days_ago(7)) in visits
    assert "Workplace visit" in visits
    assert "90 min" in visits
    assert REHABILITATIVE in visits
    assert "Services for working-age people" in visits
    assert "Testipaja" in visits
    assert "Coach Testinen" in visits


# Visits


def test_it_shows_a_quick_visit_form(client, coach, enrollment):
    html = login(client, coach).get(f"/enrollments/{enrollment.pk}/visits/new/").content.decode()
    assert f'value="{today().isoformat()}"' in html
    assert 'name="duration_minutes" value="60"' in html
    assert f'hx-get="/enrollments/{enrollment.pk}/visits/basis/"' in html
    basis = html[html.index('id="visit-basis"') :]
    assert REHABILITATIVE in basis


def test_it_saves_a_visit_and_names_its_legal_basis(client, coach, enrollment):
    data = {
        "date": today().isoformat(),
        "kind": "meeting",
        "duration_minutes": "45",
        "summary": "Työnhaun suunnitelma",
    }
    response = login(client, coach).post(f"/enrollments/{enrollment.pk}/visits/new/", data)
    assert response.status_code == 302
    visit = Visit.objects.get()
    # Back at the new row, which the page makes focusable for focus.js.
    assert response["Location"] == f"/enrollments/{enrollment.pk}/#visit-{visit.pk}"
    assert (visit.date, visit.kind, visit.duration_minutes, visit.summary) == (
        today(),
        "meeting",
        45,
        "Työnhaun suunnitelma",
    )
    assert visit.recorded_by == coach
    html = client.get(response["Location"]).content.decode()
    assert f"Visit saved. Legal basis: {REHABILITATIVE}" in html
    assert f'<tr id="visit-{visit.pk}" tabindex="-1">' in html
    assert 'src="/static/js/focus.js" defer' in html


def test_it_refuses_a_visit_after_the_follow_along_limit(client, coach, enrollment):
    employed(enrollment, coach, days_ago(150))
    data = {"date": today().isoformat(), "kind": "phone", "duration_minutes": "10", "summary": "x"}
    response = login(client, coach).post(f"/enrollments/{enrollment.pk}/visits/new/", data)
    assert response.status_code == 422
    (error,) = field_errors(response.content.decode(), "date")
    assert "follow-along support after employment" in error
    assert "no legal basis" in error
    assert not Visit.objects.exists()


def test_it_previews_the_legal_basis_of_a_date(client, coach, enrollment):
    employed(enrollment, coach, days_ago(30))
    login(client, coach)
    url = f"/enrollments/{enrollment.pk}/visits/basis/"
    before = client.get(url, {"date": days_ago(40).isoformat()}).content.decode()
    after = client.get(url, {"date": days_ago(10).isoformat()}).content.decode()
    assert REHABILITATIVE in before
    assert DISABILITY_SUPPORT in after
    assert "<html" not in after


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        (lambda: days_ago(300).isoformat(), "before the enrollment started"),
        (lambda: (today() + datetime.timedelta(days=1)).isoformat(), "cannot be in the future"),
        (lambda: "31.2.2026", "Enter a valid date"),
    ],
)
def test_it_previews_why_a_date_is_refused(client, coach, enrollment, date, reason):
    response = login(client, coach).get(
        f"/enrollments/{enrollment.pk}/visits/basis/", {"date": date()}
    )
    assert response.status_code == 200
    assert '<p class="error">' in response.content.decode()
    assert reason in response.content.decode()


def test_it_previews_the_end_of_follow_along_support(client, coach, enrollment):
    employed(enrollment, coach, days_ago(150))
    response = login(client, coach).get(
        f"/enrollments/{enrollment.pk}/visits/basis/", {"date": today().isoformat()}
    )
    assert "no legal basis" in response.content.decode()
