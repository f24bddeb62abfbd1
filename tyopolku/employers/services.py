"""Writes of the shared employer register. Each one checks the role, validates every field
(team-wide text may not carry client data), writes in a transaction and records the change;
a contact made for a client's enrollment is client data and goes to the access log too."""

import datetime
import functools
from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction, ChangeAction
from tyopolku.audit.services import access_log_record, change_log_record, change_log_record_many
from tyopolku.clients.guard import team_text_check
from tyopolku.core.dates import today
from tyopolku.core.errors import Conflict, FieldErrors, InvalidInput
from tyopolku.core.validation import (
    NOTES_MAX,
    choice_clean,
    decimal_clean,
    email_clean,
    phone_clean,
    text_clean,
    url_clean,
)
from tyopolku.employers import codes
from tyopolku.employers.models import (
    ContactKind,
    ContactPerson,
    ContactPurpose,
    Employer,
    EmployerContact,
    EmployerType,
    Opening,
)
from tyopolku.employers.selectors import (
    contact_person_for,
    enrollment_for_contact,
    register_access_check,
)

NOT_SET = object()
EARLIEST_CONTACT = datetime.date(2000, 1, 1)

# The free text of the register that the whole team reads, by model: every one of these is
# searched for client data (clients.guard). A business name that is a client's full name
# ("Aino Asiakas Tmi") is refused too: write it another way (e.g. "Tmi A. Asiakas").
# tests/test_guard_fields.py fails when a model gains a text field missing here.
TEAM_TEXT_FIELDS = {
    Employer: ("name", "street_address", "post_office", "notes"),
    ContactPerson: ("name", "title"),
    EmployerContact: ("outcome", "notes"),
    Opening: ("title", "description", "location"),
}


def _team_text_check(user: User, model: type, data: dict, errors: FieldErrors) -> None:
    """Refuse client data in the given texts of `model` (TEAM_TEXT_FIELDS)."""
    team_text_check(
        organization_id=user.organization_id,
        errors=errors,
        user=user,
        **{field: data[field] for field in TEAM_TEXT_FIELDS[model] if data.get(field)},
    )


def business_id_clean(value: str | None) -> str:
    """A Y-tunnus in its standard form 1234567-8, or InvalidInput naming `business_id`."""
    value = (value or "").strip()
    if not value:
        raise InvalidInput.for_field("business_id", _("This field is required."))
    try:
        return ytunnus.format(ytunnus.validate(value))
    except StdnumError:
        raise InvalidInput.for_field(
            "business_id",
            _("Not a valid business ID (Y-tunnus), e.g. 1234567-1: check the digits."),
        ) from None


def _given(values: dict) -> dict:
    """The fields a PATCH names (NOT_SET left out; None means empty)."""
    return {k: ("" if v is None else v) for k, v in values.items() if v is not NOT_SET}


def _clean_employer(user: User, data: dict, errors: FieldErrors) -> dict:
    """Clean the given employer fields in place; returns `data`."""
    if "name" in data:
        data["name"] = text_clean(data["name"], "name", errors, required=True, max_length=200)
    if "business_id" in data:
        data["business_id"] = errors.check("business_id", business_id_clean, data["business_id"])
    if "employer_type" in data:
        data["employer_type"] = choice_clean(
            data["employer_type"] or EmployerType.COMPANY, "employer_type", errors, EmployerType
        )
    if data.get("industry_code"):
        code = codes.industry_code_for_text(str(data["industry_code"]))
        if code is None:
            errors.add("industry_code", _("Not an industry code of TOL 2008, e.g. 47 or 56101."))
        data["industry_code"] = code or ""
    if data.get("municipality_code"):
        data["municipality_code"] = str(data["municipality_code"]).strip()
        if not codes.municipality_is_valid(data["municipality_code"]):
            errors.add("municipality_code", _("Not a municipality code, e.g. 153 for Imatra."))
    for field, length in (("street_address", 200), ("post_office", 100)):
        if field in data:
            data[field] = text_clean(data[field], field, errors, max_length=length)
    if data.get("postal_code"):
        data["postal_code"] = str(data["postal_code"]).strip()
        if not (len(data["postal_code"]) == 5 and data["postal_code"].isdigit()):
            errors.add("postal_code", _("A postal code has five digits, e.g. 55100."))
    if "website" in data:
        data["website"] = url_clean(data["website"], "website", errors)
    if "notes" in data:
        data["notes"] = text_clean(data["notes"], "notes", errors, max_length=NOTES_MAX)
    _team_text_check(user, Employer, data, errors)
    return data


