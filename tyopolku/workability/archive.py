"""Archive-ready copies of the work-ability team's client documents: the service need
assessment, each version of the client plan and the network meeting record.

Each document becomes a structured JSON "twin" (its archive metadata and its content) and a
PDF/A-3b display form rendered from that same twin, with the twin embedded in the PDF as its
associated data file, so the two can never disagree. The metadata follows what Kanta's
social-welfare archive takes in: document type, service task (palvelutehtävä), service
process, author, dates and retention period. The codes come from the one table below;
docs/workability.md lists them with their sources and which are placeholders still to be
confirmed against the national code server (koodistopalvelu.kanta.fi).

The JSON schema of the twin is `archive-document.schema.json` beside this module."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.utils import timezone, translation

from tyopolku.clients.models import Client
from tyopolku.files.pdf import render_pdf
from tyopolku.workability.models import (
    ClientPlan,
    NetworkMeeting,
    ServiceNeed,
    ServiceNeedAssessment,
)

SCHEMA_PATH = Path(__file__).with_name("archive-document.schema.json")
SCHEMA_ID = "https://tyopolku.fi/schemas/archive-document/1"
STYLESHEET = Path(__file__).parent / "static" / "workability" / "archive-print.css"

# Code sets of Kanta's code server (OIDs of the classifications themselves).
SERVICE_TASK_CODE_SET = "1.2.246.537.6.1221"  # Sosiaalihuolto - Palvelutehtävä
SERVICE_PROCESS_CODE_SET = "1.2.246.537.6.1277"  # Sosiaalihuolto - Palveluprosessi
# The document types are published with THL's client document structures (Sosmeta); the
# code set is not fixed here yet, so the type codes are local.
DOCUMENT_TYPE_CODE_SET = None


@dataclass(frozen=True)
class Code:
    """A code of a national code set. `placeholder` marks a code value not yet checked
    against the code server: the name is right, the value is ours until confirmed."""

    code: str
    name: str
    code_set: str | None
    placeholder: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "code_set": self.code_set,
            "placeholder": self.placeholder,
        }


@dataclass(frozen=True)
class Retention:
    """How long a document is kept: `years` from `counted_from`; a client born on one of
    `permanent_birth_days` of a month belongs to the sample kept for research for good."""

    code: str
    name: str
    years: int
    counted_from: str
    permanent_birth_days: tuple[int, ...]
    source: str
    placeholder: bool = True

    def as_json(self, client: Client) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "years": self.years,
            "counted_from": self.counted_from,
            "permanent": client.birth_date.day in self.permanent_birth_days,
            "source": self.source,
            "placeholder": self.placeholder,
        }


@dataclass(frozen=True)
class DocumentKind:
    document_type: Code
    service_processes: tuple[Code, ...]
    retention: Retention


# --- The code table: every archive code Työpolku uses, in one place -------------------------

SERVICE_TASK = Code("working_age_services", "Työikäisten palvelut", SERVICE_TASK_CODE_SET)

RETENTION_12_YEARS = Retention(
    code="12_years_after_client_relationship",
    name="12 vuotta asiakkuuden päättymisestä",
    years=12,
    counted_from="end_of_client_relationship",
    permanent_birth_days=(18, 28),
    source="Laki sosiaalihuollon asiakasasiakirjoista 254/2015, liite",
)

_ASSESSMENT_PROCESS = Code("service_need_assessment", "Palvelutarpeen arviointi", None)
_PLANNING_PROCESS = Code("client_planning", "Asiakkuuden suunnittelu", None)
_IMPLEMENTATION_PROCESS = Code("service_implementation", "Palvelun toteuttaminen", None)


def _process(code: Code) -> Code:
    return Code(code.code, code.name, SERVICE_PROCESS_CODE_SET)


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    "service_need_assessment": DocumentKind(
        Code("service_need_assessment", "Palvelutarpeen arvio", DOCUMENT_TYPE_CODE_SET),
        (_process(_ASSESSMENT_PROCESS),),
        RETENTION_12_YEARS,
    ),
    "client_plan": DocumentKind(
        Code("client_plan", "Asiakassuunnitelma", DOCUMENT_TYPE_CODE_SET),
        (_process(_PLANNING_PROCESS),),
        RETENTION_12_YEARS,
    ),
    "network_meeting": DocumentKind(
        Code("network_meeting", "Verkostoneuvottelun muistio", DOCUMENT_TYPE_CODE_SET),
        (_process(_PLANNING_PROCESS), _process(_IMPLEMENTATION_PROCESS)),
        RETENTION_12_YEARS,
    ),
}


# --- The JSON twin ------------------------------------------------------------------------


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _metadata(
    kind: str,
    *,
    object_id: int,
    client: Client,
    author,
    created_at: datetime.datetime,
    completed_on: datetime.date | None,
    version: int,
) -> dict[str, Any]:
    document = DOCUMENT_KINDS[kind]
    organization = client.organization
    return {
        "document_id": f"tyopolku:{organization.code}:{kind}:{object_id}:v{version}",
        "document_type": document.document_type.as_json(),
        "service_task": SERVICE_TASK.as_json(),
        "service_processes": [code.as_json() for code in document.service_processes],
        "organization": {"code": organization.code, "name": organization.name},
        "client": {
            "id": client.pk,
            "name": client.full_name,
            "personal_id": client.personal_id,
            "birth_date": client.birth_date.isoformat(),
        },
        "author": {"username": author.username, "name": author.get_full_name() or author.username},
        "created_on": timezone.localdate(created_at).isoformat(),
        "completed_on": _date(completed_on),
        "version": version,
        "language": "fi",
        "retention": document.retention.as_json(client),
    }


def assessment_document(assessment: ServiceNeedAssessment) -> dict[str, Any]:
    """`assessment` with its client (and organisation) and author fetched."""
    with translation.override("fi"):  # the document's language, whoever downloads it
        labels = {code: str(label) for code, label in ServiceNeed.choices}
    return {
        "$schema": SCHEMA_ID,
        "metadata": _metadata(
            "service_need_assessment",
            object_id=assessment.pk,
            client=assessment.client,
            author=assessment.created_by,
            created_at=assessment.created_at,
            completed_on=assessment.completed_on,
            version=assessment.version,
        ),
        "content": {
            "initiated_on": _date(assessment.initiated_on),
            "started_on": _date(assessment.started_on),
            "completed_on": _date(assessment.completed_on),
            "participants": assessment.participants,
            "client_view": assessment.client_view,
            "summary": assessment.summary,
            "services_needed": [
                {"code": code, "name": labels.get(code, code)}
                for code in assessment.services_needed
            ],
        },
    }


def plan_document(plan: ClientPlan) -> dict[str, Any]:
    """One version of a client plan, its actions prefetched. A plan is final when made."""
    return {
        "$schema": SCHEMA_ID,
        "metadata": _metadata(
            "client_plan",
            object_id=plan.pk,
            client=plan.client,
            author=plan.created_by,
            created_at=plan.created_at,
            completed_on=plan.made_on,
            version=plan.version,
        ),
        "content": {
            "made_on": _date(plan.made_on),
            "client_assessment": plan.client_assessment,
            "worker_assessment": plan.worker_assessment,
            "goals": list(plan.goals),
            "actions": [
                {
                    "text": action.text,
                    "responsible": action.responsible,
                    "responsible_party": action.responsible_party,
                    "due_date": _date(action.due_date),
                }
                for action in plan.actions.all()
            ],
            "agreed_with_client": plan.agreed_with_client,
            "review_on": _date(plan.review_on),
        },
    }


def network_meeting_document(meeting: NetworkMeeting) -> dict[str, Any]:
    """A network meeting's record; it is complete on the meeting day."""
    return {
        "$schema": SCHEMA_ID,
        "metadata": _metadata(
            "network_meeting",
            object_id=meeting.pk,
            client=meeting.client,
            author=meeting.created_by,
            created_at=meeting.created_at,
            completed_on=meeting.date,
            version=1,
        ),
        "content": {
            "date": _date(meeting.date),
            "participants": [
                {
                    "name": person.get("name", ""),
                    "organisation": person.get("organisation", ""),
                    "role": person.get("role", ""),
                }
                for person in meeting.participants
            ],
            "agenda": meeting.agenda,
            "decisions": meeting.decisions,
            "tasks": [
                {
                    "text": task.get("text", ""),
                    "owner": task.get("owner", ""),
                    "due_date": task.get("due_date"),
                }
                for task in meeting.tasks
            ],
        },
    }


