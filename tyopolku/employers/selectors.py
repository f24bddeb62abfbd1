"""Reads of the shared employer register. The register belongs to the organisation; the one
piece of client data in it, the enrollment a contact was made for, is shown only to users
who may see that client, and showing it is logged."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import EMPLOYER_REGISTER_ROLES, SEES_ALL_CLIENTS
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, InvalidInput, NotFound
from tyopolku.core.params import search_words
from tyopolku.employers import codes
from tyopolku.employers.models import (
    FACE_TO_FACE,
    ContactPerson,
    Employer,
    EmployerContact,
    Opening,
)
from tyopolku.pathway.models import Enrollment, Phase, ServiceModel
from tyopolku.pathway.selectors import enrollments_visible_to, phase_on_day
from tyopolku.placements.models import Placement

# IPS: about six face-to-face employer contacts per coach a week (IPS.md, principle 7), and the
# first one for a client within 30 days of entry (principle 6).
WEEKLY_CONTACT_TARGET = 6
FIRST_CONTACT_DAYS = 30


def register_access_check(user: User) -> None:
    """The register is for the roles that do job development; others get 403."""
    if user.organization_id is None or user.role not in EMPLOYER_REGISTER_ROLES:
        raise Forbidden(_("Your role has no access to the employer register."))


def employers_of(user: User) -> QuerySet[Employer]:
    """The organisation's employers (the one scope of the register); checks the role."""
    register_access_check(user)
    return Employer.objects.filter(organization_id=user.organization_id)


def _business_id_prefix(word: str) -> str:
    """People type a Y-tunnus without its hyphen ("20774740"); the register keeps it."""
    if word.isdigit() and len(word) == 8:
        return f"{word[:7]}-{word[7]}"
    return word


def employer_list(
    *, user: User, search: str = "", limit: int = 50, offset: int = 0
) -> tuple[int, list[Employer]]:
    """Employers by name, business ID, municipality or industry code, with each one's
    contact count and last contact date (annotated: one query for the page)."""
    employers = employers_of(user)
    for word in search_words(search):
        # A municipality by its code or its Finnish or Swedish name ("Imatra" → 153).
        municipality = codes.municipality_code_for_name(word) or word
        employers = employers.filter(
            Q(name__icontains=word)
            | Q(business_id__startswith=_business_id_prefix(word))
            | Q(municipality_code=municipality)
            | Q(industry_code__startswith=word)
            | Q(post_office__icontains=word)
        )
    count = employers.count()
    page = list(
        employers.annotate(
            contact_count=Count("contacts"), last_contact=Max("contacts__date")
        ).order_by("name", "pk")[offset : offset + limit]
    )
    return count, page


def employer_get(*, user: User, employer_id: int) -> Employer:
    employer = employers_of(user).filter(pk=employer_id).first()
    if employer is None:
        raise NotFound(_("Employer not found."))
    return employer


def contact_person_list(*, employer: Employer) -> QuerySet[ContactPerson]:
    return employer.contact_persons.order_by("name", "pk")


def contact_person_for(*, employer: Employer, contact_person_id: int) -> ContactPerson:
    person = employer.contact_persons.filter(pk=contact_person_id).first()
    if person is None:
        raise InvalidInput.for_field(
            "contact_person_id", _("The employer has no such contact person.")
        )
    return person


def contact_person_get(*, employer: Employer, contact_person_id: int) -> ContactPerson:
    person = employer.contact_persons.filter(pk=contact_person_id).first()
    if person is None:
        raise NotFound(_("Contact person not found."))
    return person


def opening_list(*, employer: Employer) -> QuerySet[Opening]:
    return employer.openings.order_by("-created_at", "-pk")


def opening_get(*, user: User, opening_id: int) -> Opening:
    opening = (
        Opening.objects.filter(employer__in=employers_of(user), pk=opening_id)
        .select_related("employer")
        .first()
    )
    if opening is None:
        raise NotFound(_("Job opening not found."))
    return opening


@dataclass(frozen=True)
class ContactRow:
    """A contact as one user may see it: `enrollment` is None unless they may see the client."""

    contact: EmployerContact
    enrollment: Enrollment | None

    @property
    def face_to_face(self) -> bool:
        return self.contact.kind in FACE_TO_FACE


def _contact_rows(
    user: User, contacts: QuerySet[EmployerContact], limit: int | None = None, offset: int = 0
) -> list[ContactRow]:
    """Contacts with the client link only where the user may see the client; the clients
    whose link is shown are logged as read (one query for the rows, one for the log)."""
    visible = enrollments_visible_to(user).filter(pk=OuterRef("enrollment_id"))
    ordered = (
        contacts.select_related("made_by", "contact_person", "employer", "enrollment__client")
        .annotate(link_visible=Exists(visible))
        .order_by("-date", "-pk")
    )
    rows = list(ordered if limit is None else ordered[offset : offset + limit])
    shown = [c for c in rows if c.enrollment_id and c.link_visible]
    access_log_record(
        user=user,
        client_ids=[c.enrollment.client_id for c in shown],
        action=AccessAction.READ,
        target="employer_contact",
    )
    return [ContactRow(c, c.enrollment if c.link_visible else None) for c in rows]