def _check_unique_business_id(employer: Employer) -> None:
    duplicate = (
        Employer.objects.filter(
            organization_id=employer.organization_id, business_id=employer.business_id
        )
        .exclude(pk=employer.pk)
        .first()
    )
    if duplicate is not None:
        raise Conflict(
            _("%(name)s has this business ID in the register already.") % {"name": duplicate.name},
            {"business_id": _("This business ID is in the register already.")},
        )


def _save_employer(employer: Employer, update_fields: list[str] | None = None) -> None:
    """Save after the duplicate check, turning a lost race on the unique business ID into
    the same 409."""
    _check_unique_business_id(employer)
    if update_fields is not None:
        update_fields = [*update_fields, "updated_at"]
    try:
        with transaction.atomic():
            employer.save(update_fields=update_fields)
    except IntegrityError:
        _check_unique_business_id(employer)
        raise


def _changes_save(
    *, user: User, obj, object_type: str, data: dict, save: Callable | None = None
) -> None:
    """Set the fields of `data` that differ, save only those, and log their names (a PATCH
    that changes nothing writes nothing)."""
    changed = [field for field, value in data.items() if getattr(obj, field) != value]
    if not changed:
        return
    for field in changed:
        setattr(obj, field, data[field])
    (save or obj.save)(update_fields=changed)
    change_log_record(
        user=user,
        object_type=object_type,
        object_id=obj.pk,
        action=ChangeAction.UPDATE,
        fields=changed,
    )


@transaction.atomic
def employer_create(
    *,
    user: User,
    name: str,
    business_id: str,
    employer_type: str = EmployerType.COMPANY,
    industry_code: str | None = "",
    municipality_code: str | None = "",
    street_address: str | None = "",
    postal_code: str | None = "",
    post_office: str | None = "",
    website: str | None = "",
    notes: str | None = "",
) -> Employer:
    register_access_check(user)
    errors = FieldErrors()
    data = _clean_employer(
        user,
        {
            "name": name,
            "business_id": business_id,
            "employer_type": employer_type,
            "industry_code": industry_code or "",
            "municipality_code": municipality_code or "",
            "street_address": street_address,
            "postal_code": postal_code or "",
            "post_office": post_office,
            "website": website,
            "notes": notes,
        },
        errors,
    )
    errors.raise_if_any()
    employer = Employer(organization_id=user.organization_id, created_by=user, **data)
    _save_employer(employer)
    change_log_record(
        user=user, object_type="employer", object_id=employer.pk, action=ChangeAction.CREATE
    )
    return employer


@transaction.atomic
def employer_bulk_create(
    *, user: User, employers: list[tuple[dict, list[dict]]]
) -> tuple[int, int]:
    """Write employers, each with its contact persons, in a few queries however many: for the
    import, whose preview has already cleaned every field as `employer_create` and
    `contact_person_create` clean them, searched the whole file for client data and checked
    the business IDs against the register, inside the same transaction. A business ID added
    to the register by someone else meanwhile breaks the unique constraint: Conflict, and
    nothing is written. Returns the numbers of employers and contact persons written."""
    register_access_check(user)
    created = [
        Employer(organization_id=user.organization_id, created_by=user, **data)
        for data, _people in employers
    ]
    try:
        with transaction.atomic():
            Employer.objects.bulk_create(created, batch_size=1000)
    except IntegrityError as error:
        raise Conflict(
            _("A business ID of these employers was added to the register meanwhile.")
        ) from error
    people = ContactPerson.objects.bulk_create(
        (
            ContactPerson(employer=employer, **person)
            for employer, (_data, persons) in zip(created, employers, strict=True)
            for person in persons
        ),
        batch_size=1000,
    )
    for object_type, objects in (("employer", created), ("contact_person", people)):
        change_log_record_many(
            user=user,
            object_type=object_type,
            object_ids=[o.pk for o in objects],
            action=ChangeAction.CREATE,
        )
    return len(created), len(people)


