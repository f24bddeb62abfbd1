"""The declared access policy: who gets what from every page and every API operation.

`tests/test_access_matrix.py` walks Django's URL resolver and the OpenAPI document and fails
for any route or operation that has no entry here, then runs every entry for every persona
of `tests.conftest.PERSONAS` (and an anonymous caller) and checks the declared outcome; a
refused write must leave the database as it was and (API) answer in the error format.
`tests/browser/test_accessibility.py` scans the HTML pages declared here with axe.

Adding a route is one line. A web page, keyed by its URL name, with one rule per method:

    "client_detail": {GET: CLIENT},
    "client_edit": {GET: CLIENT, POST: CLIENT.sending(_CLIENT)},

An API operation, keyed by method and OpenAPI path (without /api/v1):

    "PATCH /clients/{client_id}": CLIENT.sending({"phone": "040 7654321"}),

A rule says what each persona group gets (`OK` is the success: 200 for a page, 302 for a
form post, the operation's own 2xx from the OpenAPI document; an anonymous caller is sent to
log in or gets 401). URL parameters are filled from the `World` by name (`client_id`,
`enrollment_id`, … in `URL_ARGS`): a route with a new parameter name needs a builder there,
or its entry says `.at(enrollment_id=lambda w: w.other_enrollment.pk)`. `.query(…)` adds a
query string, `.sending(…)` the form or JSON body (a function of the world where it needs
ids), `.returning(status)` a success other than the default. A new GET page is scanned by
tests/browser/test_accessibility.py too, unless its `NOT_SCANNED` names it (a download).

Where one persona of a group differs, `.but(supervisor=403)` says so. A route that needs a
new kind of record (an API token, say): add it to `World` and `build_world`, and its URL
parameter to `URL_ARGS`. A route left out of the matrix on purpose goes in `EXCLUDED` with
the reason (the Django admin, the language switch); the test checks each one still exists.

The groups (`GROUPS` names the group of every persona):
- managers: administrators and supervisors of the organisation (every client);
- linked: job coach, work coach, TYP officer, case manager inside the client relationship;
- unlinked: a job coach and a TYP officer outside it;
- no_records: evaluator, peer instructor, expert by experience (no client records, no register);
- outsider: a supervisor of another organisation;
- anonymous: not logged in, or no API token.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from tests.background import world_export_job, world_job
from tests.factories import ContactPersonFactory, OpeningFactory
from tests.pages_support import days_ago, enroll
from tests.test_fidelity_support import world_action, world_review
from tests.test_placements_support import make_employer
from tests.test_subcontracting_support import (
    subcontracting_world,
    world_group,
    world_invoice,
    world_member,
    world_order,
    world_work_log,
)
from tests.test_wab2_support import FEEDBACK_ANSWER, world_feedback_link
from tests.test_wagework_support import new_wage_job, wage_job_terms, world_wage_job
from tests.test_workability_schedule_support import (
    next_scheduled_day,
    schedule_version,
    world_schedule,
)
from tests.test_workability_support import (
    world_assessment,
    world_network_meeting,
    world_plan,
    world_referral,
    world_team_meeting,
)
from tests.test_workact_support import world_agreement
from tyopolku.accounts.models import ApiToken, Organization
from tyopolku.accounts.services import api_token_create
from tyopolku.api import api
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.clients.services import client_worker_add
from tyopolku.employers.models import (
    ContactKind,
    ContactPerson,
    ContactPurpose,
    Employer,
    EmployerContact,
    EmployerImport,
    Opening,
)
from tyopolku.pathway.models import Enrollment, ServiceModel, Visit, VisitKind
from tyopolku.pathway.services import enrollment_create, intake_step_mark_done, visit_create
from tyopolku.placements.models import Placement
from tyopolku.placements.services import placement_create
from tyopolku.subcontracting.models import WorkGroup

GET, POST = "GET", "POST"
OK = "ok"  # the route's success status
LOGIN = "login"  # a redirect to the login page (web); 401 in the API

GROUPS = {
    "admin": "managers",
    "supervisor": "managers",
    "coach": "linked",
    "work_coach": "linked",
    "linked_typ_officer": "linked",
    "case_manager": "linked",
    "colleague": "unlinked",
    "typ_officer": "unlinked",
    "evaluator": "no_records",
    "peer": "no_records",
    "expert": "no_records",
    "outsider": "outsider",
}
ANONYMOUS = "anonymous"


# --- The data every entry runs against ---------------------------------------------------


@dataclass(frozen=True)
class World:
    """One organisation's records, made once per persona test (and rolled back after every
    request): `client` (`client_record`) with an IPS `enrollment` (start steps open) that has
    a `visit` and a `placement` which made the client employed; a work-activity
    `other_enrollment` in intake; an `employer` with a contact `person`, an `opening` and a
    `contact` made for the enrollment; a previewed spreadsheet `employer_import`. The pages
    show all of it (the client link of the contact, the visit on the path)."""

    org: Organization
    client: Client
    enrollment: Enrollment
    other_enrollment: Enrollment
    visit: Visit
    employer: Employer
    person: ContactPerson
    opening: Opening
    contact: EmployerContact
    placement: Placement
    employer_import: EmployerImport
    # The supervisor's own link to the client (one that can be ended), the coach's API token.
    worker_link: ClientWorker
    token: ApiToken


def build_world(*, org, unit, coach, supervisor, client_record) -> World:
    enrollment = enroll(coach=coach, client=client_record, unit=unit)
    # Step 1 done, so that it can be corrected or undone.
    intake_step_mark_done(user=coach, enrollment=enrollment, number=1, done_on=days_ago(55))
    employer = make_employer(org, name="Kauppa Oy")
    person = ContactPersonFactory(employer=employer, name="Pekka Päällikkö")
    world = World(
        org=org,
        client=client_record,
        enrollment=enrollment,
        other_enrollment=enrollment_create(
            user=coach,
            client=client_record,
            service_model=ServiceModel.WORK_ACTIVITY,
            start_date=days_ago(30),
            unit_id=unit.pk,
        ),
        visit=visit_create(
            user=coach,
            enrollment=enrollment,
            date=days_ago(50),
            kind=VisitKind.MEETING,
            duration_minutes=45,
            summary="Työnhaun suunnittelu",
        ),
        employer=employer,
        person=person,
        opening=OpeningFactory(employer=employer, title="Varastotyöntekijä", hours_per_week=20),
        contact=EmployerContact.objects.create(
            employer=employer,
            date=days_ago(40),
            kind=ContactKind.VISIT,
            purpose=ContactPurpose.JOB_DEVELOPMENT,
            contact_person=person,
            enrollment=enrollment,
            made_by=coach,
        ),
        placement=placement_create(
            user=coach,
            enrollment=enrollment,
            employer_id=employer.pk,
            start_date=days_ago(20),
            job_title="Myyjä",
            hours_per_week=30,
            competitive=True,
        ),
        employer_import=EmployerImport.objects.create(
            organization=org,
            created_by=supervisor,
            file_name="tyonantajat.csv",
            content=IMPORT_CSV,
            row_count=1,
            accepted_count=1,
        ),
        worker_link=client_worker_add(
            client=client_record, worker=supervisor, started_by=supervisor
        ),
        token=_token_of(coach),
    )
    subcontracting_world(world)  # a group with the client as member, an order, an invoice
    world_agreement(world)  # a work activity agreement of the other enrollment
    return world


def _token_of(user) -> ApiToken:
    api_token_create(user=user, name="Raportit")
    return ApiToken.objects.filter(user=user).latest("pk")


IMPORT_CSV = "Yritys;Y-tunnus\r\nTuonti Oy;0737546-2".encode("utf-8-sig")

# URL and path parameters by name. A new parameter name needs its builder here.
URL_ARGS: dict[str, Callable[[World], Any]] = {
    "client_id": lambda w: w.client.pk,
    "enrollment_id": lambda w: w.enrollment.pk,
    "visit_id": lambda w: w.visit.pk,
    "number": lambda w: 1,
    "employer_id": lambda w: w.employer.pk,
    "person_id": lambda w: w.person.pk,
    "opening_id": lambda w: w.opening.pk,
    "contact_id": lambda w: w.contact.pk,
    "placement_id": lambda w: w.placement.pk,
    "import_id": lambda w: w.employer_import.pk,
    "organization_code": lambda w: w.org.code,
    "link_id": lambda w: w.worker_link.pk,
    "token_id": lambda w: w.token.pk,
    "unit_id": lambda w: w.enrollment.unit_id,
    "review_id": lambda w: world_review(w).pk,
    "action_id": lambda w: world_action(w).pk,
    "job_id": lambda w: world_job(w).pk,
    "assessment_id": lambda w: world_assessment(w).pk,
    "plan_id": lambda w: world_plan(w).pk,
    "referral_id": lambda w: world_referral(w).pk,
    "group_id": lambda w: world_group(w).pk,
    "order_id": lambda w: world_order(w).pk,
    "member_id": lambda w: world_member(w).pk,
    "work_log_id": lambda w: world_work_log(w).pk,
    "invoice_id": lambda w: world_invoice(w).pk,
    "agreement_id": lambda w: world_agreement(w).pk,
    "wage_job_id": lambda w: world_wage_job(w).pk,
    "network_meeting_id": lambda w: world_network_meeting(w).pk,
    "team_meeting_id": lambda w: world_team_meeting(w).pk,
    "code": lambda w: world_feedback_link(w).code,
}


# --- Rules -------------------------------------------------------------------------------

Outcome = int | str
Value = Any | Callable[[World], Any]


def resolve(value: Value, world: World) -> Any:
    return value(world) if callable(value) else value


@dataclass(frozen=True)
class Rule:
    """What each group gets; plus how to call the route (URL args, query, body)."""

    managers: Outcome
    linked: Outcome
    unlinked: Outcome
    no_records: Outcome
    outsider: Outcome
    anonymous: Outcome = LOGIN
    args: Mapping[str, Value] = dataclasses.field(default_factory=dict)
    query_params: Mapping[str, Value] = dataclasses.field(default_factory=dict)
    body: Value = None
    multipart: bool = False
    success: int | None = None
    exceptions: Mapping[str, Outcome] = dataclasses.field(default_factory=dict)

    def outcome(self, persona: str | None) -> Outcome:
        if persona in self.exceptions:
            return self.exceptions[persona]
        return getattr(self, GROUPS[persona] if persona else ANONYMOUS)

    def but(self, **outcomes: Outcome) -> Rule:
        """Persona by persona, where one differs from its group."""
        assert set(outcomes) <= set(GROUPS), set(outcomes) - set(GROUPS)
        return dataclasses.replace(self, exceptions={**self.exceptions, **outcomes})

    def at(self, **args: Value) -> Rule:
        return dataclasses.replace(self, args={**self.args, **args})

    def query(self, **params: Value) -> Rule:
        return dataclasses.replace(self, query_params={**self.query_params, **params})

    def sending(self, body: Value, *, multipart: bool = False) -> Rule:
        return dataclasses.replace(self, body=body, multipart=multipart)

    def returning(self, status: int) -> Rule:
        return dataclasses.replace(self, success=status)


# Anyone, logged in or not (the public privacy statement, the API's own documents).
PUBLIC = Rule(OK, OK, OK, OK, OK, anonymous=OK)
# No page for anyone.
NOWHERE = Rule(404, 404, 404, 404, 404, anonymous=404)
# Every logged-in user of any organisation, each in their own organisation.
SIGNED_IN = Rule(OK, OK, OK, OK, OK)
# The roles that keep client records and the employer register, each in their own
# organisation: lists, search and creation, which reveal nothing of another organisation.
WORKERS = Rule(OK, OK, OK, 403, OK)
# One client's records: the client relationship decides; nobody else learns it exists.
CLIENT = Rule(OK, OK, 404, 404, 404)
# A client's access log: administrators and supervisors; the client's workers are refused.
CLIENT_LOG = Rule(OK, 403, 404, 404, 404)
# One object of the organisation's employer register (or a client list found through it).
REGISTER = Rule(OK, OK, OK, 403, 404)
# Import, export and the privacy statement's texts: administrators and supervisors.
MANAGERS = Rule(OK, 403, 403, 403, OK)
# One import of the organisation.
MANAGERS_OBJECT = Rule(OK, 403, 403, 403, 404)
# A background job: the one who started it (here the supervisor) and the organisation's
# administrators and supervisors; to everyone else it does not exist.
JOB = Rule(OK, 404, 404, 404, 404)
# The file an export job made: only the one who started it (the supervisor) downloads it.
JOB_FILE = JOB.but(admin=404).at(job_id=lambda w: world_export_job(w).pk)
# Who works with a client and who coaches an enrollment: administrators and supervisors
# decide; the client's workers may not (403), nobody else learns the client exists.
ASSIGNS = Rule(OK, 403, 404, 404, 404)
# The organisation's API tokens: administrators only.
ADMINS = Rule(OK, 403, 403, 403, 403).but(supervisor=403)
# Fidelity reviews are the organisation's quality data, not client data: the coaches and
# the evaluators read them, administrators and supervisors keep them; peer instructors and
# experts by experience are refused. Lists of one's own organisation:
FIDELITY = Rule(OK, OK, OK, 403, OK).but(evaluator=OK)
# One review or unit of the organisation (or its list by unit):
FIDELITY_OBJECT = Rule(OK, OK, OK, 403, 404).but(evaluator=OK)
# Writes: administrators and supervisors.
FIDELITY_WRITE = Rule(OK, 403, 403, 403, 404)
# One user's own API token (the coach's): nobody else finds it.
OWN_TOKEN = Rule(404, 404, 404, 404, 404).but(coach=OK)
# The organisation's outcome reports and THL export: administrators, supervisors, evaluators.
REPORTERS = Rule(OK, 403, 403, 403, OK).but(evaluator=OK)
# Accepting or declining the world's referral (to the unit's subcontracting model): the
# receiving unit's work coach and the managers; the client's other workers see it but may
# not decide (403); nobody else learns it exists.
RECEIVES = CLIENT.but(coach=403, linked_typ_officer=403, case_manager=403)
# Team meetings: the staff with client records keep them (another organisation's unit is
# invalid input); the whole team reads them, peer instructors and experts by experience too,
# but not evaluators.
TEAM_KEEPERS = Rule(OK, OK, OK, 403, 422)
TEAM_READERS = Rule(OK, OK, OK, OK, OK).but(evaluator=403)
TEAM_MEETING = Rule(OK, OK, OK, OK, 404).but(evaluator=403)
# A unit's team meeting schedule: read like the meetings; kept by the staff with client
# records (another organisation's unit does not exist for them).
TEAM_SCHEDULE_WRITE = Rule(OK, OK, OK, 403, 404)
# Group work (groups, orders, hours): administrators, supervisors and work coaches; lists
# and creation in one's own organisation, then one object of it. Members are clients: the
# client relationship decides (the work coach is the world client's worker).
GROUP_WORK = Rule(OK, 403, 403, 403, OK).but(work_coach=OK)
GROUP_WORK_OBJECT = Rule(OK, 403, 403, 403, 404).but(work_coach=OK)
# Open work activity (agreements, attendance, work-share money): the same roles as group
# work; a participant is a client, reached through the client relationship. Making an
# agreement names the world's work-activity enrollment.
WORKACT = GROUP_WORK
WORKACT_OBJECT = GROUP_WORK_OBJECT
WORKACT_ENROLLMENT = GROUP_WORK_OBJECT.at(enrollment_id=lambda w: w.other_enrollment.pk)


# --- Bodies --------------------------------------------------------------------------------


def _iso(days: int) -> str:
    return days_ago(days).isoformat()


def _placement_form(w: World) -> dict:
    return {
        "employer_id": w.employer.pk,
        "kind": "employment",
        "job_title": "Myyjä",
        "start_date": _iso(10),
        "hours_per_week": "20",
    }


def _upload(w: World) -> dict:
    """A new file object for every request: the upload reads it to the end."""
    return {"file": SimpleUploadedFile("tyonantajat.csv", IMPORT_CSV)}


_CLIENT = {"first_name": "Aino", "last_name": "Asiakas", "birth_date": "1990-01-01"}
_EMPLOYER = {"name": "Muutettu Oy", "business_id": "2077474-0", "employer_type": "company"}
_CONTACT = {"date": _iso(1), "kind": "visit", "purpose": "job_development"}
_PERSON = {"name": "Liisa Lehtonen", "legal_basis": "legitimate_interest"}
_VISIT = {"date": _iso(1), "kind": "phone", "duration_minutes": 15, "summary": "Soitto."}

_FIDELITY_ACTION = {
    "code": "caseload_size",
    "action": "Uusi valmentaja.",
    "owner": "Esihenkilö",
    "status": "planned",
}


def _fidelity_form(w: World) -> dict:
    return {
        "review_date": _iso(1),
        "reviewers": [w.worker_link.user.username, w.enrollment.coach.username],
        "action": "draft",
    }


def _fidelity_review(w: World) -> dict:
    return {"unit_id": w.enrollment.unit_id, "review_date": _iso(1), "draft": True}


def _workact_terms(w: World) -> dict:
    """New terms after the world's agreement (it ends about four months from now)."""
    start = world_agreement(w).end_date + datetime.timedelta(days=1)
    return {
        "start_date": start.isoformat(),
        "end_date": (start + relativedelta(months=3)).isoformat(),
        "days_per_week": 3,
        "hours_per_day": "6",
        "place": "Kahvila Kaisla",
    }


