"""Breakdowns of the outcome report: where the clients came from, where they are, the jobs
they started and ended, and on what terms (docs/reports.md defines each one).

The same Scope and access rule as the figures in `selectors`: every count is an aggregate
query of the organisation's enrollments (of a service model, unit or coach, if asked), a
fixed number of queries whatever the number of clients. The medians and means are computed
from one query's list of day counts or hours, as the figures' medians are.

Roles without client records (evaluators) get a count under five hidden (None), and a median
or mean of fewer than five placements too. In a table whose rows add up to a total that is
shown, one more row is hidden when the hidden rows could be worked out from the others."""

import statistics
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Trim
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.clients.models import Client, TargetGroup
from tyopolku.pathway.models import Enrollment, Phase, ReferralSource
from tyopolku.pathway.selectors import phase_on_day
from tyopolku.placements.models import Placement, PlacementKind
from tyopolku.reports.selectors import (
    SMALL_COUNT,
    Scope,
    _active,
    _enrollments,
    _placements,
    _started_in,
    report_access_check,
    sees_client_lists,
)


@dataclass(frozen=True)
class Row:
    """One row of a breakdown: the group's code, its label and how many."""

    code: str
    label: str
    count: int | None
    figure: str  # the key of its client list (`figure_clients`)


@dataclass(frozen=True)
class Stat:
    """How many values, and their median and mean (None when hidden or none)."""

    count: int | None
    median: float | None
    mean: float | None
    figure: str


@dataclass(frozen=True)
class Breakdowns:
    referrals: tuple[Row, ...]  # enrollments started in the period, by referral source
    starts: int | None  # enrollments started in the period
    phases: tuple[Row, ...]  # clients by phase on the period's last day
    first_job_starts: int | None  # clients whose first competitive job ever started
    job_starts: int | None  # competitive placements started
    placements_by_kind: tuple[Row, ...]  # placements started, by kind
    placements_ended: int | None
    end_reasons: tuple[Row, ...]
    tenure_ended: Stat  # days of the placements that ended in the period
    tenure_ongoing: Stat  # days so far of those going on at the period's end
    hours_per_week: Stat  # competitive placements active in the period
    hourly_wage: Stat  # of those, the ones with a wage recorded (€)
    pay_subsidies: tuple[Row, ...]  # placements active in the period, by subsidy percent
    target_groups: tuple[Row, ...]  # clients enrolled in the period, by target group
    # Of them, those who started an enrollment, and a competitive job, in the period.
    target_group_starts: tuple[Row, ...]
    target_group_employed: tuple[Row, ...]


def _name(fi: str, sv: str, en: str) -> str:
    """A code list item's name in the UI language, as `CodeListItem.__str__` gives it."""
    names = {"fi": fi, "sv": sv, "en": en}
    return names.get((get_language() or "fi")[:2]) or fi


# --- What each figure counts (one place for the counts and the client lists) ---------------


def _started(user: User, scope: Scope) -> QuerySet[Enrollment]:
    return _enrollments(user, scope).filter(_started_in(scope))


def _phase_at_end(scope: Scope) -> Case:
    """The enrollment's phase on the period's last day: the pathway's own subquery
    (`phase_on_day`), ended once the end date is behind, intake before a first change."""
    return Case(
        When(end_date__lt=scope.date_to, then=Value(Phase.ENDED.value)),
        default=Coalesce(phase_on_day(scope.date_to), Value(Phase.INTAKE.value)),
        output_field=CharField(),
    )


def _in_period(user: User, scope: Scope) -> QuerySet[Enrollment]:
    """Enrollments active on some day of the period, with their phase on its last day."""
    return (
        _enrollments(user, scope).filter(_active(scope)).annotate(phase_at_end=_phase_at_end(scope))
    )


def _job_starts(user: User, scope: Scope) -> QuerySet[Placement]:
    return _placements(user, scope).filter(_started_in(scope), competitive=True)


def _first_job_clients(user: User, scope: Scope) -> QuerySet[Client]:
    """Clients with a competitive placement started in the period (in scope) and none
    recorded in the organisation before the period, in any service model."""
    earlier = Placement.objects.filter(
        enrollment__client_id=OuterRef("pk"),
        competitive=True,
        start_date__lt=scope.date_from,
    )
    return Client.objects.filter(organization_id=user.organization_id).filter(
        Exists(_job_starts(user, scope).filter(enrollment__client_id=OuterRef("pk"))),
        ~Exists(earlier),
    )


def _ended(user: User, scope: Scope) -> QuerySet[Placement]:
    return _placements(user, scope).filter(_started_in(scope, "end_date"))


