"""Reading jobs: a user sees the jobs of their own organisation that they started, and an
administrator or a supervisor every job of the organisation."""

from django.utils import timezone
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import REGISTER_MANAGERS
from tyopolku.background.models import Job, JobFile
from tyopolku.core.errors import NotFound


def _visible(user: User):
    jobs = Job.objects.filter(organization_id=user.organization_id)
    if user.role not in REGISTER_MANAGERS:
        jobs = jobs.filter(created_by=user)
    return jobs


def job_get(*, user: User, job_id: int) -> Job:
    # With its file's name and size, not its bytes (the page polls this).
    job = _visible(user).select_related("file").defer("file__content").filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("Job not found."))
    return job


def job_latest(*, user: User, kind: Job.Kind, object_id: int) -> Job | None:
    """The newest job of this kind for this record, or None."""
    jobs = _visible(user).filter(kind=kind, object_id=object_id)
    return jobs.order_by("-created_at", "-pk").first()


def job_active_exists(*, kind: Job.Kind, object_id: int) -> bool:
    return Job.objects.filter(kind=kind, object_id=object_id, status__in=Job.ACTIVE).exists()


def job_file_get(*, user: User, job_id: int) -> JobFile:
    """A job's file, for the one who started the job only: it was made with their rights and
    logged as their export. Past its retention time it is gone (404), as after its deletion."""
    file = JobFile.objects.filter(
        job_id=job_id,
        job__created_by=user,
        organization_id=user.organization_id,
        expires_at__gt=timezone.now(),
    ).first()
    if file is None:
        raise NotFound(_("The file is not kept any more: make it again."))
    return file
