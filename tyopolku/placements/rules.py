"""Pay subsidy and work trial rules as plain functions of the figures in force (no queries).

The figures are effective-dated rows (`PaySubsidyRate`, `WorkTrialRule`); a calculation
uses the row in force on the placement's start date. Breaking a limit gives a warning, not
a refusal: the TE office or the wellbeing services county decides, we only point it out.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.utils import formats
from django.utils.translation import gettext as _

from tyopolku.core.dates import date_text
from tyopolku.core.periods import calendar_months, period_last_day
from tyopolku.employers.models import EmployerType
from tyopolku.placements.models import (
    PaySubsidyRate,
    PaySubsidyReason,
    PlacementKind,
    WorkTrialRule,
)

CENTS = Decimal("0.01")
# Side costs and holiday pay are not covered: the monthly wage is the weekly hours' pay
# times 52 weeks over 12 months.
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
DAYS_PER_MONTH = 30  # only to carry leftover days of several periods into months
ONE_DAY = datetime.timedelta(days=1)
NON_BUSINESS_EMPLOYERS = frozenset({EmployerType.ASSOCIATION, EmployerType.FOUNDATION})


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def number_text(value: Decimal | int | float) -> str:
    """20 → "20", 37.5 → "37,5" in Finnish: no trailing zeros, the locale's separator."""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    return formats.number_format(value.quantize(Decimal(1)) if whole else value.normalize())


@dataclass(frozen=True)
class Terms:
    """What the rules need to know about a placement, saved or still on the form."""

    kind: str
    employer_id: int | None
    start_date: datetime.date
    employer_type: str = ""
    hours_per_week: Decimal | None = None
    days_per_week: int | None = None
    hourly_wage: Decimal | None = None
    pay_subsidy_percent: int | None = None
    pay_subsidy_months: int | None = None
    # The actual end, or else the agreed one.
    end_date: datetime.date | None = None
    pk: int | None = None
    # The full working time of the organisation's collective agreement on the start date;
    # None: the rate's own reference.
    full_time_hours: Decimal | None = None

    @classmethod
    def of(cls, placement) -> "Terms":
        return cls(
            kind=placement.kind,
            employer_id=placement.employer_id,
            start_date=placement.start_date,
            employer_type=placement.employer.employer_type,
            hours_per_week=placement.hours_per_week,
            days_per_week=placement.days_per_week,
            hourly_wage=placement.hourly_wage,
            pay_subsidy_percent=placement.pay_subsidy_percent,
            pay_subsidy_months=placement.pay_subsidy_months,
            end_date=placement.end_date or placement.planned_end_date,
            pk=placement.pk,
        )


@dataclass(frozen=True)
class RuleWarning:
    code: str
    message: str


@dataclass(frozen=True)
class SubsidyEstimate:
    percent: int
    reason: str
    rate_valid_from: datetime.date
    monthly_wage: Decimal
    monthly_amount: Decimal
    max_monthly_eur: Decimal
    capped: bool


@dataclass(frozen=True)
class Assessment:
    subsidy: SubsidyEstimate | None
    expense_allowance_eur_per_day: Decimal | None
    warnings: tuple[RuleWarning, ...]


def _valid_on(row, day: datetime.date) -> bool:
    return row.valid_from <= day and (
        getattr(row, "valid_until", None) is None or row.valid_until >= day
    )


def rate_in_force(
    rates: Iterable[PaySubsidyRate], percent: int, day: datetime.date
) -> PaySubsidyRate | None:
    """The row for `percent` on `day`: the latest one that has started and not ended."""
    rows = [r for r in rates if r.percent == percent and _valid_on(r, day)]
    return max(rows, key=lambda r: r.valid_from, default=None)


def rates_in_force(rates: Iterable[PaySubsidyRate], day: datetime.date) -> list[PaySubsidyRate]:
    percents = sorted({r.percent for r in rates if _valid_on(r, day)})
    return [rate_in_force(rates, p, day) for p in percents]


