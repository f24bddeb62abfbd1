from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import ApiToken, Unit, User
from tyopolku.accounts.roles import ASSIGNABLE_WORKERS, Role
from tyopolku.core.errors import Forbidden, InvalidInput, NotFound


def unit_list(*, user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(organization_id=user.organization_id).order_by("name")


def unit_get(*, user: User, unit_id: int, field: str = "unit_id") -> Unit:
    """A unit named in the input; an unknown one is invalid input naming the field."""
    unit = unit_list(user=user).filter(pk=unit_id).first()
    if unit is None:
        raise InvalidInput.for_field(field, _("Unknown service unit in this organisation."))
    return unit


def worker_list(*, user: User) -> QuerySet[User]:
    """Colleagues who can be named as a client's coach or worker."""
    return User.objects.filter(
        organization_id=user.organization_id, role__in=ASSIGNABLE_WORKERS, is_active=True
    ).order_by("last_name", "first_name")


def worker_get(*, user: User, worker_id: int, field: str = "coach_id") -> User:
    worker = worker_list(user=user).filter(pk=worker_id).first()
    if worker is None:
        raise InvalidInput.for_field(field, _("Unknown worker in this organisation."))
    return worker


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (revoked and expired ones too, for the record)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def organization_api_token_list(*, user: User, user_id: int | None = None) -> QuerySet[ApiToken]:
    """An administrator's view of the tokens of their organisation's users."""
    if user.role != Role.ADMIN or user.organization_id is None:
        raise Forbidden(_("Only administrators see the API tokens of other users."))
    tokens = ApiToken.objects.filter(user__organization_id=user.organization_id)
    if user_id is not None:
        tokens = tokens.filter(user_id=user_id)
    return tokens.select_related("user").order_by("-created_at", "-pk")


def api_token_get(*, user: User, token_id: int, organization_wide: bool = False) -> ApiToken:
    """One of the user's own tokens or, `organization_wide` (administrators only), one of
    their organisation's users' tokens."""
    if organization_wide:
        tokens = organization_api_token_list(user=user)
    else:
        tokens = api_token_list(user=user)
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise NotFound(_("API token not found."))
    return token