def _workact_edit(w: World) -> dict:
    agreement = world_agreement(w)
    return {
        "start_date": agreement.start_date.isoformat(),
        "end_date": agreement.end_date.isoformat(),
        "days_per_week": 3,
        "hours_per_day": "5",
        "place": "Pesula",
        "version": agreement.version,
    }


def _member_return(w: World) -> dict:
    """The world's member returns to work activity after the world's agreement ends."""
    last_day = world_agreement(w).end_date
    return {
        "last_day": last_day.isoformat(),
        "end_date": (last_day + relativedelta(days=1, months=3)).isoformat(),
        "days_per_week": 3,
        "hours_per_day": "6",
        "place": "Kahvila Kaisla",
        "version": world_member(w).version,
    }


_SCREENING = {
    "own_wish": 4,
    "attendance": 4,
    "work_skills": 3,
    "independence": 3,
    "health": 3,
    "support_network": 2,
    "summary": "Kiinnostunut kaupan töistä.",
}


def _workact_marks(w: World) -> dict:
    return {
        "date": _iso(2),
        "marks": [{"agreement_id": world_agreement(w).pk, "status": "present"}],
    }


# --- The web pages, by URL name --------------------------------------------------------------

WEB: dict[str, dict[str, Rule]] = {
    # Logging in and out: a logged-in user goes to the caseload instead of the login form.
    "login": {
        GET: Rule(302, 302, 302, 302, 302, anonymous=200),
        POST: Rule(302, 302, 302, 302, 302, anonymous=200).sending(
            {"username": "nobody", "password": "wrong"}
        ),
    },
    "logout": {POST: Rule(302, 302, 302, 302, 302, anonymous=302)},
    # The API's own documents (in its URL namespace, not operations of it): public, read
    # only whatever the method; its root is no page.
    "api:openapi-json": {GET: PUBLIC, POST: PUBLIC.returning(200)},
    "api:openapi-view": {GET: PUBLIC, POST: PUBLIC.returning(200)},
    "api:api-root": {GET: NOWHERE, POST: NOWHERE},
    # Clients and their path
    "caseload": {GET: SIGNED_IN},
    # The search is posted (an identity code never goes into the address).
    "client_list": {GET: WORKERS, POST: WORKERS.sending({"search": "Aino"}).returning(200)},
    "client_create": {GET: WORKERS, POST: WORKERS.sending(_CLIENT)},
    "client_detail": {GET: CLIENT},
    "client_edit": {GET: CLIENT, POST: CLIENT.sending(_CLIENT)},
    "client_consents": {POST: CLIENT.sending({"thl_evaluation": "on"})},
    "client_access_log": {GET: CLIENT_LOG},
    "client_access_log_csv": {GET: CLIENT_LOG},
    "enrollment_create": {
        GET: CLIENT,
        POST: CLIENT.sending(
            lambda w: {
                "service_model": "wage_work",
                "unit_id": w.enrollment.unit_id,
                "start_date": _iso(5),
            }
        ),
    },
    "enrollment_detail": {GET: CLIENT},
    "intake_step_done": {POST: CLIENT.sending({"step1-done_on": _iso(30)})},
    "enrollment_employment": {POST: CLIENT.sending({"start_date": _iso(25)})},
    "enrollment_end": {POST: CLIENT.sending({"end_date": _iso(0), "reason": "Muutti."})},
    "enrollment_start": {
        POST: CLIENT.at(enrollment_id=lambda w: w.other_enrollment.pk).sending({"date": _iso(1)})
    },
    "visit_create": {GET: CLIENT, POST: CLIENT.sending(_VISIT)},
    "visit_basis": {GET: CLIENT.query(date=_iso(1))},
    # Placements and matching
    "placement_create": {GET: CLIENT, POST: CLIENT.sending(_placement_form)},
    "placement_estimate": {GET: CLIENT.query(hours_per_week="20", kind="employment")},
    "placement_openings": {GET: WORKERS.query(employer_id=lambda w: w.employer.pk)},
    "placement_detail": {GET: CLIENT},
    "placement_end": {POST: CLIENT.sending({"end_date": _iso(0), "end_reason": "Loppui"})},
    "preferences_edit": {GET: CLIENT, POST: CLIENT.sending({"keywords": "varasto"})},
    "enrollment_suggestions": {GET: CLIENT},
    "opening_candidates": {GET: REGISTER},
    # The employer register
    "employer_list": {GET: WORKERS},
    "employer_create": {
        GET: WORKERS,
        POST: WORKERS.sending(
            {"name": "Uusi Oy", "business_id": "0737546-2", "employer_type": "company"}
        ),
    },
    "employer_detail": {GET: REGISTER},
    "employer_edit": {GET: REGISTER, POST: REGISTER.sending(_EMPLOYER)},
    "employer_contact_create": {GET: REGISTER, POST: REGISTER.sending(_CONTACT)},
    "contact_person_create": {GET: REGISTER, POST: REGISTER.sending(_PERSON)},
    "contact_person_edit": {GET: REGISTER, POST: REGISTER.sending(_PERSON)},
    "opening_create": {GET: REGISTER, POST: REGISTER.sending({"title": "Kassa", "status": "open"})},
    "opening_edit": {GET: REGISTER, POST: REGISTER.sending({"title": "Kassa", "status": "closed"})},
    "job_development": {GET: WORKERS},
    "employer_import": {GET: MANAGERS, POST: MANAGERS.sending(_upload, multipart=True)},
    "employer_import_preview": {
        GET: MANAGERS_OBJECT,
        POST: MANAGERS_OBJECT.sending({"action": "discard"}),
    },
    "employer_export": {GET: MANAGERS, POST: MANAGERS},
    "job_status": {GET: JOB},
    "job_file": {GET: JOB_FILE},
    "employer_privacy": {GET: SIGNED_IN},
    "employer_privacy_edit": {GET: MANAGERS, POST: MANAGERS.sending({"recipients": "Ei."})},
    "employer_privacy_public": {GET: PUBLIC},
    # Who works with the client, start steps corrected, API tokens
    "client_worker_add": {
        POST: ASSIGNS.sending(lambda w: {"worker_id": w.worker_link.user_id, "kind": "other"})
    },
    "client_worker_end": {
        POST: ASSIGNS.sending(lambda w: {f"end{w.worker_link.pk}-reason": "Siirtyi muualle."})
    },
    "enrollment_coach": {POST: ASSIGNS.sending(lambda w: {"coach_id": w.enrollment.coach_id})},
    "intake_step_undo": {POST: CLIENT},
    # The new key is shown in the answer itself (201), never after a redirect.
    "token_list": {GET: SIGNED_IN, POST: SIGNED_IN.sending({"name": "Raportit"}).returning(201)},
    "token_revoke": {POST: OWN_TOKEN},
    # Fidelity reviews
    "fidelity_home": {GET: FIDELITY},
    "fidelity_unit": {GET: FIDELITY_OBJECT},
    "fidelity_review_create": {
        GET: FIDELITY_WRITE,
        POST: FIDELITY_WRITE.sending(_fidelity_form),
    },
    "fidelity_review_detail": {GET: FIDELITY_OBJECT},
    "fidelity_review_edit": {GET: FIDELITY_WRITE, POST: FIDELITY_WRITE.sending(_fidelity_form)},
    "fidelity_review_pdf": {GET: FIDELITY_OBJECT},
    "fidelity_action_create": {POST: FIDELITY_WRITE.sending(_FIDELITY_ACTION)},
    "fidelity_action_status": {POST: FIDELITY_WRITE.sending({"status": "done"})},
    # Reports
    "dashboard": {GET: MANAGERS},
    "outcome_report": {GET: REPORTERS},
    "outcome_report_csv": {GET: REPORTERS},
    "outcome_report_xlsx": {GET: REPORTERS},
    "outcome_report_pdf": {GET: REPORTERS},
    "report_trends": {GET: REPORTERS},
    "thl_export": {GET: REPORTERS, POST: REPORTERS.sending({"on": _iso(0), "study": "ips-pilot"})},
    "service_path": {GET: REPORTERS},
    # The clients behind a figure: only for those who see client records.
    "outcome_report_clients": {
        GET: MANAGERS.query(figure="clients_enrolled", date_from=_iso(90), date_to=_iso(0))
    },
}

