"""API of the shared employer register: employers, contact persons, contacts, openings, and
the coach's job-development figures."""

import datetime
from decimal import Decimal

from ninja import Query, Router, Schema, Status

from tyopolku.core.api import (
    ERRORS,
    Id,
    ListParams,
    Paging,
    PathId,
    choice,
    decimal,
    paginated,
    patch_schema,
    text,
)
from tyopolku.core.validation import EMAIL_MAX, MUNICIPALITY_PATTERN, NOTES_MAX, PHONE_PATTERN
from tyopolku.employers import codes, selectors, services
from tyopolku.employers.models import (
    ContactKind,
    ContactPerson,
    ContactPurpose,
    Employer,
    EmployerType,
    Opening,
)
from tyopolku.employers.selectors import ContactRow, WaitingClient
from tyopolku.employers.services import MAX_HOURS_PER_WEEK

router = Router(tags=["employers"])

# A Y-tunnus in its standard form; the service checks the check digit (python-stdnum).
BUSINESS_ID_PATTERN = r"^[0-9]{7}-[0-9]$"
# A TOL 2008 code (a section letter or 2–5 digits) at the start; the text after it is ignored.
INDUSTRY_CODE_PATTERN = r"^([A-Ua-u]|[0-9]{2,5})"


class EmployerIn(Schema):
    name: text(200)
    business_id: text(9, BUSINESS_ID_PATTERN)
    employer_type: choice(EmployerType) = EmployerType.COMPANY.value
    industry_code: text(200, INDUSTRY_CODE_PATTERN) | None = None
    municipality_code: text(3, MUNICIPALITY_PATTERN) | None = None
    street_address: text(200) | None = None
    postal_code: text(5, "^[0-9]{5}$") | None = None
    post_office: text(100) | None = None
    website: text(200) | None = None
    notes: text(NOTES_MAX) | None = None


class ContactPersonIn(Schema):
    name: text(200)
    title: text(200) | None = None
    phone: text(40, PHONE_PATTERN) | None = None
    email: text(EMAIL_MAX) | None = None
    legal_basis: choice(ContactPerson.LegalBasis) | None = None


EmployerPatch = patch_schema(EmployerIn, "EmployerPatch")
ContactPersonPatch = patch_schema(ContactPersonIn, "ContactPersonPatch")


class ContactPersonOut(Schema):
    id: int
    name: str
    title: str
    phone: str
    email: str
    legal_basis: choice(ContactPerson.LegalBasis)


class ContactPersonListOut(Schema):
    count: int
    items: list[ContactPersonOut]


