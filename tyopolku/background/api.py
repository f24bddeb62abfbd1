"""API of background jobs: how far a queued piece of work has got and how it ended."""

import datetime

from ninja import Router, Schema

from tyopolku.background.models import Job
from tyopolku.background.selectors import job_get
from tyopolku.core.api import ERRORS, PathId

router = Router(tags=["jobs"])


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


def job_out(job: Job | None) -> dict | None:
    if job is None:
        return None
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
    }


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS})
def get_job(request, job_id: PathId):
    """A background job the user started (administrators and supervisors: any of their
    organisation's). Poll it until `status` is `done` or `failed`."""
    return job_out(job_get(user=request.user, job_id=job_id))
