from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import Unit, User
from tyopolku.accounts.roles import ASSIGNABLE_WORKERS
from tyopolku.core.errors import InvalidInput


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
