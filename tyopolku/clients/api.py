import datetime

from ninja import Field, Query, Router, Schema, Status

from tyopolku.audit.models import AccessLogEntry
from tyopolku.audit.selectors import client_access_log
from tyopolku.clients import services
from tyopolku.clients.models import Client, Consent
from tyopolku.clients.selectors import client_detail, client_get, client_list, client_refresh
from tyopolku.core.api import (
    ERRORS,
    ListParams,
    Paging,
    PathId,
    paginated,
    patch_schema,
    text,
)
from tyopolku.core.validation import EMAIL_MAX, MUNICIPALITY_PATTERN, PHONE_PATTERN

router = Router(tags=["clients"])

# A henkilötunnus: birth date, century sign (+, -, A–F, U–Y), individual number, check character.
PERSONAL_ID_PATTERN = r"^[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y]$"


class ClientIn(Schema):
    first_name: text(100)
    last_name: text(100)
    # Checked by the service (python-stdnum): the form and the check character.
    personal_id: text(11, PERSONAL_ID_PATTERN) | None = None
    birth_date: datetime.date | None = None
    municipality_code: text(3, MUNICIPALITY_PATTERN) | None = None
    phone: text(40, PHONE_PATTERN) | None = None
    email: text(EMAIL_MAX) | None = None
    target_groups: list[text(40)] = Field([], max_length=50)


ClientPatch = patch_schema(ClientIn, "ClientPatch")


def _consent_dicts(consents) -> list[dict]:
    return [
        {
            "kind": c.kind,
            "given": c.given,
            "recorded_on": c.recorded_on,
            "recorded_by": c.recorded_by.username,
        }
        for c in consents
    ]


class ConsentOut(Schema):
    kind: str
    given: bool
    recorded_on: datetime.date
    recorded_by: str


class ClientOut(Schema):
    id: int
    first_name: str
    last_name: str
    personal_id: str | None
    birth_date: datetime.date
    municipality_code: str
    phone: str
    email: str
    target_groups: list[str]
    consents: list[ConsentOut]

    @staticmethod
    def resolve_target_groups(client: Client) -> list[str]:
        return [group.code for group in client.target_groups.all()]

    @staticmethod
    def resolve_consents(client: Client) -> list[dict]:
        return _consent_dicts(client.consents.all())


class ClientListItemOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: datetime.date
    municipality_code: str


class ClientListOut(Schema):
    count: int
    items: list[ClientListItemOut]


class ConsentsIn(Schema):
    thl_evaluation: bool
    thl_follow_up: bool
    information_sharing: bool


class ConsentsOut(Schema):
    thl_evaluation: bool
    thl_follow_up: bool
    information_sharing: bool
    details: list[ConsentOut]


class AccessLogItemOut(Schema):
    at: datetime.datetime
    user: str
    action: str
    target: str
    channel: str

    @staticmethod
    def resolve_user(entry: AccessLogEntry) -> str:
        return entry.user.username


class AccessLogOut(Schema):
    count: int
    items: list[AccessLogItemOut]


@router.post("/clients", response={201: ClientOut, **ERRORS})
def create_client(request, payload: ClientIn):
    client = services.client_create(user=request.user, **payload.dict())
    return Status(201, client_refresh(client))


@router.get("/clients", response={200: ClientListOut, **ERRORS})
def list_clients(request, params: Query[ListParams]):
    count, items = client_list(
        user=request.user, search=params.search, limit=params.limit, offset=params.offset
    )
    return {"count": count, "items": items}


@router.get("/clients/{client_id}", response={200: ClientOut, **ERRORS})
def get_client(request, client_id: PathId):
    return client_detail(user=request.user, client_id=client_id)


@router.patch("/clients/{client_id}", response={200: ClientOut, **ERRORS})
def update_client(request, client_id: PathId, payload: ClientPatch):
    client = client_get(user=request.user, client_id=client_id)
    services.client_update(user=request.user, client=client, **payload.dict(exclude_unset=True))
    return client_refresh(client)


def _consents_out(consents: list[Consent]) -> dict:
    given = {c.kind: c.given for c in consents}
    return {
        **{kind: given.get(kind, False) for kind in Consent.Kind.values},
        "details": _consent_dicts(consents),
    }


@router.put("/clients/{client_id}/consents", response={200: ConsentsOut, **ERRORS})
def set_consents(request, client_id: PathId, payload: ConsentsIn):
    client = client_get(user=request.user, client_id=client_id, target="consents")
    consents = services.client_consents_set(user=request.user, client=client, **payload.dict())
    return _consents_out(consents)


@router.get("/clients/{client_id}/access-log", response={200: AccessLogOut, **ERRORS})
def access_log(request, client_id: PathId, params: Query[Paging]):
    return paginated(client_access_log(user=request.user, client_id=client_id), params)
