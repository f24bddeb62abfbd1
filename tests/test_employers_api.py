"""The employer register through the API: employers, contact persons, contacts (with the
client link shown only to those who may see the client), openings and the coach's
job-development figures."""

import datetime

import pytest

from tests.factories import (
    ClientFactory,
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    EnrollmentFactory,
    OpeningFactory,
)
from tests.test_api_support import assert_error, days_ago
from tyopolku.core.dates import today
from tyopolku.employers.models import Employer, EmployerContact, Opening
from tyopolku.employers.selectors import week_of
from tyopolku.pathway.models import Phase

KAUPPA = {"name": "Kauppa Oy", "business_id": "2077474-0"}


@pytest.fixture
def api(api_as, coach):
    return api_as(coach)


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="Kauppa Oy")


@pytest.fixture
def enrollment(client_record, coach):
    return EnrollmentFactory(
        client=client_record,
        coach=coach,
        created_by=coach,
        start_date=days_ago(10),
        phase=Phase.JOB_SEARCH,  # waiting for a first employer contact
    )


def delete(api, path):
    """ApiClient has no DELETE: the same call with the user's token."""
    return api.client.delete(f"/api/v1{path}", headers=api.headers)


def contact(**fields) -> dict:
    return {"date": today().isoformat(), "kind": "visit", "purpose": "job_development"} | fields


# Employers


def test_it_creates_an_employer_with_a_normalised_business_id_and_code_names(api, coach):
    response = api.post(
        "/employers",
        {
            "name": " Kauppa Oy ",
            "business_id": "20774740",
            "industry_code": "47",
            "municipality_code": "405",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Kauppa Oy"
    assert body["business_id"] == "2077474-0"
    # The API answers in the default UI language, Finnish.
    assert body["industry_name"] == (
        "Vähittäiskauppa (pl. moottoriajoneuvojen ja moottoripyörien kauppa)"
    )
    assert body["municipality_name"] == "Lappeenranta"
    assert body["contact_persons"] == []
    saved = Employer.objects.get(pk=body["id"])
    assert (saved.organization_id, saved.created_by) == (coach.organization_id, coach)


@pytest.mark.parametrize(
    "business_id",
    ["2077474-1", "207747A-0", "", "   ", "20774740000", "Kauppa Oy"],
    ids=["check-digit", "letters", "empty", "blank", "too-long", "name"],
)
def test_it_refuses_an_invalid_business_id(api, business_id):
    response = api.post("/employers", {"name": "Kauppa Oy", "business_id": business_id})

    body = assert_error(response, 422, "business_id")
    assert [e["field"] for e in body["errors"]] == ["business_id"]
    assert not Employer.objects.exists()


def test_it_refuses_a_business_id_twice_in_the_organisation(api, api_as, outsider):
    assert api.post("/employers", KAUPPA).status_code == 201

    again = api.post("/employers", {"name": "Kauppa Oy uusi", "business_id": "20774740"})

    body = assert_error(again, 409, "business_id")
    assert "Kauppa Oy" in body["detail"]
    assert Employer.objects.count() == 1
    # Another organisation's register is its own.
    assert api_as(outsider).post("/employers", KAUPPA).status_code == 201


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("industry_code", "04"),
        ("industry_code", "kauppa"),
        ("municipality_code", "999"),
        ("municipality_code", "Imatra"),
        ("website", "not a web address"),
        ("website", "ftp://example.fi"),
        ("postal_code", "5510"),
        ("postal_code", "55a00"),
        ("employer_type", "sole_trader"),
        ("name", ""),
        ("name", "x" * 201),
    ],
)
def test_it_names_the_invalid_employer_field(api, field, value):
    response = api.post("/employers", KAUPPA | {field: value})

    body = assert_error(response, 422, field)
    assert [e["field"] for e in body["errors"]] == [field]
    assert not Employer.objects.exists()


def test_it_lists_every_problem_of_an_employer_at_once(api):
    response = api.post(
        "/employers",
        {"name": "", "business_id": "1", "postal_code": "1", "website": "a b", "notes": "x"},
    )

    body = assert_error(response, 422)
    assert {e["field"] for e in body["errors"]} == {"name", "business_id", "postal_code", "website"}


