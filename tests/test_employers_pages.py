"""The employer register's pages: the list, the employer's history, the forms, logging a
contact and the coach's week of job development; who may open them; the client link that
only those who may see the client get (and its access-log row); fixed query counts."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import ClientFactory
from tests.pages_support import days_ago, en_date, enroll, login
from tests.test_placements_support import make_employer, make_opening
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.core.dates import today
from tyopolku.employers.models import ContactPerson, Employer, EmployerContact, Opening
from tyopolku.employers.services import employer_contact_create, employer_create
from tyopolku.pathway.models import Phase, PhaseChange
from tyopolku.placements.services import placement_create

VALID_BUSINESS_ID = "0112038-9"  # a real check digit (Y-tunnus of the stdnum examples)


@pytest.fixture
def employer(org):
    return make_employer(org, name="Kauppa Oy")


@pytest.fixture
def person(employer):
    return ContactPerson.objects.create(employer=employer, name="Pekka Päällikkö", title="CEO")


def in_job_search(enrollment):
    """The client waits for a first employer contact only in job search."""
    PhaseChange.objects.create(
        enrollment=enrollment,
        phase=Phase.JOB_SEARCH,
        effective_date=enrollment.start_date,
        reason=PhaseChange.Reason.MANUAL,
        recorded_by=enrollment.created_by,
    )
    return enrollment


@pytest.fixture
def enrollment(coach, client_record, unit):
    return in_job_search(enroll(coach=coach, client=client_record, unit=unit))


def _employer_data(**fields) -> dict:
    data = {
        "name": "Uusi Oy",
        "business_id": VALID_BUSINESS_ID,
        "employer_type": "company",
        "industry_code": "47",
        "municipality_code": "153",
        "street_address": "",
        "postal_code": "",
        "post_office": "",
        "website": "",
        "notes": "",
    }
    return data | fields


def _contact_data(**fields) -> dict:
    data = {
        "date": today().isoformat(),
        "kind": "visit",
        "purpose": "job_development",
        "contact_person_id": "",
        "enrollment_id": "",
        "outcome": "Kiinnostunut",
        "notes": "",
    }
    return data | fields


def _field_errors(response, field) -> list[str]:
    return response.context["form"].errors.get(field, [])


def _error_next_to(response, field) -> bool:
    """The field's errors sit in its own element, the one the input's aria-describedby names."""
    return f'id="id_{field}_error"' in response.content.decode()


# --- Every page renders -------------------------------------------------------------


def test_it_renders_every_page_for_the_coach(client, coach, employer, person, enrollment):
    opening = make_opening(employer)
    login(client, coach)
    pages = [
        reverse("employer_list"),
        reverse("employer_create"),
        reverse("employer_detail", args=[employer.pk]),
        reverse("employer_edit", args=[employer.pk]),
        reverse("employer_contact_create", args=[employer.pk]),
        reverse("contact_person_create", args=[employer.pk]),
        reverse("contact_person_edit", args=[employer.pk, person.pk]),
        reverse("opening_create", args=[employer.pk]),
        reverse("opening_edit", args=[opening.pk]),
        reverse("job_development"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert reverse("employer_privacy") in response.content.decode(), url


def test_it_lists_employers_with_industry_municipality_and_contacts(client, coach, employer):
    make_employer(employer.organization, name="Toinen Oy", industry_code="", municipality_code="")
    employer_contact_create(
        user=coach, employer=employer, date=days_ago(3), kind="phone", purpose="job_development"
    )
    login(client, coach)

    page = client.get(reverse("employer_list")).content.decode()

    assert "2 employers" in page
    assert "Kauppa Oy" in page and "Toinen Oy" in page
    assert employer.business_id in page
    assert "47111 Retail trade, except of motor vehicles and motorcycles" in page
    assert "Lappeenranta" in page  # municipality 405 by name
    assert en_date(days_ago(3)) in page


def test_it_searches_the_register_live(client, coach, employer, org):
    make_employer(org, name="Rakennus Oy", industry_code="41")
    login(client, coach)

    response = client.get(reverse("employer_list"), {"search": "rakennus"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert "<html" not in page  # only the results, swapped in by htmx
    assert "Rakennus Oy" in page
    assert "Kauppa Oy" not in page


def test_it_shows_import_and_export_to_register_managers_only(client, coach, supervisor):
    import_url, export_url = reverse("employer_import"), reverse("employer_export")

    coach_page = login(client, coach).get(reverse("employer_list")).content.decode()
    supervisor_page = login(client, supervisor).get(reverse("employer_list")).content.decode()

    assert import_url not in coach_page and export_url not in coach_page
    assert import_url in supervisor_page and export_url in supervisor_page


def test_it_puts_the_register_in_the_main_navigation_of_register_roles(client, coach, evaluator):
    coach_page = login(client, coach).get(reverse("caseload")).content.decode()
    evaluator_page = login(client, evaluator).get(reverse("caseload")).content.decode()

    for url in (reverse("employer_list"), reverse("job_development")):
        assert f'href="{url}"' in coach_page
        assert f'href="{url}"' not in evaluator_page


# --- The employer form --------------------------------------------------------------


def test_it_creates_an_employer(client, coach, org):
    login(client, coach)

    response = client.post(reverse("employer_create"), _employer_data(business_id="0112038 9"))

    employer = Employer.objects.get(organization=org, name="Uusi Oy")
    assert response.status_code == 302
    assert response["Location"] == reverse("employer_detail", args=[employer.pk])
    assert employer.business_id == VALID_BUSINESS_ID
    assert (employer.industry_code, employer.municipality_code) == ("47", "153")


def test_it_shows_a_bad_business_id_next_to_the_field_and_saves_nothing(client, coach, employer):
    login(client, coach)
    before = Employer.objects.count()

    created = client.post(reverse("employer_create"), _employer_data(business_id="1234567-8"))
    edited = client.post(
        reverse("employer_edit", args=[employer.pk]),
        _employer_data(name="Muutettu Oy", business_id="1234567-8"),
    )

    for response in (created, edited):
        assert response.status_code == 422
        assert _field_errors(response, "business_id") == [
            "Not a valid business ID (Y-tunnus), e.g. 1234567-1: check the digits."
        ]
        assert _error_next_to(response, "business_id")
    assert Employer.objects.count() == before
    employer.refresh_from_db()
    assert employer.name == "Kauppa Oy"


def test_it_shows_a_duplicate_business_id_next_to_the_field(client, coach):
    employer_create(user=coach, name="Vanha Oy", business_id=VALID_BUSINESS_ID)
    login(client, coach)

    response = client.post(reverse("employer_create"), _employer_data(business_id="01120389"))

    assert response.status_code == 422
    assert _field_errors(response, "business_id") == [
        "This business ID is in the register already."
    ]
    assert _error_next_to(response, "business_id")
    assert not Employer.objects.filter(name="Uusi Oy").exists()


def test_it_refuses_a_clients_name_in_the_notes(client, coach, client_record, employer):
    login(client, coach)

    response = client.post(
        reverse("employer_edit", args=[employer.pk]),
        _employer_data(
            name=employer.name,
            business_id=employer.business_id,
            notes="Aino Asiakas kävi tutustumassa",
        ),
    )

    assert response.status_code == 422
    assert _field_errors(response, "notes") == [
        "Remove the client's name: team notes must not identify clients."
    ]
    assert _error_next_to(response, "notes")
    employer.refresh_from_db()
    assert employer.notes == ""


def test_it_keeps_a_finer_industry_code_selectable_when_editing(client, coach, employer):
    login(client, coach)

    page = client.get(reverse("employer_edit", args=[employer.pk])).content.decode()

    assert '<option value="47111" selected>' in page


# --- Logging a contact and the history page -------------------------------------------


def test_it_logs_a_contact_without_a_client_and_shows_it_on_the_history_page(
    client, coach, employer, person
):
    login(client, coach)

    response = client.post(
        reverse("employer_contact_create", args=[employer.pk]),
        _contact_data(contact_person_id=person.pk, notes="Sovittiin uusi käynti"),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("employer_detail", args=[employer.pk]), 302)]
    page = response.content.decode()
    assert "Contact logged." in page
    assert "Sovittiin uusi käynti" in page
    assert "Pekka Päällikkö" in page
    contact = EmployerContact.objects.get(employer=employer)
    assert (contact.made_by, contact.enrollment, contact.kind) == (coach, None, "visit")


def test_it_logs_a_contact_for_a_client(client, coach, employer, enrollment):
    login(client, coach)

    response = client.post(
        reverse("employer_contact_create", args=[employer.pk]),
        _contact_data(enrollment_id=enrollment.pk),
        follow=True,
    )

    assert response.status_code == 200
    assert EmployerContact.objects.get(employer=employer).enrollment == enrollment
    assert reverse("client_detail", args=[enrollment.client_id]) in response.content.decode()


def test_it_shows_a_wrong_contact_next_to_its_fields(client, coach, employer, client_record):
    login(client, coach)

    response = client.post(
        reverse("employer_contact_create", args=[employer.pk]),
        _contact_data(date="", kind="fax"),
    )

    assert response.status_code == 422
    assert _field_errors(response, "date") == ["This field is required."]
    assert _field_errors(response, "kind")
    assert not EmployerContact.objects.exists()


def test_it_refuses_client_data_in_a_contact(client, coach, employer, client_record):
    login(client, coach)

    response = client.post(
        reverse("employer_contact_create", args=[employer.pk]),
        _contact_data(outcome="Aino Asiakas aloittaa maanantaina"),
    )

    assert response.status_code == 422
    assert _field_errors(response, "outcome") == [
        "Remove the client's name: team notes must not identify clients."
    ]
    assert not EmployerContact.objects.exists()


def test_it_offers_only_the_coachs_own_clients_on_the_contact_form(
    client, coach, colleague, employer, enrollment
):
    url = reverse("employer_contact_create", args=[employer.pk])

    coach_form = login(client, coach).get(url).content.decode()
    colleague_form = login(client, colleague).get(url).content.decode()

    assert "Aino Asiakas" in coach_form
    assert "Aino Asiakas" not in colleague_form


def test_it_refuses_a_contact_for_someone_elses_client(client, colleague, employer, enrollment):
    login(client, colleague)

    response = client.post(
        reverse("employer_contact_create", args=[employer.pk]),
        _contact_data(enrollment_id=enrollment.pk),
    )

    assert response.status_code == 422
    assert _field_errors(response, "enrollment_id")
    assert not EmployerContact.objects.exists()


@pytest.fixture
def contact_for_client(coach, employer, enrollment):
    return employer_contact_create(
        user=coach,
        employer=employer,
        date=days_ago(2),
        kind="meeting",
        purpose="recruitment",
        outcome="Haastattelu sovittu",
        enrollment_id=enrollment.pk,
    )


def _reads_logged(user) -> int:
    return AccessLogEntry.objects.filter(
        user=user, action=AccessAction.READ, target="employer_contact"
    ).count()


def test_it_links_the_client_only_for_those_who_may_see_the_client(
    client, coach, colleague, employer, contact_for_client, client_record
):
    url = reverse("employer_detail", args=[employer.pk])
    client_url = reverse("client_detail", args=[client_record.pk])

    coach_page = login(client, coach).get(url).content.decode()
    colleague_page = login(client, colleague).get(url).content.decode()

    assert client_url in coach_page and "Aino Asiakas" in coach_page
    assert "Haastattelu sovittu" in colleague_page  # the contact itself is the team's
    assert client_url not in colleague_page and "Aino Asiakas" not in colleague_page


def test_it_logs_showing_the_client_link(
    client, coach, colleague, employer, contact_for_client, client_record
):
    url = reverse("employer_detail", args=[employer.pk])

    login(client, coach).get(url)
    login(client, colleague).get(url)

    logged = AccessLogEntry.objects.filter(action=AccessAction.READ, target="employer_contact")
    assert [(e.user, e.client_id) for e in logged] == [(coach, client_record.pk)]
    assert _reads_logged(colleague) == 0


def test_it_shows_the_placements_of_visible_clients_only(
    client, coach, colleague, employer, enrollment
):
    placement_create(
        user=coach,
        enrollment=enrollment,
        employer_id=employer.pk,
        start_date=today(),
        job_title="Hyllyttäjä",
        hours_per_week=20,
        competitive=True,
    )
    url = reverse("employer_detail", args=[employer.pk])

    coach_page = login(client, coach).get(url).content.decode()
    colleague_page = login(client, colleague).get(url).content.decode()

    assert "Hyllyttäjä" in coach_page
    assert "Hyllyttäjä" not in colleague_page


# --- Contact persons and openings ---------------------------------------------------


def test_it_adds_edits_and_removes_a_contact_person(client, coach, employer):
    login(client, coach)

    client.post(
        reverse("contact_person_create", args=[employer.pk]),
        {
            "name": "Maija Mallikas",
            "title": "HR",
            "phone": "040 123 4567",
            "email": "",
            "legal_basis": "legitimate_interest",
        },
    )
    person = ContactPerson.objects.get(employer=employer)
    edit_url = reverse("contact_person_edit", args=[employer.pk, person.pk])
    client.post(
        edit_url,
        {
            "name": "Maija Mallikas",
            "title": "Henkilöstöpäällikkö",
            "phone": "",
            "email": "",
            "legal_basis": "consent",
        },
    )
    person.refresh_from_db()
    assert (person.title, person.legal_basis) == ("Henkilöstöpäällikkö", "consent")

    response = client.post(edit_url, {"delete": "1"})

    assert response.status_code == 302
    assert not ContactPerson.objects.filter(pk=person.pk).exists()


def test_it_shows_a_wrong_email_of_a_contact_person_next_to_the_field(client, coach, employer):
    login(client, coach)

    response = client.post(
        reverse("contact_person_create", args=[employer.pk]),
        {"name": "Maija", "email": "ei-osoite", "legal_basis": "legitimate_interest"},
    )

    assert response.status_code == 422
    assert _field_errors(response, "email")
    assert not ContactPerson.objects.exists()


def test_it_adds_and_edits_an_opening(client, coach, employer):
    login(client, coach)

    client.post(
        reverse("opening_create", args=[employer.pk]),
        {"title": "Myyjä", "hours_per_week": "20,5", "status": "open", "open_until": ""},
    )
    opening = Opening.objects.get(employer=employer)
    assert str(opening.hours_per_week) == "20.5"
    client.post(
        reverse("opening_edit", args=[opening.pk]),
        {"title": "Myyjä", "hours_per_week": "20,5", "status": "filled", "open_until": ""},
    )
    opening.refresh_from_db()

    assert opening.status == "filled"
    assert "Filled" in client.get(reverse("employer_detail", args=[employer.pk])).content.decode()


def test_it_shows_wrong_hours_of_an_opening_next_to_the_field(client, coach, employer):
    login(client, coach)

    response = client.post(
        reverse("opening_create", args=[employer.pk]),
        {"title": "Myyjä", "hours_per_week": "200", "status": "open"},
    )

    assert response.status_code == 422
    assert _field_errors(response, "hours_per_week")
    assert not Opening.objects.exists()


# --- Job development ----------------------------------------------------------------


def test_it_counts_face_to_face_contacts_of_the_week(client, coach, colleague, employer):
    for kind in ("visit", "meeting", "phone", "email"):
        employer_contact_create(
            user=coach, employer=employer, date=today(), kind=kind, purpose="job_development"
        )
    employer_contact_create(  # a colleague's visit is not the coach's
        user=colleague, employer=employer, date=today(), kind="visit", purpose="job_development"
    )
    login(client, coach)

    page = client.get(reverse("job_development")).content.decode()

    assert "2 / 6 face to face" in page
    assert page.count(reverse("employer_detail", args=[employer.pk])) == 4


def test_it_lists_clients_waiting_for_a_first_employer_contact(
    client, coach, employer, enrollment, client_record
):
    late = ClientFactory(organization=client_record.organization, worker=coach)
    in_job_search(enroll(coach=coach, client=late, start_days_ago=10))
    login(client, coach)

    page = client.get(reverse("job_development")).content.decode()

    assert reverse("client_detail", args=[client_record.pk]) in page
    assert "over 30 days" in page  # 60 days for Aino
    assert ">60" in page and ">10" in page
    assert page.count("over 30 days") == 1


def test_it_drops_a_client_from_the_waiting_list_after_a_visit(
    client, coach, employer, enrollment, client_record
):
    employer_contact_create(
        user=coach,
        employer=employer,
        date=today(),
        kind="visit",
        purpose="job_development",
        enrollment_id=enrollment.pk,
    )
    login(client, coach)

    page = client.get(reverse("job_development")).content.decode()

    assert "Every client has had a face-to-face employer contact." in page


# --- Who may open the pages ---------------------------------------------------------

NO_REGISTER = {"evaluator", "peer", "expert"}


@pytest.fixture
def world(org, other_org, employer, person):
    foreign = make_employer(other_org, name="Muualla Oy")
    return {
        "own": (employer, person, make_opening(employer)),
        "foreign": (
            foreign,
            ContactPerson.objects.create(employer=foreign, name="Ulla Ulkona"),
            make_opening(foreign),
        ),
    }


def object_pages(employer, person, opening) -> dict[str, str]:
    e = employer.pk
    return {
        "employer_detail": reverse("employer_detail", args=[e]),
        "employer_edit": reverse("employer_edit", args=[e]),
        "employer_contact_create": reverse("employer_contact_create", args=[e]),
        "contact_person_create": reverse("contact_person_create", args=[e]),
        "contact_person_edit": reverse("contact_person_edit", args=[e, person.pk]),
        "opening_create": reverse("opening_create", args=[e]),
        "opening_edit": reverse("opening_edit", args=[opening.pk]),
    }


GENERAL_PAGES = ["employer_list", "employer_create", "job_development"]


def expected_status(role, whose) -> int:
    if role in NO_REGISTER:
        return 403
    own_organisation = role != "outsider"
    return 200 if (whose == "own") == own_organisation else 404


@pytest.fixture
def as_role(request, client):
    return lambda role: login(client, request.getfixturevalue(role))


@pytest.mark.parametrize("role", PERSONAS)
def test_it_guards_every_page(as_role, world, role):
    web = as_role(role)

    for name in GENERAL_PAGES:
        expected = 403 if role in NO_REGISTER else 200
        assert web.get(reverse(name)).status_code == expected, (name, role)
    for whose, objects in world.items():
        for name, url in object_pages(*objects).items():
            assert web.get(url).status_code == expected_status(role, whose), (name, whose, role)


@pytest.mark.parametrize("role", PERSONAS)
def test_it_guards_every_form(as_role, world, role):
    web = as_role(role)

    for whose, (employer, person, opening) in world.items():
        posts = {
            "employer_edit": (
                reverse("employer_edit", args=[employer.pk]),
                _employer_data(name="Muutettu"),
            ),
            "employer_contact_create": (
                reverse("employer_contact_create", args=[employer.pk]),
                _contact_data(),
            ),
            "contact_person_edit": (
                reverse("contact_person_edit", args=[employer.pk, person.pk]),
                {"name": "Uusi Nimi", "legal_basis": "consent"},
            ),
            "opening_edit": (
                reverse("opening_edit", args=[opening.pk]),
                {"title": "Uusi", "status": "closed"},
            ),
        }
        allowed = expected_status(role, whose)
        for name, (url, data) in posts.items():
            status = web.post(url, data).status_code
            assert status == (302 if allowed == 200 else allowed), (name, whose, role)
    changed = Employer.objects.filter(name="Muutettu").values_list("organization", flat=True)
    expected = (
        []
        if role in NO_REGISTER
        else [world["foreign" if role == "outsider" else "own"][0].organization_id]
    )
    assert list(changed) == expected


def test_it_refuses_creating_an_employer_to_roles_without_the_register(client, evaluator):
    login(client, evaluator)

    response = client.post(reverse("employer_create"), _employer_data())

    assert response.status_code == 403
    assert not Employer.objects.exists()


def test_it_sends_anonymous_visitors_to_log_in(client, world):
    urls = [reverse(n) for n in GENERAL_PAGES] + list(object_pages(*world["own"]).values())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


# --- Fixed query counts -------------------------------------------------------------


@pytest.mark.parametrize("employers", [1, 10])
def test_it_lists_employers_in_a_fixed_number_of_queries(
    client, coach, org, employers, django_assert_num_queries
):
    for n in range(employers):
        employer = make_employer(org, name=f"Yritys {n}")
        employer_contact_create(
            user=coach, employer=employer, date=today(), kind="visit", purpose="job_development"
        )
    login(client, coach)
    with django_assert_num_queries(7):
        # 1 savepoint (ATOMIC_REQUESTS inside the test's transaction)
        # 2 session, 3 user
        # 4 count of the employers found, 5 the page with contact counts and last dates
        # 6 the user's organisation (page header), 7 release savepoint
        response = client.get(reverse("employer_list"))
    assert response.content.decode().count("Yritys ") == employers


@pytest.mark.parametrize("contacts", [1, 10])
def test_it_shows_the_employer_page_in_a_fixed_number_of_queries(
    client, coach, employer, person, enrollment, contacts, django_assert_num_queries
):
    make_opening(employer)
    for _n in range(contacts):
        employer_contact_create(
            user=coach,
            employer=employer,
            date=today(),
            kind="visit",
            purpose="job_development",
            enrollment_id=enrollment.pk,
            contact_person_id=person.pk,
        )
    login(client, coach)
    with django_assert_num_queries(12):
        # 1 savepoint, 2 session, 3 user
        # 4 employer_get (within the user's organisation)
        # 5 count of the contacts, 6 the contacts (made by, contact person, enrollment and
        #   client, and whether the user may see the client), 7 their access-log rows
        # 8 placements of clients the user may see (none here: no access-log row)
        # 9 the user's organisation (page header), 10 contact persons, 11 openings
        # 12 release savepoint
        response = client.get(reverse("employer_detail", args=[employer.pk]))
    page = response.content.decode()
    assert page.count('data-label="Contact person">Pekka Päällikkö<') == contacts
    assert page.count(reverse("client_detail", args=[enrollment.client_id])) == contacts
