"""The preference form, the suggestions page and the candidates page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.test_placements_support import (
    job_search_enrollment,
    login,
    make_employer,
    make_opening,
)
from tyopolku.matching.models import JobPreference
from tyopolku.matching.services import preference_set


@pytest.fixture
def enrollment(client_record, coach):
    return job_search_enrollment(client_record, coach)


@pytest.fixture
def web(client, coach):
    return login(client, coach)


def with_preferences(enrollment):
    return preference_set(
        user=enrollment.coach,
        enrollment=enrollment,
        keywords=["varasto"],
        industry_codes=["47"],
        municipality_codes=["405"],
        hours_min=Decimal(15),
        hours_max=Decimal(25),
        avoid_keywords=["yövuoro"],
    )


def test_it_saves_the_preferences_from_the_form(web, enrollment):
    response = web.post(
        reverse("preferences_edit", args=[enrollment.pk]),
        {
            "wanted_work": "Varastotyötä",
            "keywords": "varasto, Trukki ,",
            "industry_codes": "47 52, 4711",
            "hours_min": "15",
            "hours_max": "22.5",
            "municipality_codes": "405,153",
            "avoid": "",
            "avoid_keywords": "yövuoro, raskas nostaminen",
            "strengths": "Tarkka",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("enrollment_suggestions", args=[enrollment.pk])
    preference = JobPreference.objects.get(enrollment=enrollment)
    assert preference.keywords == ["varasto", "trukki"]
    assert preference.industry_codes == ["47", "52", "4711"]
    assert preference.municipality_codes == ["405", "153"]
    assert preference.avoid_keywords == ["yövuoro", "raskas nostaminen"]
    assert preference.hours_max == Decimal("22.5")
    assert preference.match_index == " i:47 i:52 i:4711 m:405 m:153 "


def test_it_shows_the_saved_preferences_in_the_form(web, enrollment):
    with_preferences(enrollment)

    response = web.get(reverse("preferences_edit", args=[enrollment.pk]))

    page = response.content.decode()
    assert "<h1>Job preferences</h1>" in page
    assert 'value="varasto"' in page
    assert "<code>47</code> Retail trade" in page


def test_it_shows_preference_errors_next_to_the_field(web, enrollment):
    response = web.post(
        reverse("preferences_edit", args=[enrollment.pk]),
        {"industry_codes": "47, 4", "municipality_codes": "405"},
    )

    assert response.status_code == 422
    assert (
        "Unknown TOL 2008 industry code: 4" in response.context["form"].errors["industry_codes"][0]
    )
    assert not JobPreference.objects.exists()


def test_it_shows_the_suggestions_with_their_reasons(web, enrollment, org):
    with_preferences(enrollment)
    opening = make_opening(make_employer(org), title="Varastotyöntekijä", hours_per_week=20)

    response = web.get(reverse("enrollment_suggestions", args=[enrollment.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Varastotyöntekijä" in page
    assert "same field 47 Retail trade" in page
    assert "keyword &#x27;varasto&#x27; in title" in page
    assert f"{reverse('placement_create', args=[enrollment.pk])}?opening={opening.pk}" in page


def test_it_asks_for_preferences_before_suggesting(web, enrollment):
    response = web.get(reverse("enrollment_suggestions", args=[enrollment.pk]))

    assert "No job preferences recorded yet" in response.content.decode()


def make_register(org, size):
    for n in range(size):
        employer = make_employer(org, name=f"Kauppa {n}")
        make_opening(employer, title=f"Varastotyöntekijä {n}", hours_per_week=20)


@pytest.mark.parametrize("size", [1, 10])
def test_it_shows_the_suggestions_in_a_fixed_number_of_queries(
    web, enrollment, org, size, django_assert_num_queries
):
    with_preferences(enrollment)
    make_register(org, size)
    url = reverse("enrollment_suggestions", args=[enrollment.pk])

    # 1 savepoint (the request's transaction), 2 session, 3 user,
    # 4–6 the enrollment with its client, unit and coach; its phase changes; its start steps,
    # 7 the access log row, 8 the preferences with who updated them,
    # 9 the open openings with their employers, 10 the employers with open opening counts,
    # 11 the user's organisation (page header), 12 release savepoint.
    with django_assert_num_queries(12):
        response = web.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("Varastotyöntekijä") == size


def test_it_shows_the_candidates_for_an_opening(web, enrollment, org):
    with_preferences(enrollment)
    opening = make_opening(make_employer(org), title="Varastotyöntekijä", hours_per_week=20)

    response = web.get(reverse("opening_candidates", args=[opening.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Candidates for Varastotyöntekijä at Kauppa Oy</h1>" in page
    assert "Aino Asiakas" in page
    assert "hours 20 fit 15–25" in page
    assert f"{reverse('placement_create', args=[enrollment.pk])}?opening={opening.pk}" in page
