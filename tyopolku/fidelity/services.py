"""Writes of fidelity reviews and their action plans. Every write goes to the change log
(a review is the organisation's shared data, not a client's)."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.models import ChangeAction
from tyopolku.audit.services import change_log_record
from tyopolku.core.errors import Conflict, FieldErrors
from tyopolku.fidelity.access import require_edit
from tyopolku.fidelity.items import CODES, ITEMS_BY_CODE, band_for
from tyopolku.fidelity.measures import unit_measures
from tyopolku.fidelity.models import Action, ActionStatus, ItemScore, Review, ReviewStatus
from tyopolku.fidelity.selectors import fidelity_unit_get, reviewer_choices

# Fewer reviewers than this cannot complete a review (the scale is rated by two or more).
MIN_REVIEWERS = 2


def _check_scores(scores: Mapping[str, Any], errors: FieldErrors) -> dict[str, int | None]:
    clean: dict[str, int | None] = {}
    for code, score in scores.items():
        field = f"scores.{code}"
        if code not in ITEMS_BY_CODE:
            errors.add(field, _("Unknown item of the fidelity scale."))
        elif score is not None and (
            isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5
        ):
            errors.add(field, _("A score is a whole number from 1 to 5."))
        else:
            clean[code] = score
    return clean


def _check_notes(notes: Mapping[str, str], errors: FieldErrors) -> None:
    for code in notes:
        if code not in ITEMS_BY_CODE:
            errors.add(f"notes.{code}", _("Unknown item of the fidelity scale."))


def _reviewers(user: User, usernames: Iterable[str], errors: FieldErrors) -> list[User]:
    wanted = list(dict.fromkeys(usernames))
    found = {u.username: u for u in reviewer_choices(user=user).filter(username__in=wanted)}
    unknown = [name for name in wanted if name not in found]
    if unknown:
        errors.add(
            "reviewers",
            _("Unknown users in this organisation: %(names)s") % {"names": ", ".join(unknown)},
        )
    return list(found.values())


def _check_period(
    period_from: datetime.date | None, period_to: datetime.date | None, errors: FieldErrors
) -> None:
    if (period_from is None) != (period_to is None):
        errors.add("period_to", _("Give both ends of the period, or neither."))
    elif period_from and period_to and period_from > period_to:
        errors.add("period_to", _("The period ends before it starts."))


def _store_scores(
    review: Review, scores: Mapping[str, int | None], notes: Mapping[str, str]
) -> None:
    existing = {s.code: s for s in review.scores.all()}
    for code in CODES:
        if code not in scores and code not in notes and code in existing:
            continue
        row = existing.get(code) or ItemScore(review=review, code=code)
        if code in scores:
            row.score = scores[code]
        if code in notes:
            row.notes = notes[code]
        row.save()


def _store_measures(review: Review) -> None:
    """The values measured from the unit's records over the review's period, and the
    scores they suggest, kept next to the reviewers' own scores."""
    if review.period_from is None or review.period_to is None:
        measured = {}
    else:
        measured = {
            m.code: m for m in unit_measures(review.unit, review.period_from, review.period_to)
        }
    for row in review.scores.all():
        measure = measured.get(row.code)
        row.measured_value = measure.value if measure else None
        row.suggested_score = measure.suggested_score if measure else None
        row.save(update_fields=["measured_value", "suggested_score"])


def _complete_check(review: Review, errors: FieldErrors, *, reviewers_required: bool) -> None:
    scored = {s.code for s in review.scores.all() if s.score is not None}
    for code in CODES:
        if code not in scored:
            errors.add(f"scores.{code}", _("Score this item (1–5) to complete the review."))
    if reviewers_required and review.reviewers.count() < MIN_REVIEWERS:
        errors.add("reviewers", _("A review is done by two or more reviewers."))


def _finish(review: Review) -> None:
    review.total = sum(s.score for s in review.scores.all())
    review.band = band_for(review.total)
    review.status = ReviewStatus.COMPLETE


@transaction.atomic
def fidelity_review_create(
    *,
    user: User,
    unit_id: int,
    review_date: datetime.date,
    scores: Mapping[str, Any],
    notes: Mapping[str, str] | None = None,
    reviewers: Iterable[str] | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    draft: bool = False,
) -> Review:
    """A new review. Without `draft` it must be complete: all 25 scores and, when the
    reviewers are named, two or more of them. Without `reviewers` the caller is the reviewer
    (the API contract's minimal form)."""
    require_edit(user)
    unit = fidelity_unit_get(user=user, unit_id=unit_id)
    errors = FieldErrors()
    clean = _check_scores(scores, errors)
    _check_notes(notes or {}, errors)
    people = _reviewers(user, reviewers, errors) if reviewers is not None else [user]
    _check_period(period_from, period_to, errors)
    errors.raise_if_any()
    review = Review.objects.create(
        organization_id=user.organization_id,
        unit=unit,
        review_date=review_date,
        period_from=period_from,
        period_to=period_to,
        created_by=user,
    )
    review.reviewers.set(people)
    _store_scores(review, clean, notes or {})
    _store_measures(review)
    if not draft:
        _complete_check(review, errors, reviewers_required=reviewers is not None)
        errors.raise_if_any()
        _finish(review)
        review.save(update_fields=["total", "band", "status"])
    change_log_record(
        user=user, object_type="fidelity_review", object_id=review.pk, action=ChangeAction.CREATE
    )
    return review


