"""API of fidelity reviews: the scale's items, reviews (drafts too), measures, action plans."""

import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictInt

from tyopolku.core.api import (
    ERRORS,
    Id,
    Paging,
    PathId,
    choice,
    integer,
    paginated,
    patch_schema,
    text,
    words,
)
from tyopolku.core.params import MAX_ID
from tyopolku.fidelity import services
from tyopolku.fidelity.access import require_read
from tyopolku.fidelity.items import ITEMS
from tyopolku.fidelity.models import ActionStatus, Review
from tyopolku.fidelity.pdf import review_pdf
from tyopolku.fidelity.selectors import (
    action_get,
    fidelity_measures,
    fidelity_unit_get,
    review_get,
    review_list,
)

router = Router(tags=["fidelity"])


class ItemOut(Schema):
    code: str
    section: str
    number: int
    title_fi: str
    title_sv: str
    title_en: str
    measured: bool
    scale: dict[int, dict[str, str]]  # score → {"fi", "sv", "en"} meaning


@router.get("/fidelity/items", response={200: list[ItemOut], **ERRORS})
def list_items(request):
    """The 25 items of the IPS fidelity scale, each with what its scores 1–5 mean."""
    require_read(request.user)
    return [
        {
            "code": item.code,
            "section": item.section,
            "number": item.number,
            "title_fi": item.title["fi"],
            "title_sv": item.title["sv"],
            "title_en": item.title["en"],
            "measured": item.measured,
            "scale": {
                score: {lang: item.meanings(lang)[score] for lang in ("fi", "sv", "en")}
                for score in range(1, 6)
            },
        }
        for item in ITEMS
    ]


# A review's version (against lost updates) and its reviewers' usernames, as bounded inputs.
Version = integer(1, 2**31 - 1)
Reviewers = words(20, 150)


class ReviewIn(Schema):
    unit_id: Id
    review_date: datetime.date
    scores: dict[str, StrictInt | None] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)
    reviewers: Reviewers | None = None
    period_from: datetime.date | None = None
    period_to: datetime.date | None = None
    draft: bool = False


class ReviewPatch(Schema):
    version: Version | None = None
    review_date: datetime.date | None = None
    scores: dict[str, StrictInt | None] | None = None
    notes: dict[str, str] | None = None
    reviewers: Reviewers | None = None
    period_from: datetime.date | None = None
    period_to: datetime.date | None = None


class ReviewListParams(Paging):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)


class VersionIn(Schema):
    version: Version | None = None


class ItemScoreOut(Schema):
    code: str
    score: int | None
    notes: str
    measured_value: Decimal | None
    suggested_score: int | None


class ReviewSummaryOut(Schema):
    id: int
    unit_id: int
    review_date: datetime.date
    status: str
    total: int | None
    band: str | None


class ReviewOut(ReviewSummaryOut):
    version: int
    reviewers: list[str]
    period_from: datetime.date | None
    period_to: datetime.date | None
    scores: dict[str, int | None]
    items: list[ItemScoreOut]


class ReviewListOut(Schema):
    count: int
    items: list[ReviewSummaryOut]


def _summary(review: Review) -> dict:
    return {
        "id": review.pk,
        "unit_id": review.unit_id,
        "review_date": review.review_date,
        "status": review.status,
        "total": review.total,
        "band": review.band or None,
    }


def _out(request, review_id: PathId) -> dict:
    review = review_get(user=request.user, review_id=review_id)
    scores = list(review.scores.all())
    return {
        **_summary(review),
        "version": review.version,
        "reviewers": [u.username for u in review.reviewers.all()],
        "period_from": review.period_from,
        "period_to": review.period_to,
        "scores": {s.code: s.score for s in scores},
        "items": scores,
    }


@router.post("/fidelity-reviews", response={201: ReviewOut, **ERRORS})
def create_review(request, payload: ReviewIn):
    """A review of one unit. All 25 scores (1–5) are required unless `draft` is true; it
    then gets its `total` and `band` (exemplary 115–125, good 100–114, fair 74–99,
    not_ips 25–73). `reviewers` are usernames of the organisation, two or more; without
    them the caller is the reviewer. With `period_from`/`period_to` the measured items are
    computed from the unit's records and kept beside the scores."""
    review = services.fidelity_review_create(user=request.user, **payload.dict())
    return Status(201, _out(request, review.pk))


