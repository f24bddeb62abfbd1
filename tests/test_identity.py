"""Finnish personal identity codes (henkilötunnus): validation, birth date, uniqueness."""

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tests.test_api_support import assert_error
from tyopolku.clients.identity import personal_id_clean, synthetic_personal_id
from tyopolku.clients.models import Client
from tyopolku.core.errors import InvalidInput

TODAY = datetime.date(2026, 6, 1)


def clean(code: str):
    return personal_id_clean(code, today=TODAY)


def message_of(code: str) -> str:
    """The message in English, the msgid (the Finnish catalogue may word it otherwise)."""
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        clean(code)
    assert list(caught.value.fields) == ["personal_id"]
    return caught.value.fields["personal_id"]


@pytest.mark.parametrize(
    ("code", "birth_date"),
    [
        ("131052-308T", datetime.date(1952, 10, 13)),
        ("010190-900P", datetime.date(1990, 1, 1)),  # temporary code (900–999)
        ("311299-999E", datetime.date(1999, 12, 31)),
        ("010101+002S", datetime.date(1801, 1, 1)),
    ],
)
def test_it_accepts_a_valid_code_and_reads_its_birth_date(code, birth_date):
    assert clean(code) == (code, birth_date)


# The check character does not depend on the century sign, so one valid code gives the
# codes with every sign of the same century (the signs added on 1.1.2023).
@pytest.mark.parametrize("sign", ["-", "Y", "X", "W", "V", "U"])
def test_it_accepts_every_century_sign_of_the_1900s(sign):
    assert clean(f"131052{sign}308T") == (f"131052{sign}308T", datetime.date(1952, 10, 13))


@pytest.mark.parametrize("sign", ["A", "B", "C", "D", "E", "F"])
def test_it_accepts_every_century_sign_of_the_2000s(sign):
    base = synthetic_personal_id(datetime.date(2005, 7, 14), 950)
    assert base[6] == "A"
    code = base[:6] + sign + base[7:]
    assert clean(code) == (code, datetime.date(2005, 7, 14))


def test_it_accepts_a_leap_day_in_a_leap_year():
    code = synthetic_personal_id(datetime.date(2024, 2, 29), 901)
    assert clean(code)[1] == datetime.date(2024, 2, 29)


def test_it_refuses_a_wrong_check_character():
    assert "check character" in message_of("131052-308U")


@pytest.mark.parametrize(
    "code",
    [
        "310252-308T",  # there is no 31 February
        "290223A900T",  # 2023 is not a leap year
        "290223-900T",
        "000190-900P",  # day 0
        "011390-900P",  # month 13
        "010190-001P",  # individual numbers start from 002
    ],
)
def test_it_refuses_an_impossible_date_or_individual_number(code):
    assert "impossible" in message_of(code)


@pytest.mark.parametrize(
    "code",
    ["", "1234", "010190900P", "010190*900P", "010190-900PX", "01019-0900P", "010190-9O0P"],
)
def test_it_refuses_a_wrong_format(code):
    assert "ppkkvvXnnnT" in message_of(code)


def test_it_normalises_lower_case_and_surrounding_space():
    assert clean(" 131052-308t ") == ("131052-308T", datetime.date(1952, 10, 13))
    code = synthetic_personal_id(datetime.date(2010, 3, 4), 900)
    assert clean(code.lower().replace("a", "b"))[0] == code.replace("A", "B")


def test_it_refuses_a_birth_date_in_the_future():
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert "future" in message_of(synthetic_personal_id(tomorrow, 900))
    assert clean(synthetic_personal_id(TODAY, 900))[1] == TODAY


def test_it_names_the_field_it_is_given():
    with pytest.raises(InvalidInput) as caught:
        personal_id_clean("nonsense", field="code")
    assert list(caught.value.fields) == ["code"]


@given(
    birth_date=st.dates(min_value=datetime.date(1800, 1, 1), max_value=TODAY),
    individual=st.integers(min_value=900, max_value=999),
)
def test_it_validates_every_synthetic_code_and_returns_its_birth_date(birth_date, individual):
    code = synthetic_personal_id(birth_date, individual)
    assert clean(code) == (code, birth_date)
    assert code[7:10] == f"{individual:03d}"


def test_it_keeps_synthetic_codes_in_the_temporary_range():
    with pytest.raises(ValueError):
        synthetic_personal_id(datetime.date(1990, 1, 1), 899)


# Through the API: the code is normalised, its birth date stored, and unique per organisation.


def create(api, personal_id, **extra):
    return api.post(
        "/clients",
        {"first_name": "Ville", "last_name": "Virtanen", "personal_id": personal_id} | extra,
    )


def test_it_stores_the_birth_date_derived_from_the_code(api_as, coach):
    response = create(api_as(coach), "131052w308t")
    assert response.status_code == 201, response.content
    assert response.json()["personal_id"] == "131052W308T"
    assert response.json()["birth_date"] == "1952-10-13"
    client = Client.objects.get(pk=response.json()["id"])
    assert (client.personal_id, client.birth_date) == ("131052W308T", datetime.date(1952, 10, 13))


def test_it_refuses_a_birth_date_that_contradicts_the_code(api_as, coach):
    response = create(api_as(coach), "131052-308T", birth_date="1952-10-14")
    assert_error(response, 422, "birth_date")
    assert not Client.objects.exists()


def test_it_refuses_an_invalid_code_naming_personal_id(api_as, coach):
    body = assert_error(create(api_as(coach), "131052-308U"), 422, "personal_id")
    assert body["detail"].startswith("personal_id: ")


def test_it_refuses_the_same_code_twice_in_one_organisation(api_as, coach, supervisor):
    assert create(api_as(coach), "131052-308T").status_code == 201
    # Written differently, the same code still.
    assert_error(create(api_as(supervisor), " 131052-308t"), 409, "personal_id")
    assert Client.objects.count() == 1


def test_it_allows_the_same_code_in_another_organisation(api_as, coach, outsider):
    assert create(api_as(coach), "131052-308T").status_code == 201
    assert create(api_as(outsider), "131052-308T").status_code == 201
    assert Client.objects.filter(personal_id="131052-308T").count() == 2


def test_it_refuses_a_code_taken_by_another_client_on_update(api_as, supervisor, client_record):
    other = create(api_as(supervisor), "131052-308T").json()
    response = api_as(supervisor).patch(f"/clients/{other['id']}", {"personal_id": "010190-900P"})
    assert_error(response, 409, "personal_id")


def test_it_allows_many_clients_without_a_code(api_as, coach):
    api = api_as(coach)
    for _ in range(2):
        assert create(api, None, birth_date="1980-05-05").status_code == 201
    assert Client.objects.filter(personal_id__isnull=True).count() == 2
