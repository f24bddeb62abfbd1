"""Reads of client data. Every function here that returns client data writes the access log."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_WORKERS, SEES_ALL_CLIENTS
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.models import Client, TargetGroup
from tyopolku.core.errors import NotFound
from tyopolku.core.params import search_words


def clients_visible_to(user: User) -> QuerySet[Client]:
    """The one place that says which clients a user may see (no access log: not for output)."""
    clients = Client.objects.filter(organization_id=user.organization_id)
    if user.organization_id is None:
        return clients.none()
    if user.role in SEES_ALL_CLIENTS:
        return clients
    if user.role in CLIENT_WORKERS:
        return clients.filter(client_workers__user=user)
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
        "target_groups", "consents__recorded_by", "client_workers__user"
    ).get(pk=client.pk)
