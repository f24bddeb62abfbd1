"""The privacy statement of the employer register (GDPR art. 13/14): its sections and their
defaults, an organisation's own texts, the edit form that refuses client data, who may read
and edit it (page, public page, API, admin), the change log and a fixed query count."""

import pytest
from django.urls import reverse
from zeal import zeal_ignore

from tests.conftest import PERSONAS
from tests.pages_support import en_date, login
from tests.test_api_support import assert_error
from tyopolku.audit.models import ChangeAction, ChangeLogEntry
from tyopolku.core.errors import Forbidden, InvalidInput
from tyopolku.employers.models import EmployerImport, PrivacyStatement
from tyopolku.employers.privacy import (
    FIELDS,
    TEXTS_UPDATED_ON,
    privacy_statement_defaults,
    privacy_statement_sections,
    privacy_statement_update,
)

MANAGERS = {"admin", "supervisor", "outsider"}  # the outsider supervises another organisation
SECTION_KEYS = [
    "register",
    "controller",
    "controller_address",
    "contact_person",
    "data_protection_officer",
    "purposes",
    "legal_basis",
    "data_subjects",
    "data_categories",
    "sources",
    "recipients",
    "transfers",
    "retention",
    "automated_decisions",
    "rights",
    "complaint",
    "updated",
]
ORG_NAME = "Testikunnan hyvinvointialue"
OTHER_ORG_NAME = "Muu hyvinvointialue"


def _texts(organization) -> dict[str, str]:
    return {section.key: section.text for section in privacy_statement_sections(organization)}


def _form_data(**fields) -> dict:
    return {field: "" for field in FIELDS} | fields


@pytest.fixture
def as_role(request, client):
    def login_as(role):
        return login(client, request.getfixturevalue(role))

    return login_as


# --- The statement and its defaults -------------------------------------------------


def test_it_builds_every_section_with_defaults_for_an_organisation_without_settings(org):
    sections = privacy_statement_sections(org)
    texts = {section.key: section.text for section in sections}

    assert [section.key for section in sections] == SECTION_KEYS
    assert all(section.title and section.text for section in sections)
    assert not PrivacyStatement.objects.exists()
    assert texts["controller"] == ORG_NAME
    assert ORG_NAME in texts["controller_address"]
    assert ORG_NAME in texts["contact_person"]
    assert ORG_NAME in texts["data_protection_officer"]
    assert "contacting employers" in texts["purposes"]
    assert "placements" in texts["purposes"]
    for basis in ("6(1)(e)", "1301/2014", "189/2001", "6(1)(f)", "contact persons of companies"):
        assert basis in texts["legal_basis"], basis
    for category in ("business ID", "industry", "municipality", "website", "title", "email"):
        assert category in texts["data_categories"], category
    assert "YTJ" in texts["sources"]
    assert "provider of the information system" in texts["recipients"]
    assert "not transferred outside" in texts["transfers"]
    assert "every two years" in texts["retention"]
    for article in ("art. 15", "art. 16", "art. 17", "art. 18", "art. 21"):
        assert article in texts["rights"], article
    assert "Tietosuojavaltuutetun toimisto" in texts["complaint"]
    assert "P.O. Box 800, 00531 Helsinki" in texts["complaint"]
    assert "tietosuoja.fi" in texts["complaint"]


def test_it_dates_a_statement_without_settings_by_its_default_texts(org):
    assert _texts(org)["updated"] == en_date(TEXTS_UPDATED_ON)


def test_it_builds_the_defaults_from_each_organisations_name(org, other_org):
    assert _texts(other_org)["controller"] == OTHER_ORG_NAME
    assert ORG_NAME not in " ".join(_texts(other_org).values())


def test_it_replaces_a_default_with_the_saved_field(org, supervisor):
    privacy_statement_update(
        user=supervisor,
        retention="Contact persons' data is reviewed every year.",
        data_protection_officer="Tietosuojavastaava, tietosuoja@testikunta.fi",
    )

    texts = _texts(PrivacyStatement.objects.get().organization)
    assert texts["retention"] == "Contact persons' data is reviewed every year."
    assert texts["data_protection_officer"] == "Tietosuojavastaava, tietosuoja@testikunta.fi"
    # The others keep their defaults.
    assert texts["purposes"] == privacy_statement_defaults(org)["purposes"]
    assert texts["controller"] == ORG_NAME


def test_it_brings_back_the_default_when_a_field_is_emptied(org, supervisor):
    privacy_statement_update(user=supervisor, controller="Testikunnan HVA")
    privacy_statement_update(user=supervisor, controller="   ")

    assert PrivacyStatement.objects.get().controller == ""
    assert _texts(PrivacyStatement.objects.get().organization)["controller"] == ORG_NAME


