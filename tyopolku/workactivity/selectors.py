"""Reads of work activity: the dated rules (no client data), and the participants'
agreements, attendance and work-share money, each scoped by the user's organisation and
client relationship and logged in the access log."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.selectors import clients_visible_to
from tyopolku.core.dated import in_force
from tyopolku.core.errors import InvalidInput, NotFound
from tyopolku.workactivity.access import require_work_activity
from tyopolku.workactivity.models import (
    Agreement,
    Attendance,
    AttendancePortion,
    AttendanceStatus,
    GoalRating,
    RehabilitativeWorkActivityRule,
    Review,
    Screening,
    WorkShareBasis,
    WorkShareTaxFreeLimit,
)

CENT = Decimal("0.01")


def rehabilitative_rule_on(day: datetime.date) -> RehabilitativeWorkActivityRule | None:
    """The limits in force on `day` (a few rows: read them all)."""
    return in_force(list(RehabilitativeWorkActivityRule.objects.order_by("valid_from")), day)


# --- Agreements ------------------------------------------------------------------------------


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    require_work_activity(user)
    return Agreement.objects.filter(
        organization_id=user.organization_id, client__in=clients_visible_to(user)
    )


def _by_participant(
    user: User, first: datetime.date | None = None, last: datetime.date | None = None
) -> QuerySet[Agreement]:
    """The agreements the user may see, in force on some day from `first` to `last` if
    given, by the participant's name, with what the lists show of them."""
    agreements = agreements_visible_to(user)
    if first is not None and last is not None:
        agreements = agreements.filter(start_date__lte=last, end_date__gte=first)
    return agreements.select_related("client", "enrollment__unit").order_by(
        "client__last_name", "client__first_name", "start_date", "pk"
    )


def agreement_list(*, user: User, day: datetime.date | None = None) -> list[Agreement]:
    """The agreements the user may see (in force on `day` if given); logged."""
    rows = list(_by_participant(user, day, day))
    access_log_record(
        user=user,
        client_ids=[a.client_id for a in rows],
        action=AccessAction.READ,
        target="work_activity_agreement",
    )
    return rows


def agreement_page(
    *, user: User, offset: int, limit: int, day: datetime.date | None = None
) -> tuple[int, list[Agreement]]:
    """(count, one page of the agreements the user may see (in force on `day` if given), by
    participant); the page's participants are logged as read."""
    agreements = _by_participant(user, day, day)
    rows = list(agreements[offset : offset + limit])
    access_log_record(
        user=user,
        client_ids=[a.client_id for a in rows],
        action=AccessAction.READ,
        target="work_activity_agreement",
    )
    return agreements.count(), rows


def agreements_in_force_of(
    *, user: User, client_ids: list[int], day: datetime.date
) -> dict[int, Agreement]:
    """Client id -> the work activity agreement in force on `day`, for the members of a work
    group who keep work activity days alongside paid work (one query for the whole list;
    agreements never overlap); logged."""
    agreements = {
        a.client_id: a
        for a in agreements_visible_to(user).filter(
            client_id__in=client_ids, start_date__lte=day, end_date__gte=day
        )
    }
    access_log_record(
        user=user,
        client_ids=list(agreements),
        action=AccessAction.READ,
        target="work_activity_agreement",
    )
    return agreements


def agreement_get(
    *, user: User, agreement_id: int, action: AccessAction = AccessAction.READ
) -> Agreement:
    """One agreement with its goals, reviews (newest first, with their ratings) and earlier
    versions; NotFound outside the client relationship. Logged as `action`."""
    agreement = (
        agreements_visible_to(user)
        .filter(pk=agreement_id)
        .select_related("client", "enrollment__unit", "created_by")
        .prefetch_related(
            "goals",
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("created_by").prefetch_related(
                    Prefetch("ratings", queryset=GoalRating.objects.select_related("goal"))
                ),
            ),
            "revisions__changed_by",
        )
        .first()
    )
    if agreement is None:
        raise NotFound(_("Agreement not found."))
    access_log_record(
        user=user,
        client_ids=[agreement.client_id],
        action=action,
        target="work_activity_agreement",
    )
    return agreement


