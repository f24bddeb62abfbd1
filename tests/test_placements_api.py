"""Placements through the API: the job, the phase it moves, its end, the estimate."""

import datetime

import pytest

from tests.test_placements_support import (
    JOB_START,
    job_search_enrollment,
    make_employer,
    make_opening,
    placement_payload,
)
from tyopolku.audit.models import AccessLogEntry
from tyopolku.employers.models import Opening
from tyopolku.pathway.models import LegalBasis, Phase, PhaseChange
from tyopolku.placements.models import Placement

DAY = datetime.timedelta(days=1)


@pytest.fixture
def enrollment(client_record, coach):
    return job_search_enrollment(client_record, coach)


@pytest.fixture
def employer(org):
    return make_employer(org)


@pytest.fixture
def api(api_as, coach):
    return api_as(coach)


def create(api, enrollment, employer, **fields):
    return api.post(
        f"/enrollments/{enrollment.pk}/placements", placement_payload(employer, **fields)
    )


def phases(enrollment):
    return [
        (c.phase, c.effective_date)
        for c in PhaseChange.objects.filter(enrollment=enrollment).order_by("effective_date", "pk")
    ]


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    if field:
        assert field in [e["field"] for e in body["errors"]], body
    return body


def test_it_creates_a_placement_with_the_estimate_and_moves_the_phase(api, enrollment, employer):
    response = create(
        api, enrollment, employer, hourly_wage="15.00", hours_per_week=37.5, pay_subsidy_percent=50
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["employer_id"] == employer.pk
    assert body["employer_name"] == "Kauppa Oy"
    assert body["kind"] == "employment"
    assert body["competitive"] is True
    assert body["hours_per_week"] == 37.5
    assert body["hourly_wage"] == "15.00"
    # 15 € × 37.5 h × 52 / 12 = 2 437.50 €; 50 % of it is under the 1 260 € cap.
    assert body["pay_subsidy_estimate"] == {
        "percent": 50,
        "reason": "skills_gap",
        "rate_valid_from": "2023-07-01",
        "monthly_wage": "2437.50",
        "monthly_amount": "1218.75",
        "max_monthly_eur": "1260.00",
        "capped": False,
    }
    assert body["warnings"] == []
    assert body["active"] is True
    assert body["tenure_days"] > 0
    assert phases(enrollment)[-1] == (Phase.EMPLOYED, JOB_START)
    assert api.get(f"/enrollments/{enrollment.pk}").json()["phase"] == "employed"


def test_it_caps_the_subsidy_at_the_maximum(api, enrollment, employer):
    response = create(
        api, enrollment, employer, hourly_wage="20", hours_per_week=37.5, pay_subsidy_percent=70
    )

    estimate = response.json()["pay_subsidy_estimate"]
    assert estimate["monthly_wage"] == "3250.00"
    assert estimate["monthly_amount"] == "1770.00"
    assert estimate["capped"] is True


def test_it_gives_no_estimate_without_a_wage(api, enrollment, employer):
    body = create(api, enrollment, employer, pay_subsidy_percent=50).json()

    assert body["pay_subsidy_estimate"] is None


def test_it_refuses_an_employer_of_another_organisation(api, enrollment, other_org):
    foreign = make_employer(other_org, name="Muualla Oy")

    assert_error(create(api, enrollment, foreign), 422, "employer_id")
    assert not Placement.objects.exists()
    assert phases(enrollment)[-1][0] == Phase.JOB_SEARCH


def test_it_refuses_an_opening_of_another_employer(api, enrollment, employer, org):
    opening = make_opening(make_employer(org, name="Toinen Oy"))

    assert_error(create(api, enrollment, employer, opening_id=opening.pk), 422, "opening_id")


def test_it_fills_the_opening_the_placement_uses(api, enrollment, employer):
    opening = make_opening(employer)

    response = create(api, enrollment, employer, opening_id=opening.pk)

    assert response.json()["opening_id"] == opening.pk
    opening.refresh_from_db()
    assert opening.status == Opening.Status.FILLED


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 200}, "hours_per_week"),
        ({"hours_per_week": "lots"}, "hours_per_week"),
        ({"job_title": "  "}, "job_title"),
        ({"pay_subsidy_percent": 150}, "pay_subsidy_percent"),
        ({"pay_subsidy_months": 6}, "pay_subsidy_months"),
        ({"hourly_wage": "-1"}, "hourly_wage"),
        ({"kind": "volunteering"}, "kind"),
        ({"start_date": "2025-12-31"}, "start_date"),
        ({"start_date": "31.3.2026"}, "start_date"),
        ({"planned_end_date": "2026-03-01"}, "planned_end_date"),
        ({"employer_id": 10**20}, "employer_id"),
        ({"days_per_week": 9}, "days_per_week"),
    ],
)
def test_it_refuses_invalid_input_naming_the_field(api, enrollment, employer, fields, field):
    assert_error(create(api, enrollment, employer, **fields), 422, field)
    assert not Placement.objects.exists()


def test_it_requires_the_contract_fields(api, enrollment):
    body = assert_error(api.post(f"/enrollments/{enrollment.pk}/placements", {}), 422)

    named = {e["field"] for e in body["errors"]}
    assert {"employer_id", "start_date", "job_title", "hours_per_week", "competitive"} <= named


def test_it_refuses_a_wage_or_subsidy_on_a_work_trial(api, enrollment, employer):
    response = create(
        api, enrollment, employer, kind="work_trial", hourly_wage="10", pay_subsidy_percent=50
    )

    body = assert_error(response, 422)
    assert {"competitive", "hourly_wage", "pay_subsidy_percent"} <= {
        e["field"] for e in body["errors"]
    }


