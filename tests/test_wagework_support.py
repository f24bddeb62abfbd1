"""Builders shared by the wage-work tests and the access policy: plain functions (no tests)."""

import datetime

from tests.pages_support import days_ago
from tyopolku.wagework.models import WageJob
from tyopolku.wagework.services import wage_job_create


def wage_job_of(user, client, unit, *, start: datetime.date, end=None, title="Keittiöapulainen"):
    return wage_job_create(
        user=user,
        client_id=client.pk,
        unit_id=unit.pk,
        title=title,
        weekly_hours="30",
        start_date=start,
        end_date=end,
    )


def world_wage_job(w) -> WageJob:
    """The access policy's paid job of the world's client (made once per world)."""
    existing = WageJob.objects.filter(organization=w.org).order_by("pk").first()
    if existing is not None:
        return existing
    return wage_job_of(w.worker_link.user, w.client, w.enrollment.unit, start=days_ago(30))


def wage_job_terms(w) -> dict:
    """New terms of the world's job, with the version it has now."""
    job = world_wage_job(w)
    return {
        "unit_id": job.unit_id,
        "title": "Pesulatyöntekijä",
        "weekly_hours": "25",
        "start_date": job.start_date.isoformat(),
        "version": job.version,
    }


def new_wage_job(w) -> dict:
    return {
        "client_id": w.client.pk,
        "unit_id": w.enrollment.unit_id,
        "title": "Kiinteistönhoitaja",
        "weekly_hours": "20",
        "start_date": days_ago(5).isoformat(),
    }
