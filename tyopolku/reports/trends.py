"""Fidelity and outcomes side by side, per service unit: the totals of the unit's complete
fidelity reviews and its quarterly competitive employment rate, over the same quarters.

Three queries whatever the number of units, reviews or clients: the units, the reviews, and
every unit's and quarter's counts in one grouped aggregate."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from tyopolku.accounts.models import Unit, User
from tyopolku.core.errors import InvalidInput
from tyopolku.fidelity.models import Review, ReviewStatus
from tyopolku.pathway.models import Enrollment
from tyopolku.placements.models import Placement
from tyopolku.reports.selectors import (
    QuarterRate,
    Scope,
    _active,
    _in_scope,
    _small,
    last_quarters,
    report_access_check,
    sees_client_lists,
)

# At most this many quarters (three years): each is two counts in the one query.
MAX_QUARTERS = 12
# The last day a period may reach (the quarters' arithmetic stays within the calendar).
LATEST = datetime.date(2100, 12, 31)


@dataclass(frozen=True)
class ReviewTotal:
    review_date: datetime.date
    total: int


@dataclass(frozen=True)
class UnitTrend:
    unit: Unit
    reviews: tuple[ReviewTotal, ...]  # complete reviews dated in the period, oldest first
    quarters: tuple[QuarterRate, ...]


def quarters_of(
    date_from: datetime.date, date_to: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The calendar quarters the period touches, oldest first; refused over MAX_QUARTERS."""
    if date_to < date_from:
        raise InvalidInput.for_field("to", _("The end date is before the start date."))
    if date_to > LATEST:
        raise InvalidInput.for_field("to", _("Give a date in 2100 or earlier."))
    quarters = [q for q in last_quarters(date_to, MAX_QUARTERS + 1) if q[1] >= date_from]
    if len(quarters) > MAX_QUARTERS:
        raise InvalidInput.for_field(
            "from", _("Give a period of at most %(count)s quarters.") % {"count": MAX_QUARTERS}
        )
    return quarters


def _unit_rates(
    user: User, quarters: list[tuple[datetime.date, datetime.date]], service_model: str
) -> dict[int, list[tuple[int, int]]]:
    """Per unit, per quarter: the clients with an enrollment of the unit active in the
    quarter, and of them those with a competitive placement (of an enrollment of the same
    unit) active in it; the report's quarterly rate, per unit, in one query."""
    aggregates = {}
    for index, (start, end) in enumerate(quarters):
        scope = Scope(start, end, service_model=service_model)
        working = Placement.objects.filter(
            _in_scope(user, scope, "enrollment__"),
            _active(scope),
            competitive=True,
            enrollment__client_id=OuterRef("client_id"),
            enrollment__unit_id=OuterRef("unit_id"),
        )
        aggregates[f"active_{index}"] = Count("client_id", filter=_active(scope), distinct=True)
        aggregates[f"competitive_{index}"] = Count(
            "client_id", filter=_active(scope) & Q(Exists(working)), distinct=True
        )
    whole = Scope(quarters[0][0], quarters[-1][1], service_model=service_model)
    rows = (
        Enrollment.objects.filter(_in_scope(user, whole), _active(whole), unit_id__isnull=False)
        .order_by()
        .values("unit_id")
        .annotate(**aggregates)
    )
    return {
        row["unit_id"]: [
            (row[f"active_{i}"], row[f"competitive_{i}"]) for i in range(len(quarters))
        ]
        for row in rows
    }


def unit_trends(
    *,
    user: User,
    date_from: datetime.date,
    date_to: datetime.date,
    service_model: str = "",
) -> list[UnitTrend]:
    """Every unit of the user's organisation with its reviews and quarterly rates. For roles
    without client records a quarter is hidden like the report's quarterly rate (fewer than
    five clients active or in a competitive job); review totals are no client data."""
    report_access_check(user)
    quarters = quarters_of(date_from, date_to)
    units = list(Unit.objects.filter(organization_id=user.organization_id).order_by("name", "pk"))
    reviews: dict[int, list[ReviewTotal]] = {}
    for unit_id, day, total in (
        Review.objects.filter(
            organization_id=user.organization_id,
            status=ReviewStatus.COMPLETE,
            total__isnull=False,
            review_date__gte=quarters[0][0],
            review_date__lte=quarters[-1][1],
        )
        .order_by("review_date", "pk")
        .values_list("unit_id", "review_date", "total")
    ):
        reviews.setdefault(unit_id, []).append(ReviewTotal(day, total))
    counts = _unit_rates(user, quarters, service_model)
    hides = not sees_client_lists(user)
    result = []
    for unit in units:
        rates = []
        for (start, end), (active, competitive) in zip(
            quarters, counts.get(unit.pk, [(0, 0)] * len(quarters)), strict=True
        ):
            if hides and (_small(active) or _small(competitive)):
                rates.append(QuarterRate(start, end, None, None, None))
            else:
                rate = competitive / active if active else None
                rates.append(QuarterRate(start, end, active, competitive, rate))
        result.append(UnitTrend(unit, tuple(reviews.get(unit.pk, ())), tuple(rates)))
    return result