WEB.update(
    {
        # The work-ability support team
        "workability_client": {GET: CLIENT},
        "responsible_worker_hand_over": {
            POST: ASSIGNS.sending(
                lambda w: {"kind": "personal_worker", "worker_id": w.worker_link.user_id}
            )
        },
        "assessment_create": {
            GET: CLIENT,
            POST: CLIENT.sending({"started_on": _iso(3), "services_needed": ["ips"]}),
        },
        "assessment_edit": {
            GET: CLIENT,
            POST: CLIENT.sending({"version": "1", "started_on": _iso(20), "summary": "Valmis."}),
        },
        "client_plan_create": {
            GET: CLIENT,
            POST: CLIENT.sending(
                {
                    "goals": "Haluan töihin.",
                    "agreed_with_client": "on",
                    "actions-TOTAL_FORMS": "1",
                    "actions-INITIAL_FORMS": "0",
                    "actions-0-text": "Työkokeilu",
                    "actions-0-responsible_party": "our_unit",
                }
            ),
        },
        "client_plan_detail": {GET: CLIENT},
        "client_plan_pdf": {GET: CLIENT},
        # Archive copies (PDF/A and the JSON twin): as reading the document; logged as exports.
        "service_need_assessment_archive_pdf": {GET: CLIENT},
        "service_need_assessment_archive_json": {GET: CLIENT},
        "client_plan_archive_pdf": {GET: CLIENT},
        "client_plan_archive_json": {GET: CLIENT},
        "network_meeting_archive_pdf": {GET: CLIENT},
        "network_meeting_archive_json": {GET: CLIENT},
        "referral_create": {
            GET: CLIENT,
            POST: CLIENT.sending({"to_service_model": "wage_work", "reason": "Palkkatyö."}),
        },
        # Everyone with client records sees the referrals of their own scope.
        "referral_list": {GET: WORKERS},
        "referral_detail": {GET: CLIENT},
        "referral_accept": {POST: RECEIVES.sending({"start_date": _iso(0)})},
        "referral_decline": {POST: RECEIVES.sending({"reason": "Ei tilaa."})},
        "network_meeting_create": {
            GET: CLIENT,
            POST: CLIENT.sending(
                {
                    "date": _iso(2),
                    "decisions": "IPS alkaa.",
                    "participants-TOTAL_FORMS": "1",
                    "participants-INITIAL_FORMS": "0",
                    "participants-0-name": "Liisa Laine",
                    "participants-0-organisation": "TYM",
                    "tasks-TOTAL_FORMS": "0",
                    "tasks-INITIAL_FORMS": "0",
                }
            ),
        },
        "team_schedule": {
            GET: TEAM_MEETING.at(unit_id=lambda w: world_schedule(w).unit_id),
            POST: TEAM_SCHEDULE_WRITE.sending(
                lambda w: {
                    "starts_on": _iso(7),
                    "weekday": "1",
                    "time": "13:00",
                    "interval_weeks": "2",
                    "on_holiday": "shift",
                    "version": schedule_version(w) or "",
                }
            ),
        },
        "team_meeting_change": {
            POST: TEAM_SCHEDULE_WRITE.at(unit_id=lambda w: world_schedule(w).unit_id).sending(
                lambda w: {"original_date": next_scheduled_day(w).isoformat(), "action": "cancel"}
            )
        },
        "team_meeting_list": {
            GET: TEAM_READERS,
            POST: TEAM_KEEPERS.sending(
                lambda w: {
                    "unit_id": str(w.enrollment.unit_id),
                    "date": _iso(1),
                    "agenda": "Työnhaun menetelmät.",
                    "attendees": [w.enrollment.coach.username],
                }
            ),
        },
        # Group work and invoicing. The outsider's organisation has none of the world's units,
        # employers or clients: its forms come back with the field's error (200).
        "subcontracting_groups": {
            GET: GROUP_WORK,
            POST: GROUP_WORK.but(outsider=200).sending(
                lambda w: {
                    "name": "Kahvilatiimi",
                    "unit_id": w.enrollment.unit_id,
                    "service_type": "cafe",
                }
            ),
        },
        "subcontracting_group": {
            GET: GROUP_WORK_OBJECT,
            POST: GROUP_WORK_OBJECT.sending(
                lambda w: {
                    "client_id": w.client.pk,
                    "start_date": _iso(5),
                    "weekly_hours": "20",
                    "pay_group": "A",
                }
            ),
        },
        "subcontracting_orders": {
            GET: GROUP_WORK,
            POST: GROUP_WORK.but(outsider=200).sending(
                lambda w: {
                    "customer_id": w.employer.pk,
                    "group_id": WorkGroup.objects.filter(organization=w.org).first().pk,
                    "service_type": "cleaning",
                    "hourly_price": "28,50",
                    "start_date": _iso(5),
                }
            ),
        },
        "subcontracting_order": {
            GET: GROUP_WORK_OBJECT,
            POST: GROUP_WORK_OBJECT.sending(
                lambda w: {
                    "member_id": WorkGroup.objects.filter(organization=w.org)
                    .first()
                    .members.first()
                    .pk,
                    "date": _iso(3),
                    "hours": "6,5",
                }
            ),
        },
        "invoice_list": {
            GET: MANAGERS,
            POST: MANAGERS.but(outsider=200).sending(
                {"period_start": _iso(30), "period_end": _iso(0)}
            ),
        },
        "pay_summary": {GET: GROUP_WORK.query(month=_iso(10)[:7])},
        "pay_summary_csv": {
            GET: GROUP_WORK.query(month=_iso(10)[:7]),
            POST: GROUP_WORK.query(month=_iso(10)[:7]),
        },
        "customer_billing": {
            GET: MANAGERS_OBJECT,
            POST: MANAGERS_OBJECT.sending(
                {"einvoice_address": "003712345671", "operator_id": "003723327487"}
            ),
        },
        "invoice_detail": {GET: MANAGERS_OBJECT},
        "invoice_pdf": {GET: MANAGERS_OBJECT},
        "invoice_finvoice": {GET: MANAGERS_OBJECT},
        "invoice_credit": {POST: MANAGERS_OBJECT},
        # Wage work: the roles of group work; a job names a client (the client relationship
        # decides; the outsider's form refuses the unit of another organisation: 200).
        "wage_jobs": {
            GET: GROUP_WORK,
            POST: GROUP_WORK_OBJECT.but(outsider=200).sending(new_wage_job),
        },
        "wage_job": {GET: GROUP_WORK_OBJECT, POST: GROUP_WORK_OBJECT.sending(wage_job_terms)},
        # Open work activity. The outsider sees no participants: the day's attendance form
        # comes back with its error (200).
        "workact_agreements": {GET: WORKACT},
        "workact_agreement_create": {
            GET: WORKACT_ENROLLMENT,
            POST: WORKACT_ENROLLMENT.sending(_workact_terms),
        },
        "workact_agreement": {
            GET: WORKACT_OBJECT,
            POST: WORKACT_OBJECT.sending({"text": "Opin kassan", "how_we_know": "Kokeilu"}),
        },
        "workact_agreement_edit": {
            GET: WORKACT_OBJECT,
            POST: WORKACT_OBJECT.sending(_workact_edit),
        },
        "workact_review_create": {
            GET: WORKACT_OBJECT,
            POST: WORKACT_OBJECT.sending(
                lambda w: {
                    "date": _iso(1),
                    f"progress_{world_agreement(w).goals.first().pk}": "4",
                    "participant_view": "Hyvä kuukausi",
                }
            ),
        },
        "workact_attendance": {
            GET: WORKACT.query(date=_iso(2)),
            POST: WORKACT.but(outsider=200)
            .query(date=_iso(2))
            .sending(lambda w: {f"status_{world_agreement(w).pk}": "present"}),
        },
        "workact_work_share": {GET: WORKACT.query(month=_iso(10)[:7])},
        "workact_work_share_csv": {
            GET: WORKACT.query(month=_iso(10)[:7]),
            POST: WORKACT.query(month=_iso(10)[:7]),
        },
        "workact_screening": {
            GET: WORKACT_OBJECT,
            POST: WORKACT_OBJECT.sending({**_SCREENING, "date": _iso(1)}),
        },
        "workact_candidates": {GET: WORKACT},
        "workact_refer_ips": {POST: WORKACT_OBJECT},
        # The participant's statement is read like the agreement (logged as an export).
        "workact_statement": {GET: WORKACT_OBJECT.query(month=_iso(10)[:7])},
        "workact_statement_pdf": {GET: WORKACT_OBJECT.query(month=_iso(10)[:7])},
        # The month's statements of all one's participants in one PDF (a background job).
        "workact_statements": {GET: WORKACT, POST: WORKACT.sending({"month": _iso(10)[:7]})},
        # A member returns from paid work to work activity (the member is the world's client).
        "subcontracting_member_return": {
            GET: GROUP_WORK_OBJECT,
            POST: GROUP_WORK_OBJECT.sending(_member_return),
        },
    }
)