def test_it_accepts_a_website_without_its_scheme(api):
    response = api.post("/employers", KAUPPA | {"website": "www.kauppa.fi", "postal_code": "55100"})

    assert response.status_code == 201, response.content
    assert response.json()["website"] == "https://www.kauppa.fi"
    assert response.json()["postal_code"] == "55100"


def test_it_finds_employers_by_name_and_business_id(api, org, other_org):
    kauppa = EmployerFactory(organization=org, name="Kauppa Oy", business_id="2077474-0")
    EmployerFactory(organization=org, name="Rakennus Ab", business_id="0737546-2")
    EmployerFactory(organization=other_org, name="Kauppa Oy (muu)", business_id="1572860-0")

    by_name = api.get("/employers?search=kaup").json()
    by_business_id = api.get("/employers?search=2077474").json()
    every = api.get("/employers").json()

    assert [e["name"] for e in by_name["items"]] == ["Kauppa Oy"]
    assert by_name["count"] == 1
    assert [e["id"] for e in by_business_id["items"]] == [kauppa.pk]
    assert [e["name"] for e in every["items"]] == ["Kauppa Oy", "Rakennus Ab"]


def test_it_pages_the_employers(api, org):
    for n in range(5):
        EmployerFactory(organization=org, name=f"Yritys {n}")

    page = api.get("/employers?limit=2&offset=2").json()

    assert page["count"] == 5
    assert [e["name"] for e in page["items"]] == ["Yritys 2", "Yritys 3"]
    assert_error(api.get("/employers?limit=201"), 422, "limit")
    assert_error(api.get("/employers?offset=-1"), 422, "offset")


def test_it_lists_an_employers_contact_count_and_last_contact(api, employer, coach):
    EmployerContactFactory(employer=employer, made_by=coach, date=datetime.date(2026, 2, 2))
    EmployerContactFactory(employer=employer, made_by=coach, date=datetime.date(2026, 2, 9))

    (item,) = api.get("/employers").json()["items"]

    assert item["contact_count"] == 2
    assert item["last_contact"] == "2026-02-09"


def test_it_shows_an_employer_with_its_contact_persons(api, employer):
    ContactPersonFactory(employer=employer, name="Matti Myymälä")

    body = api.get(f"/employers/{employer.pk}").json()

    assert body["name"] == "Kauppa Oy"
    assert [p["name"] for p in body["contact_persons"]] == ["Matti Myymälä"]


def test_it_changes_only_the_given_fields(api, employer):
    before = Employer.objects.get(pk=employer.pk)

    response = api.patch(f"/employers/{employer.pk}", {"post_office": "Lappeenranta"})

    assert response.status_code == 200, response.content
    after = Employer.objects.get(pk=employer.pk)
    assert after.post_office == "Lappeenranta"
    for field in ("name", "business_id", "industry_code", "municipality_code", "website"):
        assert getattr(after, field) == getattr(before, field), field


def test_it_empties_a_field_patched_to_null_but_refuses_an_empty_name(api, employer):
    cleared = api.patch(f"/employers/{employer.pk}", {"industry_code": None})
    unnamed = api.patch(f"/employers/{employer.pk}", {"name": None, "notes": "Uusi"})

    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["industry_code"] == ""
    assert cleared.json()["industry_name"] == ""
    assert_error(unnamed, 422, "name")
    assert Employer.objects.get(pk=employer.pk).notes == ""


def test_it_refuses_a_patch_to_a_business_id_already_in_the_register(api, org, employer):
    other = EmployerFactory(organization=org, business_id="0737546-2")

    response = api.patch(f"/employers/{other.pk}", {"business_id": employer.business_id})

    assert_error(response, 409, "business_id")
    assert Employer.objects.get(pk=other.pk).business_id == "0737546-2"


def test_it_refuses_an_invalid_patch_whole(api, employer):
    response = api.patch(
        f"/employers/{employer.pk}", {"post_office": "Imatra", "municipality_code": "000"}
    )

    assert_error(response, 422, "municipality_code")
    assert Employer.objects.get(pk=employer.pk).post_office == ""


def test_it_answers_404_for_an_unknown_employer(api):
    assert_error(api.get("/employers/999999"), 404)
    assert_error(api.patch("/employers/999999", {"name": "X"}), 404)


# Contact persons