@transaction.atomic
def employer_update(
    *,
    user: User,
    employer: Employer,
    name=NOT_SET,
    business_id=NOT_SET,
    employer_type=NOT_SET,
    industry_code=NOT_SET,
    municipality_code=NOT_SET,
    street_address=NOT_SET,
    postal_code=NOT_SET,
    post_office=NOT_SET,
    website=NOT_SET,
    notes=NOT_SET,
) -> Employer:
    """Change the given fields only (a PATCH). `employer` comes from `employer_get`."""
    register_access_check(user)
    errors = FieldErrors()
    given = _given(
        {
            "name": name,
            "business_id": business_id,
            "employer_type": employer_type,
            "industry_code": industry_code,
            "municipality_code": municipality_code,
            "street_address": street_address,
            "postal_code": postal_code,
            "post_office": post_office,
            "website": website,
            "notes": notes,
        }
    )
    data = _clean_employer(user, given, errors)
    errors.raise_if_any()
    save = functools.partial(_save_employer, employer)
    _changes_save(user=user, obj=employer, object_type="employer", data=data, save=save)
    return employer


def _clean_contact_person(user: User, data: dict, errors: FieldErrors) -> dict:
    if "name" in data:
        data["name"] = text_clean(data["name"], "name", errors, required=True, max_length=200)
    if "title" in data:
        data["title"] = text_clean(data["title"], "title", errors, max_length=200)
    if "phone" in data:
        data["phone"] = phone_clean(data["phone"], "phone", errors)
    if "email" in data:
        data["email"] = email_clean(data["email"], "email", errors)
    if "legal_basis" in data:
        data["legal_basis"] = choice_clean(
            data["legal_basis"] or ContactPerson.LegalBasis.LEGITIMATE_INTEREST,
            "legal_basis",
            errors,
            ContactPerson.LegalBasis,
        )
    _team_text_check(user, ContactPerson, data, errors)
    return data


@transaction.atomic
def contact_person_create(
    *,
    user: User,
    employer: Employer,
    name: str,
    title: str | None = "",
    phone: str | None = "",
    email: str | None = "",
    legal_basis: str | None = ContactPerson.LegalBasis.LEGITIMATE_INTEREST,
) -> ContactPerson:
    register_access_check(user)
    errors = FieldErrors()
    data = _clean_contact_person(
        user,
        {"name": name, "title": title, "phone": phone, "email": email, "legal_basis": legal_basis},
        errors,
    )
    errors.raise_if_any()
    person = ContactPerson.objects.create(employer=employer, **data)
    change_log_record(
        user=user, object_type="contact_person", object_id=person.pk, action=ChangeAction.CREATE
    )
    return person


@transaction.atomic
def contact_person_update(
    *,
    user: User,
    person: ContactPerson,
    name=NOT_SET,
    title=NOT_SET,
    phone=NOT_SET,
    email=NOT_SET,
    legal_basis=NOT_SET,
) -> ContactPerson:
    register_access_check(user)
    errors = FieldErrors()
    data = _clean_contact_person(
        user,
        _given(
            {
                "name": name,
                "title": title,
                "phone": phone,
                "email": email,
                "legal_basis": legal_basis,
            }
        ),
        errors,
    )
    errors.raise_if_any()
    _changes_save(user=user, obj=person, object_type="contact_person", data=data)
    return person


@transaction.atomic
def contact_person_delete(*, user: User, person: ContactPerson) -> None:
    """A contact person who left is removed (their data is kept no longer than needed);
    the contacts made with them stay, without the name."""
    register_access_check(user)
    change_log_record(
        user=user, object_type="contact_person", object_id=person.pk, action=ChangeAction.DELETE
    )
    person.delete()


