"""Read-only report and export traffic on a PostgreSQL streaming replica.

When DATABASE_REPLICA_URL is set, settings add DATABASES["replica"] and this router. The
router sends a read to the replica only inside a `reads_from_replica()` block, which the
report and export views and API operations open (a decorator on each, so the list of what
may run on the replica is visible where the views are). Everything else, and every write
anywhere, stays on the primary ("default").

Why a block and not a router by model or `.using()` in the selectors: the reports read the
same tables as the caseload (clients, enrollments, visits), and the caseload must read its
own writes, so the model cannot decide; and the report selectors build many querysets and
subqueries that would each need `.using()`, while the block covers them, the helpers they
call and the related objects they touch, without changing the selectors.

A replica lags the primary by a moment (usually well under a second): a report may miss a
visit saved just before it. That is acceptable for figures over weeks and months, and it is
why nothing that a user has just written and expects to see again goes there."""

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings

REPLICA = "replica"
_on_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("on_replica", default=False)


@contextlib.contextmanager
def reads_from_replica() -> Iterator[None]:
    """Reads inside this block (or the view it decorates) go to the replica, if there is one."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def read_database() -> str:
    """The database that a read made now goes to."""
    return REPLICA if _on_replica.get() and REPLICA in settings.DATABASES else "default"


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        return read_database()

    def db_for_write(self, model, **hints) -> str:
        # Explicitly the primary: without an answer Django would write an object back to the
        # database it was read from, which may be the replica.
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"  # the replica follows the primary's schema by replication