def json_bytes(document: dict[str, Any]) -> bytes:
    """The twin as the file that is downloaded and embedded in the PDF (UTF-8)."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def file_name(document: dict[str, Any], extension: str) -> str:
    metadata = document["metadata"]
    kind = metadata["document_type"]["code"].replace("_", "-")
    return f"{kind}-{metadata['client']['id']}-v{metadata['version']}.{extension}"


def pdf_bytes(document: dict[str, Any]) -> bytes:
    """The display form: PDF/A-3b in Finnish, rendered from the twin, which is embedded in
    it as the associated data file (PDF/A-3 allows exactly this)."""
    with translation.override("fi"):
        return render_pdf(
            "workability/archive_document.html",
            {"document": document, "metadata": document["metadata"]},
            stylesheets=[STYLESHEET],
            archival=True,
            attachments={file_name(document, "json"): json_bytes(document)},
        )


def archive_response(document: dict, fmt: str) -> HttpResponse:
    """The archive copy of a client document as a download: the PDF/A display form or its
    JSON twin (pages and API alike)."""
    if fmt == "pdf":
        response = HttpResponse(pdf_bytes(document), content_type="application/pdf")
    else:
        response = HttpResponse(
            json_bytes(document), content_type="application/json; charset=utf-8"
        )
    name = file_name(document, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