def test_it_shows_an_organisations_own_text_as_typed(org, supervisor):
    privacy_statement_update(user=supervisor, sources="Yritykset itse.\n\nYTJ.")

    assert _texts(PrivacyStatement.objects.get().organization)["sources"] == (
        "Yritykset itse.\n\nYTJ."
    )


def test_it_writes_a_change_log_row_for_each_save(org, supervisor, admin):
    privacy_statement_update(user=supervisor, retention="Two years.")
    privacy_statement_update(user=admin, retention="Three years.", transfers="None.")
    privacy_statement_update(user=admin, retention="Three years.")  # nothing changed

    statement = PrivacyStatement.objects.get()
    rows = list(ChangeLogEntry.objects.order_by("pk"))
    assert [(r.action, r.user, r.fields) for r in rows] == [
        (ChangeAction.CREATE, supervisor, ["retention"]),
        (ChangeAction.UPDATE, admin, ["retention", "transfers"]),
    ]
    assert {(r.object_type, r.object_id, r.organization_id) for r in rows} == {
        ("privacy_statement", statement.pk, org.pk)
    }
    assert statement.updated_by == admin


def test_it_refuses_a_text_that_is_too_long(supervisor):
    with pytest.raises(InvalidInput) as error:
        privacy_statement_update(user=supervisor, controller="x" * 201, purposes="Fine.")

    assert set(error.value.fields) == {"controller"}
    assert "200" in error.value.fields["controller"]
    assert not PrivacyStatement.objects.exists()
    assert not ChangeLogEntry.objects.exists()


def test_it_refuses_client_data_in_the_service(supervisor, client_record):
    with pytest.raises(InvalidInput) as error:
        privacy_statement_update(
            user=supervisor, purposes="Esim. Aino Asiakas", sources="010190-900P"
        )

    assert set(error.value.fields) == {"purposes", "sources"}
    assert not PrivacyStatement.objects.exists()


def test_it_lets_only_managers_update(coach):
    with pytest.raises(Forbidden):
        privacy_statement_update(user=coach, retention="Forever.")

    assert not PrivacyStatement.objects.exists()


def test_it_keeps_each_organisations_statement_apart(org, other_org, supervisor, outsider):
    privacy_statement_update(user=outsider, purposes="Muualla kirjoitettu tarkoitus.")

    assert _texts(other_org)["purposes"] == "Muualla kirjoitettu tarkoitus."
    assert _texts(org)["purposes"] == privacy_statement_defaults(org)["purposes"]


# --- The edit form ------------------------------------------------------------------