@transaction.atomic
def employer_contact_create(
    *,
    user: User,
    employer: Employer,
    date: datetime.date,
    kind: str,
    purpose: str,
    outcome: str | None = "",
    notes: str | None = "",
    enrollment_id: int | None = None,
    contact_person_id: int | None = None,
) -> EmployerContact:
    """A contact the user made with the employer, optionally with one of its contact persons
    and for a client's enrollment that the user may see."""
    register_access_check(user)
    errors = FieldErrors()
    enrollment = (
        errors.check(
            "enrollment_id", enrollment_for_contact, user=user, enrollment_id=enrollment_id
        )
        if enrollment_id is not None
        else None
    )
    contact_person = (
        errors.check(
            "contact_person_id",
            contact_person_for,
            employer=employer,
            contact_person_id=contact_person_id,
        )
        if contact_person_id is not None
        else None
    )
    kind = choice_clean(kind, "kind", errors, ContactKind)
    purpose = choice_clean(purpose, "purpose", errors, ContactPurpose)
    outcome = text_clean(outcome, "outcome", errors, max_length=500)
    notes = text_clean(notes, "notes", errors, max_length=NOTES_MAX)
    _team_text_check(user, EmployerContact, {"outcome": outcome, "notes": notes}, errors)
    if date is None:
        errors.add("date", _("This field is required."))
    elif date > today():
        errors.add("date", _("A contact cannot be recorded ahead of its date."))
    elif date < EARLIEST_CONTACT:
        errors.add("date", _("The date is too far in the past."))
    errors.raise_if_any()
    contact = EmployerContact.objects.create(
        employer=employer,
        date=date,
        kind=kind,
        purpose=purpose,
        outcome=outcome,
        notes=notes,
        enrollment=enrollment,
        contact_person=contact_person,
        made_by=user,
    )
    change_log_record(
        user=user, object_type="employer_contact", object_id=contact.pk, action=ChangeAction.CREATE
    )
    if enrollment is not None:
        access_log_record(
            user=user,
            client_ids=[enrollment.client_id],
            action=AccessAction.CREATE,
            target="employer_contact",
        )
    return contact


MAX_HOURS_PER_WEEK = Decimal(80)


def _clean_opening(user: User, data: dict, errors: FieldErrors) -> dict:
    if "title" in data:
        data["title"] = text_clean(data["title"], "title", errors, required=True, max_length=200)
    if "description" in data:
        data["description"] = text_clean(
            data["description"], "description", errors, max_length=NOTES_MAX
        )
    if "location" in data:
        data["location"] = text_clean(data["location"], "location", errors, max_length=200)
    if "hours_per_week" in data:
        # Not `or None`: 0 hours is out of range, not "not given".
        data["hours_per_week"] = decimal_clean(
            data["hours_per_week"],
            "hours_per_week",
            errors,
            low=Decimal("0.5"),
            high=MAX_HOURS_PER_WEEK,
            places="0.1",
        )
    if "open_until" in data:
        data["open_until"] = data["open_until"] or None
    if "status" in data:
        data["status"] = choice_clean(
            data["status"] or Opening.Status.OPEN, "status", errors, Opening.Status
        )
    _team_text_check(user, Opening, data, errors)
    return data


@transaction.atomic
def opening_create(
    *,
    user: User,
    employer: Employer,
    title: str,
    description: str | None = "",
    hours_per_week: Decimal | None = None,
    location: str | None = "",
    open_until: datetime.date | None = None,
    status: str | None = Opening.Status.OPEN,
) -> Opening:
    register_access_check(user)
    errors = FieldErrors()
    data = _clean_opening(
        user,
        {
            "title": title,
            "description": description,
            "hours_per_week": hours_per_week,
            "location": location,
            "open_until": open_until,
            "status": status,
        },
        errors,
    )
    errors.raise_if_any()
    opening = Opening.objects.create(employer=employer, created_by=user, **data)
    change_log_record(
        user=user, object_type="opening", object_id=opening.pk, action=ChangeAction.CREATE
    )
    return opening


@transaction.atomic
def opening_update(
    *,
    user: User,
    opening: Opening,
    title=NOT_SET,
    description=NOT_SET,
    hours_per_week=NOT_SET,
    location=NOT_SET,
    open_until=NOT_SET,
    status=NOT_SET,
) -> Opening:
    register_access_check(user)
    errors = FieldErrors()
    given = _given(
        {
            "title": title,
            "description": description,
            "hours_per_week": hours_per_week,
            "location": location,
            "open_until": open_until,
            "status": status,
        }
    )
    data = _clean_opening(user, given, errors)
    errors.raise_if_any()
    _changes_save(user=user, obj=opening, object_type="opening", data=data)
    return opening