def rule_in_force(rules: Iterable[WorkTrialRule], day: datetime.date) -> WorkTrialRule | None:
    return max((r for r in rules if _valid_on(r, day)), key=lambda r: r.valid_from, default=None)


def monthly_wage(hourly_wage: Decimal, hours_per_week: Decimal) -> Decimal:
    return cents(Decimal(hourly_wage) * Decimal(hours_per_week) * WEEKS_PER_MONTH)


def subsidy_estimate(
    rate: PaySubsidyRate, hourly_wage: Decimal | None, hours_per_week: Decimal | None
) -> SubsidyEstimate | None:
    """The subsidy a month: the percentage of the monthly wage, at most the rate's maximum."""
    if hourly_wage is None or not hours_per_week:
        return None
    wage = monthly_wage(hourly_wage, hours_per_week)
    amount = cents(wage * rate.percent / Decimal(100))
    capped = amount > rate.max_monthly_eur
    return SubsidyEstimate(
        percent=rate.percent,
        reason=rate.reason,
        rate_valid_from=rate.valid_from,
        monthly_wage=wage,
        monthly_amount=min(amount, cents(rate.max_monthly_eur)),
        max_monthly_eur=cents(rate.max_monthly_eur),
        capped=capped,
    )


def subsidy_period_end(terms: Terms) -> datetime.date | None:
    """The last subsidised day; None while a subsidy without a length or end goes on."""
    ends = [terms.end_date] if terms.end_date else []
    if terms.pay_subsidy_months:
        ends.append(period_last_day(terms.start_date, terms.pay_subsidy_months))
    return min(ends, default=None)


def _earlier_subsidies(terms: Terms, history: Sequence[Terms]) -> list[Terms]:
    return [
        h
        for h in history
        if h.pk != terms.pk
        and h.employer_id == terms.employer_id
        and h.pay_subsidy_percent
        and h.start_date <= terms.start_date
    ]


def _extends(terms: Terms, earlier: Terms) -> bool:
    """The same subsidy with the same employer going on without a break is an extension of
    the earlier grant, not a new grant for the three-year rule."""
    end = subsidy_period_end(earlier)
    return (
        earlier.pay_subsidy_percent == terms.pay_subsidy_percent
        and end is not None
        and end + ONE_DAY == terms.start_date
    )


def three_year_warning(
    rate: PaySubsidyRate, terms: Terms, history: Sequence[Terms]
) -> RuleWarning | None:
    """Not again to the same employer for the same person within the rate's years, unless
    the rate has no such limit (the reduced-work-ability subsidy)."""
    years = rate.same_employer_block_years
    if not years:
        return None
    since = terms.start_date - relativedelta(years=years)
    earlier_grants = _earlier_subsidies(terms, history)
    if any(_extends(terms, earlier) for earlier in earlier_grants):
        return None
    for earlier in earlier_grants:
        end = subsidy_period_end(earlier)
        if end is None or end >= since:
            return RuleWarning(
                "pay_subsidy_three_year_rule",
                _(
                    "The client had a %(percent)s %% pay subsidy with this employer from "
                    "%(start)s. A %(new)s %% subsidy is not granted again to the same employer "
                    "for the same person within %(years)s years (the subsidy for reduced work "
                    "ability is exempt)."
                )
                % {
                    "percent": earlier.pay_subsidy_percent,
                    "start": date_text(earlier.start_date),
                    "new": rate.percent,
                    "years": years,
                },
            )
    return None


