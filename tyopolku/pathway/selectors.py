"""Reads on the client's path. Access goes through the client selector; reads are logged."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import SEES_ALL_CLIENTS
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.models import ClientWorker
from tyopolku.clients.selectors import clients_visible_to
from tyopolku.core.dated import in_force
from tyopolku.core.dates import today
from tyopolku.core.errors import NotFound
from tyopolku.pathway.intake import INTAKE_STEPS
from tyopolku.pathway.models import (
    Enrollment,
    IntakeStep,
    Phase,
    PhaseChange,
    ReferralSource,
    ServiceModelSetting,
    Visit,
)
from tyopolku.pathway.rules import VisitBasis, follow_along_last_day, phase_on, visit_basis


@dataclass(frozen=True)
class ModelSettings:
    """The dated settings rows of one organisation's service model, oldest first."""

    rows: list[ServiceModelSetting]

    def on(self, day: datetime.date) -> ServiceModelSetting | None:
        return in_force(self.rows, day)

    def follow_along_months(self, employed_since: datetime.date) -> int | None:
        """An employment keeps the period in force on its first day."""
        row = self.on(employed_since)
        return row.follow_along_months if row else None


def _settings_by_model(organization_id: int) -> dict[str, ModelSettings]:
    rows: dict[str, list[ServiceModelSetting]] = {}
    for row in ServiceModelSetting.objects.filter(organization_id=organization_id).order_by(
        "valid_from"
    ):
        rows.setdefault(row.service_model, []).append(row)
    return {model: ModelSettings(model_rows) for model, model_rows in rows.items()}


def model_settings(enrollment: Enrollment) -> ModelSettings:
    return _settings_by_model(enrollment.client.organization_id).get(
        enrollment.service_model, ModelSettings([])
    )


def employment_gap_days(enrollment: Enrollment) -> int:
    row = model_settings(enrollment).on(today())
    return row.employment_gap_days if row else 0


@dataclass(frozen=True)
class EnrollmentStatus:
    """What the caseload and client pages show about an enrollment today."""

    phase: Phase
    phase_since: datetime.date
    days_in_phase: int
    next_step: str
    follow_along_last_day: datetime.date | None
    follow_along_days_left: int | None
    warning: str  # "" | "ending" | "expired"


def enrollment_status(
    enrollment: Enrollment, settings: ModelSettings | None, on: datetime.date
) -> EnrollmentStatus:
    """Uses the prefetched phase changes and steps only: no queries."""
    changes = list(enrollment.phase_changes.all())
    current = phase_on(changes, on)
    if enrollment.end_date is not None:
        phase, since = Phase.ENDED, enrollment.end_date
    elif current is None:  # starts in the future
        phase, since = Phase.INTAKE, enrollment.start_date
    else:
        phase, since = current.phase, current.since
    last_day = days_left = None
    warning = ""
    next_step = ""
    if phase == Phase.INTAKE:
        open_steps = [s for s in enrollment.intake_steps.all() if s.done_on is None]
        if open_steps:
            step = INTAKE_STEPS[open_steps[0].number - 1]
            next_step = _("Step %(n)s: %(title)s") % {"n": step.number, "title": step.title}
        else:
            next_step = _("Start the service")
    elif phase == Phase.JOB_SEARCH:
        next_step = _("Job search with the client's preferences")
    elif phase == Phase.EMPLOYED:
        next_step = _("Follow-along support")
        months = settings.follow_along_months(current.employed_since) if settings else None
        last_day = follow_along_last_day(current.employed_since, months) if current else None
        if last_day is not None:
            days_left = (last_day - on).days
            setting = settings.on(on) if settings else None
            warning_days = setting.warning_days if setting else 14
            if days_left < 0:
                warning = "expired"
            elif days_left <= warning_days:
                warning = "ending"
    return EnrollmentStatus(
        phase=phase,
        phase_since=since,
        days_in_phase=max(0, (on - since).days),
        next_step=next_step,
        follow_along_last_day=last_day,
        follow_along_days_left=days_left,
        warning=warning,
    )


