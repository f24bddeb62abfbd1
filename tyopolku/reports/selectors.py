"""Outcome figures of the organisation's supported employment, computed in the database.

Every figure is an aggregate over the organisation's enrollments (of a service model, unit
or coach, if asked) in a period, both ends included: a fixed number of queries whatever the
number of clients. docs/reports.md defines each figure.

Roles that see no client records (evaluators) get the figures alone, and a count under
`SMALL_COUNT` is hidden (None) so that a figure cannot point at a person: see
`figures_for`."""

import datetime
import statistics
from dataclasses import dataclass, replace

from django.db.models import Count, Exists, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_RECORD_ROLES, Role
from tyopolku.accounts.selectors import unit_get
from tyopolku.clients.models import Client
from tyopolku.clients.selectors import clients_visible_to
from tyopolku.core.dates import today
from tyopolku.core.errors import Forbidden, InvalidInput
from tyopolku.employers.models import FACE_TO_FACE, EmployerContact
from tyopolku.employers.selectors import waiting_for_employer_contact, week_of
from tyopolku.fidelity.models import Review, ReviewStatus
from tyopolku.pathway.models import Enrollment
from tyopolku.placements.models import Placement, PlacementKind

# Who reads the reports: the figures are of the whole organisation.
REPORT_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.EVALUATOR})
# Counts below this are shown to roles without client records as "< 5" (None in the API).
SMALL_COUNT = 5
# IPS fidelity benchmarks of the quarterly competitive employment rate (fair, good, exemplary).
IPS_BENCHMARKS = (0.31, 0.41, 0.50)


def report_access_check(user: User) -> None:
    if user.organization_id is None or user.role not in REPORT_ROLES:
        raise Forbidden(_("Your role has no access to the reports."))


@dataclass(frozen=True)
class Scope:
    """Which enrollments a report counts: the period (both days included) and filters."""

    date_from: datetime.date
    date_to: datetime.date
    service_model: str = ""
    unit_id: int | None = None
    coach_id: int | None = None


@dataclass(frozen=True)
class Figures:
    """None where a count is hidden by the small-count rule or there is nothing to count."""

    clients_enrolled: int | None
    clients_employed: int | None
    competitive_employment_rate: float | None
    median_days_to_first_employer_contact: float | None
    median_days_to_first_job: float | None
    placements_started: int | None
    # Not in the API: how many the rate and the medians are of (the small-count rule).
    clients_competitive: int | None = None
    contact_median_of: int = 0
    job_median_of: int = 0


def _in_scope(user: User, scope: Scope, prefix: str = "") -> Q:
    """The enrollment (at `prefix`) is of the organisation and matches the filters. The
    enrollment's own organisation key, not its client's: an index of (organization,
    start_date) finds an organisation's enrollments without a pass over every one's."""
    return Q(**{f"{prefix}organization_id": user.organization_id}) & _scope_filters(scope, prefix)


def _enrollments(user: User, scope: Scope) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(_in_scope(user, scope))


def _active(scope: Scope, prefix: str = "") -> Q:
    """Active on some day of the period: started by its end, not ended before its start (an
    end date is the last day)."""
    return Q(**{f"{prefix}start_date__lte": scope.date_to}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": scope.date_from})
    )


def _placements(user: User, scope: Scope) -> QuerySet[Placement]:
    """Placements of the enrollments in scope (a service model's jobs count for it). A join,
    not `enrollment__in=<subquery>`: inside the per-client EXISTS of `_client_counts` SQLite
    rebuilt that list for every client (quadratic: 100 ms at 500 clients)."""
    return Placement.objects.filter(organization_id=user.organization_id).filter(
        _scope_filters(scope, "enrollment__")
    )


def _scope_filters(scope: Scope, prefix: str) -> Q:
    """`_in_scope` without the organisation: for the enrollments (at `prefix`) of a client
    already of the organisation."""
    condition = Q()
    if scope.service_model:
        condition &= Q(**{f"{prefix}service_model": scope.service_model})
    if scope.unit_id is not None:
        condition &= Q(**{f"{prefix}unit_id": scope.unit_id})
    if scope.coach_id is not None:
        condition &= Q(**{f"{prefix}coach_id": scope.coach_id})
    return condition