def working_time_warning(rate: PaySubsidyRate, terms: Terms) -> RuleWarning | None:
    if not rate.max_working_time_percent or terms.hours_per_week is None:
        return None
    full_time = Decimal(terms.full_time_hours or rate.full_time_hours_per_week)
    # The exact limit (37.5 h × 65 % = 24.375 h) is both compared and printed, so that the
    # message never says "at most 24.4 hours; this job has 24.4 hours".
    limit = (full_time * rate.max_working_time_percent / 100).normalize()
    if Decimal(terms.hours_per_week) <= limit:
        return None
    return RuleWarning(
        "pay_subsidy_working_time",
        _(
            "A %(percent)s %% pay subsidy allows at most %(max)s %% of full working time "
            "(%(limit)s of %(full)s hours a week); this job has %(hours)s hours."
        )
        % {
            "percent": rate.percent,
            "max": rate.max_working_time_percent,
            "limit": number_text(limit),
            "full": number_text(full_time),
            "hours": number_text(terms.hours_per_week),
        },
    )


def employer_type_warning(rate: PaySubsidyRate, terms: Terms) -> RuleWarning | None:
    if rate.reason != PaySubsidyReason.NON_BUSINESS_WORK or not terms.employer_type:
        return None
    if terms.employer_type in NON_BUSINESS_EMPLOYERS:
        return None
    return RuleWarning(
        "pay_subsidy_employer_type",
        _("A %(percent)s %% pay subsidy is for associations and foundations in non-business work.")
        % {"percent": rate.percent},
    )


def subsidy_months_warning(rate: PaySubsidyRate, terms: Terms) -> RuleWarning | None:
    if not rate.max_months or not terms.pay_subsidy_months:
        return None
    if terms.pay_subsidy_months <= rate.max_months:
        return None
    return RuleWarning(
        "pay_subsidy_months",
        _("A %(percent)s %% pay subsidy is granted for at most %(max)s months at a time.")
        % {"percent": rate.percent, "max": rate.max_months},
    )


def pay_subsidy_assessment(
    terms: Terms, rates: Sequence[PaySubsidyRate], history: Sequence[Terms]
) -> tuple[SubsidyEstimate | None, list[RuleWarning]]:
    if not terms.pay_subsidy_percent:
        return None, []
    rate = rate_in_force(rates, terms.pay_subsidy_percent, terms.start_date)
    if rate is None:
        known = ", ".join(f"{r.percent} %" for r in rates_in_force(rates, terms.start_date))
        return None, [
            RuleWarning(
                "pay_subsidy_no_rate",
                _(
                    "No %(percent)s %% pay subsidy is in force on %(date)s (in force: "
                    "%(known)s), so there is no estimate."
                )
                % {
                    "percent": terms.pay_subsidy_percent,
                    "date": date_text(terms.start_date),
                    "known": known or "–",
                },
            )
        ]
    checks = (
        three_year_warning(rate, terms, history),
        working_time_warning(rate, terms),
        employer_type_warning(rate, terms),
        subsidy_months_warning(rate, terms),
    )
    estimate = subsidy_estimate(rate, terms.hourly_wage, terms.hours_per_week)
    return estimate, [w for w in checks if w is not None]


@dataclass(frozen=True)
class Length:
    months: int
    days: int

    def __gt__(self, other: "Length") -> bool:
        return (self.months, self.days) > (other.months, other.days)

    def text(self) -> str:
        return _("%(months)s months %(days)s days") % {"months": self.months, "days": self.days}


def trial_length(terms: Terms, today: datetime.date) -> Length:
    """Calendar months and days from the first to the last day; an open trial counts up to
    today."""
    last = terms.end_date or max(today, terms.start_date - ONE_DAY)
    if last < terms.start_date:
        return Length(0, 0)
    return Length(*calendar_months(terms.start_date, last))


