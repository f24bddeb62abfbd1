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

import contextlib
import threading
import time
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection
from django.db.models import JSONField, Model
from psycopg.types.json import Jsonb

from tyopolku.core.models import OrganisationKeyed

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


def _copy_sql(model: type[Model], fields: Sequence[str]) -> tuple[str, list[int]]:
    """The COPY statement for `fields` of `model`, and which of them hold JSON."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_columns(model, fields))
    json = [
        i for i, name in enumerate(fields) if isinstance(model._meta.get_field(name), JSONField)
    ]
    return f"COPY {table} ({columns}) FROM STDIN", json


def _copy(cursor, sql: str, json: list[int], rows: Iterable[Sequence]) -> int:
    count = 0
    with cursor.copy(sql) as copy:
        for row in rows:
            if json:
                row = [Jsonb(v) if i in json else v for i, v in enumerate(row)]
            copy.write_row(row)
            count += 1
    return count


def write(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in the order of `fields`) into `model`'s table; return the count."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return _copy(cursor.cursor, *_copy_sql(model, fields), rows)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_columns(model, fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    # The backend's own conversions (dates and times as SQLite stores them).
    prepare = [model._meta.get_field(name).get_db_prep_save for name in fields]
    count = 0
    with connection.cursor() as cursor:
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


Table = tuple[type[Model], Sequence[str], Iterable[Sequence]]  # model, fields, rows


def keyed(organization_id: int, model: type[Model], fields: Sequence[str], table_rows) -> Table:
    """The rows with the organisation key in front when the table has it (the rows of one
    table that belong to a parent record, `OrganisationKeyed`): everything the generator
    draws for an organisation is of it, so no parent is looked up."""
    if not issubclass(model, OrganisationKeyed) or "organization" in fields:
        return model, fields, table_rows
    return model, ("organization", *fields), ((organization_id, *row) for row in table_rows)


class Writer:
    """Writes chunks of rows. On PostgreSQL it copies a chunk in a thread, on the same
    connection and so in the same transaction, while the caller draws the next chunk: the
    database's work on one chunk overlaps the Python work on the next. Between `submit` and
    `wait` the caller must not use the database (the generator reserves its ids first).
    Elsewhere `submit` writes at once."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.waited = 0.0  # seconds the caller spent waiting for a chunk to be written

    def submit(self, tables: Sequence[Table]) -> None:
        self.wait()
        if connection.vendor != "postgresql":
            for model, fields, rows in tables:
                write(model, fields, rows)
            return
        connection.ensure_connection()
        raw = connection.connection  # psycopg's connection: safe to use from another thread
        statements = [(*_copy_sql(model, fields), rows) for model, fields, rows in tables]

        def run() -> None:
            try:
                with raw.cursor() as cursor:
                    for sql, json, rows in statements:
                        _copy(cursor, sql, json, rows)
            except BaseException as error:  # handed to the caller by wait()
                self._error = error

        self._thread = threading.Thread(target=run, name="generator-copy", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the chunk submitted last is written; raises what writing it raised."""
        if self._thread is not None:
            started = time.monotonic()
            self._thread.join()
            self.waited += time.monotonic() - started
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error


@contextlib.contextmanager
def bulk_load(models: Iterable[type[Model]]) -> Iterator[None]:
    """On PostgreSQL, load `models`' tables without their foreign keys and secondary indexes
    and rebuild them at the end: COPY then writes only the rows, and one scan per index or
    key afterwards is far cheaper than millions of row-by-row checks. Call it inside a
    transaction: DDL is transactional on PostgreSQL, so a failure anywhere rolls back the
    rows and leaves the constraints and indexes as they were. Elsewhere it does nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load needs a transaction")
    tables = [model._meta.db_table for model in models]
    keys: list[tuple[str, str, str]] = []
    indexes: list[tuple[str, str]] = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                [table],
            )
            keys += [(table, name, definition) for name, definition in cursor.fetchall()]
            # Secondary indexes only: not those of the primary key or unique constraints.
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique "
                "ORDER BY i.relname",
                [table],
            )
            indexes += cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {_q(table)} DROP CONSTRAINT {_q(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {_q(name)}")
    yield
    with connection.cursor() as cursor:
        # More memory for building the indexes, for this transaction only.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            # A partitioned table's index is defined "ON ONLY" the parent; built again it
            # must cover the partitions too.
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
        for table in tables:
            cursor.execute(f"ANALYZE {_q(table)}")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)
