"""On PostgreSQL the access log becomes a table partitioned by month (see
tyopolku/audit/partitions.py). The rows are copied over with their ids; indexes and foreign
keys keep the names Django gave them, so that later migrations find them. The primary key
becomes (id, at), as PostgreSQL requires the partition key in it; ids stay unique, as they
come from one sequence. Other databases keep the plain table."""

import datetime

from django import db
from django.db import migrations

from tyopolku.audit import partitions

OLD = "audit_accesslogentry_unpartitioned"
SEQUENCE = "audit_accesslogentry_partitioned_id_seq"
COLUMNS = "id, at, action, target, channel, client_id, organization_id, user_id"
INDEXES = {
    "audit_acces_client__a254d2_idx": "(client_id, at DESC)",
    "audit_accesslogentry_at_94f1fe6b": "(at)",
    "audit_accesslogentry_client_id_a3b92c3b": "(client_id)",
    "audit_accesslogentry_organization_id_b90665ce": "(organization_id)",
    "audit_accesslogentry_user_id_df6d7662": "(user_id)",
}
FOREIGN_KEYS = {
    "audit_accesslogentry_client_id_a3b92c3b_fk_clients_client_id": ("client_id", "clients_client"),
    "audit_accesslogentry_organization_id_b90665ce_fk_accounts_": (
        "organization_id",
        "accounts_organization",
    ),
    "audit_accesslogentry_user_id_df6d7662_fk_accounts_user_id": ("user_id", "accounts_user"),
}


def partition(apps, schema_editor):
    # Without a schema editor when tests/test_schemathesis.py re-runs the data migrations;
    # the table is partitioned by then and nothing is done.
    connection = schema_editor.connection if schema_editor is not None else db.connection
    if connection.vendor != "postgresql" or partitions.is_partitioned(connection):
        return
    table = partitions.TABLE
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{OLD}"')
        cursor.execute(f'ALTER INDEX "{table}_pkey" RENAME TO "{OLD}_pkey"')
        for name in INDEXES:
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{name[:50]}_old"')
        cursor.execute(f'CREATE SEQUENCE "{SEQUENCE}"')
        cursor.execute(
            f'CREATE TABLE "{table}" ('
            f"id bigint NOT NULL DEFAULT nextval('{SEQUENCE}'), "
            "at timestamp with time zone NOT NULL, "
            "action varchar(10) NOT NULL, target varchar(40) NOT NULL, "
            "channel varchar(200) NOT NULL, client_id bigint NOT NULL, "
            "organization_id bigint NOT NULL, user_id bigint NOT NULL, "
            f'CONSTRAINT "{table}_pkey" PRIMARY KEY (id, at)'
            ") PARTITION BY RANGE (at)"
        )
        cursor.execute(f'ALTER SEQUENCE "{SEQUENCE}" OWNED BY "{table}".id')
        cursor.execute(f'CREATE TABLE "{partitions.DEFAULT_PARTITION}" PARTITION OF "{table}" DEFAULT')
        for name, columns in INDEXES.items():
            cursor.execute(f'CREATE INDEX "{name}" ON "{table}" {columns}')
        for name, (column, target) in FOREIGN_KEYS.items():
            cursor.execute(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" FOREIGN KEY ({column}) '
                f'REFERENCES "{target}" (id) DEFERRABLE INITIALLY DEFERRED'
            )
        cursor.execute(f'INSERT INTO "{table}" ({COLUMNS}) SELECT {COLUMNS} FROM "{OLD}"')
        cursor.execute(
            f"SELECT setval('{SEQUENCE}', coalesce((SELECT max(id) FROM \"{OLD}\"), 0) + 1, false)"
        )
        cursor.execute(f'DROP TABLE "{OLD}"')
    today = datetime.date.today()
    first = partitions.oldest_entry_day(connection) or today
    # A year of months ahead; `manage.py access_log_partitions` keeps adding them.
    partitions.partitions_ensure(connection, first, today.replace(year=today.year + 1))


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_access_disclose")]

    # The table's structure changes under Django's model, which stays as it was.
    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