def employer_contacts(
    *, user: User, employer: Employer, limit: int | None = None, offset: int = 0
) -> tuple[int, list[ContactRow]]:
    """Every contact anyone in the team made with the employer, newest first."""
    contacts = EmployerContact.objects.filter(employer=employer)
    return contacts.count(), _contact_rows(user, contacts, limit, offset)


def enrollment_for_contact(*, user: User, enrollment_id: int) -> Enrollment:
    """The enrollment a contact is made for: one the user may see, else invalid input."""
    enrollment = (
        enrollments_visible_to(user).filter(pk=enrollment_id).select_related("client").first()
    )
    if enrollment is None:
        raise InvalidInput.for_field(
            "enrollment_id", _("Unknown enrollment, or not one of your clients.")
        )
    return enrollment


def contact_enrollment_choices(*, user: User) -> list[Enrollment]:
    """The open enrollments a user may make contacts for (the contact form's select): a
    coach's own caseload, or the organisation's for those who see all. Logged as a read."""
    enrollments = enrollments_visible_to(user).filter(end_date__isnull=True)
    if user.role not in SEES_ALL_CLIENTS:
        enrollments = enrollments.filter(coach=user)
    rows = list(
        enrollments.select_related("client").order_by(
            "client__last_name", "client__first_name", "pk"
        )
    )
    access_log_record(
        user=user,
        client_ids=[e.client_id for e in rows],
        action=AccessAction.READ,
        target="contact_form",
    )
    return rows


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the week of `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


@dataclass(frozen=True)
class WeekContacts:
    week_start: datetime.date
    week_end: datetime.date
    face_to_face: int
    target: int
    rows: list[ContactRow]

    @property
    def reached(self) -> bool:
        return self.face_to_face >= self.target


def coach_week_contacts(*, user: User, day: datetime.date | None = None) -> WeekContacts:
    """The user's own employer contacts in the week of `day`, against the IPS target of six
    face-to-face contacts a week."""
    register_access_check(user)
    start, end = week_of(day or today())
    contacts = EmployerContact.objects.filter(
        made_by=user, employer__organization_id=user.organization_id, date__range=(start, end)
    )
    rows = _contact_rows(user, contacts)
    return WeekContacts(
        week_start=start,
        week_end=end,
        face_to_face=sum(1 for r in rows if r.face_to_face),
        target=WEEKLY_CONTACT_TARGET,
        rows=rows,
    )


@dataclass(frozen=True)
class WaitingClient:
    enrollment: Enrollment
    days_waiting: int

    @property
    def overdue(self) -> bool:
        return self.days_waiting > FIRST_CONTACT_DAYS


def waiting_for_employer_contact(
    enrollments: QuerySet[Enrollment], on: datetime.date
) -> QuerySet[Enrollment]:
    """Of `enrollments`, the open IPS ones in job search on `on` without a face-to-face
    employer contact made for them (IPS: the first within 30 days). The one rule for the job
    development page and the supervisor's dashboard."""
    contacted = EmployerContact.objects.filter(enrollment_id=OuterRef("pk"), kind__in=FACE_TO_FACE)
    return (
        enrollments.filter(
            end_date__isnull=True, service_model=ServiceModel.IPS, start_date__lte=on
        )
        .annotate(phase_today=phase_on_day(on))
        .filter(~Exists(contacted), phase_today=Phase.JOB_SEARCH)
    )


def clients_waiting_for_employer_contact(*, user: User) -> list[WaitingClient]:
    """Open IPS enrollments in job search today without a face-to-face employer contact made
    for them, longest waiting first: a coach's own, or the organisation's for those who see
    all. Logged. A client still in intake, employed or ended is not waiting for one."""
    register_access_check(user)
    on = today()
    enrollments = enrollments_visible_to(user)
    if user.role not in SEES_ALL_CLIENTS:
        enrollments = enrollments.filter(coach=user)
    rows = list(
        waiting_for_employer_contact(enrollments, on)
        .select_related("client", "coach")
        .order_by("start_date", "pk")
    )
    access_log_record(
        user=user,
        client_ids=[e.client_id for e in rows],
        action=AccessAction.READ,
        target="job_development",
    )
    return [WaitingClient(e, (on - e.start_date).days) for e in rows]


def employer_placements(*, user: User, employer: Employer) -> list[Placement]:
    """The placements made with the employer whose client the user may see (client data:
    the others are left out, not counted), newest first; the clients shown are logged."""
    rows = list(
        Placement.objects.filter(employer=employer, enrollment__in=enrollments_visible_to(user))
        .select_related("enrollment__client", "opening")
        .order_by("-start_date", "-pk")
    )
    access_log_record(
        user=user,
        client_ids=[p.enrollment.client_id for p in rows],
        action=AccessAction.READ,
        target="employer_placements",
    )
    return rows
