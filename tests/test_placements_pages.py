"""The placement pages: the form with its live estimate, the placement page and its end."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.test_placements_support import (
    JOB_START,
    job_search_enrollment,
    login,
    make_employer,
    make_opening,
)
from tyopolku.employers.models import Opening
from tyopolku.pathway.models import Phase, PhaseChange
from tyopolku.placements.models import Placement
from tyopolku.placements.services import placement_create


@pytest.fixture
def enrollment(client_record, coach):
    return job_search_enrollment(client_record, coach)


@pytest.fixture
def employer(org):
    return make_employer(org)


@pytest.fixture
def web(client, coach):
    return login(client, coach)


def form_data(employer, **fields):
    data = {
        "employer_id": str(employer.pk),
        "kind": "employment",
        "job_title": "Myyjä",
        "start_date": JOB_START.isoformat(),
        "hours_per_week": "37.5",
        "hourly_wage": "15.00",
        "competitive": "on",
        "pay_subsidy_percent": "50",
    }
    return data | fields


def make_placement(enrollment, employer, **fields):
    fields.setdefault("hours_per_week", Decimal(30))
    return placement_create(
        user=enrollment.created_by,
        enrollment=enrollment,
        employer_id=employer.pk,
        start_date=JOB_START,
        job_title="Myyjä",
        competitive=True,
        **fields,
    )


def test_it_shows_the_placement_form(web, enrollment, employer):
    response = web.get(reverse("placement_create", args=[enrollment.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>New placement</h1>" in page
    assert f'<option value="{employer.pk}">Kauppa Oy</option>' in page
    assert reverse("placement_estimate", args=[enrollment.pk]) in page
    assert "50 % – Lack of professional skills" in page


def test_it_prefills_the_form_from_an_opening(web, enrollment, employer):
    opening = make_opening(employer, title="Varastotyöntekijä", hours_per_week=Decimal(25))

    response = web.get(reverse("placement_create", args=[enrollment.pk]) + f"?opening={opening.pk}")

    form = response.context["form"]
    assert form.initial["employer_id"] == employer.pk
    assert form.initial["opening_id"] == opening.pk
    assert form.initial["job_title"] == "Varastotyöntekijä"
    assert f'<option value="{opening.pk}" selected>Varastotyöntekijä</option>' in (
        response.content.decode()
    )


def test_it_saves_a_placement_from_the_form(web, enrollment, employer):
    response = web.post(reverse("placement_create", args=[enrollment.pk]), form_data(employer))

    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("placement_detail", args=[placement.pk])
    assert placement.hours_per_week == Decimal("37.5")
    assert placement.hourly_wage == Decimal("15.00")
    assert placement.competitive is True
    assert PhaseChange.objects.filter(
        enrollment=enrollment, phase=Phase.EMPLOYED, effective_date=JOB_START
    ).exists()


def test_it_shows_errors_next_to_the_fields(web, enrollment, employer, other_org):
    foreign = make_employer(other_org, name="Muualla Oy")
    data = form_data(employer, hours_per_week="", start_date="2025-12-01")

    response = web.post(reverse("placement_create", args=[enrollment.pk]), data)

    assert response.status_code == 422
    form = response.context["form"]
    assert "hours_per_week" in form.errors
    assert not Placement.objects.exists()
    # The service's own refusal lands next to its field too.
    response = web.post(
        reverse("placement_create", args=[enrollment.pk]),
        form_data(employer, start_date="2025-12-01"),
    )
    assert "start_date" in response.context["form"].errors
    assert f'value="{foreign.pk}"' not in response.content.decode()


def test_it_reads_finnish_decimal_commas(client, coach, enrollment, employer):
    client.force_login(coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"

    response = client.post(
        reverse("placement_create", args=[enrollment.pk]),
        form_data(employer, hours_per_week="37,5", hourly_wage="13,45"),
    )

    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.hours_per_week, placement.hourly_wage) == (Decimal("37.5"), Decimal("13.45"))


def test_it_makes_a_work_trial_not_competitive(web, enrollment, employer):
    data = form_data(
        employer,
        kind="work_trial",
        hourly_wage="",
        pay_subsidy_percent="",
        days_per_week="3",
        hours_per_week="18",
        planned_end_date="2026-04-30",
    )

    response = web.post(reverse("placement_create", args=[enrollment.pk]), data)

    assert response.status_code == 302
    assert Placement.objects.get().competitive is False


def test_it_estimates_the_subsidy_live(web, enrollment, employer):
    query = form_data(employer)

    response = web.get(reverse("placement_estimate", args=[enrollment.pk]), query)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "2,437.50 €" in page
    assert "1,218.75 € a month" in page
    assert "No rule warnings." in page


def test_it_warns_live_about_the_three_year_rule(web, enrollment, employer):
    make_placement(enrollment, employer, pay_subsidy_percent=50, pay_subsidy_months=6)

    warned = web.get(reverse("placement_estimate", args=[enrollment.pk]), form_data(employer))
    exempt = web.get(
        reverse("placement_estimate", args=[enrollment.pk]),
        form_data(employer, pay_subsidy_percent="70"),
    )

    assert "is not granted again to the same employer" in warned.content.decode()
    assert "is not granted again" not in exempt.content.decode()


def test_it_asks_for_the_employer_before_estimating(web, enrollment):
    response = web.get(reverse("placement_estimate", args=[enrollment.pk]), {"hours_per_week": "x"})

    assert "Choose the employer and the first day" in response.content.decode()


def test_it_lists_the_openings_of_the_chosen_employer(web, employer, org):
    mine = make_opening(employer, title="Myyjä")
    make_opening(employer, title="Täytetty", status=Opening.Status.FILLED)
    make_opening(make_employer(org, name="Toinen Oy"), title="Kokki")

    response = web.get(reverse("placement_openings"), {"employer_id": employer.pk})

    page = response.content.decode()
    assert 'id="opening-field"' in page
    assert f'<option value="{mine.pk}">Myyjä</option>' in page
    assert "Täytetty" not in page
    assert "Kokki" not in page


def test_it_shows_the_placement_with_its_estimate(web, enrollment, employer):
    placement = make_placement(
        enrollment, employer, hourly_wage=Decimal(20), pay_subsidy_percent=70
    )

    response = web.get(reverse("placement_detail", args=[placement.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Myyjä at Kauppa Oy</h1>" in page
    assert "1,770.00 € a month" in page
    assert "(the maximum)" in page
    assert "End the placement" in page


def test_it_ends_a_placement_from_its_page(web, enrollment, employer):
    placement = make_placement(enrollment, employer)

    response = web.post(
        reverse("placement_end", args=[placement.pk]),
        {"end_date": "2026-05-29", "end_reason": "Määräaikainen", "continues_job_search": "on"},
    )

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.end_date == datetime.date(2026, 5, 29)
    assert PhaseChange.objects.filter(
        enrollment=enrollment, phase=Phase.JOB_SEARCH, effective_date=datetime.date(2026, 5, 30)
    ).exists()
    page = web.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert "End the placement" not in page
    assert "Määräaikainen" in page


def test_it_shows_end_errors_on_the_placement_page(web, enrollment, employer):
    placement = make_placement(enrollment, employer)

    empty = web.post(reverse("placement_end", args=[placement.pk]), {"end_date": "2026-05-29"})
    early = web.post(
        reverse("placement_end", args=[placement.pk]),
        {"end_date": "2026-03-01", "end_reason": "Loppui"},
    )

    assert (empty.status_code, early.status_code) == (422, 422)
    assert set(empty.context["end_form"].errors) == {"end_reason"}
    assert set(early.context["end_form"].errors) == {"end_date"}
    placement.refresh_from_db()
    assert placement.end_date is None


def test_it_renders_the_enrollment_fragment(enrollment, employer, org):
    make_placement(enrollment, employer, hourly_wage=Decimal(15), pay_subsidy_percent=50)
    make_placement(enrollment, make_employer(org, name="Kahvila Oy"))

    html = Template("{% load placement_tags %}{% enrollment_placements enrollment %}").render(
        Context({"enrollment": enrollment})
    )

    assert html.count('href="/placements/') == 2
    assert "Kahvila Oy" in html
    assert reverse("placement_create", args=[enrollment.pk]) in html
    assert reverse("preferences_edit", args=[enrollment.pk]) in html
    assert reverse("enrollment_suggestions", args=[enrollment.pk]) in html
