import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.audit.selectors import client_access_log
from tyopolku.clients import services
from tyopolku.clients.identity import contains_personal_id
from tyopolku.clients.models import Client, ClientWorker, Consent
from tyopolku.clients.selectors import (
    client_detail,
    client_get,
    client_list,
    client_refresh,
    client_worker_get,
    client_worker_list,
)
from tyopolku.core.api import (
    ERRORS,
    MAX_OFFSET,
    Id,
    ListParams,
    Paging,
    PathId,
    choice,
    paginated,
    patch_schema,
    text,
)
from tyopolku.core.errors import InvalidInput
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
    # A temporary code (individual number 900–999): the permanent one is still to be recorded.
    temporary_personal_id: bool
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
    def resolve_temporary_personal_id(client: Client) -> bool:
        return client.has_temporary_personal_id

    @staticmethod
    def resolve_consents(client: Client) -> list[dict]:
        return _consent_dicts(client.consents.all())


class ClientListItemOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: datetime.date
    municipality_code: str
    temporary_personal_id: bool

    @staticmethod
    def resolve_temporary_personal_id(client: Client) -> bool:
        return client.has_temporary_personal_id


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
    """`?search=` by name. An identity code is refused here (422): an address ends up in
    access logs; search for it with POST /clients/search."""
    if contains_personal_id(params.search):
        raise InvalidInput.for_field(
            "search",
            _("An identity code must not be in the address: search with POST /clients/search."),
        )
    count, items = client_list(
        user=request.user, search=params.search, limit=params.limit, offset=params.offset
    )
    return {"count": count, "items": items}


class ClientSearchIn(Schema):
    search: str = Field("", max_length=100)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


# Before /clients/{client_id}, which would take "search" for an id.
@router.post("/clients/search", response={200: ClientListOut, **ERRORS})
def search_clients(request, payload: ClientSearchIn):
    """The client list searched by name or exact personal identity code, sent in the body so
    that it never is in an address (or an access log). The answer is that of GET /clients."""
    count, items = client_list(
        user=request.user, search=payload.search, limit=payload.limit, offset=payload.offset
    )
    return {"count": count, "items": items}


@router.get("/clients/{client_id}", response={200: ClientOut, **ERRORS})
def get_client(request, client_id: PathId):
    return client_detail(user=request.user, client_id=client_id)


@router.patch("/clients/{client_id}", response={200: ClientOut, **ERRORS})
def update_client(request, client_id: PathId, payload: ClientPatch):
    client = client_get(user=request.user, client_id=client_id, action=AccessAction.UPDATE)
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
    client = client_get(
        user=request.user, client_id=client_id, target="consents", action=AccessAction.UPDATE
    )
    consents = services.client_consents_set(user=request.user, client=client, **payload.dict())
    return _consents_out(consents)


class AccessLogParams(Paging):
    # The page's filters: the days from–to (both included), one user, one action.
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    user: text(150) = ""
    action: AccessAction | None = None


@router.get("/clients/{client_id}/access-log", response={200: AccessLogOut, **ERRORS})
def access_log(request, client_id: PathId, params: Query[AccessLogParams]):
    """Every row, newest first (not grouped as on the page), filtered as asked."""
    entries = client_access_log(
        user=request.user,
        client_id=client_id,
        date_from=params.date_from,
        date_to=params.date_to,
        username=params.user,
        entry_action=params.action or "",
    )
    return paginated(entries, params)


class ClientWorkerIn(Schema):
    worker_id: Id
    kind: choice(ClientWorker.Kind) = ClientWorker.Kind.OTHER
    start_date: datetime.date | None = None


class ClientWorkerEndIn(Schema):
    reason: text(200)
    end_date: datetime.date | None = None


class ClientWorkerOut(Schema):
    """A worker's link to the client: in force from `start_date` until the day it ended
    (`end_date`, the first day without access; null while in force)."""

    id: int
    client_id: int
    user_id: int
    username: str
    name: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    in_force: bool
    started_by: str | None
    ended_by: str | None
    end_reason: str

    @staticmethod
    def resolve_username(link: ClientWorker) -> str:
        return link.user.username

    @staticmethod
    def resolve_name(link: ClientWorker) -> str:
        return link.user.get_full_name() or link.user.username

    @staticmethod
    def resolve_started_by(link: ClientWorker) -> str | None:
        return link.started_by.username if link.started_by else None

    @staticmethod
    def resolve_ended_by(link: ClientWorker) -> str | None:
        return link.ended_by.username if link.ended_by else None


class ClientWorkerListOut(Schema):
    count: int
    items: list[ClientWorkerOut]


@router.get("/clients/{client_id}/workers", response={200: ClientWorkerListOut, **ERRORS})
def list_workers(request, client_id: PathId, params: Query[Paging]):
    """Who works and has worked with the client, open links first."""
    return paginated(client_worker_list(user=request.user, client_id=client_id), params)


@router.post("/clients/{client_id}/workers", response={201: ClientWorkerOut, **ERRORS})
def add_worker(request, client_id: PathId, payload: ClientWorkerIn):
    """Give a worker access to the client (another worker: supervisors and admins only)."""
    client = client_get(user=request.user, client_id=client_id, target="client_workers")
    link = services.client_worker_assign(
        user=request.user,
        client=client,
        worker_id=payload.worker_id,
        kind=payload.kind,
        on=payload.start_date,
    )
    return Status(201, client_worker_get(client=client, link_id=link.pk))


@router.post(
    "/clients/{client_id}/workers/{link_id}/end", response={200: ClientWorkerOut, **ERRORS}
)
def end_worker(
    request, client_id: PathId, link_id: PathId, payload: ClientWorkerEndIn
):
    """End a worker's link: from the end date they no longer see the client (another
    worker's link: supervisors and admins only)."""
    client = client_get(user=request.user, client_id=client_id, target="client_workers")
    link = client_worker_get(client=client, link_id=link_id)
    services.client_worker_end(
        user=request.user, link=link, reason=payload.reason, on=payload.end_date
    )
    return client_worker_get(client=client, link_id=link.pk)
