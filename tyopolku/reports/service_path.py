"""The service path: for each service model, how many clients are in each phase of its path
(referral, intake, job search and coaching, employed) and how long they stay there.

A *stay* is an enrollment's time in one phase, from the phase change that starts it to the
next change to another phase (the phase changes are the pathway's record; `phase_on` in
`tyopolku/pathway/rules.py` reads them the same way: in date order, on one day the later
phase of the path wins, a change to the phase already in force keeps the stay going). The
referral phase is a referral to the service model waiting for the receiving unit's decision.

One query for every service model, phase and client: the stays are found with window
functions (LAG, LEAD) and their medians are computed in the database, with PERCENTILE_CONT on
PostgreSQL and, since SQLite has no percentile function, as the average of the middle one or
two values of a ROW_NUMBER window on SQLite (the same number). docs/reports.md defines the
figures; roles without client records get counts and medians of fewer than five hidden.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tyopolku.accounts.models import Unit, User
from tyopolku.clients.models import Client
from tyopolku.core.dates import today
from tyopolku.core.errors import InvalidInput
from tyopolku.pathway.models import Enrollment, Phase, PhaseChange, ServiceModel
from tyopolku.reports.selectors import _small, report_access_check, sees_client_lists
from tyopolku.workability.models import Referral

REFERRAL = "referral"
# The stations of every service model's path, in order; "ended" is the path's end.
PATH = (REFERRAL, Phase.INTAKE, Phase.JOB_SEARCH, Phase.EMPLOYED)
PATH_LABELS = {
    REFERRAL: gettext_lazy("Referred, waiting for a decision"),
    Phase.INTAKE: Phase.INTAKE.label,
    Phase.JOB_SEARCH: Phase.JOB_SEARCH.label,
    Phase.EMPLOYED: Phase.EMPLOYED.label,
}


@dataclass(frozen=True)
class Station:
    """One phase of one service model's path. None: hidden by the small-count rule, or (a
    median) nothing to compute."""

    phase: str
    label: str
    clients_now: int | None  # different clients in the phase on the day `as_of`
    median_days_now: float | None  # their stays so far: days from the stay's start to `as_of`
    stays_completed: int | None  # stays that ended (moved on) in the period
    median_days_completed: float | None  # the length of those stays in days


@dataclass(frozen=True)
class ModelPath:
    service_model: str
    label: str
    stations: tuple[Station, ...]
    ended: int | None  # different clients whose enrollment ended in the period

    @property
    def empty(self) -> bool:
        """Nobody on the path now, nobody moved on and nobody ended (a hidden count is not 0)."""
        counts = [self.ended]
        counts += [c for s in self.stations for c in (s.clients_now, s.stays_completed)]
        return all(count == 0 for count in counts)


@dataclass(frozen=True)
class ServicePath:
    date_from: datetime.date
    date_to: datetime.date
    as_of: datetime.date  # "now": the period's last day, or today if that is earlier
    models: tuple[ModelPath, ...]


def _days(later: str, earlier: str) -> str:
    """SQL for the days from `earlier` to `later` (two date expressions)."""
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _sql(*, unit: bool, model: bool) -> str:
    """The one query: rows of (service model, phase, state, clients, stays, median days),
    state "now" (stays going on at `as_of`), "completed" (stays that ended in the period) or
    "ended" (the enrollments whose ended phase began in the period)."""
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"The service path has no query for {vendor}.")
    enrollment_filter = (" AND e.unit_id = %s" if unit else "") + (
        " AND e.service_model = %s" if model else ""
    )
    referral_filter = (" AND r.to_unit_id = %s" if unit else "") + (
        " AND r.to_service_model = %s" if model else ""
    )
    path_rank = "CASE pc.phase " + " ".join(
        f"WHEN '{phase}' THEN {rank}" for rank, phase in enumerate(Phase)
    ) + " END"
    if vendor == "postgresql":
        day = "CAST(%s AS DATE)"
        ranked, source = "", "measured"
        median = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days)"
    else:
        day = "%s"  # SQLite keeps dates as ISO text, which compares in date order
        # The median of n values: the average of the values at positions (n+1)/2 and
        # (n+2)/2 in order (integer division: the same position when n is odd).
        ranked = """,
        ranked AS (
            SELECT measured.*,
                ROW_NUMBER() OVER (PARTITION BY service_model, phase, state ORDER BY days)
                    AS position,
                COUNT(*) OVER (PARTITION BY service_model, phase, state) AS stays
            FROM measured
        )"""
        source = "ranked"
        median = "AVG(CASE WHEN position IN ((stays + 1) / 2, (stays + 2) / 2) THEN days END)"
    return f"""
        WITH ordered AS (
            SELECT e.service_model, e.client_id, e.end_date, pc.enrollment_id, pc.phase,
                pc.effective_date, pc.id AS change_id, {path_rank} AS path_rank,
                LAG(pc.phase) OVER (
                    PARTITION BY pc.enrollment_id
                    ORDER BY pc.effective_date, {path_rank}, pc.id
                ) AS previous_phase
            FROM {PhaseChange._meta.db_table} pc
            JOIN {Enrollment._meta.db_table} e ON e.id = pc.enrollment_id
            JOIN {Client._meta.db_table} c ON c.id = e.client_id
            WHERE c.organization_id = %s{enrollment_filter}
        ),
        stays AS (
            SELECT service_model, client_id, end_date, phase, effective_date,
                LEAD(effective_date) OVER (
                    PARTITION BY enrollment_id ORDER BY effective_date, path_rank, change_id
                ) AS left_on
            FROM ordered
            WHERE previous_phase IS NULL OR previous_phase <> phase
        ),
        measured AS (
            SELECT service_model, phase, client_id, 'now' AS state,
                {_days(day, "effective_date")} AS days
            FROM stays
            WHERE phase <> 'ended' AND effective_date <= {day}
                AND (left_on IS NULL OR left_on > {day})
                AND (end_date IS NULL OR end_date >= {day})
            UNION ALL
            SELECT service_model, phase, client_id, 'completed',
                {_days("left_on", "effective_date")}
            FROM stays
            WHERE phase <> 'ended' AND left_on > effective_date
                AND left_on >= {day} AND left_on <= {day}
            UNION ALL
            SELECT service_model, phase, client_id, 'ended', NULL
            FROM stays
            WHERE phase = 'ended' AND effective_date >= {day} AND effective_date <= {day}
            UNION ALL
            SELECT r.to_service_model, '{REFERRAL}', r.client_id, 'now',
                {_days(day, "r.sent_on")}
            FROM {Referral._meta.db_table} r
            WHERE r.organization_id = %s{referral_filter} AND r.sent_on <= {day}
                AND (r.decided_on IS NULL OR r.decided_on > {day})
            UNION ALL
            SELECT r.to_service_model, '{REFERRAL}', r.client_id, 'completed',
                {_days("r.decided_on", "r.sent_on")}
            FROM {Referral._meta.db_table} r
            WHERE r.organization_id = %s{referral_filter}
                AND r.decided_on >= {day} AND r.decided_on <= {day}
        ){ranked}
        SELECT service_model, phase, state, COUNT(DISTINCT client_id), COUNT(*), {median}
        FROM {source}
        GROUP BY service_model, phase, state
    """


def _rows(
    *,
    organization_id: int,
    date_from: datetime.date,
    as_of: datetime.date,
    unit_id: int | None,
    service_model: str,
) -> dict[tuple[str, str, str], tuple[int, int, float | None]]:
    """(service model, phase, state) → (clients, stays, median days), in one query."""
    filters = [value for value in (unit_id, service_model or None) if value is not None]
    params = [
        organization_id, *filters,
        as_of, as_of, as_of, as_of,  # stays now: their days so far, and the three conditions
        date_from, as_of,  # stays completed in the period
        date_from, as_of,  # enrollments ended in the period
        as_of, organization_id, *filters, as_of, as_of,  # referrals waiting
        organization_id, *filters, date_from, as_of,  # referrals decided in the period
    ]
    sql = _sql(unit=unit_id is not None, model=bool(service_model))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            (model, phase, state): (clients, stays, None if median is None else float(median))
            for model, phase, state, clients, stays, median in cursor.fetchall()
        }


def _station(
    phase: str, rows: dict[tuple[str, str], tuple[int, int, float | None]], hides: bool
) -> Station:
    clients_now, stays_now, median_now = rows.get((phase, "now"), (0, 0, None))
    _clients, completed, median_completed = rows.get((phase, "completed"), (0, 0, None))
    if hides:
        median_now = None if _small(stays_now) else median_now
        median_completed = None if _small(completed) else median_completed
        clients_now = None if _small(clients_now) else clients_now
        completed = None if _small(completed) else completed
    return Station(
        phase=str(phase),
        label=str(PATH_LABELS[phase]),
        clients_now=clients_now,
        median_days_now=median_now,
        stays_completed=completed,
        median_days_completed=median_completed,
    )


def service_path(
    *,
    user: User,
    date_from: datetime.date,
    date_to: datetime.date,
    unit_id: int | None = None,
    service_model: str = "",
) -> ServicePath:
    """Every service model's path (or `service_model`'s) in the user's organisation, of one
    unit's enrollments and referrals if `unit_id` is given: one query, two with a unit (it is
    checked to be the organisation's)."""
    report_access_check(user)
    if date_to < date_from:
        raise InvalidInput.for_field("to", _("The end date is before the start date."))
    if service_model and service_model not in ServiceModel.values:
        raise InvalidInput.for_field("service_model", _("Unknown service model."))
    if (
        unit_id is not None
        and not Unit.objects.filter(pk=unit_id, organization_id=user.organization_id).exists()
    ):
        raise InvalidInput.for_field("unit_id", _("No such service unit in your organisation."))
    as_of = min(date_to, today())
    rows = _rows(
        organization_id=user.organization_id,
        date_from=date_from,
        as_of=as_of,
        unit_id=unit_id,
        service_model=service_model,
    )
    hides = not sees_client_lists(user)
    models = []
    for code, label in ServiceModel.choices:
        if service_model and code != service_model:
            continue
        of_model = {(phase, state): row for (m, phase, state), row in rows.items() if m == code}
        ended = of_model.get((Phase.ENDED, "ended"), (0, 0, None))[0]
        models.append(
            ModelPath(
                service_model=code,
                label=str(label),
                stations=tuple(_station(phase, of_model, hides) for phase in PATH),
                ended=None if hides and _small(ended) else ended,
            )
        )
    return ServicePath(date_from, date_to, as_of, tuple(models))