def _ongoing(user: User, scope: Scope) -> QuerySet[Placement]:
    """Placements going on at the end of the period (its last day is not their last)."""
    return _placements(user, scope).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=scope.date_to), start_date__lte=scope.date_to
    )


def _active_placements(user: User, scope: Scope) -> QuerySet[Placement]:
    return _placements(user, scope).filter(_active(scope))


def _enrolled_clients(user: User, scope: Scope) -> QuerySet[Client]:
    enrolled = _enrollments(user, scope).filter(_active(scope), client_id=OuterRef("pk"))
    return Client.objects.filter(organization_id=user.organization_id).filter(Exists(enrolled))


# --- The counts ------------------------------------------------------------------------------


def _referrals(user: User, scope: Scope) -> list[Row]:
    rows = (
        _started(user, scope)
        .order_by()
        .values(
            "referral_source__code",
            "referral_source__name_fi",
            "referral_source__name_sv",
            "referral_source__name_en",
            "referral_source__position",
        )
        .annotate(n=Count("pk"))
        .order_by("referral_source__position", "referral_source__code")
    )
    return [
        Row(
            code=row["referral_source__code"] or "",
            label=_name(
                row["referral_source__name_fi"],
                row["referral_source__name_sv"] or "",
                row["referral_source__name_en"] or "",
            )
            if row["referral_source__code"]
            else _("No referral source"),
            count=row["n"],
            figure=f"referrals:{row['referral_source__code'] or ''}",
        )
        for row in rows
    ]


def _phases(user: User, scope: Scope) -> list[Row]:
    counts = dict(
        _in_period(user, scope)
        .order_by()
        .values("phase_at_end")
        .annotate(n=Count("client_id", distinct=True))
        .values_list("phase_at_end", "n")
    )
    # Every phase has a row, also an empty one: the table reads the same every time.
    return [
        Row(phase.value, str(phase.label), counts.get(phase.value, 0), f"phase:{phase.value}")
        for phase in Phase
    ]


