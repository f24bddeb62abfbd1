"""Reads of fidelity reviews, scoped to the user's organisation."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import Unit, User
from tyopolku.core.errors import InvalidInput, NotFound
from tyopolku.fidelity.access import require_edit, require_read
from tyopolku.fidelity.measures import Measure, unit_measures
from tyopolku.fidelity.models import Action, ItemScore, Review


def fidelity_unit_get(*, user: User, unit_id: int) -> Unit:
    """A unit of the user's organisation; another organisation's looks unknown (404)."""
    require_read(user)
    unit = Unit.objects.filter(organization_id=user.organization_id, pk=unit_id).first()
    if unit is None:
        raise NotFound(_("Service unit not found."))
    return unit


def fidelity_units(*, user: User) -> QuerySet[Unit]:
    require_read(user)
    return Unit.objects.filter(organization_id=user.organization_id).order_by("name")


def review_list(*, user: User, unit: Unit | None = None) -> QuerySet[Review]:
    require_read(user)
    reviews = Review.objects.filter(organization_id=user.organization_id)
    if unit is not None:
        reviews = reviews.filter(unit=unit)
    return reviews.select_related("unit")


def review_get(*, user: User, review_id: int, for_edit: bool = False) -> Review:
    """One review with its scores, reviewers and action plan."""
    (require_edit if for_edit else require_read)(user)
    review = (
        Review.objects.filter(organization_id=user.organization_id, pk=review_id)
        .select_related("unit", "created_by")
        .prefetch_related(
            Prefetch("scores", queryset=ItemScore.objects.order_by("pk")),
            Prefetch("reviewers", queryset=User.objects.order_by("username")),
            Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk")),
        )
        .first()
    )
    if review is None:
        raise NotFound(_("Fidelity review not found."))
    return review


def action_get(*, user: User, action_id: int) -> Action:
    require_edit(user)
    action = (
        Action.objects.filter(review__organization_id=user.organization_id, pk=action_id)
        .select_related("review")
        .first()
    )
    if action is None:
        raise NotFound(_("Action plan row not found."))
    return action


def reviewer_choices(*, user: User) -> QuerySet[User]:
    """Who may be named as a reviewer: active users of the organisation."""
    return User.objects.filter(organization_id=user.organization_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def fidelity_measures(
    *, user: User, unit_id: int, start: datetime.date, end: datetime.date
) -> list[Measure]:
    """The measured items of a unit over a period (aggregates only: no client is named)."""
    unit = fidelity_unit_get(user=user, unit_id=unit_id)
    if start > end:
        raise InvalidInput.for_field("to", _("The period ends before it starts."))
    return unit_measures(unit, start, end)
