"""The THL evaluation dataset: one row per client whose evaluation consent is in force on the
export date, with a pseudonym instead of any identifier, the birth year instead of the birth
date, and the first enrollment's dates and counts. No names, identity codes, contact details
or free text. docs/reports.md has the data dictionary (also `DICTIONARY` below).

The consent rule: `Consent` keeps only the client's current answer. A client is exported on
`on` when that answer is "given" and was recorded on or before `on`; a withdrawal replaces
the answer, so a withdrawn client is left out of every export after it is recorded, also of
an export made later for an earlier date (the safe side)."""

import datetime
import hashlib
import hmac
import itertools
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.background.models import Job
from tyopolku.background.services import Progress, counted, job_export_enqueue, job_file_store
from tyopolku.clients.models import Client, Consent
from tyopolku.core.errors import InvalidInput
from tyopolku.employers.models import FACE_TO_FACE, EmployerContact
from tyopolku.files import spreadsheets
from tyopolku.pathway.models import Enrollment, Phase, PhaseChange, Visit, VisitKind
from tyopolku.placements.models import Placement
from tyopolku.reports.selectors import report_access_check
from tyopolku.reports.tasks import thl_export_task

STUDY_KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")

_VISIT_COLUMNS = [f"visits_{kind}" for kind in VisitKind.values]

# Column, meaning: the data dictionary of the CSV, in its column order.
DICTIONARY: list[tuple[str, str]] = [
    ("pseudonym", "HMAC-SHA256 of the study key and the client's internal id (hex); the same "
     "client has the same pseudonym in every export of the study, another in other studies"),
    ("birth_year", "year of birth"),
    ("service_model", "service model code of the client's first enrollment"),
    ("enrollment_start", "start date of the first enrollment (YYYY-MM-DD)"),
    ("enrollment_end", "end date of the first enrollment; empty while it is open"),
    ("job_search_from", "first day in the job search phase; empty if never"),
    ("employed_from", "first day in the employed (follow-along) phase; empty if never"),
    ("ended_on", "first day in the ended phase; empty if not ended"),
    *[(column, f"visits of kind '{column[7:]}' recorded in the enrollment") for column in
      _VISIT_COLUMNS],
    ("days_to_first_face_to_face_contact", "days from the enrollment start to the first "
     "face-to-face (visit, meeting) employer contact made for it; empty if none"),
    ("first_placement_start", "start date of the enrollment's first placement; empty if none"),
    ("competitive", "1 if any placement of the enrollment is competitive employment, else 0"),
    ("placements", "number of placements (jobs and work trials) in the enrollment"),
]
COLUMNS = [column for column, _meaning in DICTIONARY]


def pseudonym(*, study: str, client_id: int) -> str:
    """Stable per client and study, unlinkable between studies without the key."""
    message = f"{study}\x00{client_id}".encode()
    return hmac.new(settings.THL_PSEUDONYM_KEY.encode(), message, hashlib.sha256).hexdigest()


def study_clean(study: str) -> str:
    if not STUDY_KEY.match(study or ""):
        raise InvalidInput.for_field(
            "study", _("The study key is 1–40 letters, digits, hyphens or underscores.")
        )
    return study


def consenting_clients(*, user: User, on: datetime.date):
    """The organisation's clients whose THL evaluation consent is in force on `on`."""
    in_force = Consent.objects.filter(
        client_id=OuterRef("pk"),
        kind=Consent.Kind.THL_EVALUATION,
        given=True,
        recorded_on__lte=on,
    )
    return Client.objects.filter(organization_id=user.organization_id).filter(Exists(in_force))


