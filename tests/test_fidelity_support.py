"""Builders shared by the fidelity tests and the access policy: plain functions (no tests)."""

from tests.pages_support import days_ago
from tyopolku.accounts.models import User
from tyopolku.fidelity.items import CODES
from tyopolku.fidelity.models import Action, Review
from tyopolku.fidelity.services import fidelity_action_create, fidelity_review_create


def all_scores(score: int = 3) -> dict[str, int]:
    return dict.fromkeys(CODES, score)


def scores_totalling(total: int) -> dict[str, int]:
    """25 scores 1–5 whose sum is `total` (25–125)."""
    extra = total - len(CODES)
    scores = {}
    for code in CODES:
        step = min(4, extra)
        scores[code] = 1 + step
        extra -= step
    return scores


def draft_review(*, user: User, unit_id: int, reviewers: list[str]) -> Review:
    """A draft of the unit with every item scored: ready to complete."""
    return fidelity_review_create(
        user=user,
        unit_id=unit_id,
        review_date=days_ago(1),
        scores=all_scores(4),
        reviewers=reviewers,
        draft=True,
    )


def world_review(w) -> Review:
    """The access policy's review (made once per world): a draft of the world's unit."""
    existing = Review.objects.filter(organization=w.org).order_by("pk").first()
    if existing is not None:
        return existing
    supervisor = w.worker_link.user
    return draft_review(
        user=supervisor,
        unit_id=w.enrollment.unit_id,
        reviewers=[supervisor.username, w.enrollment.coach.username],
    )


def world_action(w) -> Action:
    review = world_review(w)
    existing = review.actions.order_by("pk").first()
    if existing is not None:
        return existing
    return fidelity_action_create(
        user=w.worker_link.user,
        review=review,
        code="caseload_size",
        action="Rekrytoidaan toinen valmentaja.",
        owner="Esihenkilö",
    )
