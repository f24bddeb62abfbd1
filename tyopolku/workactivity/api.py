"""API of open work activity: participants' agreements (checked against the limits in force),
goals, reviews on the evaluation form, daily attendance and the month's work-share money.
Money and hours are answered as decimal strings."""

import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from tyopolku.audit.models import AccessAction
from tyopolku.core.api import ERRORS, Id, Paging, PathId, choice, decimal, integer, text
from tyopolku.core.errors import InvalidInput
from tyopolku.core.params import month_param
from tyopolku.pathway.selectors import enrollment_get
from tyopolku.workactivity import selectors, services
from tyopolku.workactivity.access import require_work_activity
from tyopolku.workactivity.models import Agreement, AttendancePortion, AttendanceStatus

router = Router(tags=["work activity"])


class AgreementTermsIn(Schema):
    start_date: datetime.date
    end_date: datetime.date
    days_per_week: integer(0, 7)
    hours_per_day: decimal(0, 24)
    place: text(200)
    tasks: text(5000) = ""


class AgreementIn(AgreementTermsIn):
    goals: list[text(500)] = []


class AgreementUpdateIn(AgreementTermsIn):
    version: integer(1, 2_000_000_000)


class GoalIn(Schema):
    text: text(500)
    how_we_know: text(500) = ""


class GoalOut(Schema):
    id: int
    text: str
    how_we_know: str


class RatingIn(Schema):
    goal_id: Id
    progress: integer(1, 5)
    notes: text(2000) = ""


class ReviewIn(Schema):
    date: datetime.date
    ratings: list[RatingIn] = []
    overall_notes: text(5000) = ""
    participant_view: text(5000) = ""
    next_steps: text(5000) = ""


class RatingOut(Schema):
    goal_id: int
    progress: int
    notes: str


class ReviewOut(Schema):
    id: int
    date: datetime.date
    overall_notes: str
    participant_view: str
    next_steps: str
    ratings: list[RatingOut]

    @staticmethod
    def resolve_ratings(review) -> list:
        return list(review.ratings.all())


class RevisionOut(Schema):
    version: int
    terms: dict
    changed_at: datetime.datetime


class AgreementOut(Schema):
    id: int
    client_id: int
    enrollment_id: int
    start_date: datetime.date
    end_date: datetime.date
    days_per_week: int
    hours_per_day: str
    place: str
    tasks: str
    version: int

    @staticmethod
    def resolve_hours_per_day(agreement: Agreement) -> str:
        return f"{agreement.hours_per_day:.1f}"


class AgreementDetailOut(AgreementOut):
    goals: list[GoalOut]
    reviews: list[ReviewOut]
    revisions: list[RevisionOut]

    @staticmethod
    def resolve_goals(agreement: Agreement) -> list:
        return list(agreement.goals.all())

    @staticmethod
    def resolve_reviews(agreement: Agreement) -> list:
        return list(agreement.reviews.all())

    @staticmethod
    def resolve_revisions(agreement: Agreement) -> list:
        return list(agreement.revisions.all())


class AgreementListOut(Schema):
    count: int
    items: list[AgreementOut]


class MarkIn(Schema):
    agreement_id: Id
    status: choice(AttendanceStatus)
    portion: choice(AttendancePortion) = AttendancePortion.FULL.value


class AttendanceIn(Schema):
    date: datetime.date
    marks: list[MarkIn]


class AttendanceOut(Schema):
    agreement_id: int
    date: datetime.date
    status: choice(AttendanceStatus)
    portion: choice(AttendancePortion)


class AttendanceListOut(Schema):
    items: list[AttendanceOut]


class MonthParams(Schema):
    month: text(7, r"^[0-9]{4}-[0-9]{2}$")


class WorkShareRowOut(Schema):
    agreement_id: int
    client_id: int
    days_present: int
    days_half: int
    days_ill: int
    days_absent_other: int
    amount: str
    tax_free: str
    taxable: str


class WorkShareOut(Schema):
    month: str
    days_present: int
    total: str
    tax_free: str
    taxable: str
    items: list[WorkShareRowOut]


class StatementDayOut(Schema):
    date: datetime.date
    portion: choice(AttendancePortion)
    rate: str
    amount: str
    tax_free: str


class StatementOut(Schema):
    agreement_id: int
    client_id: int
    month: str
    days_present: int
    days_half: int
    amount: str
    tax_free: str
    taxable: str
    days: list[StatementDayOut]


def _month(value: str) -> datetime.date:
    first = month_param(value)
    if first is None:
        raise InvalidInput.for_field("month", _("A month as YYYY-MM, from 2000 to 2100."))
    return first


