"""The access log is written here and only here; the client selectors call it.

What a request (a background job, the demo build) saw is collected while it runs and written
in one insert when it ends (`access_log_kept`), outside its transaction: a read, an export or a
disclosure stays in the log even when the request then fails and its transaction rolls back,
because the user may have seen the data (or learned that the client exists). A write's row is
part of the write: it is written at once, in the write's own transaction, so that the two are
committed together or not at all and the log never claims a write that rolled back."""

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from django.db import IntegrityError, connection

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction, AccessLogEntry, ChangeAction, ChangeLogEntry
from tyopolku.clients.models import Client

_channel: contextvars.ContextVar[str] = contextvars.ContextVar("access_channel", default="system")
# The rows of what was seen, waiting for the end of the outermost `access_log_kept` block.
_kept: contextvars.ContextVar[list[AccessLogEntry] | None] = contextvars.ContextVar(
    "access_log_kept", default=None
)
# Rows that tell what the user saw; the others (create, update) tell of a write.
SEEN = frozenset({AccessAction.READ, AccessAction.EXPORT, AccessAction.DISCLOSE})
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
def access_log_kept() -> Iterator[None]:
    """The reads, exports and disclosures recorded inside this block are written in one
    insert when it ends, whatever happened inside. The request middleware opens it outside
    the request's transaction (ATOMIC_REQUESTS wraps the view only), and so do the
    background jobs and the demo build outside theirs: a refusal or an error rolls the work
    back, and the log of what the user saw must not go with it. Nested blocks leave the
    writing to the outermost one. Outside any block (the shell, a test calling a service)
    each row is written at once, in the current transaction."""
    if _kept.get() is not None:
        yield
        return
    pending: list[AccessLogEntry] = []
    token = _kept.set(pending)
    try:
        yield
    finally:
        _kept.reset(token)
        _write_kept(pending)


def access_log_flush() -> None:
    """Write the rows kept so far now, in the current transaction: the client's log page
    reads the log and must show its own reading. If that request then fails, these rows
    roll back with it, but its user was shown an error instead of the log."""
    pending = _kept.get()
    if pending:
        AccessLogEntry.objects.bulk_create(pending, batch_size=1000)
        pending.clear()


def _write_kept(entries: list[AccessLogEntry]) -> None:
    if not entries:
        return
    if connection.in_atomic_block:
        # Inside a caller's transaction (a command's, a test's): the rows share its fate.
        AccessLogEntry.objects.bulk_create(entries, batch_size=1000)
        return
    try:
        AccessLogEntry.objects.bulk_create(entries, batch_size=1000)
    except IntegrityError:
        # A client created by work that then rolled back is gone, and with it what was read
        # of it; every client that remains keeps its rows (this costs a query only here).
        remaining = set(
            Client.objects.filter(pk__in={e.client_id for e in entries}).values_list(
                "pk", flat=True
            )
        )
        for entry in entries:
            entry.pk = None
        AccessLogEntry.objects.bulk_create(
            [e for e in entries if e.client_id in remaining], batch_size=1000
        )


def _record(entries: list[AccessLogEntry], *, seen: bool) -> None:
    pending = _kept.get()
    if seen and pending is not None:
        pending.extend(entries)
    elif entries:
        AccessLogEntry.objects.bulk_create(entries)


def access_disclosure_record(*, user: User, client_ids: Iterable[int], target: str) -> None:
    """Log that a refusal told `user` these clients exist. Inside `access_log_kept` (every
    request) the rows are written when it ends, after the refusal has rolled back its
    transaction; elsewhere at once, in the current transaction, which the refusal rolls back."""
    _record(
        [
            AccessLogEntry(
                organization_id=user.organization_id,
                user=user,
                client_id=client_id,
                action=AccessAction.DISCLOSE,
                target=target,
                channel=_channel.get(),
            )
            for client_id in dict.fromkeys(client_ids)
        ],
        seen=True,
    )


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
    """Record one row per client: a read or export with the others of the request (see
    `access_log_kept`), a write at once in the write's transaction, in one query (lists log
    every client they show)."""
    channel = _channel.get()
    client_ids = list(dict.fromkeys(client_ids))
    written = _written.get()
    if written is not None:
        client_ids = [c for c in client_ids if (user.pk, c, action, target) not in written]
        written.update((user.pk, c, action, target) for c in client_ids)
    _record(
        [
            AccessLogEntry(
                organization_id=user.organization_id,
                user=user,
                client_id=client_id,
                action=action,
                target=target,
                channel=channel,
            )
            for client_id in client_ids
        ],
        seen=action in SEEN,
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