def _client_counts(user: User, scope: Scope) -> dict[str, int]:
    """The clients with an enrollment in scope active in the period; of them those with a
    placement (of an enrollment in scope) active in the period, and with a competitive one.
    One query: the enrolled clients (a semi-join) are joined to their enrollments and
    placements and grouped by client, then counted. Not an EXISTS a client in the counts'
    FILTER: PostgreSQL ran that join once per client (45 s at 12 500 clients when the planner
    had no statistics); nor a list subquery that SQLite rebuilt for every client."""
    enrolled = _enrollments(user, scope).filter(_active(scope), client_id=OuterRef("pk"))
    working = _scope_filters(scope, "enrollments__") & _active(scope, "enrollments__placements__")
    competitive = working & Q(enrollments__placements__competitive=True)
    return (
        Client.objects.filter(organization_id=user.organization_id)
        .filter(Exists(enrolled))
        .annotate(
            jobs=Count("enrollments__placements", filter=working),
            competitive_jobs=Count("enrollments__placements", filter=competitive),
        )
        .aggregate(
            enrolled=Count("pk"),
            employed=Count("pk", filter=Q(jobs__gt=0)),
            competitive=Count("pk", filter=Q(competitive_jobs__gt=0)),
        )
    )


def _started_in(scope: Scope, field: str = "start_date") -> Q:
    return Q(**{f"{field}__gte": scope.date_from, f"{field}__lte": scope.date_to})


def _days_to_first(user: User, scope: Scope) -> tuple[list[int], list[int]]:
    """For the enrollments started in the period: days from the start to the first
    face-to-face employer contact made for it, and to the first placement's start (one query,
    one row per such enrollment; those without either are left out of that list)."""
    rows = (
        _enrollments(user, scope)
        .filter(_started_in(scope))
        .annotate(
            first_contact=Min(
                "employer_contacts__date",
                filter=Q(
                    employer_contacts__kind__in=FACE_TO_FACE,
                    employer_contacts__date__gte=F("start_date"),
                ),
            ),
            first_job=Min("placements__start_date"),
        )
        .values_list("start_date", "first_contact", "first_job")
    )
    contact_days, job_days = [], []
    for start, first_contact, first_job in rows:
        if first_contact is not None:
            contact_days.append((first_contact - start).days)
        if first_job is not None:
            job_days.append((first_job - start).days)
    return contact_days, job_days


def _median(days: list[int]) -> float | None:
    return float(statistics.median(days)) if days else None


def outcome_figures(*, user: User, scope: Scope) -> Figures:
    """The figures of the period, unhidden (three queries). `figures_for` applies the rule."""
    report_access_check(user)
    counts = _client_counts(user, scope)
    contact_days, job_days = _days_to_first(user, scope)
    started = _placements(user, scope).filter(_started_in(scope)).count()
    enrolled = counts["enrolled"]
    return Figures(
        clients_enrolled=enrolled,
        clients_employed=counts["employed"],
        competitive_employment_rate=counts["competitive"] / enrolled if enrolled else None,
        median_days_to_first_employer_contact=_median(contact_days),
        median_days_to_first_job=_median(job_days),
        placements_started=started,
        clients_competitive=counts["competitive"],
        contact_median_of=len(contact_days),
        job_median_of=len(job_days),
    )


def sees_client_lists(user: User) -> bool:
    """Whether the user may open the clients behind a figure (and so sees small counts)."""
    return user.role in CLIENT_RECORD_ROLES


def _small(count: int | None) -> bool:
    return count is not None and count < SMALL_COUNT


def small_count_hidden(figures: Figures) -> Figures:
    """The figures for a role without client records: a count under five is hidden, and so
    is a rate or median computed from fewer than five clients or enrollments (it would tell
    the count or one person's days)."""
    rate_hidden = _small(figures.clients_enrolled) or _small(figures.clients_competitive)
    return replace(
        figures,
        clients_enrolled=None if _small(figures.clients_enrolled) else figures.clients_enrolled,
        clients_employed=None if _small(figures.clients_employed) else figures.clients_employed,
        clients_competitive=None if rate_hidden else figures.clients_competitive,
        competitive_employment_rate=None if rate_hidden else figures.competitive_employment_rate,
        median_days_to_first_employer_contact=None
        if _small(figures.contact_median_of)
        else figures.median_days_to_first_employer_contact,
        median_days_to_first_job=None
        if _small(figures.job_median_of)
        else figures.median_days_to_first_job,
        placements_started=None
        if _small(figures.placements_started)
        else figures.placements_started,
    )


def figures_for(*, user: User, scope: Scope) -> Figures:
    """The figures as the user may see them."""
    figures = outcome_figures(user=user, scope=scope)
    return figures if sees_client_lists(user) else small_count_hidden(figures)


