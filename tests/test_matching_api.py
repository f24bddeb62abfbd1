"""Preferences and matching through the API."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import ClientFactory, EnrollmentFactory
from tests.test_placements_support import (
    job_search_enrollment,
    make_employer,
    make_opening,
    searching_client,
)
from tyopolku.audit.models import AccessLogEntry
from tyopolku.employers.models import Opening
from tyopolku.matching.services import preference_set
from tyopolku.pathway.models import Phase, PhaseChange

PREFERENCES = {
    "wanted_work": "Varastotyötä päivisin",
    "keywords": ["Varasto", "varasto", " trukki "],
    "industry_codes": ["47"],
    "hours_min": 15,
    "hours_max": 25,
    "municipality_codes": ["405"],
    "avoid": "Yövuorot eivät sovi",
    "avoid_keywords": ["yövuoro"],
    "strengths": "Tarkka ja täsmällinen",
}


@pytest.fixture
def enrollment(client_record, coach):
    return job_search_enrollment(client_record, coach)


@pytest.fixture
def api_en(api_as, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api_as


@pytest.fixture
def api(api_en, coach):
    return api_en(coach)


def set_preferences(enrollment, **fields):
    data = {
        "keywords": ["varasto"],
        "industry_codes": ["47"],
        "municipality_codes": ["405"],
        "hours_min": Decimal(15),
        "hours_max": Decimal(25),
        "avoid_keywords": ["yövuoro"],
    }
    return preference_set(user=enrollment.coach, enrollment=enrollment, **(data | fields))


def test_it_stores_the_preferences_normalised(api, enrollment):
    response = api.put(f"/enrollments/{enrollment.pk}/preferences", PREFERENCES)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["keywords"] == ["varasto", "trukki"]
    assert body["industry_codes"] == ["47"]
    assert (body["hours_min"], body["hours_max"]) == (15, 25)
    assert body["updated_by"] == "coach"
    assert api.get(f"/enrollments/{enrollment.pk}/preferences").json() == body


def test_it_answers_an_empty_profile_before_any_is_recorded(api, enrollment):
    body = api.get(f"/enrollments/{enrollment.pk}/preferences").json()

    assert body["keywords"] == [] and body["wanted_work"] == ""
    assert body["updated_at"] is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"industry_codes": ["4"]}, "industry_codes"),
        ({"industry_codes": ["04"]}, "industry_codes"),
        ({"municipality_codes": ["40"]}, "municipality_codes"),
        ({"hours_min": 30, "hours_max": 20}, "hours_max"),
        ({"hours_max": 200}, "hours_max"),
        ({"keywords": ["x" * 61]}, "keywords"),
        ({"keywords": "varasto"}, "keywords"),
    ],
)
def test_it_refuses_invalid_preferences_naming_the_field(api, enrollment, fields, field):
    response = api.put(f"/enrollments/{enrollment.pk}/preferences", PREFERENCES | fields)

    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]


def test_it_logs_the_preferences_as_client_data(api, enrollment, client_record):
    api.put(f"/enrollments/{enrollment.pk}/preferences", PREFERENCES)

    actions = set(
        AccessLogEntry.objects.filter(client=client_record, target="preferences").values_list(
            "action", flat=True
        )
    )
    assert actions == {"update"}  # the write request's one row (tests/test_access_log.py)


def test_it_ranks_an_obvious_fit_first_with_the_reasons(api, enrollment, org, other_org):
    set_preferences(enrollment)
    retail_here = make_employer(org, name="Lappeenrannan Kauppa", industry_code="47111")
    retail_there = make_employer(org, name="Imatran Kauppa", municipality_code="153")
    cafe_here = make_employer(org, name="Kahvila", industry_code="56101")
    cafe_there = make_employer(
        org, name="Helsingin Kahvila", industry_code="56", municipality_code="091"
    )
    best = make_opening(retail_here, title="Varastotyöntekijä", hours_per_week=Decimal(20))
    fair = make_opening(retail_there, title="Myyjä", hours_per_week=Decimal("37.5"))
    night = make_opening(
        cafe_here, title="Varastoapulainen", description="Yövuoro", hours_per_week=Decimal(20)
    )
    make_opening(cafe_there, title="Kokki")
    make_opening(retail_here, title="Varastomies", status=Opening.Status.FILLED)
    make_opening(retail_here, title="Varastoesimies", open_until=datetime.date(2026, 1, 1))
    make_opening(make_employer(other_org, name="Muualla Oy"), title="Varastotyöntekijä")

    body = api.get(f"/enrollments/{enrollment.pk}/suggestions").json()

    assert [o["opening_id"] for o in body["openings"]] == [best.pk, night.pk, fair.pk]
    assert body["openings"][0]["reasons"] == [
        {
            "points": 3,
            "text": "same field 47 Retail trade, except of motor vehicles and motorcycles",
        },
        {"points": 2, "text": "in wanted municipality 405"},
        {"points": 2, "text": "hours 20 fit 15–25"},
        {"points": 3, "text": "keyword 'varasto' in title"},
    ]
    assert body["openings"][0]["score"] == 10
    assert {"points": -4, "text": "avoid: 'yövuoro' found"} in body["openings"][1]["reasons"]
    employers = [e["name"] for e in body["employers"]]
    assert employers[0] == "Lappeenrannan Kauppa"
    assert "Helsingin Kahvila" not in employers and "Muualla Oy" not in employers


def test_it_suggests_nothing_without_preferences(api, enrollment, org):
    make_opening(make_employer(org))

    body = api.get(f"/enrollments/{enrollment.pk}/suggestions").json()

    assert body == {"enrollment_id": enrollment.pk, "openings": [], "employers": []}


def test_it_keeps_the_ten_best(api, enrollment, org):
    set_preferences(enrollment, keywords=[], municipality_codes=[])
    employer = make_employer(org)
    for n in range(12):
        make_opening(employer, title=f"Myyjä {n}", hours_per_week=Decimal(20 if n < 3 else 40))

    openings = api.get(f"/enrollments/{enrollment.pk}/suggestions").json()["openings"]

    assert len(openings) == 10
    assert {o["title"] for o in openings[:3]} == {"Myyjä 0", "Myyjä 1", "Myyjä 2"}


@pytest.fixture
def searching_clients(org, coach, colleague):
    """Three clients of the coach in job search and one of the colleague; one in intake and
    one employed, who are not candidates."""
    fit = searching_client(org, coach, first_name="Sopiva", last_name="Ehdokas")
    set_preferences(fit)
    half = searching_client(org, coach, first_name="Puoliksi", last_name="Sopiva")
    set_preferences(half, industry_codes=["56"], keywords=[])
    none = searching_client(org, coach, first_name="Ei", last_name="Sovi")
    set_preferences(
        none,
        industry_codes=["01"],
        municipality_codes=["091"],
        keywords=[],
        hours_min=Decimal(30),
        hours_max=None,
    )
    other = searching_client(org, colleague, first_name="Kollegan", last_name="Asiakas")
    set_preferences(other)
    intake = EnrollmentFactory(
        client=ClientFactory(organization=org, worker=coach), created_by=coach, coach=coach
    )
    set_preferences(intake)
    employed = searching_client(org, coach, first_name="Jo", last_name="Töissä")
    PhaseChange.objects.create(
        enrollment=employed,
        phase=Phase.EMPLOYED,
        effective_date=datetime.date(2026, 2, 2),
        reason=PhaseChange.Reason.EMPLOYMENT_STARTED,
        recorded_by=coach,
    )
    set_preferences(employed)
    return fit, half, other


def test_it_finds_the_candidates_for_an_opening(api, org, searching_clients):
    fit, half, _other = searching_clients
    opening = make_opening(make_employer(org), title="Varastotyöntekijä", hours_per_week=20)

    body = api.get(f"/openings/{opening.pk}/candidates").json()

    assert [c["enrollment_id"] for c in body["items"]] == [fit.pk, half.pk]
    assert body["count"] == 2
    assert body["items"][0]["client_name"] == "Sopiva Ehdokas"
    assert body["items"][0]["score"] == 10
    assert body["items"][1]["reasons"] == [
        {"points": 2, "text": "in wanted municipality 405"},
        {"points": 2, "text": "hours 20 fit 15–25"},
    ]
    logged = AccessLogEntry.objects.filter(target="candidates")
    assert set(logged.values_list("client_id", flat=True)) == {fit.client_id, half.client_id}


def test_it_shows_a_supervisor_every_candidate(api_en, supervisor, org, searching_clients):
    fit, half, other = searching_clients
    opening = make_opening(make_employer(org), title="Varastotyöntekijä", hours_per_week=20)

    body = api_en(supervisor).get(f"/openings/{opening.pk}/candidates").json()

    assert {c["enrollment_id"] for c in body["items"]} == {fit.pk, half.pk, other.pk}