def _lock(review: Review, version: int | None) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if version is not None and version != locked.version:
        raise Conflict(
            _("Someone else saved this review meanwhile. Reload it and make your changes again."),
            {"version": _("The review has changed since you opened it.")},
        )
    return locked


@transaction.atomic
def fidelity_review_update(
    *,
    user: User,
    review: Review,
    version: int | None = None,
    changes: Mapping[str, Any],
    complete: bool = False,
) -> Review:
    """Change a draft: scores and notes item by item (a score of null clears it), the date,
    the reviewers, the period of the measures; with `complete`, close it in the same step
    (or change nothing). A complete review is final."""
    require_edit(user)
    review = _lock(review, version)
    if review.status == ReviewStatus.COMPLETE:
        raise Conflict(_("A complete review can no longer be changed."))
    errors = FieldErrors()
    clean = _check_scores(changes.get("scores") or {}, errors)
    notes = changes.get("notes") or {}
    _check_notes(notes, errors)
    wanted = changes.get("reviewers")
    people = _reviewers(user, wanted, errors) if wanted is not None else None
    period_from = changes.get("period_from", review.period_from)
    period_to = changes.get("period_to", review.period_to)
    _check_period(period_from, period_to, errors)
    errors.raise_if_any()
    fields = ["version", "period_from", "period_to"]
    if changes.get("review_date"):
        review.review_date = changes["review_date"]
        fields.append("review_date")
    review.period_from, review.period_to = period_from, period_to
    review.version += 1
    review.save(update_fields=fields)
    if people is not None:
        review.reviewers.set(people)
    _store_scores(review, clean, notes)
    _store_measures(review)
    change_log_record(
        user=user,
        object_type="fidelity_review",
        object_id=review.pk,
        action=ChangeAction.UPDATE,
        fields=[name for name in changes if name != "version"],
    )
    if complete:
        _complete(user, review)
    return review


@transaction.atomic
def fidelity_review_complete(*, user: User, review: Review, version: int | None = None) -> Review:
    """Close a draft: every item scored and two or more reviewers; then it gets its total."""
    require_edit(user)
    review = _lock(review, version)
    if review.status == ReviewStatus.COMPLETE:
        raise Conflict(_("The review is already complete."))
    _complete(user, review)
    return review


def _complete(user: User, review: Review) -> None:
    errors = FieldErrors()
    _complete_check(review, errors, reviewers_required=True)
    errors.raise_if_any()
    _finish(review)
    review.version += 1
    review.save(update_fields=["total", "band", "status", "version"])
    change_log_record(
        user=user,
        object_type="fidelity_review",
        object_id=review.pk,
        action=ChangeAction.UPDATE,
        fields=["status", "total", "band"],
    )


def _check_action(data: Mapping[str, Any], errors: FieldErrors, *, partial: bool) -> None:
    if ("code" in data or not partial) and data.get("code") not in ITEMS_BY_CODE:
        errors.add("code", _("Unknown item of the fidelity scale."))
    for field in ("action", "owner"):
        if (field in data or not partial) and not str(data.get(field) or "").strip():
            errors.add(field, _("This field is required."))
    if "status" in data and data["status"] not in ActionStatus.values:
        errors.add("status", _("Unknown status."))


@transaction.atomic
def fidelity_action_create(*, user: User, review: Review, **data: Any) -> Action:
    require_edit(user)
    errors = FieldErrors()
    _check_action(data, errors, partial=False)
    errors.raise_if_any()
    action = Action.objects.create(
        review=review,
        code=data["code"],
        action=data["action"].strip(),
        owner=data["owner"].strip(),
        due_date=data.get("due_date"),
        status=data.get("status") or ActionStatus.PLANNED,
    )
    change_log_record(
        user=user, object_type="fidelity_action", object_id=action.pk, action=ChangeAction.CREATE
    )
    return action


@transaction.atomic
def fidelity_action_update(*, user: User, action: Action, changes: Mapping[str, Any]) -> Action:
    require_edit(user)
    errors = FieldErrors()
    _check_action(changes, errors, partial=True)
    errors.raise_if_any()
    for field, value in changes.items():
        setattr(action, field, value.strip() if field in ("action", "owner") else value)
    action.save(update_fields=list(changes))
    change_log_record(
        user=user,
        object_type="fidelity_action",
        object_id=action.pk,
        action=ChangeAction.UPDATE,
        fields=changes,
    )
    return action
