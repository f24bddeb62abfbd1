"""The access log is written here and only here; the client selectors call it."""

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction, AccessLogEntry, ChangeAction, ChangeLogEntry

_channel: contextvars.ContextVar[str] = contextvars.ContextVar("access_channel", default="system")
_disclosures: contextvars.ContextVar[list[AccessLogEntry] | None] = contextvars.ContextVar(
    "access_disclosures", default=None
)
# The rows a request has written, as (user, client, action, target). A write request fetches
# what it writes with the action it attempts, so that a refused write is logged as the write
# attempted, never as a read; when the write is done its service records the same fact,
# which the request keeps once.
_written: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "access_log_written", default=None
)


@contextlib.contextmanager
def access_channel(name: str) -> Iterator[None]:
    """Every log row written inside this block names `name` as the channel."""
    token = _channel.set(name[:200])
    try:
        yield
    finally:
        _channel.reset(token)


@contextlib.contextmanager
def disclosures_kept() -> Iterator[None]:
    """Disclosures recorded inside this block are written when it ends, whatever happened
    inside. A refusal rolls its write back, and the log of what the refusal told the user
    must not go with it: the request middleware opens this block outside the request's
    transaction. Nested blocks leave the writing to the outermost one."""
    if _disclosures.get() is not None:
        yield
        return
    pending: list[AccessLogEntry] = []
    token = _disclosures.set(pending)
    try:
        yield
    finally:
        _disclosures.reset(token)
        AccessLogEntry.objects.bulk_create(pending)


def access_disclosure_record(*, user: User, client_ids: Iterable[int], target: str) -> None:
    """Log that a refusal told `user` these clients exist. Inside `disclosures_kept` (every
    request) the rows are written when it ends; elsewhere at once, in the current
    transaction, which the refusal rolls back: a command that writes through the services
    opens `disclosures_kept` itself."""
    entries = [
        AccessLogEntry(
            organization_id=user.organization_id,
            user=user,
            client_id=client_id,
            action=AccessAction.DISCLOSE,
            target=target,
            channel=_channel.get(),
        )
        for client_id in dict.fromkeys(client_ids)
    ]
    pending = _disclosures.get()
    if pending is None:
        AccessLogEntry.objects.bulk_create(entries)
    else:
        pending.extend(entries)


@contextlib.contextmanager
def access_request(name: str) -> Iterator[None]:
    """One request: its rows name `name` as the channel, each (client, action, target) once."""
    token = _written.set(set())
    try:
        with access_channel(name):
            yield
    finally:
        _written.reset(token)


def access_log_record(
    *, user: User, client_ids: Iterable[int], action: AccessAction, target: str
) -> None:
    """Record one row per client in a single query (lists log every client they show)."""
    channel = _channel.get()
    client_ids = list(dict.fromkeys(client_ids))
    written = _written.get()
    if written is not None:
        client_ids = [c for c in client_ids if (user.pk, c, action, target) not in written]
        written.update((user.pk, c, action, target) for c in client_ids)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            organization_id=user.organization_id,
            user=user,
            client_id=client_id,
            action=action,
            target=target,
            channel=channel,
        )
        for client_id in client_ids
    )


def change_log_record(
    *,
    user: User,
    object_type: str,
    object_id: int,
    action: ChangeAction,
    fields: Iterable[str] = (),
) -> None:
    """One row for a change of shared (non-client) data, written by the service that made it."""
    change_log_record_many(
        user=user, object_type=object_type, object_ids=[object_id], action=action, fields=fields
    )


def change_log_record_many(
    *,
    user: User,
    object_type: str,
    object_ids: Iterable[int],
    action: ChangeAction,
    fields: Iterable[str] = (),
) -> None:
    """A row for each object of one bulk change (an import), in one query per thousand."""
    fields = sorted(fields)
    ChangeLogEntry.objects.bulk_create(
        (
            ChangeLogEntry(
                organization_id=user.organization_id,
                user=user,
                action=action,
                object_type=object_type,
                object_id=object_id,
                fields=fields,
            )
            for object_id in object_ids
        ),
        batch_size=1000,
    )
