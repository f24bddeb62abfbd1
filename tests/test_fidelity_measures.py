"""The measured items on a hand-built unit whose answers are worked out by hand below.

Period 1.1.–31.3.2026 (90 days), unit `paja`; another unit's records and records outside
the period are noise that must not count.
"""

import datetime
from decimal import Decimal

import pytest

from tests.factories import ClientFactory
from tests.test_api_support import assert_error
from tests.test_fidelity_support import all_scores
from tests.test_placements_support import make_employer
from tyopolku.accounts.services import unit_ensure
from tyopolku.employers.models import ContactKind, ContactPurpose, EmployerContact
from tyopolku.fidelity.items import ITEMS_BY_CODE
from tyopolku.fidelity.measures import unit_measures
from tyopolku.pathway.models import Enrollment, LegalBasis, ServiceTask, Visit, VisitKind
from tyopolku.placements.models import Placement

D = datetime.date
START, END = D(2026, 1, 1), D(2026, 3, 31)


def _enrollment(org, unit, coach, start, end=None) -> Enrollment:
    return Enrollment.objects.create(
        client=ClientFactory(organization=org),
        service_model="ips",
        unit=unit,
        coach=coach,
        start_date=start,
        end_date=end,
        created_by=coach,
    )


def _contact(employer, coach, day, kind=ContactKind.VISIT, enrollment=None) -> None:
    EmployerContact.objects.create(
        employer=employer,
        date=day,
        kind=kind,
        purpose=ContactPurpose.JOB_DEVELOPMENT,
        made_by=coach,
        enrollment=enrollment,
    )


def _visit(enrollment, day, kind, minutes) -> None:
    Visit.objects.create(
        enrollment=enrollment,
        date=day,
        kind=kind,
        duration_minutes=minutes,
        summary="Käynti.",
        legal_basis=LegalBasis.values[0],
        service_task=ServiceTask.values[0],
        recorded_by=enrollment.coach,
    )


def _job(enrollment, employer, title, day, competitive=True) -> None:
    Placement.objects.create(
        enrollment=enrollment,
        employer=employer,
        job_title=title,
        start_date=day,
        hours_per_week=Decimal("20"),
        competitive=competitive,
        created_by=enrollment.coach,
    )


@pytest.fixture
def measured(org, unit, coach, colleague):
    other_unit = unit_ensure(organization=org, code="kahvila", name="Kahvila")[0]
    a, b, c = (make_employer(org, name=n) for n in ("A Oy", "B Oy", "C Oy"))
    e1 = _enrollment(org, unit, coach, D(2026, 1, 5))
    e2 = _enrollment(org, unit, coach, D(2026, 1, 10))
    e3 = _enrollment(org, unit, colleague, D(2026, 2, 1))
    e4 = _enrollment(org, unit, colleague, D(2025, 6, 1), end=D(2026, 2, 15))
    noise = _enrollment(org, other_unit, coach, D(2026, 1, 5))
    # Employer contacts: face-to-face ones count; phone and email do not.
    _contact(a, coach, D(2026, 1, 7), ContactKind.PHONE, e1)
    _contact(a, coach, D(2026, 1, 15), ContactKind.MEETING, e1)  # e1: 10 days
    _contact(b, coach, D(2026, 2, 4), ContactKind.VISIT, e1)
    _contact(b, coach, D(2026, 1, 8), ContactKind.VISIT, e2)  # before e2 started
    _contact(b, coach, D(2026, 3, 3), ContactKind.VISIT, e2)  # e2: 52 days
    _contact(c, colleague, D(2026, 2, 20), ContactKind.EMAIL, e3)  # e3: none face to face
    for day in (3, 10, 17):
        _contact(c, colleague, D(2026, 2, day))
    _contact(a, coach, D(2025, 12, 20))  # before the period
    # Jobs: three start in the period.
    _job(e1, a, "Myyjä", D(2026, 2, 10))
    _job(e2, a, " myyjä ", D(2026, 3, 5))
    _job(e3, b, "Varastotyöntekijä", D(2026, 3, 10), competitive=False)
    _job(e4, c, "Siivooja", D(2025, 12, 1))  # before the period
    _job(noise, c, "Kokki", D(2026, 2, 1))  # another unit
    # Visits (kind, minutes).
    _visit(e1, D(2026, 2, 9), VisitKind.MEETING, 60)  # the day before the job
    _visit(e1, D(2026, 2, 10), VisitKind.WORKPLACE, 60)  # day 0
    _visit(e1, D(2026, 2, 17), VisitKind.WORKPLACE, 30)
    _visit(e1, D(2026, 2, 24), VisitKind.PHONE, 15)
    _visit(e1, D(2026, 3, 11), VisitKind.WORKPLACE, 60)  # day 29: still the first 30 days
    _visit(e1, D(2026, 3, 12), VisitKind.MEETING, 45)  # day 30: after them
    _visit(e2, D(2026, 3, 6), VisitKind.WORKPLACE, 90)
    _visit(e2, D(2026, 3, 20), VisitKind.REMOTE, 30)
    _visit(noise, D(2026, 2, 2), VisitKind.WORKPLACE, 600)
    _visit(e4, D(2025, 12, 15), VisitKind.WORKPLACE, 100)
    return {m.code: m for m in unit_measures(unit, START, END)}