def test_it_keeps_the_phase_on_a_work_trial(api, enrollment, employer):
    response = create(
        api,
        enrollment,
        employer,
        kind="work_trial",
        competitive=False,
        days_per_week=3,
        hours_per_week=18,
        planned_end_date="2026-05-31",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["work_trial_expense_allowance_per_day"] == "9.00"
    assert body["warnings"] == []
    assert phases(enrollment)[-1][0] == Phase.JOB_SEARCH


def test_it_refuses_a_placement_on_an_ended_enrollment(api, enrollment, employer):
    enrollment.end_date = JOB_START - DAY
    enrollment.save(update_fields=["end_date"])

    assert_error(create(api, enrollment, employer), 409)


def test_it_hides_a_client_outside_the_relationship(
    api_as, colleague, outsider, enrollment, employer
):
    for user in (colleague, outsider):
        assert_error(create(api_as(user), enrollment, employer), 404)
    assert not Placement.objects.exists()


def test_it_gives_visits_after_the_job_start_the_employment_support_basis(
    api, enrollment, employer
):
    create(api, enrollment, employer)

    def visit(day):
        response = api.post(
            f"/enrollments/{enrollment.pk}/visits",
            {
                "date": day.isoformat(),
                "kind": "workplace",
                "duration_minutes": 60,
                "summary": "Käynti työpaikalla",
            },
        )
        assert response.status_code == 201, response.content
        return response.json()["legal_basis"]

    assert visit(JOB_START - DAY) == LegalBasis.REHABILITATIVE_WORK_ACTIVITY
    assert visit(JOB_START) == LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT
    assert visit(JOB_START + 20 * DAY) == LegalBasis.DISABILITY_EMPLOYMENT_SUPPORT


def test_it_ends_a_placement_and_returns_the_client_to_job_search_the_next_day(
    api, enrollment, employer
):
    placement_id = create(api, enrollment, employer).json()["id"]
    last_day = datetime.date(2026, 5, 29)

    response = api.patch(
        f"/placements/{placement_id}", {"end_date": "2026-05-29", "end_reason": "Määräaikainen"}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["end_date"] == "2026-05-29"
    assert body["end_reason"] == "Määräaikainen"
    assert body["continues_job_search"] is True
    assert body["active"] is False
    assert body["tenure_days"] == (last_day - JOB_START).days + 1
    assert body["tenure_months"] == 2
    assert phases(enrollment)[-2:] == [
        (Phase.EMPLOYED, JOB_START),
        (Phase.JOB_SEARCH, last_day + DAY),
    ]


def test_it_leaves_the_phase_when_the_client_does_not_continue(api, enrollment, employer):
    placement_id = create(api, enrollment, employer).json()["id"]

    response = api.patch(
        f"/placements/{placement_id}",
        {"end_date": "2026-05-29", "end_reason": "Muutto", "continues_job_search": False},
    )

    assert response.json()["continues_job_search"] is False
    assert phases(enrollment)[-1] == (Phase.EMPLOYED, JOB_START)


def test_it_stays_employed_while_another_job_goes_on(api, enrollment, employer, org):
    first = create(api, enrollment, employer).json()["id"]
    create(api, enrollment, make_employer(org, name="Kahvila Oy"), start_date="2026-04-01")

    api.patch(f"/placements/{first}", {"end_date": "2026-05-29", "end_reason": "Vaihtoi työtä"})

    assert [p for p, _day in phases(enrollment)].count(Phase.JOB_SEARCH) == 1
    assert phases(enrollment)[-1][0] == Phase.EMPLOYED


def test_it_corrects_the_reason_but_not_the_end_date_of_an_ended_placement(
    api, enrollment, employer
):
    placement_id = create(api, enrollment, employer).json()["id"]
    api.patch(f"/placements/{placement_id}", {"end_date": "2026-05-29", "end_reason": "x"})

    corrected = api.patch(f"/placements/{placement_id}", {"end_reason": "Sopimus päättyi"})
    moved = api.patch(f"/placements/{placement_id}", {"end_date": "2026-05-30"})

    assert corrected.status_code == 200
    assert corrected.json()["end_reason"] == "Sopimus päättyi"
    assert_error(moved, 409)
    assert [p for p, _day in phases(enrollment)].count(
        Phase.JOB_SEARCH
    ) == 2  # intake → search, end


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"end_reason": "Loppui"}, "end_date"),
        ({"end_date": "2026-05-29"}, "end_reason"),
        ({"end_date": "2026-03-01", "end_reason": "x"}, "end_date"),
        ({"end_date": "2099-01-01", "end_reason": "x"}, "end_date"),
    ],
)
def test_it_refuses_an_invalid_end(api, enrollment, employer, payload, field):
    placement_id = create(api, enrollment, employer).json()["id"]

    assert_error(api.patch(f"/placements/{placement_id}", payload), 422, field)
    assert Placement.objects.get(pk=placement_id).end_date is None


def test_it_lists_the_placements_of_an_enrollment(api, enrollment, employer, org):
    create(api, enrollment, employer)
    create(api, enrollment, make_employer(org, name="Kahvila Oy"), start_date="2026-04-01")

    body = api.get(f"/enrollments/{enrollment.pk}/placements?limit=1").json()

    assert body["count"] == 2
    assert [p["employer_name"] for p in body["items"]] == ["Kahvila Oy"]


def test_it_logs_reading_and_writing_a_placement(api, enrollment, employer, client_record):
    placement_id = create(api, enrollment, employer).json()["id"]
    AccessLogEntry.objects.all().delete()

    api.get(f"/placements/{placement_id}")

    entry = AccessLogEntry.objects.get(target="placement")
    assert (entry.client_id, entry.action) == (client_record.pk, "read")
    assert entry.channel == f"GET /api/v1/placements/{placement_id}"