def test_it_saves_the_edit_form_and_shows_the_text(client, supervisor):
    login(client, supervisor)

    response = client.post(
        reverse("employer_privacy_edit"), _form_data(retention="Kaksi vuotta yhteistyön jälkeen.")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("employer_privacy")
    page = client.get(reverse("employer_privacy")).content.decode()
    assert "Kaksi vuotta yhteistyön jälkeen." in page
    assert "Privacy statement saved." in page
    entry = ChangeLogEntry.objects.get()
    assert (entry.object_type, entry.fields) == ("privacy_statement", ["retention"])


def test_it_refuses_a_clients_name_and_identity_code_next_to_the_field(
    client, supervisor, client_record
):
    login(client, supervisor)

    response = client.post(
        reverse("employer_privacy_edit"),
        _form_data(purposes="Esimerkiksi Aino Asiakas", sources="Asiakas 010190-900P"),
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["purposes"] == [
        "Remove the client's name: team notes must not identify clients."
    ]
    assert form.errors["sources"] == [
        "Remove the personal identity code: team notes must not identify clients."
    ]
    page = response.content.decode()
    assert 'id="id_purposes_error"' in page
    assert 'id="id_sources_error"' in page
    assert not PrivacyStatement.objects.exists()
    assert not ChangeLogEntry.objects.exists()


def test_it_refuses_a_too_long_controller_next_to_the_field(client, supervisor):
    login(client, supervisor)

    response = client.post(reverse("employer_privacy_edit"), _form_data(controller="x" * 201))

    assert response.status_code == 422
    assert "controller" in response.context["form"].errors
    assert not PrivacyStatement.objects.exists()


def test_it_shows_each_fields_default_in_its_help_text(client, admin, org):
    login(client, admin)

    response = client.get(reverse("employer_privacy_edit"))

    form = response.context["form"]
    defaults = privacy_statement_defaults(org)
    for field in FIELDS:
        assert defaults[field] in str(form[field].help_text), field
    assert 'id="id_retention_helptext"' in response.content.decode()


def test_it_fills_the_edit_form_with_the_saved_texts(client, admin):
    privacy_statement_update(user=admin, recipients="Ei luovutuksia.")
    login(client, admin)

    form = client.get(reverse("employer_privacy_edit")).context["form"]

    assert form["recipients"].value() == "Ei luovutuksia."
    assert form["retention"].value() in ("", None)


# --- Who may read and edit ----------------------------------------------------------


@pytest.mark.parametrize("role", PERSONAS)
def test_it_shows_the_statement_to_every_user_of_the_organisation(as_role, role):
    response = as_role(role).get(reverse("employer_privacy"))

    assert response.status_code == 200
    page = response.content.decode()
    own, other = (OTHER_ORG_NAME, ORG_NAME) if role == "outsider" else (ORG_NAME, OTHER_ORG_NAME)
    assert own in page
    assert other not in page
    assert "Right to lodge a complaint" in page
    assert ('href="/employers/privacy/edit/"' in page) is (role in MANAGERS)


@pytest.mark.parametrize("role", PERSONAS)
def test_it_lets_only_managers_open_the_edit_page(as_role, role):
    response = as_role(role).get(reverse("employer_privacy_edit"))

    assert response.status_code == (200 if role in MANAGERS else 403)
    page = response.content.decode()
    assert ('name="recipients"' in page) is (role in MANAGERS)
    assert ("<h1>No access</h1>" in page) is (role not in MANAGERS)


@pytest.mark.parametrize("role", PERSONAS)
def test_it_lets_only_managers_save_the_edit_form(as_role, role, org, other_org):
    response = as_role(role).post(reverse("employer_privacy_edit"), _form_data(transfers="Ei."))

    assert response.status_code == (302 if role in MANAGERS else 403)
    saved = PrivacyStatement.objects.filter(transfers="Ei.")
    own_org = other_org if role == "outsider" else org
    expected = [own_org.pk] if role in MANAGERS else []
    assert list(saved.values_list("organization", flat=True)) == expected


def test_it_sends_anonymous_visitors_of_the_register_pages_to_log_in(client, db):
    for name in ("employer_privacy", "employer_privacy_edit"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_it_gives_the_public_address_on_the_page(client, coach, org):
    page = login(client, coach).get(reverse("employer_privacy")).content.decode()

    assert f"http://testserver/privacy/{org.code}/employer-register/" in page


# --- The public page ----------------------------------------------------------------


def test_it_shows_the_public_statement_without_login(client, org, other_org, outsider):
    privacy_statement_update(user=outsider, purposes="Muun alueen tarkoitus.")

    response = client.get(reverse("employer_privacy_public", args=[org.code]))

    assert response.status_code == 200
    page = response.content.decode()
    assert ORG_NAME in page
    assert privacy_statement_defaults(org)["purposes"] in page
    assert OTHER_ORG_NAME not in page
    assert "Muun alueen tarkoitus." not in page
    # Nothing of the register or its users: no navigation for an anonymous reader.
    assert reverse("employer_list") not in page
    assert 'class="main-nav"' not in page


def test_it_shows_only_the_statement_on_the_public_page(client, org, supervisor):
    login(client, supervisor)  # even a manager sees no edit link or register links there

    page = client.get(reverse("employer_privacy_public", args=[org.code])).content.decode()

    assert "Right of access" in page
    assert reverse("employer_privacy_edit") not in page
    assert 'class="breadcrumb"' not in page
    assert "Public address of this statement" not in page


def test_it_answers_404_for_an_unknown_organisation_code(client, org):
    response = client.get(reverse("employer_privacy_public", args=["ei-ole"]))

    assert response.status_code == 404
    assert ORG_NAME not in response.content.decode()


def test_it_shows_the_saved_texts_on_the_public_page(client, org, admin):
    privacy_statement_update(user=admin, contact_person="Esihenkilö Erkki, p. 040 123 4567")

    page = client.get(reverse("employer_privacy_public", args=[org.code])).content.decode()

    assert "Esihenkilö Erkki, p. 040 123 4567" in page


# --- API ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", PERSONAS)
def test_it_gives_the_statement_to_every_api_user_of_the_organisation(
    request, api_as, role, outsider
):
    privacy_statement_update(user=outsider, retention="Muualla: viisi vuotta.")

    response = api_as(request.getfixturevalue(role)).get("/employers/privacy-statement")

    assert response.status_code == 200
    body = response.json()
    assert body["organization"] == (OTHER_ORG_NAME if role == "outsider" else ORG_NAME)
    assert [s["key"] for s in body["sections"]] == SECTION_KEYS
    assert set(body["sections"][0]) == {"key", "title", "text"}
    retention = next(s["text"] for s in body["sections"] if s["key"] == "retention")
    assert (retention == "Muualla: viisi vuotta.") is (role == "outsider")


def test_it_dates_the_api_statement(api_as, supervisor):
    body = api_as(supervisor).get("/employers/privacy-statement").json()

    assert body["updated_at"] == TEXTS_UPDATED_ON.isoformat()


def test_it_refuses_the_api_statement_without_a_token(api_as, org):
    body = assert_error(api_as(None).get("/employers/privacy-statement"), 401)

    assert ORG_NAME not in str(body)


# --- Django admin -------------------------------------------------------------------


def test_it_lists_only_the_admins_own_statement_in_the_django_admin(
    client, admin, outsider, supervisor
):
    privacy_statement_update(user=supervisor, controller="Oma rekisterinpitäjä")
    privacy_statement_update(user=outsider, controller="Muu rekisterinpitäjä")
    client.force_login(admin)

    response = client.get("/admin/employers/privacystatement/")

    assert response.status_code == 200
    assert ORG_NAME in response.text
    assert OTHER_ORG_NAME not in response.text


def test_it_saves_the_admins_change_through_the_service(client, admin, supervisor):
    statement = privacy_statement_update(user=supervisor, controller="Vanha nimi")
    client.force_login(admin)

    response = client.post(
        f"/admin/employers/privacystatement/{statement.pk}/change/",
        _form_data(controller="Uusi nimi"),
    )

    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.controller, statement.updated_by) == ("Uusi nimi", admin)
    entry = ChangeLogEntry.objects.filter(user=admin).get()
    assert (entry.object_type, entry.fields) == ("privacy_statement", ["controller"])


def test_it_refuses_client_data_in_the_django_admin(client, admin, client_record):
    login(client, admin)

    response = client.post(
        "/admin/employers/privacystatement/add/", _form_data(purposes="Aino Asiakas")
    )

    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["purposes"] == [
        "Remove the client's name: team notes must not identify clients."
    ]
    assert not PrivacyStatement.objects.exists()


def test_it_hides_another_organisations_statement_in_the_django_admin(client, admin, outsider):
    statement = privacy_statement_update(user=outsider, controller="Muu")
    client.force_login(admin)

    with zeal_ignore():  # Django's admin fetches the missing row twice; not our code
        response = client.get(f"/admin/employers/privacystatement/{statement.pk}/change/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    listed = client.get("/admin/employers/privacystatement/").content.decode()
    assert f"/admin/employers/privacystatement/{statement.pk}/change/" not in listed


def test_it_lists_the_organisations_imports_read_only(client, admin, outsider, supervisor):
    EmployerImport.objects.create(
        organization=admin.organization, created_by=supervisor, file_name="oma.xlsx"
    )
    EmployerImport.objects.create(
        organization=outsider.organization, created_by=outsider, file_name="muu.xlsx"
    )
    client.force_login(admin)

    response = client.get("/admin/employers/employerimport/")

    assert response.status_code == 200
    assert "oma.xlsx" in response.text
    assert "muu.xlsx" not in response.text
    assert client.get("/admin/employers/employerimport/add/").status_code == 403


# --- Query count --------------------------------------------------------------------


@pytest.mark.parametrize("saved", [False, True])
def test_it_shows_the_statement_in_a_fixed_number_of_queries(
    client, coach, supervisor, saved, django_assert_num_queries
):
    if saved:
        privacy_statement_update(user=supervisor, **{field: "Oma teksti." for field in FIELDS})
    login(client, coach)

    with django_assert_num_queries(6):
        # 1 savepoint (ATOMIC_REQUESTS inside the test's transaction)
        # 2 session, 3 user, 4 the user's organisation
        # 5 the organisation's statement settings (kept on the organisation: asked once)
        # 6 release savepoint
        response = client.get(reverse("employer_privacy"))

    assert response.content.decode().count("Oma teksti.") == (len(FIELDS) if saved else 0)


def test_it_shows_the_public_statement_in_a_fixed_number_of_queries(
    client, org, django_assert_num_queries
):
    with django_assert_num_queries(4):
        # 1 savepoint, 2 the organisation by its code, 3 its statement settings, 4 release
        response = client.get(reverse("employer_privacy_public", args=[org.code]))

    assert response.status_code == 200
    assert ORG_NAME in response.content.decode()
