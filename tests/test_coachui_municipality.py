"""A client's municipality and the municipalities of job preferences are checked against the
official 2025 list; the client page shows the name (issue point 15)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.pages_support import enroll, login
from tests.test_api_support import assert_error
from tyopolku.clients.services import client_update
from tyopolku.core.errors import InvalidInput
from tyopolku.employers import codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("153", "153"),
        ("91", "091"),
        (" imatra ", "153"),
        ("Helsingfors", "091"),
        ("Villmanstrand", "405"),
        ("999", None),
        ("012", None),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_it_finds_the_official_code(text, code):
    assert codes.municipality_code_clean(text) == code


@given(st.text(max_size=40))
def test_it_never_fails_on_any_text(text):
    code = codes.municipality_code_clean(text)
    assert code is None or codes.municipality_is_valid(code)


def test_it_refuses_a_client_municipality_not_on_the_list(coach, client_record):
    with pytest.raises(InvalidInput) as refused:
        client_update(user=coach, client=client_record, municipality_code="999")
    assert "municipality_code" in refused.value.fields


def test_it_saves_a_client_municipality_given_by_name_and_shows_the_name(
    client, coach, client_record
):
    client_update(user=coach, client=client_record, municipality_code="Lappeenranta")
    client_record.refresh_from_db()
    assert client_record.municipality_code == "405"

    html = login(client, coach).get(f"/clients/{client_record.pk}/").content.decode()
    assert "<dd>Lappeenranta</dd>" in html
    swedish = client.get(
        f"/clients/{client_record.pk}/", headers={"accept-language": "sv"}
    ).content.decode()
    assert "<dd>Villmanstrand</dd>" in swedish


def test_it_refuses_a_job_preference_municipality_not_on_the_list(
    api_as, coach, client_record, unit
):
    enrollment = enroll(coach=coach, client=client_record, unit=unit)
    response = api_as(coach).put(
        f"/enrollments/{enrollment.pk}/preferences",
        {"municipality_codes": ["405", "999"]},
    )
    body = assert_error(response, 422, "municipality_codes")
    (error,) = body["errors"]
    assert error["message"].endswith(": 999")  # the wrong code only