# Staff trainings and client feedback. Trainings are staff data and the feedback results
# the unit's: administrators and supervisors of the organisation (another organisation's
# unit does not exist for them). Anyone with client records hands out feedback links; the
# form itself is public (no login) and takes an answer from anyone holding the link.
WEB.update(
    {
        "staff_home": {GET: MANAGERS},
        "unit_trainings": {
            GET: MANAGERS_OBJECT,
            POST: MANAGERS_OBJECT.sending(
                lambda w: {
                    "worker_id": str(w.enrollment.coach_id),
                    "training": "ips_basics",
                    "completed_on": _iso(10),
                }
            ),
        },
        "unit_feedback": {GET: MANAGERS_OBJECT},
        "feedback_link_create": {
            GET: WORKERS,
            POST: Rule(OK, OK, OK, 403, 422)
            .sending(lambda w: {"unit_id": str(w.enrollment.unit_id), "service_model": "ips"})
            .returning(200),
        },
        "feedback_form": {
            GET: PUBLIC,
            POST: PUBLIC.sending(FEEDBACK_ANSWER).returning(200),
        },
    }
)

# Routes of the URL map the matrix leaves out on purpose, with the reason.
EXCLUDED = {
    "admin": "the Django admin has its own permission system (staff users), tested in "
    "tests/test_admin.py",
    "set_language": "the language menu sets a cookie for anyone; it reads and writes no data",
}