def _with_path(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return enrollments.select_related(
        "client", "unit", "coach", "referral_source"
    ).prefetch_related(
        Prefetch("phase_changes", queryset=PhaseChange.objects.order_by("effective_date", "pk")),
        Prefetch(
            "intake_steps", queryset=IntakeStep.objects.select_related("done_by").order_by("number")
        ),
    )


def phase_on_day(day: datetime.date) -> Subquery:
    """The phase in force on `day` as a subquery for `Enrollment.annotate`: the latest phase
    change on or before it (None before the start). The database does what `phase_on` does,
    so a list can filter and sort on the phase without loading every phase change."""
    # On one day the later phase of the path wins, as in `phase_on`.
    path_rank = Case(*(When(phase=phase, then=Value(rank)) for rank, phase in enumerate(Phase)))
    return Subquery(
        PhaseChange.objects.filter(enrollment_id=OuterRef("pk"), effective_date__lte=day)
        .order_by("-effective_date", path_rank.desc(), "-pk")
        .values("phase")[:1]
    )


def enrollments_visible_to(user: User) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(client__in=clients_visible_to(user))


def enrollment_get(
    *,
    user: User,
    enrollment_id: int,
    target: str = "enrollment",
    action: AccessAction = AccessAction.READ,
) -> Enrollment:
    """An enrollment of a client the user may see, with its path prefetched; logs the access
    as `action` on `target` (a write request: the write it attempts)."""
    enrollment = _with_path(enrollments_visible_to(user)).filter(pk=enrollment_id).first()
    if enrollment is None:
        raise NotFound(_("Enrollment not found."))
    access_log_record(
        user=user, client_ids=[enrollment.client_id], action=action, target=target
    )
    return enrollment


def enrollment_with_status(enrollment: Enrollment) -> tuple[Enrollment, EnrollmentStatus]:
    settings = _settings_by_model(enrollment.client.organization_id)
    return enrollment, enrollment_status(
        enrollment, settings.get(enrollment.service_model), today()
    )


def client_enrollments(*, user: User, client_id: int) -> list[tuple[Enrollment, EnrollmentStatus]]:
    """A client's enrollments with their status (the client was fetched and logged already)."""
    enrollments = list(_with_path(enrollments_visible_to(user)).filter(client_id=client_id))
    settings = _settings_by_model(user.organization_id)
    on = today()
    return [(e, enrollment_status(e, settings.get(e.service_model), on)) for e in enrollments]


RESPONSIBLE_KINDS = (ClientWorker.Kind.CASE_MANAGER, ClientWorker.Kind.PERSONAL_WORKER)

# The caseload's sortable columns (`?sort=name`, `?sort=-last_visit`): anything else is
# ignored. Each sorts on what the database has, so a page of 50 is cut in SQL.
CASELOAD_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("client__last_name", "client__first_name"),
    "phase": ("phase_order",),
    "start": ("start_date",),
    "last_visit": ("last_visit",),
    "coach": ("coach__last_name", "coach__first_name"),
}
CASELOAD_DEFAULT_SORT = "name"
CASELOAD_PAGE_SIZE = 50
_PHASE_ORDER = [Phase.INTAKE, Phase.JOB_SEARCH, Phase.EMPLOYED, Phase.ENDED]


def caseload_sort(value: str | None) -> str:
    """`value` when it names a sortable column (with "-" for descending), else the default."""
    value = value or ""
    return value if value.removeprefix("-") in CASELOAD_SORTS else CASELOAD_DEFAULT_SORT


def _caseload_enrollments(
    user: User, coach_id: int | None, unit_id: int | None = None
) -> QuerySet[Enrollment]:
    """Open enrollments: a coach's own; supervisors and admins see the organisation's, those
    of one unit's coaches (`unit_id`: the team of a unit is its coaches) or of one coach."""
    enrollments = enrollments_visible_to(user).filter(end_date__isnull=True)
    if user.role not in SEES_ALL_CLIENTS:
        return enrollments.filter(coach=user)
    if unit_id is not None:
        enrollments = enrollments.filter(coach__unit_id=unit_id)
    if coach_id is not None:
        return enrollments.filter(coach_id=coach_id)
    return enrollments


def caseload_count(*, user: User, coach_id: int | None = None, unit_id: int | None = None) -> int:
    return _caseload_enrollments(user, coach_id, unit_id).count()