@router.post(
    "/work-activity/enrollments/{enrollment_id}/agreements",
    response={201: AgreementDetailOut, **ERRORS},
)
def create_agreement(request, enrollment_id: PathId, payload: AgreementIn):
    """A fixed-term agreement for a client enrolled in open work activity; the terms are
    checked against the limits of rehabilitative work activity in force on the start date
    (422 naming `end_date`, `days_per_week` or `hours_per_day`)."""
    require_work_activity(request.user)
    enrollment = enrollment_get(
        user=request.user,
        enrollment_id=enrollment_id,
        target="work_activity_agreement",
        action=AccessAction.CREATE,
    )
    agreement = services.agreement_create(
        user=request.user, enrollment=enrollment, **payload.dict()
    )
    return Status(201, selectors.agreement_get(user=request.user, agreement_id=agreement.pk))


@router.get("/work-activity/agreements", response={200: AgreementListOut, **ERRORS})
def list_agreements(request, params: Query[Paging], day: datetime.date | None = None):
    """The agreements of the participants the caller works with (in force on `day`), a page
    at a time (`limit`, `offset`)."""
    count, items = selectors.agreement_page(
        user=request.user, offset=params.offset, limit=params.limit, day=day
    )
    return {"count": count, "items": items}


@router.get(
    "/work-activity/agreements/{agreement_id}", response={200: AgreementDetailOut, **ERRORS}
)
def get_agreement(request, agreement_id: PathId):
    """The agreement with its goals, reviews and earlier versions of its terms."""
    return selectors.agreement_get(user=request.user, agreement_id=agreement_id)


@router.put(
    "/work-activity/agreements/{agreement_id}", response={200: AgreementDetailOut, **ERRORS}
)
def update_agreement(request, agreement_id: PathId, payload: AgreementUpdateIn):
    """New terms (the earlier ones are kept); a stale `version` → 409."""
    agreement = selectors.agreement_get(
        user=request.user, agreement_id=agreement_id, action=AccessAction.UPDATE
    )
    services.agreement_update(user=request.user, agreement=agreement, **payload.dict())
    return selectors.agreement_get(user=request.user, agreement_id=agreement_id)


@router.post("/work-activity/agreements/{agreement_id}/goals", response={201: GoalOut, **ERRORS})
def add_goal(request, agreement_id: PathId, payload: GoalIn):
    """A goal in the participant's own words."""
    agreement = selectors.agreement_get(
        user=request.user, agreement_id=agreement_id, action=AccessAction.UPDATE
    )
    return Status(201, services.goal_add(user=request.user, agreement=agreement, **payload.dict()))


@router.post(
    "/work-activity/agreements/{agreement_id}/reviews", response={201: ReviewOut, **ERRORS}
)
def create_review(request, agreement_id: PathId, payload: ReviewIn):
    """An evaluation form: progress 1–5 and notes per goal, overall notes, the participant's
    own view and next steps."""
    agreement = selectors.agreement_get(
        user=request.user, agreement_id=agreement_id, action=AccessAction.CREATE
    )
    data = payload.dict()
    review = services.review_create(user=request.user, agreement=agreement, **data)
    return Status(201, review)


@router.get(
    "/work-activity/agreements/{agreement_id}/attendance",
    response={200: AttendanceListOut, **ERRORS},
)
def list_attendance(request, agreement_id: PathId, params: Query[MonthParams]):
    """The marked days of `month` (YYYY-MM)."""
    agreement = selectors.agreement_get(user=request.user, agreement_id=agreement_id)
    month = _month(params.month)
    return {"items": selectors.attendance_list(user=request.user, agreement=agreement, month=month)}


@router.post("/work-activity/attendance", response={200: AttendanceListOut, **ERRORS})
def mark_attendance(request, payload: AttendanceIn):
    """Mark a day for one participant or a whole group: `status` ∈ present, absent_ill,
    absent_other, no_work_day; `portion` full (the default) or half (a day present only,
    paid half the day's amount). Outside the agreement's period, or beyond its days a week,
    → 422 naming the mark's field."""
    marks = [mark.dict() for mark in payload.marks]
    return {"items": services.attendance_mark(user=request.user, day=payload.date, marks=marks)}