def total_length(lengths: Iterable[Length]) -> Length:
    months = days = 0
    for length in lengths:
        months, days = months + length.months, days + length.days
    return Length(months + days // DAYS_PER_MONTH, days % DAYS_PER_MONTH)


def _trial_limit_warning(
    code: str, message: str, trials: Sequence[Terms], limit: int, today: datetime.date
) -> RuleWarning | None:
    total = total_length(trial_length(t, today) for t in trials)
    if not total > Length(limit, 0):
        return None
    return RuleWarning(code, message % {"max": limit, "total": total.text()})


def _trial_schedule_warnings(rule: WorkTrialRule, terms: Terms) -> list[RuleWarning]:
    warnings = []
    days = terms.days_per_week
    if days is not None and not rule.min_days_per_week <= days <= rule.max_days_per_week:
        warnings.append(
            RuleWarning(
                "work_trial_days",
                _("A work trial has %(min)s–%(max)s days a week; this one has %(days)s.")
                % {"min": rule.min_days_per_week, "max": rule.max_days_per_week, "days": days},
            )
        )
    if terms.hours_per_week is None:
        return warnings
    hours = Decimal(terms.hours_per_week)
    if days:
        per_day = (hours / days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        low, high = rule.min_hours_per_day, rule.max_hours_per_day
    else:  # without the days, the week must fit the daily limits on some allowed schedule
        per_day = hours
        low = rule.min_hours_per_day * rule.min_days_per_week
        high = rule.max_hours_per_day * rule.max_days_per_week
    if not low <= per_day <= high:
        message = (
            _("A work trial has %(min)s–%(max)s hours a day; this one has %(hours)s.")
            if days
            else _("A work trial has %(min)s–%(max)s hours a week; this one has %(hours)s.")
        )
        figures = {"min": number_text(low), "max": number_text(high), "hours": number_text(per_day)}
        warnings.append(RuleWarning("work_trial_hours", message % figures))
    return warnings


def work_trial_assessment(
    terms: Terms, rules: Sequence[WorkTrialRule], history: Sequence[Terms], today: datetime.date
) -> tuple[Decimal | None, list[RuleWarning]]:
    """The daily expense allowance and the warnings about the work trial limits. `history`
    holds the client's other placements (all enrollments)."""
    if terms.kind != PlacementKind.WORK_TRIAL:
        return None, []
    rule = rule_in_force(rules, terms.start_date)
    if rule is None:
        return None, [
            RuleWarning(
                "work_trial_no_rule",
                _("No work trial rules are in force on %(date)s; the limits were not checked.")
                % {"date": date_text(terms.start_date)},
            )
        ]
    trials = [t for t in history if t.kind == PlacementKind.WORK_TRIAL and t.pk != terms.pk]
    trials.append(terms)
    checks = [
        _trial_limit_warning(
            "work_trial_organiser_months",
            _(
                "A work trial lasts at most %(max)s months with one organiser; with this "
                "employer the client's work trials last %(total)s."
            ),
            [t for t in trials if t.employer_id == terms.employer_id],
            rule.max_months_per_organiser,
            today,
        ),
        _trial_limit_warning(
            "work_trial_total_months",
            _(
                "Work trials last at most %(max)s months in total; the client's work trials "
                "last %(total)s."
            ),
            trials,
            rule.max_months_total,
            today,
        ),
    ]
    warnings = [w for w in checks if w is not None]
    if terms.end_date is None:
        warnings.append(
            RuleWarning(
                "work_trial_no_end",
                _("Give the agreed end date of the work trial to check its length."),
            )
        )
    warnings += _trial_schedule_warnings(rule, terms)
    return cents(rule.expense_allowance_eur_per_day), warnings


def assess(
    terms: Terms,
    *,
    rates: Sequence[PaySubsidyRate],
    rules: Sequence[WorkTrialRule],
    history: Sequence[Terms],
    today: datetime.date,
) -> Assessment:
    estimate, subsidy_warnings = pay_subsidy_assessment(terms, rates, history)
    allowance, trial_warnings = work_trial_assessment(terms, rules, history, today)
    return Assessment(estimate, allowance, tuple(subsidy_warnings + trial_warnings))


@dataclass(frozen=True)
class Tenure:
    days: int
    months: int


def tenure(
    start_date: datetime.date, end_date: datetime.date | None, today: datetime.date
) -> Tenure:
    """Days in the job so far (first and last day included) and the full months of them."""
    last = min(end_date, today) if end_date else today
    if last < start_date:
        return Tenure(0, 0)
    return Tenure((last - start_date).days + 1, calendar_months(start_date, last)[0])