def agreement_for_input(*, user: User, agreement_id: int, field: str) -> Agreement:
    """An agreement named in a request body: unknown → invalid input naming `field`."""
    agreement = agreements_visible_to(user).filter(pk=agreement_id).first()
    if agreement is None:
        raise InvalidInput.for_field(field, _("Unknown agreement."))
    return agreement


# --- Attendance ------------------------------------------------------------------------------


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def attendance_of_day(*, user: User, day: datetime.date) -> list[tuple[Agreement, str, str]]:
    """The agreements in force on `day` with each one's mark and portion ('' and full when
    unmarked); logged."""
    agreements = agreement_list(user=user, day=day)
    marks = {
        agreement_id: (status, portion)
        for agreement_id, status, portion in Attendance.objects.filter(
            agreement__in=agreements, date=day
        ).values_list("agreement_id", "status", "portion")
    }
    return [(a, *marks.get(a.pk, ("", AttendancePortion.FULL))) for a in agreements]


def attendance_list(*, user: User, agreement: Agreement, month: datetime.date) -> list[Attendance]:
    first, last = month_bounds(month)
    rows = list(agreement.attendances.filter(date__range=(first, last)).order_by("date"))
    access_log_record(
        user=user,
        client_ids=[agreement.client_id],
        action=AccessAction.READ,
        target="work_activity_attendance",
    )
    return rows


# --- Work-share money ------------------------------------------------------------------------


@dataclass
class WorkShareRates:
    """The organisation's dated figures of work-share money, each oldest first."""

    bases: list[WorkShareBasis]
    tax_free: list[WorkShareTaxFreeLimit]
    rules: list[RehabilitativeWorkActivityRule]

    def _allowance(self, day: datetime.date) -> Decimal:
        rule = in_force(self.rules, day)
        return rule.expense_allowance_eur_per_day if rule else Decimal(0)

    def rate_on(self, day: datetime.date) -> Decimal:
        """The organisation's basis in force on `day`; before its first basis (or without
        one), the expense allowance of the rule in force."""
        basis = _latest_on(self.bases, day)
        return basis.eur_per_day if basis is not None else self._allowance(day)

    def tax_free_on(self, day: datetime.date) -> Decimal:
        """The tax-free maximum a day in force on `day`; before the organisation's first
        setting (or without one), the expense allowance of the rule in force."""
        limit = _latest_on(self.tax_free, day)
        return limit.eur_per_day if limit is not None else self._allowance(day)

    def day_parts(self, day: datetime.date, portion: str) -> tuple[Decimal, Decimal, Decimal]:
        """(the day's rate, the money of the day present, its tax-free part)."""
        rate = self.rate_on(day)
        amount = day_amount(rate, portion)
        return rate, amount, min(amount, self.tax_free_on(day))


def _latest_on[Row](rows: list[Row], day: datetime.date) -> Row | None:
    """The row with the latest `valid_from` on or before `day`; None before the first (the
    organisation's figure does not reach back: the law's applies then)."""
    row = in_force(rows, day)
    return row if row is not None and row.valid_from <= day else None


def work_share_rates(organization_id: int) -> WorkShareRates:
    return WorkShareRates(
        bases=list(WorkShareBasis.objects.filter(organization_id=organization_id)),
        tax_free=list(WorkShareTaxFreeLimit.objects.filter(organization_id=organization_id)),
        rules=list(RehabilitativeWorkActivityRule.objects.order_by("valid_from")),
    )


def day_amount(rate: Decimal, portion: str) -> Decimal:
    """The money of one day present: the day's rate, or half of it for a half day rounded
    to the cent (as every sum of money here is: `quantize`, half to even)."""
    if portion == AttendancePortion.HALF:
        return (rate / 2).quantize(CENT)
    return rate


@dataclass
class WorkShareRow:
    agreement: Agreement
    present: int = 0
    half: int = 0
    ill: int = 0
    other: int = 0
    amount: Decimal = Decimal("0.00")
    tax_free: Decimal = Decimal("0.00")
    rates: set = field(default_factory=set)

    @property
    def taxable(self) -> Decimal:
        """The money above the tax-free maximum of each day."""
        return self.amount - self.tax_free