@router.get("/work-activity/work-share", response={200: WorkShareOut, **ERRORS})
def get_work_share(request, params: Query[MonthParams]):
    """Work-share money of `month` (YYYY-MM) per participant: days present × the rate of each
    day (the organisation's basis, else the expense allowance of the law; half of it for a
    half day, `days_half` of `days_present`); absences earn nothing. `tax_free` is the part
    up to the tax-free maximum of each day, `taxable` the rest."""
    summary = selectors.work_share_summary(user=request.user, month=_month(params.month))
    return {
        "month": f"{summary.month:%Y-%m}",
        "days_present": summary.present,
        "total": f"{summary.total:.2f}",
        "tax_free": f"{summary.tax_free:.2f}",
        "taxable": f"{summary.taxable:.2f}",
        "items": [
            {
                "agreement_id": row.agreement.pk,
                "client_id": row.agreement.client_id,
                "days_present": row.present,
                "days_half": row.half,
                "days_ill": row.ill,
                "days_absent_other": row.other,
                "amount": f"{row.amount:.2f}",
                "tax_free": f"{row.tax_free:.2f}",
                "taxable": f"{row.taxable:.2f}",
            }
            for row in summary.rows
        ],
    }


@router.get(
    "/work-activity/agreements/{agreement_id}/statement",
    response={200: StatementOut, **ERRORS},
)
def get_statement(request, agreement_id: PathId, params: Query[MonthParams]):
    """The participant's statement of `month` (YYYY-MM), the figures of the statement page:
    each day present with its portion, the day's rate, its money and tax-free part, and the
    month's totals. Logged as an export, as the printed statement is."""
    statement = selectors.work_share_statement(
        user=request.user, agreement_id=agreement_id, month=_month(params.month)
    )
    return {
        "agreement_id": statement.agreement.pk,
        "client_id": statement.agreement.client_id,
        "month": f"{statement.month:%Y-%m}",
        "days_present": len(statement.days),
        "days_half": statement.half,
        "amount": f"{statement.amount:.2f}",
        "tax_free": f"{statement.tax_free:.2f}",
        "taxable": f"{statement.taxable:.2f}",
        "days": [
            {
                "date": day.date,
                "portion": day.portion,
                "rate": f"{day.rate:.2f}",
                "amount": f"{day.amount:.2f}",
                "tax_free": f"{day.tax_free:.2f}",
            }
            for day in statement.days
        ],
    }


# --- Employment-potential screening ----------------------------------------------------------


class ScreeningIn(Schema):
    date: datetime.date
    own_wish: integer(1, 5)
    attendance: integer(1, 5)
    work_skills: integer(1, 5)
    independence: integer(1, 5)
    health: integer(1, 5)
    support_network: integer(1, 5)
    summary: text(5000) = ""


class ScreeningOut(Schema):
    id: int
    agreement_id: int
    date: datetime.date
    own_wish: int
    attendance: int
    work_skills: int
    independence: int
    health: int
    support_network: int
    summary: str
    referral_id: int | None


class CandidateOut(Schema):
    agreement_id: int
    client_id: int
    screening: ScreeningOut


class CandidateListOut(Schema):
    count: int
    items: list[CandidateOut]


class IpsReferralIn(Schema):
    reason: text(5000) = ""


class IpsReferralOut(Schema):
    id: int
    client_id: int
    to_service_model: str
    reason: str


@router.post(
    "/work-activity/agreements/{agreement_id}/screenings",
    response={201: ScreeningOut, **ERRORS},
)
def create_screening(request, agreement_id: PathId, payload: ScreeningIn):
    """An employment-potential screening: each criterion 1 (a barrier now) – 5 (a strength),
    and a summary for the functional-capacity assessment."""
    agreement = selectors.agreement_get(
        user=request.user, agreement_id=agreement_id, action=AccessAction.CREATE
    )
    screening = services.screening_create(user=request.user, agreement=agreement, **payload.dict())
    return Status(201, screening)


@router.get("/work-activity/screening-candidates", response={200: CandidateListOut, **ERRORS})
def list_candidates(request):
    """Participants whose latest screening shows their own wish to work (4–5), not referred
    yet."""
    rows = selectors.screening_candidates(user=request.user)
    items = [{"agreement_id": a.pk, "client_id": a.client_id, "screening": s} for a, s in rows]
    return {"count": len(items), "items": items}


@router.post(
    "/work-activity/agreements/{agreement_id}/ips-referral",
    response={201: IpsReferralOut, **ERRORS},
)
def refer_to_ips(request, agreement_id: PathId, payload: IpsReferralIn):
    """Refer the participant to IPS job coaching: the work-ability team's referral (a
    waiting one is not sent twice: 409). Needs a screening first (422 `screening`)."""
    agreement = selectors.agreement_get(
        user=request.user, agreement_id=agreement_id, action=AccessAction.CREATE
    )
    referral = services.ips_refer(user=request.user, agreement=agreement, reason=payload.reason)
    return Status(201, referral)