def _kinds(user: User, scope: Scope) -> list[Row]:
    rows = dict(
        _placements(user, scope)
        .filter(_started_in(scope))
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [
        Row(kind.value, str(kind.label), rows[kind.value], f"placement_kind:{kind.value}")
        for kind in PlacementKind
        if kind.value in rows
    ]


def _end_reasons(user: User, scope: Scope) -> list[Row]:
    rows = (
        _ended(user, scope)
        .annotate(reason=Trim("end_reason"))
        .order_by()
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")
    )
    return [
        Row(
            row["reason"],
            row["reason"] or _("No reason given"),
            row["n"],
            f"end_reason:{row['reason']}",
        )
        for row in rows
    ]


def _pay_subsidies(user: User, scope: Scope) -> list[Row]:
    rows = (
        _active_placements(user, scope)
        .filter(pay_subsidy_percent__isnull=False)
        .order_by()
        .values("pay_subsidy_percent")
        .annotate(n=Count("pk"))
        .order_by("pay_subsidy_percent")
    )
    return [
        Row(
            str(row["pay_subsidy_percent"]),
            f"{row['pay_subsidy_percent']} %",
            row["n"],
            f"pay_subsidy:{row['pay_subsidy_percent']}",
        )
        for row in rows
    ]


def _target_groups(user: User, scope: Scope) -> tuple[list[Row], list[Row], list[Row]]:
    """The target-group segments (seed 003) in one query: per target group, the clients
    served (enrolled in the period), those of them who started an enrollment in the period,
    and those who started a competitive job in it. A client of several groups is in each."""
    through = Client.target_groups.through
    started = _started(user, scope).filter(client_id=OuterRef("client_id"))
    employed = _job_starts(user, scope).filter(enrollment__client_id=OuterRef("client_id"))
    rows = list(
        through.objects.filter(client__in=_enrolled_clients(user, scope))
        .alias(has_started=Exists(started), has_job=Exists(employed))
        .order_by()
        .values(
            "targetgroup__code",
            "targetgroup__name_fi",
            "targetgroup__name_sv",
            "targetgroup__name_en",
            "targetgroup__position",
        )
        .annotate(
            n=Count("client_id", distinct=True),
            started=Count("client_id", distinct=True, filter=Q(has_started=True)),
            employed=Count("client_id", distinct=True, filter=Q(has_job=True)),
        )
        .order_by("targetgroup__position", "targetgroup__code")
    )

    def segment(key: str, figure: str) -> list[Row]:
        return [
            Row(
                row["targetgroup__code"],
                _name(
                    row["targetgroup__name_fi"],
                    row["targetgroup__name_sv"] or "",
                    row["targetgroup__name_en"] or "",
                ),
                row[key],
                f"{figure}:{row['targetgroup__code']}" if figure else "",
            )
            for row in rows
        ]

    return segment("n", "target_group"), segment("started", ""), segment("employed", "")


def _stat(values: list, figure: str) -> Stat:
    if not values:
        return Stat(0, None, None, figure)
    return Stat(
        len(values),
        float(statistics.median(values)),
        float(sum(values) / len(values)),
        figure,
    )


def _tenures(user: User, scope: Scope) -> tuple[Stat, Stat]:
    """Days employed, both the first and the last day counted: of the placements that ended
    in the period, and so far (to the period's last day) of those going on then."""
    ended = _ended(user, scope).values_list("start_date", "end_date")
    going = _ongoing(user, scope).values_list("start_date", flat=True)
    ended_days = [(end - start).days + 1 for start, end in ended]
    going_days = [(scope.date_to - start).days + 1 for start in going]
    return _stat(ended_days, "placements_ended"), _stat(going_days, "placements_ongoing")


def _terms(user: User, scope: Scope) -> tuple[Stat, Stat]:
    rows = (
        _active_placements(user, scope)
        .filter(competitive=True)
        .values_list("hours_per_week", "hourly_wage")
    )
    hours: list[Decimal] = []
    wages: list[Decimal] = []
    for hour, wage in rows:
        hours.append(hour)
        if wage is not None:
            wages.append(wage)
    return _stat(hours, "competitive_active"), _stat(wages, "competitive_wage")


def breakdown_figures(*, user: User, scope: Scope) -> Breakdowns:
    """The breakdowns as the user may see them (eleven queries, however many clients)."""
    report_access_check(user)
    referrals = _referrals(user, scope)
    tenure_ended, tenure_ongoing = _tenures(user, scope)
    hours, wages = _terms(user, scope)
    served, group_starts, group_employed = _target_groups(user, scope)
    result = Breakdowns(
        referrals=tuple(referrals),
        starts=sum(row.count or 0 for row in referrals),
        phases=tuple(_phases(user, scope)),
        first_job_starts=_first_job_clients(user, scope).count(),
        job_starts=_job_starts(user, scope).count(),
        placements_by_kind=tuple(_kinds(user, scope)),
        placements_ended=tenure_ended.count,
        end_reasons=tuple(_end_reasons(user, scope)),
        tenure_ended=tenure_ended,
        tenure_ongoing=tenure_ongoing,
        hours_per_week=hours,
        hourly_wage=wages,
        pay_subsidies=tuple(_pay_subsidies(user, scope)),
        target_groups=tuple(served),
        target_group_starts=tuple(group_starts),
        target_group_employed=tuple(group_employed),
    )
    return result if sees_client_lists(user) else small_counts_hidden(result)


# --- The small-count rule --------------------------------------------------------------------


def _count(value: int | None) -> int | None:
    return None if value is not None and value < SMALL_COUNT else value


def _hidden_stat(stat: Stat) -> Stat:
    if stat.count is not None and stat.count < SMALL_COUNT:
        return replace(stat, count=None, median=None, mean=None)
    return stat


def hidden_rows(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """Rows under five hidden; then, while a single hidden row or hidden rows adding up to
    under five could be worked out from a total, the smallest shown row is hidden too."""
    counts = [row.count or 0 for row in rows]
    hidden = {index for index, count in enumerate(counts) if count < SMALL_COUNT}
    while (
        hidden
        and len(hidden) < len(rows)
        and (len(hidden) == 1 or sum(counts[index] for index in hidden) < SMALL_COUNT)
    ):
        shown = [index for index in range(len(rows)) if index not in hidden]
        hidden.add(min(shown, key=lambda index: counts[index]))
    return tuple(
        replace(row, count=None) if index in hidden else row for index, row in enumerate(rows)
    )


def small_counts_hidden(result: Breakdowns) -> Breakdowns:
    return replace(
        result,
        referrals=hidden_rows(result.referrals),
        starts=_count(result.starts),
        phases=hidden_rows(result.phases),
        first_job_starts=_count(result.first_job_starts),
        job_starts=_count(result.job_starts),
        placements_by_kind=hidden_rows(result.placements_by_kind),
        placements_ended=_count(result.placements_ended),
        end_reasons=hidden_rows(result.end_reasons),
        tenure_ended=_hidden_stat(result.tenure_ended),
        tenure_ongoing=_hidden_stat(result.tenure_ongoing),
        hours_per_week=_hidden_stat(result.hours_per_week),
        hourly_wage=_hidden_stat(result.hourly_wage),
        pay_subsidies=hidden_rows(result.pay_subsidies),
        target_groups=hidden_rows(result.target_groups),
        target_group_starts=hidden_rows(result.target_group_starts),
        target_group_employed=hidden_rows(result.target_group_employed),
    )


# --- The clients behind a count --------------------------------------------------------------

# Figures without a group: the key alone.
PLAIN_FIGURES = (
    "starts",
    "first_job_starts",
    "job_starts",
    "placements_ended",
    "placements_ongoing",
    "competitive_active",
    "competitive_wage",
)
# Figures of one group: "<prefix>:<code>".
GROUP_FIGURES = (
    "referrals",
    "phase",
    "placement_kind",
    "end_reason",
    "pay_subsidy",
    "target_group",
)
MAX_CODE = 200  # the longest end reason (the column)


def _split(figure: str) -> tuple[str, str] | None:
    """(prefix, code) of a breakdown figure key, None if it is not one."""
    if figure in PLAIN_FIGURES:
        return figure, ""
    prefix, colon, code = figure.partition(":")
    if not colon or prefix not in GROUP_FIGURES or len(code) > MAX_CODE:
        return None
    if prefix == "phase" and code not in Phase.values:
        return None
    if prefix == "placement_kind" and code not in PlacementKind.values:
        return None
    if prefix == "pay_subsidy" and not (code.isascii() and code.isdigit() and len(code) <= 3):
        return None
    if prefix == "target_group" and not code:
        return None
    return prefix, code


def is_breakdown_figure(figure: str) -> bool:
    return _split(figure) is not None


def client_condition(user: User, scope: Scope, figure: str) -> Exists | Q | None:
    """The condition on a client (OuterRef "pk" / the client row) of being counted in a
    breakdown figure; None for a key that is not one."""
    split = _split(figure)
    if split is None:
        return None
    prefix, code = split
    client = OuterRef("pk")
    if prefix == "starts":
        return Exists(_started(user, scope).filter(client_id=client))
    if prefix == "referrals":
        source = Q(referral_source__code=code) if code else Q(referral_source__isnull=True)
        return Exists(_started(user, scope).filter(source, client_id=client))
    if prefix == "phase":
        return Exists(_in_period(user, scope).filter(phase_at_end=code, client_id=client))
    if prefix == "first_job_starts":
        return Q(pk__in=_first_job_clients(user, scope).values("pk"))
    if prefix == "target_group":
        return Q(
            pk__in=_enrolled_clients(user, scope).filter(target_groups__code=code).values("pk")
        )
    placements = {
        "job_starts": lambda: _job_starts(user, scope),
        "placement_kind": lambda: _placements(user, scope).filter(_started_in(scope), kind=code),
        "placements_ended": lambda: _ended(user, scope),
        "end_reason": lambda: (
            _ended(user, scope).annotate(reason=Trim("end_reason")).filter(reason=code)
        ),
        "placements_ongoing": lambda: _ongoing(user, scope),
        "competitive_active": lambda: _active_placements(user, scope).filter(competitive=True),
        "competitive_wage": lambda: _active_placements(user, scope).filter(
            competitive=True, hourly_wage__isnull=False
        ),
        "pay_subsidy": lambda: _active_placements(user, scope).filter(
            pay_subsidy_percent=int(code or 0)
        ),
    }[prefix]()
    return Exists(placements.filter(enrollment__client_id=client))


def figure_title(figure: str) -> str:
    """The heading of a breakdown figure's client list (one query for a code list name)."""
    prefix, code = _split(figure) or ("", "")
    if prefix == "referrals":
        source = ReferralSource.objects.filter(code=code).first() if code else None
        return _("Clients referred by %(source)s") % {
            "source": source if source else _("no referral source")
        }
    if prefix == "phase":
        return _("Clients in the phase %(phase)s") % {"phase": Phase(code).label}
    if prefix == "placement_kind":
        return _("Clients whose placement started: %(kind)s") % {"kind": PlacementKind(code).label}
    if prefix == "end_reason":
        return _("Clients whose placement ended: %(reason)s") % {
            "reason": code or _("No reason given")
        }
    if prefix == "pay_subsidy":
        return _("Clients in a job with a pay subsidy of %(percent)s %%") % {"percent": code}
    if prefix == "target_group":
        group = TargetGroup.objects.filter(code=code).first()
        return _("Clients in the target group %(group)s") % {"group": group or code}
    return {
        "starts": _("Clients whose enrollment started"),
        "first_job_starts": _("Clients who started their first competitive job"),
        "job_starts": _("Clients who started a competitive job"),
        "placements_ended": _("Clients whose placement ended"),
        "placements_ongoing": _("Clients in a placement at the end of the period"),
        "competitive_active": _("Clients in a competitive job in the period"),
        "competitive_wage": _("Clients in a competitive job with a wage recorded"),
    }.get(prefix, figure)
