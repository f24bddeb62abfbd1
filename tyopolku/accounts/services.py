from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tyopolku.accounts.models import ApiToken, Organization, Unit, User
from tyopolku.accounts.roles import Role
from tyopolku.accounts.selectors import api_token_get
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
            "role",
            _("Unknown role %(role)s; one of: %(values)s")
            % {"role": role, "values": ", ".join(Role.values)},
        )
    if User.objects.filter(username=username).exists():
        raise InvalidInput.for_field(
            "username", _("User %(username)s exists already.") % {"username": username}
        )
    if unit is not None and unit.organization_id != organization.pk:
        raise NotFound(_("Unknown service unit."))
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
    user.is_staff = role == Role.ADMIN
    user.save()
    if user.is_staff:
        user.groups.add(organization_admin_group())
    return user


# What an organisation's administrator may do in the Django admin (rows of other
# organisations are filtered out there, see accounts/admin.py).
ORGANIZATION_ADMIN_PERMISSIONS = [
    "accounts.view_organization",
    "accounts.view_unit",
    "accounts.add_unit",
    "accounts.change_unit",
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_apitoken",
    "accounts.change_apitoken",  # revoke
    "pathway.view_servicemodelsetting",
    "pathway.add_servicemodelsetting",  # a change from a later day is a new dated row
    "pathway.change_servicemodelsetting",
    "placements.view_workingtimesetting",
    "placements.add_workingtimesetting",
    "placements.change_workingtimesetting",
    "pathway.view_referralsource",
    "clients.view_targetgroup",
    "employers.view_privacystatement",
    "employers.add_privacystatement",
    "employers.change_privacystatement",
    "employers.view_employerimport",
    "reports.view_reporttarget",
    "reports.add_reporttarget",
    "reports.change_reporttarget",
    "workability.view_assessmentdeadlinesetting",
    "workability.add_assessmentdeadlinesetting",
    "workability.change_assessmentdeadlinesetting",
]


def organization_admin_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Organisation administrators")
    wanted = [name.split(".") for name in ORGANIZATION_ADMIN_PERMISSIONS]
    permissions = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    )
    group.permissions.set(permissions)
    return group


def api_token_create(*, user: User, name: str = "") -> str:
    """Return a new token. It is shown once; only its hash is kept. It expires after
    API_TOKEN_LIFETIME_DAYS."""
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash(key))
    return key


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int, organization_wide: bool = False) -> ApiToken:
    """Revoke one of the user's own tokens or, `organization_wide` (administrators only), a
    token of a user of their organisation. Revoking twice keeps the first time."""
    token = api_token_get(user=user, token_id=token_id, organization_wide=organization_wide)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__organization")
        .filter(
            key_hash=ApiToken.hash(key),
            user__is_active=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
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
