from ninja import Query, Router, Schema

from tyopolku.accounts.selectors import unit_list
from tyopolku.core.api import ERRORS, Paging, paginated

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