def test_it_keeps_contact_persons(api, employer):
    created = api.post(
        f"/employers/{employer.pk}/contact-persons",
        {"name": "Matti Myymälä", "phone": "+358 40 123 4567", "email": "matti@kauppa.fi"},
    )
    assert created.status_code == 201, created.content
    person = created.json()
    assert person["legal_basis"] == "legitimate_interest"

    changed = api.patch(
        f"/employers/{employer.pk}/contact-persons/{person['id']}", {"title": "Kauppias"}
    )
    listed = api.get(f"/employers/{employer.pk}/contact-persons").json()
    removed = delete(api, f"/employers/{employer.pk}/contact-persons/{person['id']}")

    assert changed.status_code == 200, changed.content
    assert changed.json() | {"title": "Kauppias"} == changed.json()
    assert changed.json()["phone"] == "+358 40 123 4567"
    assert listed == {"count": 1, "items": [changed.json()]}
    assert removed.status_code == 204
    assert api.get(f"/employers/{employer.pk}/contact-persons").json()["count"] == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("email", "matti@"),
        ("phone", "soita minulle"),
        ("legal_basis", "because"),
    ],
)
def test_it_names_the_invalid_contact_person_field(api, employer, field, value):
    response = api.post(
        f"/employers/{employer.pk}/contact-persons", {"name": "Matti"} | {field: value}
    )

    assert_error(response, 422, field)
    assert not employer.contact_persons.exists()


def test_it_finds_a_contact_person_only_under_its_own_employer(api, org, employer):
    stranger = ContactPersonFactory(employer=EmployerFactory(organization=org))
    path = f"/employers/{employer.pk}/contact-persons/{stranger.pk}"

    assert_error(api.patch(path, {"title": "X"}), 404)
    assert_error(delete(api, path), 404)
    assert stranger.__class__.objects.filter(pk=stranger.pk).exists()


def test_it_keeps_the_contacts_made_with_a_removed_contact_person(api, employer, coach):
    person = ContactPersonFactory(employer=employer)
    made = EmployerContactFactory(employer=employer, made_by=coach, contact_person=person)

    delete(api, f"/employers/{employer.pk}/contact-persons/{person.pk}")

    (item,) = api.get(f"/employers/{employer.pk}/contacts").json()["items"]
    assert item["id"] == made.pk
    assert (item["contact_person_id"], item["contact_person_name"]) == (None, "")


# Contacts