def _count(model, **filters) -> Coalesce:
    rows = (
        model.objects.filter(enrollment_id=OuterRef("pk"), **filters)
        .values("enrollment_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _first_phase(phase: str) -> Subquery:
    changes = PhaseChange.objects.filter(enrollment_id=OuterRef("pk"), phase=phase)
    return Subquery(changes.order_by("effective_date").values("effective_date")[:1])


def _first_enrollments(client_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The first enrollment (earliest start) of each client, with its figures: one query,
    every count a subquery so that the joins do not multiply each other."""
    first = Enrollment.objects.filter(client_id=OuterRef("client_id")).order_by("start_date", "pk")
    contacts = EmployerContact.objects.filter(
        enrollment_id=OuterRef("pk"), kind__in=FACE_TO_FACE, date__gte=OuterRef("start_date")
    ).order_by("date")
    placements = Placement.objects.filter(enrollment_id=OuterRef("pk"))
    rows = (
        Enrollment.objects.filter(client_id__in=client_ids, pk=Subquery(first.values("pk")[:1]))
        .annotate(
            job_search_from=_first_phase(Phase.JOB_SEARCH),
            employed_from=_first_phase(Phase.EMPLOYED),
            ended_on=_first_phase(Phase.ENDED),
            first_contact=Subquery(contacts.values("date")[:1]),
            first_placement_start=Subquery(
                placements.order_by("start_date").values("start_date")[:1]
            ),
            competitive=Exists(placements.filter(competitive=True)),
            placement_count=_count(Placement),
            **{
                column: _count(Visit, kind=kind)
                for column, kind in zip(_VISIT_COLUMNS, VisitKind.values, strict=True)
            },
        )
        .values()
    )
    return {row["client_id"]: row for row in rows}


def _row(study: str, client_id: int, birth_date: datetime.date, e: dict | None) -> list[Any]:
    if e is None:
        return [pseudonym(study=study, client_id=client_id), birth_date.year] + [""] * (
            len(COLUMNS) - 2
        )
    days = (e["first_contact"] - e["start_date"]).days if e["first_contact"] else None
    return [
        pseudonym(study=study, client_id=client_id),
        birth_date.year,
        e["service_model"],
        e["start_date"],
        e["end_date"],
        e["job_search_from"],
        e["employed_from"],
        e["ended_on"],
        *[e[column] for column in _VISIT_COLUMNS],
        days,
        e["first_placement_start"],
        1 if e["competitive"] else 0,
        e["placement_count"],
    ]


def _consenting(user: User, on: datetime.date) -> list[tuple[int, datetime.date]]:
    return list(
        consenting_clients(user=user, on=on).order_by("pk").values_list("pk", "birth_date")
    )


# Clients whose enrollments are read in one query: a national dataset is read in parts
# (and the background job reports its progress after each).
CHUNK = 2000


def _data_rows(study: str, clients: list[tuple[int, datetime.date]]) -> Iterator[list[Any]]:
    for chunk in itertools.batched(clients, CHUNK):
        enrollments = _first_enrollments([pk for pk, _birth in chunk])
        for pk, birth_date in chunk:
            yield _row(study, pk, birth_date, enrollments.get(pk))


def thl_evaluation_rows(*, user: User, on: datetime.date, study: str) -> Iterator[list[Any]]:
    """The header and a row per consenting client (a query for the clients and one per
    CHUNK of them); every exported client is written to the access log as an export."""
    report_access_check(user)
    study = study_clean(study)
    clients = _consenting(user, on)
    _log_export(user, clients)
    yield COLUMNS
    yield from _data_rows(study, clients)


def _log_export(user: User, clients: list[tuple[int, datetime.date]]) -> None:
    access_log_record(
        user=user,
        client_ids=[pk for pk, _birth in clients],
        action=AccessAction.EXPORT,
        target="thl_export",
    )


def thl_evaluation_csv(out, *, user: User, on: datetime.date, study: str) -> None:
    """The dataset as CSV through the safe writer (comma-separated, ISO dates)."""
    rows = list(thl_evaluation_rows(user=user, on=on, study=study))
    writer = spreadsheets.CsvWriter(out, delimiter=",")
    writer.writerows(_csv_row(row) for row in rows)


def _csv_row(row: list[Any]) -> list[Any]:
    return [value.isoformat() if isinstance(value, datetime.date) else value for value in row]


def thl_file_name(on: datetime.date) -> str:
    return f"thl-evaluation-{on:%Y-%m-%d}.csv"


# The dataset made by the background worker ---------------------------------------------------


def thl_export_start(*, user: User, on: datetime.date, study: str) -> Job:
    """Queue the dataset of `on` for the background worker (checked first, so that a bad
    study key or role is told at once); its file is kept for the user (tyopolku/background)."""
    report_access_check(user)
    study = study_clean(study)
    return job_export_enqueue(
        user=user,
        kind=Job.Kind.THL_EXPORT,
        task=thl_export_task,
        params={"on": on.isoformat(), "study": study},
    )


def thl_export_work(job: Job, progress: Progress) -> str:
    """The worker's part: the rows written to a temporary file as they are read (with the
    progress), then the file and the access log of every exported client in one
    transaction. A failure before that leaves neither."""
    user = job.created_by
    on = datetime.date.fromisoformat(job.params["on"])
    study = job.params["study"]
    # Checked again: the user's role may have changed while the job waited.
    report_access_check(user)
    clients = _consenting(user, on)
    out = spreadsheets.CsvFile(delimiter=",")
    out.writerow(COLUMNS)
    rows = counted(_data_rows(study, clients), total=len(clients), progress=progress)
    out.writerows(_csv_row(row) for row in rows)
    with out.temporary_file() as file, transaction.atomic():
        _log_export(user, clients)
        job_file_store(
            job=job, name=thl_file_name(on), content_type=spreadsheets.CSV_CONTENT_TYPE, file=file
        )
    return ngettext(
        "The dataset is ready: %(count)s client.",
        "The dataset is ready: %(count)s clients.",
        len(clients),
    ) % {"count": len(clients)}