@dataclass(frozen=True)
class QuarterRate:
    start: datetime.date
    end: datetime.date
    clients_active: int | None
    clients_competitive: int | None
    rate: float | None

    @property
    def label(self) -> str:
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def last_quarters(day: datetime.date, count: int = 4) -> list[tuple[datetime.date, datetime.date]]:
    """The `count` calendar quarters up to and including the one of `day`, oldest first."""
    quarters = []
    start = _quarter_start(day)
    for _index in range(count):
        end = _quarter_start(start + datetime.timedelta(days=92)) - datetime.timedelta(days=1)
        quarters.append((start, end))
        start = _quarter_start(start - datetime.timedelta(days=1))
    return quarters[::-1]


def quarterly_competitive_rates(
    *, user: User, day: datetime.date, service_model: str = ""
) -> list[QuarterRate]:
    """Clients who worked in a competitive job during each of the last four quarters, of the
    clients active in it (one query a quarter), hidden for small counts like the figures."""
    report_access_check(user)
    rates = []
    for start, end in last_quarters(day):
        counts = _client_counts(user, Scope(start, end, service_model=service_model))
        active, competitive = counts["enrolled"], counts["competitive"]
        if not sees_client_lists(user) and (_small(active) or _small(competitive)):
            rates.append(QuarterRate(start, end, None, None, None))
            continue
        rate = competitive / active if active else None
        rates.append(QuarterRate(start, end, active, competitive, rate))
    return rates


# The figures whose clients a user who sees client records may list (docs/reports.md).
CLIENT_FIGURES = (
    "clients_enrolled",
    "clients_employed",
    "clients_competitive",
    "placements_started",
    "first_employer_contact",
    "first_job",
)


def _behind(user: User, scope: Scope, figure: str) -> Exists:
    """The condition on a client (OuterRef "pk") of being counted in `figure`."""
    enrollments = _enrollments(user, scope).filter(client_id=OuterRef("pk"))
    placements = _placements(user, scope).filter(enrollment__client_id=OuterRef("pk"))
    started = enrollments.filter(_started_in(scope))
    return {
        "clients_enrolled": lambda: Exists(enrollments.filter(_active(scope))),
        "clients_employed": lambda: Exists(placements.filter(_active(scope))),
        "clients_competitive": lambda: Exists(placements.filter(_active(scope), competitive=True)),
        "placements_started": lambda: Exists(placements.filter(_started_in(scope))),
        "first_employer_contact": lambda: Exists(
            started.filter(
                employer_contacts__kind__in=FACE_TO_FACE,
                employer_contacts__date__gte=F("start_date"),
            )
        ),
        "first_job": lambda: Exists(started.filter(placements__isnull=False)),
    }[figure]()


def figure_clients(*, user: User, scope: Scope, figure: str) -> QuerySet[Client]:
    """The clients behind a figure, of those the user may see (the access rule); roles
    without client records are refused. The caller logs the clients it shows."""
    report_access_check(user)
    if not sees_client_lists(user):
        raise Forbidden(_("Your role sees the figures only, not the clients behind them."))
    if figure not in CLIENT_FIGURES:
        # The breakdowns' figures build on this module, so it is imported here.
        from tyopolku.reports.breakdowns import client_condition

        condition = client_condition(user, scope, figure)
        if condition is None:
            raise InvalidInput.for_field("figure", _("Unknown figure."))
        return clients_visible_to(user).filter(condition).order_by("last_name", "first_name", "pk")
    clients = clients_visible_to(user)
    if figure in ("clients_employed", "clients_competitive"):
        # Of the clients enrolled in the period, like the figures.
        clients = clients.filter(_behind(user, scope, "clients_enrolled"))
    return clients.filter(_behind(user, scope, figure)).order_by("last_name", "first_name", "pk")


def is_client_figure(figure: str) -> bool:
    """Whether `figure` names a list of clients: a figure's or a breakdown's."""
    from tyopolku.reports.breakdowns import is_breakdown_figure

    return figure in CLIENT_FIGURES or is_breakdown_figure(figure)


# --- The supervisor's dashboard --------------------------------------------------------------

DASHBOARD_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})
# IPS fidelity: a coach's caseload should not exceed 20 active clients.
ACTIVE_CLIENT_LIMIT = 20
# The weeks before the current one that a coach's average of employer contacts is over.
CONTACT_WEEKS = 12


