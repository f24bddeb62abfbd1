"""Reads of placements. A placement is client data: it is reached through the enrollments
the user may see, and reading it is logged."""

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_RECORD_ROLES
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.core.dated import in_force
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, InvalidInput, NotFound
from tyopolku.employers.models import Employer, Opening
from tyopolku.employers.selectors import employers_of
from tyopolku.pathway.models import Enrollment
from tyopolku.pathway.selectors import enrollments_visible_to
from tyopolku.placements.models import (
    PaySubsidyRate,
    Placement,
    PlacementKind,
    WorkingTimeSetting,
    WorkTrialRule,
)
from tyopolku.placements.rules import Assessment, Tenure, Terms, assess, tenure


def _with_details(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.select_related("employer", "opening", "enrollment__client", "created_by")


def placement_get(
    *,
    user: User,
    placement_id: int,
    target: str = "placement",
    action: AccessAction = AccessAction.READ,
) -> Placement:
    """A placement of a client the user may see, or NotFound; logs the access as `action`
    (a write request: the write it attempts)."""
    placement = (
        _with_details(Placement.objects.filter(enrollment__in=enrollments_visible_to(user)))
        .filter(pk=placement_id)
        .first()
    )
    if placement is None:
        raise NotFound(_("Placement not found."))
    access_log_record(
        user=user,
        client_ids=[placement.enrollment.client_id],
        action=action,
        target=target,
    )
    return placement


def placement_list(*, enrollment: Enrollment) -> QuerySet[Placement]:
    """Placements of an enrollment fetched through `enrollment_get` (which logged the read)."""
    return _with_details(enrollment.placements.all()).order_by("-start_date", "-pk")


def employer_choices(*, user: User) -> QuerySet[Employer]:
    return employers_of(user).order_by("name", "pk").only("pk", "name")


def employer_for_placement(*, user: User, employer_id: int) -> Employer:
    """The employer named on a placement: one of the user's organisation, else invalid input."""
    employer = employers_of(user).filter(pk=employer_id).first()
    if employer is None:
        raise InvalidInput.for_field(
            "employer_id", _("Unknown employer in this organisation's register.")
        )
    return employer


def opening_for_placement(*, employer: Employer, opening_id: int) -> Opening:
    opening = Opening.objects.filter(pk=opening_id, employer=employer).first()
    if opening is None:
        raise InvalidInput.for_field("opening_id", _("The employer has no such job opening."))
    return opening


def openings_of_employer(*, user: User, employer_id: int | None) -> QuerySet[Opening]:
    """Openings a placement at this employer may fill: the open ones, newest first."""
    if employer_id is None:
        return Opening.objects.none()
    return Opening.objects.filter(
        employer__organization_id=user.organization_id,
        employer_id=employer_id,
        status=Opening.Status.OPEN,
    ).order_by("-created_at", "-pk")


def opening_with_employer(*, user: User, opening_id: int) -> Opening | None:
    """A link like "record a placement for this opening" preselects it; a wrong id is ignored."""
    return (
        Opening.objects.filter(pk=opening_id, employer__organization_id=user.organization_id)
        .select_related("employer")
        .first()
    )


def _client_history(client_id: int) -> list[Terms]:
    """Every placement of the client, in any enrollment: the three-year rule and the work
    trial totals look across them."""
    return [
        Terms.of(p)
        for p in Placement.objects.filter(enrollment__client_id=client_id).select_related(
            "employer"
        )
    ]


def _rules() -> tuple[list[PaySubsidyRate], list[WorkTrialRule]]:
    # A few rows per change in the law: reading them all beats a query per placement.
    return list(PaySubsidyRate.objects.all()), list(WorkTrialRule.objects.all())


def _working_time(client_id: int) -> list[WorkingTimeSetting]:
    """The dated full working time of the client's organisation, oldest first."""
    return list(
        WorkingTimeSetting.objects.filter(organization__clients=client_id).order_by("valid_from")
    )


def _with_working_time(terms: Terms, settings: list[WorkingTimeSetting]) -> Terms:
    setting = in_force(settings, terms.start_date)
    hours = setting.full_time_hours_per_week if setting else None
    return dataclasses.replace(terms, full_time_hours=hours)


def terms_assessment(*, terms: Terms, client_id: int) -> Assessment:
    """The estimate and warnings for placement terms, saved or still on the form."""
    rates, rules = _rules()
    return assess(
        _with_working_time(terms, _working_time(client_id)),
        rates=rates,
        rules=rules,
        history=_client_history(client_id),
        today=today(),
    )


@dataclass(frozen=True)
class PlacementSummary:
    placement: Placement
    assessment: Assessment
    tenure: Tenure

    @property
    def active(self) -> bool:
        return is_active(self.placement, today())


def is_active(placement: Placement, day: datetime.date) -> bool:
    return placement.start_date <= day and (placement.end_date is None or placement.end_date >= day)


def placement_summaries(
    placements: Sequence[Placement], *, client_id: int
) -> list[PlacementSummary]:
    """Placements of one client with their estimates, warnings and tenure in four queries,
    however many there are."""
    rates, rules = _rules()
    history = _client_history(client_id)
    working_time = _working_time(client_id)
    on = today()
    return [
        PlacementSummary(
            placement=p,
            assessment=assess(
                _with_working_time(Terms.of(p), working_time),
                rates=rates,
                rules=rules,
                history=history,
                today=on,
            ),
            tenure=tenure(p.start_date, p.end_date, on),
        )
        for p in placements
    ]


def placement_summary(placement: Placement) -> PlacementSummary:
    return placement_summaries([placement], client_id=placement.enrollment.client_id)[0]


def opening_choices_for(*, user: User, employer_id: int | None) -> QuerySet[Opening]:
    """The openings select of the placement form, for users who record placements."""
    if user.role not in CLIENT_RECORD_ROLES:
        raise Forbidden(_("Your role has no access to client records."))
    return openings_of_employer(user=user, employer_id=employer_id)


def placement_preview(*, user: User, enrollment: Enrollment, data: dict) -> Assessment | None:
    """The estimate and warnings for the values on the placement form (`data` as cleaned by
    the estimate form, any of them missing); None until the employer and start are known."""
    if not data.get("employer_id") or not data.get("start_date"):
        return None
    employer = employers_of(user).filter(pk=data["employer_id"]).first()
    if employer is None:
        return None
    terms = Terms(
        kind=data.get("kind") or PlacementKind.EMPLOYMENT,
        employer_id=employer.pk,
        employer_type=employer.employer_type,
        start_date=data["start_date"],
        hours_per_week=data.get("hours_per_week"),
        days_per_week=data.get("days_per_week"),
        hourly_wage=data.get("hourly_wage"),
        pay_subsidy_percent=data.get("pay_subsidy_percent"),
        pay_subsidy_months=data.get("pay_subsidy_months"),
        end_date=data.get("planned_end_date"),
    )
    return terms_assessment(terms=terms, client_id=enrollment.client_id)