class EmployerOut(Schema):
    id: int
    name: str
    business_id: str
    employer_type: choice(EmployerType)
    industry_code: str
    industry_name: str
    municipality_code: str
    municipality_name: str
    street_address: str
    postal_code: str
    post_office: str
    website: str
    notes: str
    contact_persons: list[ContactPersonOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_industry_name(employer: Employer) -> str:
        return codes.industry_name(employer.industry_code) if employer.industry_code else ""

    @staticmethod
    def resolve_municipality_name(employer: Employer) -> str:
        code = employer.municipality_code
        return codes.municipality_name(code) if code else ""

    @staticmethod
    def resolve_contact_persons(employer: Employer) -> list[ContactPerson]:
        return list(selectors.contact_person_list(employer=employer))


class EmployerListItemOut(Schema):
    id: int
    name: str
    business_id: str
    employer_type: choice(EmployerType)
    industry_code: str
    municipality_code: str
    contact_count: int
    last_contact: datetime.date | None


class EmployerListOut(Schema):
    count: int
    items: list[EmployerListItemOut]


class ContactIn(Schema):
    date: datetime.date
    kind: choice(ContactKind)
    purpose: choice(ContactPurpose)
    outcome: text(500) | None = None
    notes: text(NOTES_MAX) | None = None
    enrollment_id: Id | None = None
    contact_person_id: Id | None = None


class ContactOut(Schema):
    id: int
    employer_id: int
    employer_name: str
    date: datetime.date
    kind: choice(ContactKind)
    face_to_face: bool
    purpose: choice(ContactPurpose)
    outcome: str
    notes: str
    made_by: str
    contact_person_id: int | None
    contact_person_name: str
    # On whose behalf: null unless the caller may see that client.
    enrollment_id: int | None
    client_id: int | None
    client_name: str | None


class ContactListOut(Schema):
    count: int
    items: list[ContactOut]


class OpeningIn(Schema):
    title: text(200)
    description: text(NOTES_MAX) | None = None
    hours_per_week: decimal(Decimal("0.5"), MAX_HOURS_PER_WEEK) | None = None
    location: text(200) | None = None
    open_until: datetime.date | None = None
    status: choice(Opening.Status) | None = None


OpeningPatch = patch_schema(OpeningIn, "OpeningPatch")


class OpeningOut(Schema):
    id: int
    employer_id: int
    title: str
    description: str
    hours_per_week: Decimal | None
    location: str
    open_until: datetime.date | None
    status: choice(Opening.Status)
    created_at: datetime.datetime


class OpeningListOut(Schema):
    count: int
    items: list[OpeningOut]


class WaitingClientOut(Schema):
    enrollment_id: int
    client_id: int
    client_name: str
    start_date: datetime.date
    days_waiting: int
    overdue: bool


class JobDevelopmentOut(Schema):
    week_start: datetime.date
    week_end: datetime.date
    face_to_face_contacts: int
    target: int
    contacts: list[ContactOut]
    waiting_for_first_contact: list[WaitingClientOut]


def _contact_out(row: ContactRow) -> dict:
    c, enrollment = row.contact, row.enrollment
    return {
        "id": c.pk,
        "employer_id": c.employer_id,
        "employer_name": c.employer.name,
        "date": c.date,
        "kind": c.kind,
        "face_to_face": row.face_to_face,
        "purpose": c.purpose,
        "outcome": c.outcome,
        "notes": c.notes,
        "made_by": c.made_by.username,
        "contact_person_id": c.contact_person_id,
        "contact_person_name": c.contact_person.name if c.contact_person else "",
        "enrollment_id": enrollment.pk if enrollment else None,
        "client_id": enrollment.client_id if enrollment else None,
        "client_name": enrollment.client.full_name if enrollment else None,
    }


def _waiting_out(waiting: WaitingClient) -> dict:
    e = waiting.enrollment
    return {
        "enrollment_id": e.pk,
        "client_id": e.client_id,
        "client_name": e.client.full_name,
        "start_date": e.start_date,
        "days_waiting": waiting.days_waiting,
        "overdue": waiting.overdue,
    }


@router.post("/employers", response={201: EmployerOut, **ERRORS})
def create_employer(request, payload: EmployerIn):
    """Invalid Y-tunnus → 422 naming `business_id`; one already in the register → 409."""
    return Status(201, services.employer_create(user=request.user, **payload.dict()))


@router.get("/employers", response={200: EmployerListOut, **ERRORS})
def list_employers(request, params: Query[ListParams]):
    """`?search=` finds by name, business ID, municipality code or industry code."""
    count, items = selectors.employer_list(
        user=request.user, search=params.search, limit=params.limit, offset=params.offset
    )
    return {"count": count, "items": items}


@router.get("/employers/{employer_id}", response={200: EmployerOut, **ERRORS})
def get_employer(request, employer_id: PathId):
    return selectors.employer_get(user=request.user, employer_id=employer_id)


@router.patch("/employers/{employer_id}", response={200: EmployerOut, **ERRORS})
def update_employer(request, employer_id: PathId, payload: EmployerPatch):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    return services.employer_update(
        user=request.user, employer=employer, **payload.dict(exclude_unset=True)
    )


@router.get(
    "/employers/{employer_id}/contact-persons", response={200: ContactPersonListOut, **ERRORS}
)
def list_contact_persons(request, employer_id: PathId, params: Query[Paging]):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    return paginated(selectors.contact_person_list(employer=employer), params)


@router.post("/employers/{employer_id}/contact-persons", response={201: ContactPersonOut, **ERRORS})
def create_contact_person(request, employer_id: PathId, payload: ContactPersonIn):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    person = services.contact_person_create(user=request.user, employer=employer, **payload.dict())
    return Status(201, person)


@router.patch(
    "/employers/{employer_id}/contact-persons/{person_id}",
    response={200: ContactPersonOut, **ERRORS},
)
def update_contact_person(
    request, employer_id: PathId, person_id: PathId, payload: ContactPersonPatch
):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    person = selectors.contact_person_get(employer=employer, contact_person_id=person_id)
    return services.contact_person_update(
        user=request.user, person=person, **payload.dict(exclude_unset=True)
    )


@router.delete(
    "/employers/{employer_id}/contact-persons/{person_id}", response={204: None, **ERRORS}
)
def delete_contact_person(request, employer_id: PathId, person_id: PathId):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    person = selectors.contact_person_get(employer=employer, contact_person_id=person_id)
    services.contact_person_delete(user=request.user, person=person)
    return Status(204, None)


@router.post("/employers/{employer_id}/contacts", response={201: ContactOut, **ERRORS})
def create_contact(request, employer_id: PathId, payload: ContactIn):
    """A contact made by the token's user; `enrollment_id` (one of the user's clients) says
    on whose behalf."""
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    contact = services.employer_contact_create(
        user=request.user, employer=employer, **payload.dict()
    )
    return Status(201, _contact_out(ContactRow(contact, contact.enrollment)))


@router.get("/employers/{employer_id}/contacts", response={200: ContactListOut, **ERRORS})
def list_contacts(request, employer_id: PathId, params: Query[Paging]):
    """Every contact the team made with the employer, newest first; the client link only
    where the caller may see the client."""
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    count, rows = selectors.employer_contacts(
        user=request.user, employer=employer, limit=params.limit, offset=params.offset
    )
    return {"count": count, "items": [_contact_out(r) for r in rows]}


@router.post("/employers/{employer_id}/openings", response={201: OpeningOut, **ERRORS})
def create_opening(request, employer_id: PathId, payload: OpeningIn):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    opening = services.opening_create(user=request.user, employer=employer, **payload.dict())
    return Status(201, opening)


@router.get("/employers/{employer_id}/openings", response={200: OpeningListOut, **ERRORS})
def list_openings(request, employer_id: PathId, params: Query[Paging]):
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    return paginated(selectors.opening_list(employer=employer), params)


@router.get("/openings/{opening_id}", response={200: OpeningOut, **ERRORS})
def get_opening(request, opening_id: PathId):
    return selectors.opening_get(user=request.user, opening_id=opening_id)


@router.patch("/openings/{opening_id}", response={200: OpeningOut, **ERRORS})
def update_opening(request, opening_id: PathId, payload: OpeningPatch):
    opening: Opening = selectors.opening_get(user=request.user, opening_id=opening_id)
    return services.opening_update(
        user=request.user, opening=opening, **payload.dict(exclude_unset=True)
    )


@router.get("/job-development/me", response={200: JobDevelopmentOut, **ERRORS})
def my_job_development(request):
    """The caller's employer contacts this week against the IPS target of six face-to-face
    contacts, and the clients still waiting for their first face-to-face employer contact."""
    week = selectors.coach_week_contacts(user=request.user)
    waiting = selectors.clients_waiting_for_employer_contact(user=request.user)
    return {
        "week_start": week.week_start,
        "week_end": week.week_end,
        "face_to_face_contacts": week.face_to_face,
        "target": week.target,
        "contacts": [_contact_out(r) for r in week.rows],
        "waiting_for_first_contact": [_waiting_out(w) for w in waiting],
    }
