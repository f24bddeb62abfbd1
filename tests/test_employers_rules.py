"""Rules of the employer register: the Y-tunnus, the guard that keeps client data out of
team-wide text, and the change and access logs its writes and reads leave."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    ClientFactory,
    EmployerContactFactory,
    EmployerFactory,
    EnrollmentFactory,
    OpeningFactory,
)
from tests.test_api_support import days_ago
from tyopolku.audit.models import AccessAction, AccessLogEntry, ChangeAction, ChangeLogEntry
from tyopolku.clients.guard import client_data_found
from tyopolku.clients.identity import synthetic_personal_id
from tyopolku.core.errors import InvalidInput
from tyopolku.employers import services
from tyopolku.employers.models import EmployerContact, Opening
from tyopolku.pathway.models import Phase

# Y-tunnus


@pytest.mark.parametrize(
    ("given_id", "normalised"),
    [
        ("0737546-2", "0737546-2"),
        ("2077474-0", "2077474-0"),
        ("1572860-0", "1572860-0"),
        ("07375462", "0737546-2"),
        (" 1572860-0 ", "1572860-0"),
        ("2077474 0", "2077474-0"),
    ],
)
def test_it_accepts_and_normalises_a_valid_business_id(given_id, normalised):
    assert services.business_id_clean(given_id) == normalised


@pytest.mark.parametrize(
    "given_id",
    [
        "0737546-3",  # wrong check digit
        "2077474-1",
        "737546-2",  # a digit missing
        "12345678-9",  # one too many
        "207747A-0",
        "ABCDEFG-H",
        "2077474-0-0",
        "",
        None,
    ],
)
def test_it_refuses_an_invalid_business_id(given_id):
    with pytest.raises(InvalidInput) as refused:
        services.business_id_clean(given_id)

    assert list(refused.value.fields) == ["business_id"]


# The client-data guard


def found(org, text):
    return client_data_found(organization_id=org.pk, text=text)


def codes_of(birth_date: datetime.date) -> list[str]:
    """A synthetic code with each century sign its century has had since 2023."""
    code = synthetic_personal_id(birth_date)
    signs = {1900: "-YXWVU", 2000: "ABCDEF"}[birth_date.year // 100 * 100]
    # The check character depends on the digits only, so every sign gives a valid code.
    return [code[:6] + sign + code[7:] for sign in signs]


@pytest.mark.parametrize("birth_date", [datetime.date(1990, 1, 1), datetime.date(2001, 1, 1)])
def test_it_refuses_a_personal_identity_code_with_every_century_sign(org, birth_date):
    for code in codes_of(birth_date):
        for text in (code, f"Hetu {code}.", f"({code.lower()})", f"hetu{code}"):
            assert found(org, text) and "identity code" in found(org, text), text


def test_it_refuses_a_code_of_the_2023_shape(org):
    code = synthetic_personal_id(datetime.date(2000, 1, 1))
    assert code[6] == "A"

    assert found(org, f"Soita, asiakas {code[:6]}Y{code[7:]} aloittaa") is not None


def test_it_leaves_other_numbers_alone(org):
    for text in (
        "Y-tunnus 2077474-0",
        "Puh. 040-1234567",
        "Tilinumero 123456-78901",
        "FI21 1234 5600 0007 85",
        "Aukioloajat 8-16, 1.2.2026",
    ):
        assert found(org, text) is None, text


@pytest.mark.parametrize("text", ["Aino Asiakas", "Asiakas Aino", "asiakas, aino", "AINO ASIAKAS"])
def test_it_refuses_the_full_name_of_the_organisations_client(org, client_record, text):
    problem = found(org, f"Tapaaminen: {text} kävi esittäytymässä.")

    assert problem is not None
    assert "name" in problem
    # The message never repeats whom it found.
    assert "Aino" not in problem and "Asiakas" not in problem


def test_it_refuses_a_client_by_one_of_their_first_names(org):
    ClientFactory(organization=org, first_name="Aino Maria", last_name="Äijälä")

    for text in ("Aino Maria Äijälä", "Aino Äijälä", "maria äijälä", "ÄIJÄLÄ, AINO"):
        assert found(org, text) is not None, text


def test_it_accepts_a_first_name_alone_and_ordinary_notes(org, client_record):
    for text in (
        "Aino soitti",
        "Asiakkaita kävi kaksi",
        "Soitettu Kauppa Oy:n Mattille",
        "Ainoa asiakas tänään",
        "",
    ):
        assert found(org, text) is None, text


def test_it_accepts_the_name_of_another_organisations_client(org, other_org):
    ClientFactory(organization=other_org, first_name="Ville", last_name="Virtanen")

    assert found(org, "Ville Virtanen, myymäläpäällikkö") is None
    assert found(other_org, "Ville Virtanen, myymäläpäällikkö") is not None


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text())
def test_it_never_raises_on_any_text(org, client_record, text):
    problem = found(org, text)

    assert problem is None or problem.startswith("Remove the")


# Text around a code: it may not end or start with a digit, which would make the code part of
# a longer number (a bank account, say) rather than a code.
NOT_A_DIGIT_AT = st.text().filter(lambda t: not t or not t[-1].isascii() or not t[-1].isdigit())
NOT_A_DIGIT_FROM = st.text().filter(lambda t: not t or not t[0].isascii() or not t[0].isdigit())


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=NOT_A_DIGIT_AT,
    birth_date=st.dates(datetime.date(1900, 1, 1), datetime.date(2025, 12, 31)),
    individual=st.integers(900, 999),
    after=NOT_A_DIGIT_FROM,
)
def test_it_always_refuses_a_text_with_a_code(org, before, birth_date, individual, after):
    code = synthetic_personal_id(birth_date, individual)

    assert found(org, before + code + after) is not None


# Team-wide text through the services


def test_it_refuses_client_data_in_contact_notes_and_outcome(coach, org, client_record):
    employer = EmployerFactory(organization=org)

    with pytest.raises(InvalidInput) as refused:
        services.employer_contact_create(
            user=coach,
            employer=employer,
            date=days_ago(1),
            kind="visit",
            purpose="job_development",
            outcome="Aino Asiakas aloittaa maanantaina",
            notes="Hetu 010190-900P",
        )

    assert set(refused.value.fields) == {"outcome", "notes"}
    assert not EmployerContact.objects.exists()


def test_it_refuses_client_data_in_an_opening(coach, org, client_record):
    employer = EmployerFactory(organization=org)

    with pytest.raises(InvalidInput) as refused:
        services.opening_create(
            user=coach,
            employer=employer,
            title="Paikka Asiakas Ainolle",
            description="Sopii: Aino Asiakas",
            location="010190-900P",
        )

    # "Asiakas Ainolle" is the client's name inflected.
    assert set(refused.value.fields) == {"title", "description", "location"}
    assert not Opening.objects.exists()


def test_it_refuses_client_data_in_an_opening_title_and_a_patch(coach, org, client_record):
    opening = OpeningFactory(employer=EmployerFactory(organization=org), title="Myyjä")

    with pytest.raises(InvalidInput) as refused:
        services.opening_update(user=coach, opening=opening, title="Myyjä (Asiakas Aino)")

    assert list(refused.value.fields) == ["title"]
    opening.refresh_from_db()
    assert opening.title == "Myyjä"


def test_it_refuses_client_data_in_employer_notes(coach, org, client_record):
    employer = EmployerFactory(organization=org)

    with pytest.raises(InvalidInput) as refused:
        services.employer_update(user=coach, employer=employer, notes="AINO ASIAKAS kävi")

    assert list(refused.value.fields) == ["notes"]
    employer.refresh_from_db()
    assert employer.notes == ""


# The change log


def changes(object_type):
    return list(
        ChangeLogEntry.objects.filter(object_type=object_type)
        .order_by("pk")
        .values_list("action", "fields", "user__username")
    )


def test_it_logs_the_creation_and_the_changed_fields_of_an_employer(api_as, coach):
    api = api_as(coach)
    employer = api.post("/employers", {"name": "Kauppa Oy", "business_id": "2077474-0"}).json()

    api.patch(f"/employers/{employer['id']}", {"name": "Kauppa Oy", "post_office": "Imatra"})
    api.patch(f"/employers/{employer['id']}", {"name": "Kauppa Oy", "post_office": "Imatra"})
    api.patch(f"/employers/{employer['id']}", {"business_id": "20774740"})

    assert changes("employer") == [
        (ChangeAction.CREATE, [], "coach"),
        (ChangeAction.UPDATE, ["post_office"], "coach"),
    ]
    entry = ChangeLogEntry.objects.get(action=ChangeAction.CREATE)
    assert (entry.object_id, entry.organization_id) == (employer["id"], coach.organization_id)


def test_it_logs_contact_persons_contacts_and_openings(api_as, coach, org):
    api = api_as(coach)
    employer = EmployerFactory(organization=org)
    base = f"/employers/{employer.pk}"

    person = api.post(f"{base}/contact-persons", {"name": "Matti"}).json()
    api.patch(f"{base}/contact-persons/{person['id']}", {"title": "Kauppias", "name": "Matti"})
    api.patch(f"{base}/contact-persons/{person['id']}", {"title": "Kauppias"})
    api.client.delete(f"/api/v1{base}/contact-persons/{person['id']}", headers=api.headers)
    contact = {"date": days_ago(1).isoformat(), "kind": "phone", "purpose": "other"}
    api.post(f"{base}/contacts", contact)
    opening = api.post(f"{base}/openings", {"title": "Myyjä"}).json()
    api.patch(f"/openings/{opening['id']}", {"title": "Myyjä", "hours_per_week": 20})
    api.patch(f"/openings/{opening['id']}", {"hours_per_week": "20.0"})

    assert changes("contact_person") == [
        (ChangeAction.CREATE, [], "coach"),
        (ChangeAction.UPDATE, ["title"], "coach"),
        (ChangeAction.DELETE, [], "coach"),
    ]
    assert changes("employer_contact") == [(ChangeAction.CREATE, [], "coach")]
    assert changes("opening") == [
        (ChangeAction.CREATE, [], "coach"),
        (ChangeAction.UPDATE, ["hours_per_week"], "coach"),
    ]


def test_it_logs_nothing_for_a_refused_write(api_as, coach, org):
    api_as(coach).post("/employers", {"name": "Kauppa Oy", "business_id": "2077474-1"})

    assert not ChangeLogEntry.objects.exists()


# The access log


@pytest.fixture
def enrollment(client_record, coach):
    return EnrollmentFactory(
        client=client_record,
        coach=coach,
        created_by=coach,
        start_date=days_ago(10),
        phase=Phase.JOB_SEARCH,  # waiting for a first employer contact
    )


def reads(user):
    return list(
        AccessLogEntry.objects.filter(user=user, action=AccessAction.READ).values_list(
            "client_id", "target"
        )
    )


def test_it_logs_a_contact_made_for_a_client(api_as, coach, org, enrollment, client_record):
    employer = EmployerFactory(organization=org)

    api_as(coach).post(
        f"/employers/{employer.pk}/contacts",
        {
            "date": days_ago(1).isoformat(),
            "kind": "visit",
            "purpose": "job_development",
            "enrollment_id": enrollment.pk,
        },
    )

    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (entry.client_id, entry.user, entry.target) == (
        client_record.pk,
        coach,
        "employer_contact",
    )
    assert entry.channel == f"POST /api/v1/employers/{employer.pk}/contacts"


def test_it_logs_no_client_for_a_contact_without_one(api_as, coach, org):
    employer = EmployerFactory(organization=org)

    api_as(coach).post(
        f"/employers/{employer.pk}/contacts",
        {"date": days_ago(1).isoformat(), "kind": "visit", "purpose": "job_development"},
    )

    assert EmployerContact.objects.count() == 1
    assert not AccessLogEntry.objects.exists()


def test_it_logs_the_reads_of_the_clients_whose_link_is_shown(
    api_as, coach, colleague, supervisor, org, enrollment, client_record
):
    employer = EmployerFactory(organization=org)
    EmployerContactFactory(employer=employer, made_by=coach, enrollment=enrollment)
    # A client of the colleague's: the coach does not see this link.
    theirs = EnrollmentFactory(
        client=ClientFactory(organization=org, worker=colleague),
        coach=colleague,
        created_by=colleague,
    )
    EmployerContactFactory(employer=employer, made_by=colleague, enrollment=theirs)
    EmployerContactFactory(employer=employer, made_by=coach)

    for user in (coach, colleague, supervisor):
        assert api_as(user).get(f"/employers/{employer.pk}/contacts").json()["count"] == 3

    assert reads(coach) == [(client_record.pk, "employer_contact")]
    assert reads(colleague) == [(theirs.client_id, "employer_contact")]
    assert sorted(reads(supervisor)) == sorted(
        [(client_record.pk, "employer_contact"), (theirs.client_id, "employer_contact")]
    )


def test_it_logs_the_clients_shown_as_waiting_for_a_contact(api_as, coach, enrollment):
    api_as(coach).get("/job-development/me")

    assert reads(coach) == [(enrollment.client_id, "job_development")]
