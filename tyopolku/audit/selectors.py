import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import ACCESS_LOG_READERS
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.audit.services import access_log_flush
from tyopolku.audit.targets import LIST_TARGETS, target_label
from tyopolku.clients.models import Client
from tyopolku.clients.selectors import client_get, clients_visible_to
from tyopolku.core.errors import Forbidden, NotFound

# Views of the same list by the same user through the same view within this time are one
# row on the page (a coach refreshing the caseload); the log keeps each of them.
GROUP_WINDOW = datetime.timedelta(minutes=10)
_NO_LOG_BEFORE = datetime.date(2000, 1, 1)
_NO_LOG_AFTER = datetime.date(9000, 1, 1)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def client_access_log(*, user: User, client_id: int, **filters: Any) -> QuerySet[AccessLogEntry]:
    """A client's access log, newest first (see `client_access_log_of`)."""
    return client_access_log_of(user=user, client_id=client_id, **filters)[1]


def client_access_log_of(
    *,
    user: User,
    client_id: int,
    action: AccessAction = AccessAction.READ,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    username: str = "",
    entry_action: str = "",
) -> tuple[Client, QuerySet[AccessLogEntry]]:
    """A client and their access log, newest first, for a § 11 request (reading it is logged
    too, as `action`): the days from `date_from` to `date_to` (both included, local time),
    one user's rows (`username`) or one action's (`entry_action`) when given."""
    if user.role not in ACCESS_LOG_READERS:
        # Outside the client relationship the client does not exist (404); only those who
        # may see the client learn that their role may not read its log (403).
        if not clients_visible_to(user).filter(pk=client_id).exists():
            raise NotFound(_("Client not found."))
        raise Forbidden(_("Only supervisors and administrators may read the access log."))
    client = client_get(user=user, client_id=client_id, target="access_log", action=action)
    access_log_flush()  # the log shows its own reading, and what else the request saw
    entries = AccessLogEntry.objects.filter(client=client)
    # No row is older than the product or newer than today: a bound beyond those years keeps
    # everything (and the extreme dates of the calendar cannot be turned into times).
    if date_from is not None and date_from > _NO_LOG_BEFORE:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to is not None and date_to < _NO_LOG_AFTER:
        entries = entries.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    if username:
        entries = entries.filter(user__username=username)
    if entry_action:
        entries = entries.filter(action=entry_action)
    return client, entries.select_related("user").order_by("-at", "-pk")


@dataclass
class AccessLogGroup:
    """One row of the log's page: one entry, or a run of views of the same list."""

    at: datetime.datetime  # the newest
    first_at: datetime.datetime  # the oldest (the same as `at` for one entry)
    user_id: int
    action: str
    target: str
    channel: str
    count: int = 1
    user: User | None = None

    @property
    def target_label(self) -> str:
        return target_label(self.target)

    @property
    def action_label(self) -> str:
        return str(AccessAction(self.action).label) if self.action in AccessAction else self.action

    def takes(self, at: datetime.datetime, user_id: int, action: str, target: str, channel: str):
        """Whether an older entry is one more view of this group's list."""
        return (
            target in LIST_TARGETS
            and action == AccessAction.READ
            and (user_id, action, target, channel)
            == (self.user_id, self.action, self.target, self.channel)
            and self.at - at <= GROUP_WINDOW
        )


def access_log_grouped(entries: QuerySet[AccessLogEntry]) -> list[AccessLogGroup]:
    """The entries (newest first) as the page shows them: consecutive views of the same list
    by the same user through the same view within GROUP_WINDOW are one group with a count.
    One query, of the columns only; `access_log_users` adds the users of a page."""
    groups: list[AccessLogGroup] = []
    rows = entries.values_list("at", "user_id", "action", "target", "channel")
    for at, user_id, action, target, channel in rows.iterator(chunk_size=2000):
        if groups and groups[-1].takes(at, user_id, action, target, channel):
            groups[-1].count += 1
            groups[-1].first_at = at
        else:
            groups.append(AccessLogGroup(at, at, user_id, action, target, channel))
    return groups


def access_log_users(groups: list[AccessLogGroup]) -> list[AccessLogGroup]:
    """The groups with their users, in one query."""
    users = User.objects.in_bulk({g.user_id for g in groups})
    for group in groups:
        group.user = users.get(group.user_id)
    return groups
