import datetime

from ninja import Field, Query, Router, Schema, Status

from tyopolku.accounts.models import ApiToken
from tyopolku.accounts.selectors import api_token_list, organization_api_token_list, unit_list
from tyopolku.accounts.services import api_token_revoke
from tyopolku.core.api import ERRORS, MAX_OFFSET, Paging, PathId, paginated

router = Router(tags=["organisation"])


class UnitOut(Schema):
    id: int
    code: str
    name: str


class UnitListOut(Schema):
    count: int
    items: list[UnitOut]


class OrganizationOut(Schema):
    code: str
    name: str


class MeOut(Schema):
    username: str
    role: str
    organization: OrganizationOut | None


@router.get("/units", response={200: UnitListOut, **ERRORS})
def list_units(request, params: Query[Paging]):
    return paginated(unit_list(user=request.user), params)


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request):
    return request.user


# API tokens: never the key (only its hash is kept); a new token is made in the UI
# (/account/tokens/) or by `add_user`, so that a stolen token cannot make itself new ones.
class TokenListParams(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class OrganizationTokenListParams(TokenListParams):
    user: int | None = Field(None, ge=1, le=2**63 - 1, description="only this user's tokens")


class TokenOut(Schema):
    id: int
    name: str = Field(max_length=100)
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime
    revoked_at: datetime.datetime | None
    active: bool

    @staticmethod
    def resolve_active(token: ApiToken) -> bool:
        return token.is_active


class TokenListOut(Schema):
    count: int
    items: list[TokenOut]


class OrganizationTokenOut(TokenOut):
    user_id: int
    username: str = Field(max_length=150)

    @staticmethod
    def resolve_username(token: ApiToken) -> str:
        return token.user.username


class OrganizationTokenListOut(Schema):
    count: int
    items: list[OrganizationTokenOut]




@router.get("/me/tokens", response={200: TokenListOut, **ERRORS}, tags=["tokens"])
def list_my_tokens(request, params: Query[TokenListParams]):
    return paginated(api_token_list(user=request.user), params)


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS}, tags=["tokens"])
def revoke_my_token(request, token_id: PathId):
    api_token_revoke(user=request.user, token_id=token_id)
    return Status(204, None)


@router.get("/tokens", response={200: OrganizationTokenListOut, **ERRORS}, tags=["tokens"])
def list_organization_tokens(request, params: Query[OrganizationTokenListParams]):
    """Administrators: the tokens of their organisation's users (`?user=` one user's)."""
    return paginated(organization_api_token_list(user=request.user, user_id=params.user), params)


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS}, tags=["tokens"])
def revoke_organization_token(request, token_id: PathId):
    """Administrators: revoke a token of a user of their organisation."""
    api_token_revoke(user=request.user, token_id=token_id, organization_wide=True)
    return Status(204, None)
