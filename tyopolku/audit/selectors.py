from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import ACCESS_LOG_READERS
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.clients.selectors import client_get, clients_visible_to
from tyopolku.core.errors import Forbidden, NotFound


def client_access_log(
    *, user: User, client_id: int, action: AccessAction = AccessAction.READ
) -> QuerySet[AccessLogEntry]:
    """A client's access log, newest first, for a § 11 request (reading it is logged too)."""
    if user.role not in ACCESS_LOG_READERS:
        # Outside the client relationship the client does not exist (404); only those who
        # may see the client learn that their role may not read its log (403).
        if not clients_visible_to(user).filter(pk=client_id).exists():
            raise NotFound(_("Client not found."))
        raise Forbidden(_("Only supervisors and administrators may read the access log."))
    client = client_get(user=user, client_id=client_id, target="access_log", action=action)
    return (
        AccessLogEntry.objects.filter(client=client).select_related("user").order_by("-at", "-pk")
    )
