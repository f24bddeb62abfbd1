"""The access log by month on PostgreSQL: one partition per calendar month, so that the log
can grow by millions of rows a day and old months can be detached and archived without
touching the rest. SQLite keeps one plain table (a development and test database).

Rows land in the partition of their `at` month; a row of a month without a partition lands in
the default partition, and `partitions_ensure` later moves such rows into their month's new
partition. `manage.py access_log_partitions` runs it (monthly, from cron or a timer)."""

import datetime

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_accesslogentry"
DEFAULT_PARTITION = f"{TABLE}_default"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def partition_name(month: datetime.date) -> str:
    return f"{TABLE}_y{month:%Y}m{month:%m}"


def is_partitioned(connection: BaseDatabaseWrapper) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [TABLE])
        return cursor.fetchone() is not None


def partitions(connection: BaseDatabaseWrapper) -> list[str]:
    """The monthly partitions attached now, oldest first (the default one not included)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass AND c.relname <> %s ORDER BY c.relname",
            [TABLE, DEFAULT_PARTITION],
        )
        return [name for (name,) in cursor.fetchall()]


def partitions_ensure(
    connection: BaseDatabaseWrapper, first: datetime.date, last: datetime.date
) -> list[str]:
    """A partition for every month from `first` to `last` (inclusive) that has none; the
    names created. Rows of such a month already in the default partition move into it, in
    the same transaction (PostgreSQL refuses a new partition while the default holds its
    rows)."""
    existing = set(partitions(connection))
    created = []
    month = month_start(first)
    with connection.cursor() as cursor:
        while month <= last:
            name, following = partition_name(month), next_month(month)
            if name not in existing:
                cursor.execute(
                    f'CREATE TABLE "{name}" '
                    f'(LIKE "{TABLE}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)'
                )
                cursor.execute(
                    f'WITH moved AS (DELETE FROM "{DEFAULT_PARTITION}" '
                    "WHERE at >= %s AND at < %s RETURNING *) "
                    f'INSERT INTO "{name}" SELECT * FROM moved',
                    [month, following],
                )
                # DDL takes no parameters; the bounds are dates made here.
                cursor.execute(
                    f'ALTER TABLE "{TABLE}" ATTACH PARTITION "{name}" '
                    f"FOR VALUES FROM ('{month.isoformat()}') TO ('{following.isoformat()}')"
                )
                created.append(name)
            month = following
    return created


def partitions_detach(connection: BaseDatabaseWrapper, before: datetime.date) -> list[str]:
    """Detach the partitions of the months before `before`: their rows leave the log as it
    is read, and stay in tables of their own to be archived (pg_dump) and then dropped."""
    limit = partition_name(month_start(before))
    detached = [name for name in partitions(connection) if name < limit]
    with connection.cursor() as cursor:
        for name in detached:
            cursor.execute(f'ALTER TABLE "{TABLE}" DETACH PARTITION "{name}"')
    return detached


def oldest_entry_day(connection: BaseDatabaseWrapper) -> datetime.date | None:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT min(at) FROM "{TABLE}"')
        (oldest,) = cursor.fetchone()
    return oldest.date() if oldest else None