@router.get("/fidelity-reviews", response={200: ReviewListOut, **ERRORS})
def list_reviews(request, params: Query[ReviewListParams]):
    unit_id = params.unit_id
    unit = fidelity_unit_get(user=request.user, unit_id=unit_id) if unit_id else None
    reviews = review_list(user=request.user, unit=unit)
    page = reviews[params.offset : params.offset + params.limit]
    return {"count": reviews.count(), "items": [_summary(r) for r in page]}


@router.get("/fidelity-reviews/{review_id}", response={200: ReviewOut, **ERRORS})
def get_review(request, review_id: PathId):
    return _out(request, review_id)


@router.patch("/fidelity-reviews/{review_id}", response={200: ReviewOut, **ERRORS})
def update_review(request, review_id: PathId, payload: ReviewPatch):
    """Change a draft; only the fields sent change. A score of null clears it. With
    `version` (from the last read) a change made meanwhile by someone else is refused (409)."""
    review = review_get(user=request.user, review_id=review_id, for_edit=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    services.fidelity_review_update(
        user=request.user, review=review, version=version, changes=changes
    )
    return _out(request, review_id)


@router.post("/fidelity-reviews/{review_id}/complete", response={200: ReviewOut, **ERRORS})
def complete_review(request, review_id: PathId, payload: VersionIn | None = None):
    """Close a draft: every item scored, two or more reviewers; it then gets its total."""
    review = review_get(user=request.user, review_id=review_id, for_edit=True)
    version = payload.version if payload else None
    services.fidelity_review_complete(user=request.user, review=review, version=version)
    return _out(request, review_id)


@router.get(
    "/fidelity-reviews/{review_id}/pdf",
    response={200: None, **ERRORS},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def review_pdf_download(request, review_id: PathId):
    """The review as a printable PDF."""
    review = review_get(user=request.user, review_id=review_id)
    return review_pdf(request, review)


class MeasureOut(Schema):
    code: str
    value: Decimal | None
    basis: int
    suggested_score: int | None


class MeasuresOut(Schema):
    unit_id: int
    period_from: datetime.date
    period_to: datetime.date
    items: list[MeasureOut]


class MeasuresQuery(Schema):
    unit_id: Id
    period_from: datetime.date = Field(..., alias="from")
    period_to: datetime.date = Field(..., alias="to")


@router.get("/fidelity/measures", response={200: MeasuresOut, **ERRORS})
def measures(request, params: Query[MeasuresQuery]):
    """The items measured from the unit's records over [from, to] and the score each value
    suggests (docs/fidelity.md gives the thresholds). Aggregates only."""
    start, end = params.period_from, params.period_to
    items = fidelity_measures(user=request.user, unit_id=params.unit_id, start=start, end=end)
    return {"unit_id": params.unit_id, "period_from": start, "period_to": end, "items": items}


class ActionIn(Schema):
    code: text(40)
    action: text(10_000)
    owner: text(200)
    due_date: datetime.date | None = None
    status: choice(ActionStatus) = ActionStatus.PLANNED


ActionPatch = patch_schema(ActionIn, "ActionPatch")


class ActionOut(Schema):
    id: int
    review_id: int
    code: str
    action: str
    owner: str
    due_date: datetime.date | None
    status: str


class ActionListOut(Schema):
    count: int
    items: list[ActionOut]


@router.post("/fidelity-reviews/{review_id}/actions", response={201: ActionOut, **ERRORS})
def create_action(request, review_id: PathId, payload: ActionIn):
    """A row of the review's action plan: item, action, owner, due date, status
    (planned, in_progress, done)."""
    review = review_get(user=request.user, review_id=review_id, for_edit=True)
    action = services.fidelity_action_create(user=request.user, review=review, **payload.dict())
    return Status(201, action)


@router.get("/fidelity-reviews/{review_id}/actions", response={200: ActionListOut, **ERRORS})
def list_actions(request, review_id: PathId, params: Query[Paging]):
    """The review's action plan, paged like every list."""
    review = review_get(user=request.user, review_id=review_id)
    return paginated(review.actions.all(), params)


@router.patch("/fidelity-actions/{action_id}", response={200: ActionOut, **ERRORS})
def update_action(request, action_id: PathId, payload: ActionPatch):  # type: ignore[valid-type]
    action = action_get(user=request.user, action_id=action_id)
    return services.fidelity_action_update(
        user=request.user, action=action, changes=payload.dict(exclude_unset=True)
    )