@pytest.mark.parametrize(
    ("code", "value", "basis", "suggested"),
    [
        # Open on 31.3.: e1, e2 (coach) and e3 (colleague): 3 / 2 coaches.
        ("caseload_size", "1.50", 2, 5),
        # e1 10 days, e2 52 days (the contact before its start does not count), e3 no
        # face-to-face contact yet: (10 + 52) / 2.
        ("rapid_job_search", "31.00", 2, 4),
        # 4 (coach) + 3 (colleague) face-to-face contacts in 90 days: 7 × 7 / (2 × 90).
        ("job_development_frequency", "0.27", 2, 1),
        # Two of three jobs competitive.
        ("competitive_jobs", "66.67", 3, 2),
        # Employers A, A, B: two of three.
        ("employer_diversity", "66.67", 3, 3),
        # "Myyjä" and " myyjä " are one job type: two of three.
        ("job_type_diversity", "66.67", 3, 3),
        # Visits in the first 30 days: 4 (e1), 2 (e2), 0 (e3).
        ("time_unlimited_follow_along", "2.00", 3, 3),
        # Workplace minutes 60 + 30 + 60 + 90 = 240 of 390.
        ("community_based_services", "61.54", 8, 4),
    ],
)
def test_it_measures_each_data_item(measured, code, value, basis, suggested):
    measure = measured[code]

    assert (measure.value, measure.basis, measure.suggested_score) == (
        Decimal(value),
        basis,
        suggested,
    )


def test_it_measures_nothing_in_an_empty_period(unit, measured):
    empty = unit_measures(unit, D(2020, 1, 1), D(2020, 12, 31))

    assert all(m.value is None and m.suggested_score is None for m in empty)
    assert len(empty) == 8


@pytest.mark.parametrize(
    ("code", "value", "score"),
    [
        ("caseload_size", "20", 5),
        ("caseload_size", "20.01", 4),
        ("caseload_size", "50.01", 1),
        ("rapid_job_search", "30", 5),
        ("rapid_job_search", "270.5", 1),
        ("job_development_frequency", "6", 5),
        ("job_development_frequency", "5.99", 4),
        ("job_development_frequency", "0.99", 1),
        ("competitive_jobs", "95", 5),
        ("competitive_jobs", "64.99", 1),
        ("community_based_services", "65", 5),
        ("community_based_services", "19.99", 1),
    ],
)
def test_it_suggests_the_score_by_the_items_thresholds(code, value, score):
    thresholds = ITEMS_BY_CODE[code].thresholds

    assert thresholds.score(Decimal(value)) == score


def test_it_answers_the_measures_over_the_api(api_as, supervisor, unit, measured):
    response = api_as(supervisor).get(
        f"/fidelity/measures?unit_id={unit.pk}&from=2026-01-01&to=2026-03-31"
    )

    assert response.status_code == 200, response.content
    items = {i["code"]: i for i in response.json()["items"]}
    assert items["competitive_jobs"]["value"] == "66.67"
    assert items["competitive_jobs"]["suggested_score"] == 2


def test_it_keeps_the_measure_beside_the_reviewers_score(api_as, supervisor, unit, measured):
    body = api_as(supervisor).post(
        "/fidelity-reviews",
        {
            "unit_id": unit.pk,
            "review_date": "2026-04-10",
            "scores": all_scores(3),
            "period_from": "2026-01-01",
            "period_to": "2026-03-31",
        },
    ).json()

    items = {i["code"]: i for i in body["items"]}
    assert items["caseload_size"]["score"] == 3
    assert items["caseload_size"]["suggested_score"] == 5
    assert items["caseload_size"]["measured_value"] == "1.50"
    assert items["disclosure"]["measured_value"] is None


def test_it_refuses_a_period_that_ends_before_it_starts(api_as, supervisor, unit):
    response = api_as(supervisor).get(
        f"/fidelity/measures?unit_id={unit.pk}&from=2026-03-01&to=2026-01-01"
    )
    assert_error(response, 422, "to")