# --- The API operations, by method and path ------------------------------------------------

API: dict[str, Rule] = {
    "GET /me": SIGNED_IN,
    "GET /units": SIGNED_IN,
    # Clients. The list answers for the caller's own scope (empty for roles without records).
    "GET /clients": SIGNED_IN,
    "POST /clients": WORKERS.sending(
        {"first_name": "Uusi", "last_name": "Asiakas", "birth_date": "1985-05-05"}
    ),
    "GET /clients/{client_id}": CLIENT,
    "PATCH /clients/{client_id}": CLIENT.sending({"phone": "040 7654321"}),
    "PUT /clients/{client_id}/consents": CLIENT.sending(
        {"thl_evaluation": True, "thl_follow_up": True, "information_sharing": False}
    ),
    "GET /clients/{client_id}/access-log": CLIENT_LOG,
    "POST /clients/search": SIGNED_IN.sending({"search": "Aino"}),
    "GET /clients/{client_id}/workers": CLIENT,
    "POST /clients/{client_id}/workers": ASSIGNS.sending(
        lambda w: {"worker_id": w.worker_link.user_id}
    ),
    "POST /clients/{client_id}/workers/{link_id}/end": ASSIGNS.sending({"reason": "Siirtyi."}),
    "POST /enrollments/{enrollment_id}/coach": ASSIGNS.sending(
        lambda w: {"coach_id": w.enrollment.coach_id}
    ),
    "DELETE /enrollments/{enrollment_id}/intake-steps/{number}": CLIENT,
    # API tokens: one's own, and the organisation's for administrators
    "GET /me/tokens": SIGNED_IN,
    "DELETE /me/tokens/{token_id}": OWN_TOKEN,
    "GET /tokens": ADMINS,
    "DELETE /tokens/{token_id}": ADMINS,
    # The path
    "POST /clients/{client_id}/enrollments": CLIENT.sending(
        {"service_model": "wage_work", "start_date": _iso(5)}
    ),
    "GET /enrollments/{enrollment_id}": CLIENT,
    "POST /enrollments/{enrollment_id}/intake-steps/{number}": CLIENT.sending(
        {"done_on": _iso(30)}
    ),
    "POST /enrollments/{enrollment_id}/employment": CLIENT.sending({"start_date": _iso(25)}),
    "POST /enrollments/{enrollment_id}/end": CLIENT.sending(
        {"end_date": _iso(0), "reason": "Moved away"}
    ),
    "GET /enrollments/{enrollment_id}/visits": CLIENT,
    "POST /enrollments/{enrollment_id}/visits": CLIENT.sending(_VISIT),
    # Placements and matching
    "GET /enrollments/{enrollment_id}/placements": CLIENT,
    "POST /enrollments/{enrollment_id}/placements": CLIENT.sending(
        lambda w: {
            "employer_id": w.employer.pk,
            "start_date": _iso(10),
            "job_title": "Myyjä",
            "hours_per_week": 20,
            "competitive": True,
        }
    ),
    "GET /placements/{placement_id}": CLIENT,
    "PATCH /placements/{placement_id}": CLIENT.sending(
        {"end_date": _iso(0), "end_reason": "Loppui"}
    ),
    "GET /enrollments/{enrollment_id}/preferences": CLIENT,
    "PUT /enrollments/{enrollment_id}/preferences": CLIENT.sending({"keywords": ["varasto"]}),
    "GET /enrollments/{enrollment_id}/suggestions": CLIENT,
    "GET /openings/{opening_id}/candidates": REGISTER,
    # The employer register
    "GET /employers": WORKERS,
    "POST /employers": WORKERS.sending({"name": "Rakennus Ab", "business_id": "0737546-2"}),
    "GET /employers/{employer_id}": REGISTER,
    "PATCH /employers/{employer_id}": REGISTER.sending({"post_office": "Imatra"}),
    "GET /employers/{employer_id}/contact-persons": REGISTER,
    "POST /employers/{employer_id}/contact-persons": REGISTER.sending({"name": "Liisa"}),
    "PATCH /employers/{employer_id}/contact-persons/{person_id}": REGISTER.sending(
        {"title": "Kauppias"}
    ),
    "DELETE /employers/{employer_id}/contact-persons/{person_id}": REGISTER,
    "GET /employers/{employer_id}/contacts": REGISTER,
    "POST /employers/{employer_id}/contacts": REGISTER.sending(_CONTACT),
    "GET /employers/{employer_id}/openings": REGISTER,
    "POST /employers/{employer_id}/openings": REGISTER.sending({"title": "Kassa"}),
    "GET /openings/{opening_id}": REGISTER,
    "PATCH /openings/{opening_id}": REGISTER.sending({"status": "filled"}),
    "GET /job-development/me": WORKERS,
    "GET /employers/privacy-statement": SIGNED_IN,
    # Spreadsheets
    "GET /employers/export": MANAGERS,
    "POST /employers/export/jobs": MANAGERS,
    "POST /employer-imports": MANAGERS.sending(_upload, multipart=True),
    "GET /employer-imports/{import_id}": MANAGERS_OBJECT,
    "POST /employer-imports/{import_id}/run": MANAGERS_OBJECT,
    "POST /employer-imports/{import_id}/discard": MANAGERS_OBJECT,
    "GET /jobs/{job_id}": JOB,
    "GET /jobs/{job_id}/file": JOB_FILE,
    # Fidelity reviews
    "GET /fidelity/items": FIDELITY,
    "GET /fidelity/measures": FIDELITY_OBJECT.query(
        unit_id=lambda w: w.enrollment.unit_id, **{"from": _iso(90), "to": _iso(0)}
    ),
    "POST /fidelity-reviews": FIDELITY_WRITE.sending(_fidelity_review),
    "GET /fidelity-reviews": FIDELITY_OBJECT.query(unit_id=lambda w: w.enrollment.unit_id),
    "GET /fidelity-reviews/{review_id}": FIDELITY_OBJECT,
    "PATCH /fidelity-reviews/{review_id}": FIDELITY_WRITE.sending({"scores": {"disclosure": 5}}),
    "POST /fidelity-reviews/{review_id}/complete": FIDELITY_WRITE,
    "GET /fidelity-reviews/{review_id}/pdf": FIDELITY_OBJECT,
    "POST /fidelity-reviews/{review_id}/actions": FIDELITY_WRITE.sending(_FIDELITY_ACTION),
    "GET /fidelity-reviews/{review_id}/actions": FIDELITY_OBJECT,
    "PATCH /fidelity-actions/{action_id}": FIDELITY_WRITE.sending({"status": "done"}),
    # Reports and the THL evaluation export
    "GET /reports/dashboard": MANAGERS,
    "GET /reports/outcomes": REPORTERS.query(**{"from": _iso(90), "to": _iso(0)}),
    "GET /reports/breakdowns": REPORTERS.query(**{"from": _iso(90), "to": _iso(0)}),
    "GET /reports/targets": REPORTERS,
    "GET /reports/time-to-first-job": REPORTERS.query(**{"from": _iso(365), "to": _iso(0)}),
    "GET /reports/service-path": REPORTERS.query(**{"from": _iso(365), "to": _iso(0)}),
    "GET /exports/thl-evaluation": REPORTERS.query(on=_iso(0), study="ips-pilot"),
    "GET /exports/thl-evaluation/dictionary": REPORTERS,
    "POST /exports/thl-evaluation/jobs": REPORTERS.sending({"on": _iso(0), "study": "ips-pilot"}),
    # The work-ability support team
    "POST /clients/{client_id}/service-need-assessments": CLIENT.sending(
        {"started_on": _iso(3), "services_needed": ["ips"]}
    ),
    "GET /clients/{client_id}/service-need-assessments": CLIENT,
    "GET /service-need-assessments/{assessment_id}": CLIENT,
    "PATCH /service-need-assessments/{assessment_id}": CLIENT.sending(
        {"version": 1, "completed_on": _iso(1)}
    ),
    "POST /clients/{client_id}/client-plans": CLIENT.sending(
        {
            "goals": ["Haluan oppia kassatyöt."],
            "actions": [{"text": "Kelan kuntoutus", "responsible": "Kela"}],
            "agreed_with_client": True,
        }
    ),
    "GET /clients/{client_id}/client-plans": CLIENT,
    "POST /referrals": CLIENT.sending(
        lambda w: {"client_id": w.client.pk, "to_service_model": "wage_work", "reason": "Työ."}
    ),
    "GET /referrals": SIGNED_IN.query(direction="incoming", status="sent"),
    "GET /referrals/{referral_id}": CLIENT,
    "POST /referrals/{referral_id}/accept": RECEIVES.sending({"start_date": _iso(0)}),
    "POST /referrals/{referral_id}/decline": RECEIVES.sending({"reason": "Ei tilaa."}),
    "POST /network-meetings": CLIENT.sending(
        lambda w: {
            "client_id": w.client.pk,
            "date": _iso(2),
            "participants": [
                {"name": "Kalle Kela", "organisation": "Kela", "role": "asiantuntija"}
            ],
            "tasks": [{"text": "Kuntoutusselvitys", "owner": "Kela"}],
        }
    ),
    "GET /network-meetings/{network_meeting_id}": CLIENT,
    "GET /clients/{client_id}/network-meetings": CLIENT,
    # Archive copies of the client documents: as reading them.
    "GET /service-need-assessments/{assessment_id}/archive.pdf": CLIENT,
    "GET /service-need-assessments/{assessment_id}/archive.json": CLIENT,
    "GET /client-plans/{plan_id}/archive.pdf": CLIENT,
    "GET /client-plans/{plan_id}/archive.json": CLIENT,
    "GET /network-meetings/{network_meeting_id}/archive.pdf": CLIENT,
    "GET /network-meetings/{network_meeting_id}/archive.json": CLIENT,
    "POST /team-meetings": TEAM_KEEPERS.sending(
        lambda w: {
            "unit_id": w.enrollment.unit_id,
            "date": _iso(1),
            "agenda": "Työnhaun menetelmät.",
            "attendees": [w.enrollment.coach.username],
        }
    ),
    "GET /team-meetings": TEAM_READERS,
    "GET /units/{unit_id}/team-meeting-schedule": TEAM_MEETING.at(
        unit_id=lambda w: world_schedule(w).unit_id
    ),
    "PUT /units/{unit_id}/team-meeting-schedule": TEAM_SCHEDULE_WRITE.sending(
        lambda w: {
            "starts_on": _iso(7),
            "weekday": 1,
            "time": "13:00",
            "version": schedule_version(w),
        }
    ),
    "POST /units/{unit_id}/team-meeting-schedule/changes": TEAM_SCHEDULE_WRITE.at(
        unit_id=lambda w: world_schedule(w).unit_id
    ).sending(
        lambda w: {
            "original_date": next_scheduled_day(w).isoformat(),
            "action": "move",
            "new_time": "15:00",
            "reason": "Koulutus.",
        }
    ),
    "GET /team-meetings/{team_meeting_id}": TEAM_MEETING,
    # Group work and invoicing. The outsider's organisation has neither the world's unit,
    # employer nor client (422 naming the field) nor invoicing details (422 naming `iban`).
    "POST /subcontracting/groups": GROUP_WORK.but(outsider=422).sending(
        lambda w: {"unit_id": w.enrollment.unit_id, "name": "Kahvilatiimi", "service_type": "cafe"}
    ),
    "GET /subcontracting/groups": GROUP_WORK,
    "GET /subcontracting/groups/{group_id}": GROUP_WORK_OBJECT,
    "POST /subcontracting/groups/{group_id}/members": GROUP_WORK_OBJECT.sending(
        lambda w: {
            "client_id": w.client.pk,
            "start_date": _iso(5),
            "weekly_hours": "20",
            "pay_group": "A",
        }
    ),
    "POST /subcontracting/groups/{group_id}/members/{member_id}/end": GROUP_WORK_OBJECT.sending(
        lambda w: {"last_day": _iso(0), "version": world_member(w).version}
    ),
    "POST /subcontracting/groups/{group_id}/members/{member_id}/return-to-work-activity": (
        GROUP_WORK_OBJECT.sending(_member_return)
    ),
    "POST /orders": GROUP_WORK.but(outsider=422).sending(
        lambda w: {
            "customer_id": w.employer.pk,
            "group_id": WorkGroup.objects.filter(organization=w.org).first().pk,
            "service_type": "cleaning",
            "hourly_price": "28.50",
            "start_date": _iso(5),
        }
    ),
    "GET /orders": GROUP_WORK,
    "GET /orders/{order_id}": GROUP_WORK_OBJECT,
    "POST /orders/{order_id}/work-logs": GROUP_WORK_OBJECT.sending(
        lambda w: {
            "member_id": WorkGroup.objects.filter(organization=w.org).first().members.first().pk,
            "date": _iso(3),
            "hours": "6.5",
        }
    ),
    "GET /orders/{order_id}/work-logs": GROUP_WORK_OBJECT,
    "POST /work-logs/{work_log_id}/corrections": GROUP_WORK_OBJECT.sending(
        {"hours": "5", "reason": "Kirjattu väärälle päivälle."}
    ),
    "GET /subcontracting/pay-summary": GROUP_WORK.query(month=_iso(10)[:7]),
    "PUT /subcontracting/customers/{employer_id}/billing": MANAGERS_OBJECT.sending(
        {"einvoice_address": "003712345671", "operator_id": "003723327487"}
    ),
    "POST /invoices/run": MANAGERS.but(outsider=422).sending(
        {"period_start": _iso(30), "period_end": _iso(0)}
    ),
    "POST /invoices/run-jobs": MANAGERS.but(outsider=422).sending(
        {"period_start": _iso(30), "period_end": _iso(0)}
    ),
    "GET /invoices": MANAGERS,
    "GET /invoices/{invoice_id}": MANAGERS_OBJECT,
    "GET /invoices/{invoice_id}/pdf": MANAGERS_OBJECT,
    "GET /invoices/{invoice_id}/finvoice": MANAGERS_OBJECT,
    "POST /invoices/{invoice_id}/credit": MANAGERS_OBJECT,
    # Wage work: as its pages; the count of paid jobs names no one.
    "POST /wage-jobs": GROUP_WORK_OBJECT.sending(new_wage_job),
    "GET /wage-jobs": GROUP_WORK,
    "GET /wage-jobs/{wage_job_id}": GROUP_WORK_OBJECT,
    "PUT /wage-jobs/{wage_job_id}": GROUP_WORK_OBJECT.sending(wage_job_terms),
    "GET /paid-jobs": GROUP_WORK,
    # Open work activity. The outsider's organisation has none of the world's agreements:
    # marking one is invalid input naming the mark (422).
    "POST /work-activity/enrollments/{enrollment_id}/agreements": WORKACT_ENROLLMENT.sending(
        lambda w: {**_workact_terms(w), "goals": ["Opin kassan"]}
    ),
    "GET /work-activity/agreements": WORKACT,
    "GET /work-activity/agreements/{agreement_id}": WORKACT_OBJECT,
    "PUT /work-activity/agreements/{agreement_id}": WORKACT_OBJECT.sending(_workact_edit),
    "POST /work-activity/agreements/{agreement_id}/goals": WORKACT_OBJECT.sending(
        {"text": "Opin kassan"}
    ),
    "POST /work-activity/agreements/{agreement_id}/reviews": WORKACT_OBJECT.sending(
        lambda w: {
            "date": _iso(1),
            "ratings": [{"goal_id": world_agreement(w).goals.first().pk, "progress": 4}],
        }
    ),
    "GET /work-activity/agreements/{agreement_id}/attendance": WORKACT_OBJECT.query(
        month=_iso(10)[:7]
    ),
    "GET /work-activity/agreements/{agreement_id}/statement": WORKACT_OBJECT.query(
        month=_iso(10)[:7]
    ),
    "POST /work-activity/attendance": WORKACT.but(outsider=422).sending(_workact_marks),
    "GET /work-activity/work-share": WORKACT.query(month=_iso(10)[:7]),
    "POST /work-activity/agreements/{agreement_id}/screenings": WORKACT_OBJECT.sending(
        {**_SCREENING, "date": _iso(1)}
    ),
    "GET /work-activity/screening-candidates": WORKACT,
    "POST /work-activity/agreements/{agreement_id}/ips-referral": WORKACT_OBJECT.sending({}),
}


