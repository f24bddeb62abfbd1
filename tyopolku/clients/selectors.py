"""Reads of client data. Every function here that returns client data writes the access log."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_WORKERS, SEES_ALL_CLIENTS
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.models import Client, ClientWorker, TargetGroup
from tyopolku.core.dates import today
from tyopolku.core.errors import NotFound
from tyopolku.core.params import search_words


def clients_visible_to(user: User) -> QuerySet[Client]:
    """The one place that says which clients a user may see (no access log: not for output).
    A worker sees a client while their link to the client is in force today: one query,
    the link looked up through its (user, end_date) index."""
    clients = Client.objects.filter(organization_id=user.organization_id)
    if user.organization_id is None:
        return clients.none()
    if user.role in SEES_ALL_CLIENTS:
        return clients
    if user.role in CLIENT_WORKERS:
        links = ClientWorker.objects.in_force(today()).filter(client=OuterRef("pk"), user=user)
        return clients.filter(Exists(links))
    return clients.none()


def client_list(
    *, user: User, search: str = "", limit: int = 50, offset: int = 0
) -> tuple[int, list[Client]]:
    clients = clients_visible_to(user)
    for word in search_words(search):
        clients = clients.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(personal_id__iexact=word)
        )
    count = clients.count()
    page = list(
        clients.prefetch_related("target_groups").order_by("last_name", "first_name", "pk")[
            offset : offset + limit
        ]
    )
    access_log_record(
        user=user, client_ids=[c.pk for c in page], action=AccessAction.READ, target="client_list"
    )
    return count, page


def client_get(
    *, user: User, client_id: int, target: str = "client", action: AccessAction = AccessAction.READ
) -> Client:
    """A client the user may see, or NotFound. Logs the access as `action` on `target`."""
    client = clients_visible_to(user).filter(pk=client_id).first()
    if client is None:
        raise NotFound(_("Client not found."))
    access_log_record(user=user, client_ids=[client.pk], action=action, target=target)
    return client


def client_detail(*, user: User, client_id: int) -> Client:
    """The client with everything the client page and API show, in a fixed number of queries."""
    return client_refresh(client_get(user=user, client_id=client_id))


def target_group_list() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(active=True)


def client_refresh(client: Client) -> Client:
    """Read back, after a write, a client fetched through `client_get` (logged there), with
    what `client_detail` prefetches. Not logged again: it is the same access."""
    return Client.objects.prefetch_related(
        "target_groups",
        "consents__recorded_by",
        Prefetch("client_workers", queryset=_client_worker_history()),
    ).get(pk=client.pk)


def _client_worker_history() -> QuerySet[ClientWorker]:
    """Links newest first: open ones on top, then by when they started."""
    return ClientWorker.objects.select_related("user", "started_by", "ended_by").order_by(
        F("end_date").desc(nulls_first=True), "-start_date", "-pk"
    )


def client_worker_list(*, user: User, client_id: int) -> QuerySet[ClientWorker]:
    """Who works and has worked with the client, with their periods. Logs the read."""
    client = client_get(user=user, client_id=client_id, target="client_workers")
    return _client_worker_history().filter(client=client)


def client_worker_get(*, client: Client, link_id: int) -> ClientWorker:
    """A link of `client` (fetched through `client_get`, which logged the access)."""
    link = _client_worker_history().filter(client=client, pk=link_id).first()
    if link is None:
        raise NotFound(_("Worker link not found."))
    return link
