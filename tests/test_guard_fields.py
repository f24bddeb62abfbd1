"""Every free-text field of the shared register is searched for client data: a walk over
the models' text fields against the declared list, and each listed field refused through
the API, the import and the privacy statement."""

import io

import pytest
from django.apps import apps
from django.db import models

from tests.factories import ContactPersonFactory, EmployerFactory, OpeningFactory
from tests.test_api_support import in_english
from tyopolku.accounts.roles import REGISTER_MANAGERS, SEES_ALL_CLIENTS
from tyopolku.core.dates import today
from tyopolku.core.errors import InvalidInput
from tyopolku.employers import privacy
from tyopolku.employers.imports import employer_import_create
from tyopolku.employers.models import (
    ContactPerson,
    Employer,
    EmployerContact,
    EmployerImport,
    Opening,
    PrivacyStatement,
)
from tyopolku.employers.services import TEAM_TEXT_FIELDS

NAME_REFUSED = "Remove the client's name: team notes must not identify clients."
# The client_record's name, inflected and disguised with a zero-width space.
CLIENT_NAME = "Aino Asia\u200bkkaalle"

# Text fields that are not free text: codes and formats their cleaners check.
NOT_FREE_TEXT = {
    (Employer, "business_id"),
    (Employer, "industry_code"),
    (Employer, "municipality_code"),
    (Employer, "postal_code"),
    (Employer, "website"),
    (ContactPerson, "phone"),
    (ContactPerson, "email"),
    # Shown to register managers only, who see every client anyway.
    (EmployerImport, "file_name"),
}


def guarded(model) -> set[str]:
    if model is PrivacyStatement:
        return set(privacy.FIELDS)
    return set(TEAM_TEXT_FIELDS.get(model, ()))


def test_it_guards_every_text_field_of_the_register():
    unguarded = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("employers").get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and (model, field.name) not in NOT_FREE_TEXT
        and field.name not in guarded(model)
    ]

    assert unguarded == []


def test_it_leaves_imports_and_the_privacy_statement_to_those_who_see_every_client():
    """Their refusals log no disclosure (see employers.imports._check_client_data)."""
    assert REGISTER_MANAGERS <= SEES_ALL_CLIENTS


def _create(api, world, model, field):
    employer = world["employer"]
    path, body = {
        Employer: ("/employers", {"name": "Kauppa Oy", "business_id": "2077474-0"}),
        ContactPerson: (f"/employers/{employer.pk}/contact-persons", {"name": "Maija Myyjä"}),
        EmployerContact: (
            f"/employers/{employer.pk}/contacts",
            {"date": today().isoformat(), "kind": "visit", "purpose": "job_development"},
        ),
        Opening: (f"/employers/{employer.pk}/openings", {"title": "Myyjä"}),
    }[model]
    return api.post(path, body | {field: CLIENT_NAME})


def _update(api, world, model, field):
    path = {
        Employer: f"/employers/{world['employer'].pk}",
        ContactPerson: f"/employers/{world['employer'].pk}/contact-persons/{world['person'].pk}",
        Opening: f"/openings/{world['opening'].pk}",
    }[model]
    return api.patch(path, {field: CLIENT_NAME})


@pytest.fixture
def world(org):
    employer = EmployerFactory(organization=org, name="Vanha Oy")
    return {
        "employer": employer,
        "person": ContactPersonFactory(employer=employer),
        "opening": OpeningFactory(employer=employer),
    }


@pytest.mark.parametrize(
    ("model", "field", "write"),
    [
        (model, field, write)
        for model, fields in TEAM_TEXT_FIELDS.items()
        for field in fields
        for write in (_create, _update)
        if not (model is EmployerContact and write is _update)  # contacts are not changed
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_it_refuses_a_clients_name_in_each_field(
    api_as, coach, client_record, world, model, field, write
):
    response = write(in_english(api_as(coach)), world, model, field)

    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [{"field": field, "message": NAME_REFUSED}]


def test_it_refuses_a_clients_name_in_each_text_of_an_imported_row(supervisor, client_record):
    header = ["Yritys", "Y-tunnus", "Osoite", "Postitoimipaikka", "Lisätiedot", "Yhteyshenkilö",
              "Titteli"]  # fmt: skip
    clean = ["Kauppa Oy", "2077474-0", "Kauppakatu 1", "Imatra", "", "Maija Myyjä", "Myyjä"]
    rows = [header]
    for column in range(len(header)):
        if column != 1:
            row = [*clean]
            row[column] = CLIENT_NAME
            rows.append(row)
    content = "\r\n".join(";".join(row) for row in rows).encode()

    _import, preview = employer_import_create(
        user=supervisor, file_name="rekisteri.csv", file=io.BytesIO(content)
    )

    refused = [
        [field for field, message in row.problems.items() if message == NAME_REFUSED]
        for row in preview.rows
    ]
    assert refused == [
        ["name"],
        ["street_address"],
        ["post_office"],
        ["notes"],
        ["contact_person"],
        ["title"],
    ]


def test_it_refuses_a_clients_name_in_each_text_of_the_privacy_statement(org, client_record):
    with pytest.raises(InvalidInput) as refused:
        privacy.privacy_statement_clean(
            organization_id=org.pk, **dict.fromkeys(privacy.FIELDS, CLIENT_NAME)
        )

    assert refused.value.fields == dict.fromkeys(privacy.FIELDS, NAME_REFUSED)