@dataclass
class WorkShareSummary:
    month: datetime.date
    rows: list[WorkShareRow]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal("0.00"))

    @property
    def present(self) -> int:
        return sum(row.present for row in self.rows)

    @property
    def tax_free(self) -> Decimal:
        return sum((row.tax_free for row in self.rows), Decimal("0.00"))

    @property
    def taxable(self) -> Decimal:
        return sum((row.taxable for row in self.rows), Decimal("0.00"))

    @property
    def half(self) -> int:
        return sum(row.half for row in self.rows)


def work_share_summary(*, user: User, month: datetime.date) -> WorkShareSummary:
    """Per participant (agreements in force in the month that the user may see): days
    present × the rate of each day (half of it for a half day); absences and no-work days
    earn nothing. Logged."""
    first, last = month_bounds(month)
    agreements = list(_by_participant(user, first, last))
    rates = work_share_rates(user.organization_id)
    rows = {a.pk: WorkShareRow(agreement=a) for a in agreements}
    days = defaultdict(list)
    for agreement_id, date, status, portion in Attendance.objects.filter(
        agreement__in=agreements, date__range=(first, last)
    ).values_list("agreement_id", "date", "status", "portion"):
        days[agreement_id].append((date, status, portion))
    for agreement_id, marks in days.items():
        row = rows[agreement_id]
        for date, status, portion in marks:
            if status == AttendanceStatus.PRESENT:
                rate, amount, tax_free = rates.day_parts(date, portion)
                row.present += 1
                row.half += portion == AttendancePortion.HALF
                row.amount += amount
                row.tax_free += tax_free
                row.rates.add(rate)
            elif status == AttendanceStatus.ILL:
                row.ill += 1
            elif status == AttendanceStatus.OTHER:
                row.other += 1
    for row in rows.values():
        row.amount = row.amount.quantize(CENT)
        row.tax_free = row.tax_free.quantize(CENT)
    access_log_record(
        user=user,
        client_ids=[a.client_id for a in agreements],
        action=AccessAction.READ,
        target="work_share_money",
    )
    return WorkShareSummary(month=first, rows=list(rows.values()))


@dataclass
class StatementDay:
    date: datetime.date
    portion: str
    rate: Decimal
    amount: Decimal
    tax_free: Decimal

    @property
    def is_half(self) -> bool:
        return self.portion == AttendancePortion.HALF


@dataclass
class WorkShareStatement:
    """One participant's work-share money of a month, day by day, for them to keep."""

    agreement: Agreement
    month: datetime.date
    days: list[StatementDay]

    @property
    def half(self) -> int:
        return sum(day.is_half for day in self.days)

    @property
    def amount(self) -> Decimal:
        return sum((day.amount for day in self.days), Decimal("0.00")).quantize(CENT)

    @property
    def tax_free(self) -> Decimal:
        return sum((day.tax_free for day in self.days), Decimal("0.00")).quantize(CENT)

    @property
    def taxable(self) -> Decimal:
        return self.amount - self.tax_free


def _statements_of(
    user: User, agreements: list[Agreement], month: datetime.date
) -> list[WorkShareStatement]:
    """Each agreement's statement of `month` (one query for the days of them all), logged as
    an export: statements are made to be printed and handed over."""
    first, last = month_bounds(month)
    rates = work_share_rates(user.organization_id)
    days = defaultdict(list)
    for agreement_id, date, portion in (
        Attendance.objects.filter(
            agreement__in=agreements,
            date__range=(first, last),
            status=AttendanceStatus.PRESENT,
        )
        .order_by("date")
        .values_list("agreement_id", "date", "portion")
    ):
        days[agreement_id].append(StatementDay(date, portion, *rates.day_parts(date, portion)))
    access_log_record(
        user=user,
        client_ids=[a.client_id for a in agreements],
        action=AccessAction.EXPORT,
        target="work_share_statement",
    )
    return [WorkShareStatement(agreement=a, month=first, days=days[a.pk]) for a in agreements]


def work_share_statement(
    *, user: User, agreement_id: int, month: datetime.date
) -> WorkShareStatement:
    """The participant's statement of `month`: each day present with its portion, rate,
    money and tax-free part, the same figures as the month's list. Reached like the
    agreement (NotFound outside the client relationship); logged as an export."""
    agreement = (
        agreements_visible_to(user)
        .filter(pk=agreement_id)
        .select_related("client", "enrollment__unit")
        .first()
    )
    if agreement is None:
        raise NotFound(_("Agreement not found."))
    return _statements_of(user, [agreement], month)[0]