@dataclass(frozen=True)
class CoachFigures:
    """One coach's row (`coach` None for the team's totals)."""

    coach: User | None
    active_clients: int
    clients_waiting: int
    contacts_this_week: int
    contacts_12_weeks: int
    job_starts: int

    @property
    def contacts_per_week(self) -> float:
        return self.contacts_12_weeks / CONTACT_WEEKS

    @property
    def over_limit(self) -> bool:
        return self.coach is not None and self.active_clients > ACTIVE_CLIENT_LIMIT


@dataclass(frozen=True)
class Dashboard:
    day: datetime.date
    week_start: datetime.date
    quarter: QuarterRate
    coaches: list[CoachFigures]
    team: CoachFigures
    reviews: list[Review]  # the last complete fidelity review of each unit


def _count_by_coach(rows: QuerySet, field: str):
    """A subquery: how many of `rows` have the outer user (OuterRef "pk") in `field`."""
    counted = (
        rows.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def dashboard(*, user: User, unit_id: int | None = None) -> Dashboard:
    """The team's and each coach's figures today in three queries, whatever the number of
    coaches. Coaches: job coaches of the organisation and anyone coaching an open enrollment;
    with `unit_id`, those of the unit (a unit's team is its workers)."""
    if user.organization_id is None or user.role not in DASHBOARD_ROLES:
        raise Forbidden(_("Only supervisors and administrators see the dashboard."))
    if unit_id is not None:
        unit_get(user=user, unit_id=unit_id)  # an unknown unit is invalid input
    day = today()
    week_start, _week_end = week_of(day)
    earliest = week_start - datetime.timedelta(weeks=CONTACT_WEEKS)
    quarter_start, quarter_end = last_quarters(day, 1)[0]
    org = user.organization_id
    open_enrollments = Enrollment.objects.filter(
        organization_id=org, end_date__isnull=True, start_date__lte=day
    )
    # The job development page's rule (one place, employers.selectors).
    waiting = waiting_for_employer_contact(open_enrollments, day)
    contacts = EmployerContact.objects.filter(employer__organization_id=org, kind__in=FACE_TO_FACE)
    starts = Placement.objects.filter(
        organization_id=org,
        kind=PlacementKind.EMPLOYMENT,
        start_date__gte=quarter_start,
        start_date__lte=min(day, quarter_end),
    )
    coaches = (
        User.objects.filter(organization_id=org)
        .filter(
            Q(role=Role.JOB_COACH, is_active=True)
            | Exists(open_enrollments.filter(coach_id=OuterRef("pk")))
        )
        .annotate(
            active_clients=_count_by_coach(open_enrollments, "coach_id"),
            clients_waiting=_count_by_coach(waiting, "coach_id"),
            contacts_this_week=_count_by_coach(
                contacts.filter(date__gte=week_start, date__lte=day), "made_by_id"
            ),
            contacts_12_weeks=_count_by_coach(
                contacts.filter(date__gte=earliest, date__lt=week_start), "made_by_id"
            ),
            job_starts=_count_by_coach(starts, "enrollment__coach_id"),
        )
        .order_by("last_name", "first_name", "username")
    )
    if unit_id is not None:
        coaches = coaches.filter(unit_id=unit_id)
    rows = [
        CoachFigures(
            coach=c,
            active_clients=c.active_clients,
            clients_waiting=c.clients_waiting,
            contacts_this_week=c.contacts_this_week,
            contacts_12_weeks=c.contacts_12_weeks,
            job_starts=c.job_starts,
        )
        for c in coaches
    ]
    team = CoachFigures(
        coach=None,
        active_clients=sum(r.active_clients for r in rows),
        clients_waiting=sum(r.clients_waiting for r in rows),
        contacts_this_week=sum(r.contacts_this_week for r in rows),
        contacts_12_weeks=sum(r.contacts_12_weeks for r in rows),
        job_starts=sum(r.job_starts for r in rows),
    )
    counts = _client_counts(user, Scope(quarter_start, quarter_end))
    active, competitive = counts["enrolled"], counts["competitive"]
    quarter = QuarterRate(
        quarter_start, quarter_end, active, competitive, competitive / active if active else None
    )
    complete = Review.objects.filter(organization_id=org, status=ReviewStatus.COMPLETE)
    latest = complete.filter(unit_id=OuterRef("unit_id")).order_by("-review_date", "-pk")
    reviews = list(
        complete.filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("unit")
        .order_by("unit__name")
    )
    return Dashboard(day, week_start, quarter, rows, team, reviews)
