from django.db import transaction
from django.utils import timezone

from tyopolku.accounts.models import ApiToken, Organization, Unit, User
from tyopolku.accounts.roles import Role
from tyopolku.core.errors import InvalidInput, NotFound


@transaction.atomic
def organization_ensure(*, code: str, name: str) -> tuple[Organization, bool]:
    """Create the organisation (with its service-model settings) unless it exists."""
    from tyopolku.pathway.services import service_model_settings_ensure

    organization, created = Organization.objects.get_or_create(code=code, defaults={"name": name})
    service_model_settings_ensure(organization=organization)
    return organization, created


def unit_ensure(*, organization: Organization, code: str, name: str) -> tuple[Unit, bool]:
    return Unit.objects.get_or_create(organization=organization, code=code, defaults={"name": name})


@transaction.atomic
def user_create(
    *,
    username: str,
    organization: Organization,
    role: str,
    unit: Unit | None = None,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    if role not in Role.values:
        raise InvalidInput.for_field(
            "role", f"Unknown role {role!r}; one of {', '.join(Role.values)}"
        )
    if User.objects.filter(username=username).exists():
        raise InvalidInput.for_field("username", f"User {username!r} exists already")
    if unit is not None and unit.organization_id != organization.pk:
        raise NotFound("Unknown unit")
    user = User(
        username=username,
        organization=organization,
        role=role,
        unit=unit,
        first_name=first_name,
        last_name=last_name,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def api_token_create(*, user: User) -> str:
    """Return a new token. It is shown once; only its hash is kept."""
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash(key))
    return key


def api_token_authenticate(*, key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(key_hash=ApiToken.hash(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Touch at most once a minute: a write per API call would double the load.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])
    return token.user