def caseload_coach_counts(*, user: User, unit_id: int | None = None) -> dict[int, int]:
    """Open enrollments per coach of the team (for the team view's coach filter)."""
    rows = (
        _caseload_enrollments(user, None, unit_id)
        .filter(coach__isnull=False)
        .values("coach_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["coach_id"]: row["n"] for row in rows}


def caseload(
    *,
    user: User,
    coach_id: int | None = None,
    unit_id: int | None = None,
    sort: str = CASELOAD_DEFAULT_SORT,
    offset: int = 0,
    limit: int = CASELOAD_PAGE_SIZE,
) -> list[tuple[Enrollment, EnrollmentStatus]]:
    """One page of the open enrollments (see `_caseload_enrollments`) sorted by a column of
    CASELOAD_SORTS, each with its last visit date (`last_visit`) from the same query.
    Logs a read of every client listed."""
    on = today()
    sort = caseload_sort(sort)
    descending = sort.startswith("-")
    order = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_first=True)
        for name in CASELOAD_SORTS[sort.removeprefix("-")]
    ]
    last_visit = Visit.objects.filter(enrollment_id=OuterRef("pk")).order_by("-date")
    enrollments = (
        _caseload_enrollments(user, coach_id, unit_id)
        .alias(phase_today=phase_on_day(on))
        .annotate(
            last_visit=Subquery(last_visit.values("date")[:1]),
            phase_order=Case(
                *(When(phase_today=phase, then=n) for n, phase in enumerate(_PHASE_ORDER)),
                default=0,  # starts in the future: intake
            ),
        )
    )
    # The client's case managers and personal workers (SHL 42 §) in one query for the page.
    responsible = Prefetch(
        "client__client_workers",
        queryset=ClientWorker.objects.in_force(on)
        .filter(kind__in=RESPONSIBLE_KINDS)
        .select_related("user")
        .order_by("kind", "start_date", "pk"),
        to_attr="responsible_links",
    )
    rows = list(
        _with_path(enrollments)
        .prefetch_related(responsible)
        .order_by(*order, "client__last_name", "client__first_name", "pk")[offset : offset + limit]
    )
    access_log_record(
        user=user,
        client_ids=[e.client_id for e in rows],
        action=AccessAction.READ,
        target="caseload",
    )
    settings = _settings_by_model(user.organization_id)
    return [(e, enrollment_status(e, settings.get(e.service_model), on)) for e in rows]


def visit_list(*, enrollment: Enrollment) -> QuerySet[Visit]:
    """Visits of an enrollment fetched through `enrollment_get` (which logged the read)."""
    return enrollment.visits.select_related("recorded_by", "service_unit").order_by("-date", "-pk")


def client_visits(*, user: User, client_id: int) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(
            enrollment__in=enrollments_visible_to(user), enrollment__client_id=client_id
        )
        .select_related("recorded_by", "service_unit", "enrollment")
        .order_by("-date", "-pk")
    )


def referral_source_list() -> QuerySet[ReferralSource]:
    """The referral sources in use (a code list, see ReferralSource)."""
    return ReferralSource.objects.filter(active=True)


def visit_basis_preview(*, enrollment: Enrollment, day: datetime.date) -> VisitBasis:
    """The legal basis a visit on `day` would get (the visit form's preview), or InvalidInput
    saying why the date is refused. `enrollment` comes from `enrollment_get`."""
    return visit_basis(
        service_model=enrollment.service_model,
        start_date=enrollment.start_date,
        changes=list(enrollment.phase_changes.all()),
        day=day,
        follow_along_months=model_settings(enrollment).follow_along_months,
    )


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    kind: str  # "phase" | "step" | "visit"
    enrollment: Enrollment
    item: object  # the PhaseChange, IntakeStep or Visit


def client_timeline(*, enrollments: list[Enrollment], visits: list[Visit]) -> list[TimelineEntry]:
    """Phase changes, done start steps and visits of a client's enrollments, newest first.
    Uses what `client_enrollments` and `client_visits` fetched: no queries."""
    by_id = {e.pk: e for e in enrollments}
    entries = [
        TimelineEntry(change.effective_date, "phase", enrollment, change)
        for enrollment in enrollments
        for change in enrollment.phase_changes.all()
    ]
    entries += [
        TimelineEntry(step.done_on, "step", enrollment, step)
        for enrollment in enrollments
        for step in enrollment.intake_steps.all()
        if step.done_on is not None
    ]
    entries += [
        TimelineEntry(v.date, "visit", by_id.get(v.enrollment_id, v.enrollment), v) for v in visits
    ]
    order = {"phase": 0, "step": 1, "visit": 2}
    return sorted(entries, key=lambda e: (e.day, order[e.kind]), reverse=True)


def enrollment_refresh(enrollment: Enrollment) -> Enrollment:
    """Read back, after a write, an enrollment fetched through `enrollment_get` (logged
    there), with its path prefetched anew. Not logged again: it is the same access."""
    return _with_path(Enrollment.objects.filter(pk=enrollment.pk)).get()