def work_share_statements(*, user: User, month: datetime.date) -> list[WorkShareStatement]:
    """The statements of `month` of every participant the user may see whose agreement is in
    force in the month (the coach's participants, or the organisation's for a supervisor),
    by name: the same figures as each one's own statement."""
    first, last = month_bounds(month)
    agreements = list(_by_participant(user, first, last))
    return _statements_of(user, agreements, month)


def open_work_activity_enrollment(*, user: User, client_id: int):
    """The client's open enrollment in open work activity (the latest, if more), reached
    through the client relationship; None without one."""
    from tyopolku.pathway.models import ServiceModel
    from tyopolku.pathway.selectors import enrollments_visible_to

    return (
        enrollments_visible_to(user)
        .filter(
            client_id=client_id, service_model=ServiceModel.WORK_ACTIVITY, end_date__isnull=True
        )
        .order_by("-start_date", "-pk")
        .first()
    )


def enrollments_without_agreement(*, user: User) -> list:
    """Open work-activity enrollments of the user's clients that have no agreement in force
    today or later (to make one); logged."""
    from tyopolku.core.dates import today
    from tyopolku.pathway.models import ServiceModel
    from tyopolku.pathway.selectors import enrollments_visible_to

    require_work_activity(user)
    enrollments = list(
        enrollments_visible_to(user)
        .filter(service_model=ServiceModel.WORK_ACTIVITY, end_date__isnull=True)
        .exclude(work_activity_agreements__end_date__gte=today())
        .select_related("client", "unit")
        .order_by("client__last_name", "client__first_name", "pk")
    )
    access_log_record(
        user=user,
        client_ids=[e.client_id for e in enrollments],
        action=AccessAction.READ,
        target="enrollment",
    )
    return enrollments


# --- Employment-potential screening ----------------------------------------------------------

# A candidate for IPS: the latest screening says the participant wants to work (IPS asks no
# more: zero exclusion). The other criteria describe the support the job search will need.
OWN_WISH_FOR_IPS = 4
ATTENDANCE_WINDOW_DAYS = 90


def attendance_rate(agreement: Agreement, until: datetime.date) -> tuple[int, int]:
    """(days present, work days marked) in the 90 days up to `until`: the attendance
    criterion's evidence from the records."""
    since = until - datetime.timedelta(days=ATTENDANCE_WINDOW_DAYS - 1)
    statuses = list(
        agreement.attendances.filter(date__range=(since, until))
        .exclude(status=AttendanceStatus.NO_WORK_DAY)
        .values_list("status", flat=True)
    )
    return sum(1 for s in statuses if s == AttendanceStatus.PRESENT), len(statuses)


def _candidates(user: User) -> list[tuple[Agreement, Screening]]:
    agreements = list(
        agreements_visible_to(user)
        .select_related("client")
        .prefetch_related(
            Prefetch("screenings", queryset=Screening.objects.order_by("-date", "-pk"))
        )
        .order_by("client__last_name", "client__first_name", "pk")
    )
    rows = []
    for agreement in agreements:
        screenings = list(agreement.screenings.all())
        latest = screenings[0] if screenings else None
        if latest and latest.referral_id is None and latest.own_wish >= OWN_WISH_FOR_IPS:
            rows.append((agreement, latest))
    return rows


def _candidates_logged(user: User, rows: list[tuple[Agreement, Screening]]) -> list:
    access_log_record(
        user=user,
        client_ids=[a.client_id for a, _s in rows],
        action=AccessAction.READ,
        target="work_activity_screening",
    )
    return rows


def screening_candidates(*, user: User) -> list[tuple[Agreement, Screening]]:
    """Participants whose latest screening shows their own wish to work and who are not
    referred yet, with that screening; logged."""
    return _candidates_logged(user, _candidates(user))


def screening_candidate_page(
    *, user: User, offset: int, limit: int
) -> tuple[int, list[tuple[Agreement, Screening]]]:
    """(count, one page of screening_candidates); the page's participants logged. The
    latest screening decides, so the rows are picked in Python before the page is cut."""
    rows = _candidates(user)
    return len(rows), _candidates_logged(user, rows[offset : offset + limit])