def test_it_records_a_contact_made_by_the_token_user(api, employer, coach):
    person = ContactPersonFactory(employer=employer, name="Matti Myymälä")

    response = api.post(
        f"/employers/{employer.pk}/contacts",
        contact(kind="phone", outcome="Soittaa takaisin", contact_person_id=person.pk),
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["made_by"] == "coach"
    assert (body["kind"], body["face_to_face"]) == ("phone", False)
    assert body["contact_person_name"] == "Matti Myymälä"
    assert (body["enrollment_id"], body["client_id"], body["client_name"]) == (None, None, None)
    assert EmployerContact.objects.get(pk=body["id"]).made_by == coach


@pytest.mark.parametrize(
    ("field", "fields"),
    [
        ("kind", {"kind": "fax"}),
        ("kind", {"kind": ""}),
        ("purpose", {"purpose": "coffee"}),
        ("date", {"date": "2026-02-30"}),
        ("date", {"date": "1999-12-31"}),
        ("outcome", {"outcome": "x" * 501}),
    ],
)
def test_it_names_the_invalid_contact_field(api, employer, field, fields):
    response = api.post(f"/employers/{employer.pk}/contacts", contact(**fields))

    assert_error(response, 422, field)
    assert not EmployerContact.objects.exists()


def test_it_refuses_a_contact_ahead_of_its_date(api, employer):
    tomorrow = today() + datetime.timedelta(days=1)

    response = api.post(f"/employers/{employer.pk}/contacts", contact(date=tomorrow.isoformat()))

    assert_error(response, 422, "date")
    assert not EmployerContact.objects.exists()


def test_it_links_a_contact_to_the_coachs_client(api, employer, enrollment, client_record):
    response = api.post(f"/employers/{employer.pk}/contacts", contact(enrollment_id=enrollment.pk))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["enrollment_id"] == enrollment.pk
    assert body["client_id"] == client_record.pk
    assert body["client_name"] == "Aino Asiakas"


def test_it_refuses_a_link_to_a_client_the_user_may_not_see(
    api_as, colleague, employer, enrollment
):
    response = api_as(colleague).post(
        f"/employers/{employer.pk}/contacts", contact(enrollment_id=enrollment.pk)
    )

    body = assert_error(response, 422, "enrollment_id")
    assert [e["field"] for e in body["errors"]] == ["enrollment_id"]
    assert not EmployerContact.objects.exists()


def test_it_names_every_wrong_field_of_a_contact_at_once(api_as, colleague, employer, enrollment):
    response = api_as(colleague).post(
        f"/employers/{employer.pk}/contacts",
        contact(enrollment_id=enrollment.pk, contact_person_id=999_999, kind="fax"),
    )

    body = assert_error(response, 422, "enrollment_id")
    assert {e["field"] for e in body["errors"]} == {"enrollment_id", "contact_person_id", "kind"}
    assert not EmployerContact.objects.exists()


def test_it_refuses_a_contact_person_of_another_employer(api, org, employer):
    stranger = ContactPersonFactory(employer=EmployerFactory(organization=org))

    response = api.post(
        f"/employers/{employer.pk}/contacts", contact(contact_person_id=stranger.pk)
    )

    assert_error(response, 422, "contact_person_id")
    assert not EmployerContact.objects.exists()


def test_it_lists_contacts_newest_first_with_the_link_only_for_those_who_see_the_client(
    api_as, coach, colleague, supervisor, employer, enrollment
):
    older = EmployerContactFactory(
        employer=employer, made_by=coach, enrollment=enrollment, date=days_ago(3)
    )
    newer = EmployerContactFactory(
        employer=employer, made_by=colleague, kind="phone", date=days_ago(1)
    )

    seen = {
        name: api_as(user).get(f"/employers/{employer.pk}/contacts").json()
        for name, user in (("coach", coach), ("colleague", colleague), ("boss", supervisor))
    }

    for body in seen.values():
        assert body["count"] == 2
        assert [c["id"] for c in body["items"]] == [newer.pk, older.pk]
    linked = {name: body["items"][1] for name, body in seen.items()}
    assert (linked["coach"]["enrollment_id"], linked["coach"]["client_name"]) == (
        enrollment.pk,
        "Aino Asiakas",
    )
    assert linked["boss"]["client_id"] == enrollment.client_id
    assert linked["colleague"]["enrollment_id"] is None
    assert linked["colleague"]["client_id"] is None
    assert linked["colleague"]["client_name"] is None
    # The contact itself is the team's: the colleague sees who made it and how.
    assert (linked["colleague"]["made_by"], linked["colleague"]["kind"]) == ("coach", "visit")


def test_it_pages_the_contacts(api, employer, coach):
    for days in range(5):
        EmployerContactFactory(employer=employer, made_by=coach, date=days_ago(days))

    page = api.get(f"/employers/{employer.pk}/contacts?limit=2&offset=1").json()

    assert page["count"] == 5
    assert [c["date"] for c in page["items"]] == [days_ago(1).isoformat(), days_ago(2).isoformat()]


# Openings


def test_it_keeps_openings(api, employer):
    created = api.post(
        f"/employers/{employer.pk}/openings",
        {"title": "Myyjä", "hours_per_week": "37.5", "open_until": "2026-12-31"},
    )
    assert created.status_code == 201, created.content
    opening = created.json()
    assert (opening["status"], opening["employer_id"]) == ("open", employer.pk)
    assert float(opening["hours_per_week"]) == 37.5

    changed = api.patch(f"/openings/{opening['id']}", {"status": "filled"})
    one = api.get(f"/openings/{opening['id']}").json()
    listed = api.get(f"/employers/{employer.pk}/openings").json()

    assert changed.status_code == 200, changed.content
    assert one["status"] == "filled"
    assert one["title"] == "Myyjä"
    assert listed["count"] == 1
    assert listed["items"] == [one]


@pytest.mark.parametrize("hours", [0, "0.4", 81, -5, "lots"])
def test_it_refuses_hours_per_week_out_of_range(api, employer, hours):
    response = api.post(
        f"/employers/{employer.pk}/openings", {"title": "Myyjä", "hours_per_week": hours}
    )

    assert_error(response, 422, "hours_per_week")
    assert not Opening.objects.exists()


@pytest.mark.parametrize(
    ("field", "fields"),
    [
        ("title", {"title": ""}),
        ("status", {"status": "maybe"}),
        ("hours_per_week", {"hours_per_week": 100}),
    ],
)
def test_it_refuses_an_invalid_opening_patch(api, employer, field, fields):
    opening = OpeningFactory(employer=employer, title="Myyjä", hours_per_week=20)

    response = api.patch(f"/openings/{opening.pk}", fields)

    assert_error(response, 422, field)
    opening.refresh_from_db()
    assert (opening.title, opening.status, opening.hours_per_week) == ("Myyjä", "open", 20)


def test_it_answers_404_for_an_unknown_opening(api):
    assert_error(api.get("/openings/999999"), 404)
    assert_error(api.patch("/openings/999999", {"title": "X"}), 404)


# Job development


def test_it_counts_the_callers_face_to_face_contacts_of_this_week(api, coach, colleague, employer):
    monday, sunday = week_of(today())
    for kind in ("visit", "meeting", "phone", "email"):
        EmployerContactFactory(employer=employer, made_by=coach, kind=kind, date=today())
    EmployerContactFactory(employer=employer, made_by=coach, date=monday)
    # Not counted: last week's visit and a colleague's visit.
    EmployerContactFactory(
        employer=employer, made_by=coach, date=monday - datetime.timedelta(days=1)
    )
    EmployerContactFactory(employer=employer, made_by=colleague, date=today())

    body = api.get("/job-development/me").json()

    assert (body["week_start"], body["week_end"]) == (monday.isoformat(), sunday.isoformat())
    assert monday.weekday() == 0 and (sunday - monday).days == 6
    assert body["face_to_face_contacts"] == 3
    assert body["target"] == 6
    assert len(body["contacts"]) == 5
    assert {c["made_by"] for c in body["contacts"]} == {"coach"}


def test_it_lists_the_clients_waiting_for_a_first_employer_contact(api, org, coach):
    overdue = EnrollmentFactory(
        client=ClientFactory(organization=org, worker=coach),
        coach=coach,
        created_by=coach,
        start_date=days_ago(31),
        phase=Phase.JOB_SEARCH,
    )
    on_time = EnrollmentFactory(
        client=ClientFactory(organization=org, worker=coach),
        coach=coach,
        created_by=coach,
        start_date=days_ago(30),
        phase=Phase.JOB_SEARCH,
    )
    # Not waiting: not IPS, ended, not yet started, or still in intake.
    for fields in (
        {"phase": Phase.INTAKE},
        {"service_model": "work_activity"},
        {"end_date": days_ago(1)},
        {"start_date": today() + datetime.timedelta(days=3)},
    ):
        EnrollmentFactory(
            client=ClientFactory(organization=org, worker=coach),
            coach=coach,
            created_by=coach,
            **({"start_date": days_ago(40), "phase": Phase.JOB_SEARCH} | fields),
        )

    waiting = api.get("/job-development/me").json()["waiting_for_first_contact"]

    assert [(w["enrollment_id"], w["days_waiting"], w["overdue"]) for w in waiting] == [
        (overdue.pk, 31, True),
        (on_time.pk, 30, False),
    ]
    assert waiting[0]["client_id"] == overdue.client_id
    assert waiting[0]["client_name"] == overdue.client.full_name


def test_it_ends_the_wait_with_a_visit_but_not_with_a_phone_call(api, employer, enrollment):
    def waiting():
        body = api.get("/job-development/me").json()
        return [w["enrollment_id"] for w in body["waiting_for_first_contact"]]

    assert waiting() == [enrollment.pk]

    api.post(
        f"/employers/{employer.pk}/contacts", contact(kind="phone", enrollment_id=enrollment.pk)
    )
    assert waiting() == [enrollment.pk]

    api.post(
        f"/employers/{employer.pk}/contacts", contact(kind="visit", enrollment_id=enrollment.pk)
    )
    assert waiting() == []


def test_it_shows_a_coach_only_their_own_waiting_clients(api_as, colleague, enrollment):
    assert api_as(colleague).get("/job-development/me").json()["waiting_for_first_contact"] == []


# The error format


@pytest.mark.parametrize(
    "path",
    [
        "/employers",
        "/employers/{e}/contact-persons",
        "/employers/{e}/contacts",
        "/employers/{e}/openings",
    ],
)
def test_it_answers_bad_json_with_422(client, api, employer, path):
    response = client.post(
        "/api/v1" + path.format(e=employer.pk),
        data="{not json",
        content_type="application/json",
        headers=api.headers,
    )

    assert_error(response, 422, "body")


def test_it_names_a_missing_required_field(api, employer):
    assert_error(api.post("/employers", {"name": "Kauppa Oy"}), 422, "business_id")
    assert_error(api.post(f"/employers/{employer.pk}/contacts", {"kind": "visit"}), 422, "date")
    assert_error(api.post(f"/employers/{employer.pk}/openings", {}), 422, "title")


def test_it_asks_for_a_token(api_as, employer):
    anonymous = api_as(None)

    for path in ("/employers", f"/employers/{employer.pk}", "/job-development/me"):
        assert_error(anonymous.get(path), 401)
    assert_error(anonymous.post("/employers", KAUPPA), 401)
    assert not Employer.objects.exclude(pk=employer.pk).exists()


# Input too big for one query


def many_words(n: int) -> str:
    """n different words: each one is a name the client-data guard would look up."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(
        letters[i // 17576 % 26] + letters[i // 676 % 26] + letters[i // 26 % 26] + letters[i % 26]
        for i in range(n)
    )


def test_it_refuses_an_overlong_text_without_searching_its_words(api, employer):
    """200 000 distinct words once overflowed SQLite's parameter limit (a 500)."""
    text = many_words(200_000)

    notes = api.post("/employers", KAUPPA | {"business_id": "0737546-2", "notes": text})
    contact_notes = api.post(f"/employers/{employer.pk}/contacts", contact(notes=text))
    description = api.post(
        f"/employers/{employer.pk}/openings", {"title": "Myyjä", "description": text}
    )

    assert_error(notes, 422, "notes")
    assert_error(contact_notes, 422, "notes")
    assert_error(description, 422, "description")


def test_it_finds_employers_by_a_business_id_without_its_hyphen_or_a_municipality_name(api, org):
    kauppa = EmployerFactory(
        organization=org, name="Kauppa Oy", business_id="2077474-0", municipality_code="153"
    )
    EmployerFactory(organization=org, name="Rakennus Ab", municipality_code="405")

    by_business_id = api.get("/employers?search=20774740").json()
    by_municipality = api.get("/employers?search=imatra").json()

    assert [e["id"] for e in by_business_id["items"]] == [kauppa.pk]
    assert [e["id"] for e in by_municipality["items"]] == [kauppa.pk]


def test_it_searches_with_a_very_long_query(api, employer):
    """Thousands of words once overflowed SQLite's expression depth (a 500)."""
    response = api.get("/employers?search=" + "kauppa%20" * 5000)

    assert response.status_code == 200, response.content
    assert [e["id"] for e in response.json()["items"]] == [employer.pk]


# Queries


@pytest.mark.parametrize("n", [1, 10])
def test_it_reads_the_lists_in_the_same_queries_for_1_and_10_rows(
    api, org, coach, employer, django_assert_num_queries, n
):
    for _ in range(n):
        EmployerFactory(organization=org)
        waiting = EnrollmentFactory(
            client=ClientFactory(organization=org, worker=coach),
            coach=coach,
            created_by=coach,
            start_date=days_ago(5),
            phase=Phase.JOB_SEARCH,
        )
        # A phone call today: in this week's contacts, and the client is still waiting.
        EmployerContactFactory(
            employer=employer,
            made_by=coach,
            kind="phone",
            date=today(),
            enrollment=waiting,
            contact_person=ContactPersonFactory(employer=employer),
        )
    api.get("/employers")  # the token's first use is written once; not counted below

    # Savepoint and release (ATOMIC_REQUESTS), the token, the count, the page.
    with django_assert_num_queries(5):
        assert api.get("/employers").json()["count"] == n + 1
    # Savepoint and release, the token, the employer, the count, the rows with their
    # persons, makers and clients, the access log of the clients shown.
    with django_assert_num_queries(7):
        assert api.get(f"/employers/{employer.pk}/contacts").json()["count"] == n
    # Savepoint and release, the token, the week's contacts, the waiting clients, and the
    # access log of both lists in one insert after the request's transaction.
    with django_assert_num_queries(6):
        body = api.get("/job-development/me").json()
    assert len(body["contacts"]) == len(body["waiting_for_first_contact"]) == n