# Staff trainings and client feedback (see the pages above).
API.update(
    {
        "POST /staff-trainings": Rule(OK, 403, 403, 403, 422).sending(
            lambda w: {
                "worker_id": w.enrollment.coach_id,
                "training": "ips_basics",
                "completed_on": _iso(10),
            }
        ),
        "GET /units/{unit_id}/trainings": MANAGERS_OBJECT,
        "POST /feedback-links": Rule(OK, OK, OK, 403, 422).sending(
            lambda w: {"unit_id": w.enrollment.unit_id, "service_model": "ips"}
        ),
        "GET /units/{unit_id}/feedback": MANAGERS_OBJECT,
    }
)


def url_args(rule: Rule, parameters: list[str], world: World) -> dict[str, Any]:
    """The route's parameters from the world (the rule's own first); KeyError names a
    parameter that has no builder in URL_ARGS."""
    builders = {**URL_ARGS, **rule.args}
    return {name: resolve(builders[name], world) for name in parameters}


def query_of(rule: Rule, world: World) -> dict[str, Any]:
    return {name: resolve(value, world) for name, value in rule.query_params.items()}


# --- The URL map and the OpenAPI document --------------------------------------------------

API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Route:
    name: str  # the qualified URL name ("api:openapi-json")
    route: str  # the whole pattern ("clients/<int:client_id>/")
    parameters: tuple[str, ...]


