"""The bounds of what comes in a URL (core/params.py) and the cases of the security review:
each gets a 4xx or a quiet, documented reading, never a 500."""

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from tests.pages_support import login
from tests.test_placements_support import job_search_enrollment, make_employer
from tyopolku.core.params import (
    MAX_ID,
    MAX_OFFSET,
    SEARCH_MAX_LENGTH,
    SEARCH_WORDS_MAX,
    parse_id,
    search_words,
)
from tyopolku.core.views import page_offset

HUGE = "99999999999999999999"


@given(st.text())
def test_it_reads_an_id_only_within_the_database_range(value):
    number = parse_id(value)
    assert number is None or 1 <= number <= MAX_ID


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("-1", None),
     ("٣", None), ("", None), (None, None), ("9" * 5000, None)],
)
def test_it_reads_these_ids(value, expected):
    assert parse_id(value) == expected


@given(st.text())
def test_it_reads_a_page_offset_within_its_bound(value):
    offset = page_offset(RequestFactory().get("/", {"offset": value}))
    assert 0 <= offset <= MAX_OFFSET


@given(st.text())
def test_it_searches_by_a_few_words_of_the_text_only(text):
    words = search_words(text)
    assert len(words) <= SEARCH_WORDS_MAX
    assert sum(map(len, words)) <= SEARCH_MAX_LENGTH
    assert all(word in text for word in words)


def test_it_searches_by_the_first_ten_words():
    text = " ".join(f"w{n}" for n in range(12))
    assert search_words(text) == [f"w{n}" for n in range(10)]
    assert search_words("  Aino\tAsiakas ") == ["Aino", "Asiakas"]


# The cases of the review


def test_it_searches_clients_with_a_thousand_words_by_the_first_ten(api_as, coach, client_record):
    words = "%20".join(["Aino"] + [f"sana{n}" for n in range(999)])
    response = api_as(coach).get(f"/clients?search={words}")

    assert response.status_code == 200, response.content
    # Words beyond the tenth are not looked for; "sana0…sana8" match nobody.
    assert response.json()["count"] == 0
    assert api_as(coach).get("/clients?search=Aino%20Asiakas").json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (f"offset={HUGE}", "offset", f"At most {MAX_OFFSET}."),
        ("limit=0", "limit", "At least 1."),
        ("limit=201", "limit", "At most 200."),
        ("limit=abc", "limit", "Enter a whole number."),
    ],
)
def test_it_names_a_paging_value_out_of_range_clearly(api_as, coach, query, field, message):
    api = api_as(coach)
    api.headers["Accept-Language"] = "en"
    response = api.get(f"/clients?{query}")

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": field, "message": message}]


def test_it_refuses_a_body_id_beyond_the_database_naming_it(api_as, coach, client_record, org):
    enrollment = job_search_enrollment(client_record, coach)
    response = api_as(coach).post(
        f"/enrollments/{enrollment.pk}/placements",
        {
            "employer_id": MAX_ID + 1,
            "start_date": "2026-03-02",
            "job_title": "Myyjä",
            "hours_per_week": 30,
            "competitive": True,
        },
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["employer_id"]


def test_it_refuses_a_start_step_that_does_not_exist_naming_it(api_as, coach, client_record):
    enrollment = job_search_enrollment(client_record, coach)
    api = api_as(coach)
    api.headers["Accept-Language"] = "en"
    response = api.post(f"/enrollments/{enrollment.pk}/intake-steps/9", {"done_on": "2026-03-02"})

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "number", "message": "At most 8."}]


@pytest.mark.parametrize("path", ["/clients/", "/employers/"])
def test_it_shows_the_first_page_for_an_offset_out_of_range(client, supervisor, path):
    login(client, supervisor)
    assert client.get(path, {"offset": HUGE}).status_code == 200


def test_it_shows_no_openings_for_an_employer_id_out_of_range(client, coach, org):
    make_employer(org)
    login(client, coach)
    response = client.get("/placements/openings/", {"employer_id": HUGE})

    assert response.status_code == 200


def test_it_answers_404_for_a_page_id_too_long_for_the_database(client, supervisor):
    login(client, supervisor)
    assert client.get(f"/clients/{HUGE}/").status_code == 404
