"""Bulk writing for the data generator: plain rows straight into the tables.

The generator writes millions of rows, so it skips the ORM's per-object work: on
PostgreSQL the rows go in with COPY, elsewhere (SQLite) with `executemany` in batches. The
columns are named as model fields, so a renamed column follows the model. Rows that other
rows point at get their ids here first (`ids`), from the table's own sequence on PostgreSQL,
so that the rows can be written in any order and nothing else can take the same ids.

Nothing here checks a rule: the generator computes every value through the rule functions
the services use, and this module only stores them. Fields set automatically by the ORM
(`auto_now_add`) are written as given, so a generated history has its own dates.
"""

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model

BATCH = 5_000


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    meta = model._meta
    return [connection.ops.quote_name(meta.get_field(name).column) for name in fields]


def ids(model: type[Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`, reserved for this transaction's rows."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite and others: one writer at a time holds the database inside the transaction.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0] + 1
    taken = _reserved.get(table, 0)
    start = max(start, taken)
    _reserved[table] = start + count
    return list(range(start, start + count))


# Ids handed out but maybe not written yet (SQLite): the next call must not give them again.
_reserved: dict[str, int] = {}


def reset_reservations() -> None:
    _reserved.clear()


def write(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in the order of `fields`) into `model`'s table; return the count."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_columns(model, fields))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        # The backend's own conversions (dates and times as SQLite stores them).
        prepare = [model._meta.get_field(name).get_db_prep_save for name in fields]
        batch: list[Sequence] = []
        for row in rows:
            batch.append([p(value, connection) for p, value in zip(prepare, row, strict=True)])
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