def walk_urls(resolver: URLResolver, prefix: str, namespace: str | None) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            qualified = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from walk_urls(entry, pattern, qualified)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            parameters = tuple(parameters_of(pattern))
            yield Route(name or pattern, pattern, parameters)


def parameters_of(pattern: str) -> Iterator[str]:
    for part in pattern.split("<")[1:]:
        yield part.split(">")[0].split(":")[-1]


def operations() -> dict[str, tuple[str, int]]:
    """'METHOD /path' → (the path, the operation's success status) from the OpenAPI document."""
    schema = api.get_openapi_schema()
    found = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            success = [int(s) for s in operation["responses"] if str(s).startswith("2")]
            assert len(success) == 1, (method, path, operation["responses"])
            found[f"{method.upper()} {path.removeprefix(API_PREFIX)}"] = (path, success[0])
    return found


def as_route(openapi_path: str) -> str:
    return openapi_path.lstrip("/").replace("{", "<").replace("}", ">")


OPERATIONS = operations()
OPERATION_ROUTES = {as_route(path) for path, _status in OPERATIONS.values()}


def excluded_by(route: Route) -> str | None:
    for key in EXCLUDED:
        if route.name == key or route.name.startswith(f"{key}:"):
            return key
    return None


def web_routes() -> dict[str, Route]:
    """The URL map without the API's operations (the OpenAPI document lists those) and
    without the declared exclusions."""
    routes = {}
    for route in walk_urls(get_resolver(), "", None):
        if route.route in OPERATION_ROUTES or excluded_by(route):
            continue
        routes[route.name] = route
    return routes


WEB_ROUTES = web_routes()
