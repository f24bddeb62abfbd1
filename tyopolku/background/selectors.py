"""Reading jobs: a user sees the jobs of their own organisation that they started, and an
administrator or a supervisor every job of the organisation."""

from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import REGISTER_MANAGERS
from tyopolku.background.models import Job
from tyopolku.core.errors import NotFound


def _visible(user: User):
    jobs = Job.objects.filter(organization_id=user.organization_id)
    if user.role not in REGISTER_MANAGERS:
        jobs = jobs.filter(created_by=user)
    return jobs


def job_get(*, user: User, job_id: int) -> Job:
    job = _visible(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("Job not found."))
    return job


def job_latest(*, user: User, kind: Job.Kind, object_id: int) -> Job | None:
    """The newest job of this kind for this record, or None."""
    jobs = _visible(user).filter(kind=kind, object_id=object_id)
    return jobs.order_by("-created_at", "-pk").first()


def job_active_exists(*, kind: Job.Kind, object_id: int) -> bool:
    return Job.objects.filter(kind=kind, object_id=object_id, status__in=Job.ACTIVE).exists()
