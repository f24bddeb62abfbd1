"""API of background jobs: how far a queued piece of work has got, how it ended, and the file
an export made."""

import datetime

from ninja import Router, Schema

from tyopolku.background.models import Job
from tyopolku.background.selectors import job_file_get, job_get
from tyopolku.background.views import job_file_response
from tyopolku.core.api import ERRORS, PathId
from tyopolku.files import spreadsheets

router = Router(tags=["jobs"])


class JobFileOut(Schema):
    name: str
    content_type: str
    # bytes
    size: int
    # After this the file is deleted; download it with GET /jobs/{id}/file before.
    expires_at: datetime.datetime


class JobOut(Schema):
    id: int
    kind: str
    # queued, running, done or failed
    status: str
    done: int
    total: int
    # How it ended, for the user (empty while it runs).
    message: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    # An export's file while it is kept (null before it is made and after it is deleted).
    file: JobFileOut | None
    # The records the job made: an invoice run's invoices (GET /invoices/{id}).
    created_ids: list[int]


def job_out(job: Job | None) -> dict | None:
    if job is None:
        return None
    file = job.kept_file
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "file": None
        if file is None
        else {
            "name": file.name,
            "content_type": file.content_type,
            "size": file.size,
            "expires_at": file.expires_at,
        },
        "created_ids": job.created_ids,
    }


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS})
def get_job(request, job_id: PathId):
    """A background job the user started (administrators and supervisors: any of their
    organisation's). Poll it until `status` is `done` or `failed`."""
    return job_out(job_get(user=request.user, job_id=job_id))


@router.get(
    "/jobs/{job_id}/file",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {200: {"content": {"text/csv": {}, spreadsheets.XLSX_CONTENT_TYPE: {}}}}
    },
)
def get_job_file(request, job_id: PathId):
    """The file an export job made (CSV or .xlsx, as its `file.content_type` says), for the
    user who started the job only, until `file.expires_at`; 404 before and after."""
    return job_file_response(job_file_get(user=request.user, job_id=job_id))
