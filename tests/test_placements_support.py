"""Builders shared by the placement and matching tests: plain functions (no tests here).

Dates are fixed in early 2026, in the past, so that ends and visits may be recorded.
"""

import datetime
import itertools
from decimal import Decimal

from tests.factories import ClientFactory, EnrollmentFactory
from tyopolku.employers.models import Employer, Opening
from tyopolku.pathway.models import Phase, PhaseChange
from tyopolku.placements.models import PaySubsidyRate
from tyopolku.placements.services import placement_create, placement_end

ENROLLED = datetime.date(2026, 1, 5)
SEARCHING = datetime.date(2026, 1, 12)
JOB_START = datetime.date(2026, 3, 2)

_business_ids = itertools.count(1)


def login(client, user):
    """Log in and ask for English pages: assertions read the source strings."""
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def make_employer(organization, name="Kauppa Oy", **fields) -> Employer:
    fields.setdefault("industry_code", "47111")
    fields.setdefault("municipality_code", "405")
    return Employer.objects.create(
        organization=organization,
        name=name,
        business_id=f"{next(_business_ids):07d}-0",
        **fields,
    )


def make_opening(employer, title="Myyjä", **fields) -> Opening:
    return Opening.objects.create(employer=employer, title=title, **fields)


def job_search_enrollment(client, user, start=ENROLLED, searching=SEARCHING):
    """An IPS enrollment that moved from intake to job search on `searching`."""
    enrollment = EnrollmentFactory(client=client, start_date=start, created_by=user, coach=user)
    PhaseChange.objects.create(
        enrollment=enrollment,
        phase=Phase.JOB_SEARCH,
        effective_date=searching,
        reason=PhaseChange.Reason.INTAKE_COMPLETE,
        recorded_by=user,
    )
    return enrollment


def searching_client(organization, coach, **names):
    """A new client of `coach` in job search; returns the enrollment."""
    client = ClientFactory(organization=organization, worker=coach, **names)
    return job_search_enrollment(client, coach)


def placement_payload(employer, **fields) -> dict:
    payload = {
        "employer_id": employer.pk,
        "start_date": JOB_START.isoformat(),
        "job_title": "Myyjä",
        "hours_per_week": 20,
        "competitive": True,
    }
    return payload | fields


def add_rate(valid_from, percent, max_monthly_eur, **fields) -> PaySubsidyRate:
    fields.setdefault("reason", "skills_gap")
    return PaySubsidyRate.objects.create(
        valid_from=valid_from, percent=percent, max_monthly_eur=Decimal(max_monthly_eur), **fields
    )


def record_job(user, enrollment, start, end=None, continues_job_search=True):
    """A job recorded through the placement services (and its end, if given)."""
    placement = placement_create(
        user=user,
        enrollment=enrollment,
        employer_id=make_employer(enrollment.client.organization).pk,
        start_date=start,
        job_title="Myyjä",
        hours_per_week=Decimal(30),
        competitive=True,
    )
    if end is not None:
        placement_end(
            user=user,
            placement=placement,
            end_date=end,
            end_reason="Määräaikainen päättyi",
            continues_job_search=continues_job_search,
        )
    return placement
