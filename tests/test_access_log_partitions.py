"""The access log by month on PostgreSQL: rows land in their month's partition, a new month's
partition takes its rows out of the default one, old months are detached for archiving. On
SQLite the log is one plain table and the command says so."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from tyopolku.audit import partitions
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.audit.services import access_log_record

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions are a PostgreSQL feature"
)


def entry_at(user, client, at: datetime.datetime) -> AccessLogEntry:
    access_log_record(user=user, client_ids=[client.pk], action=AccessAction.READ, target="client")
    entry = AccessLogEntry.objects.latest("pk")
    # Moving the partition key moves the row to the partition of its new month.
    AccessLogEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def partition_of(entry: AccessLogEntry) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT tableoid::regclass::text FROM "{partitions.TABLE}" WHERE id = %s', [entry.pk]
        )
        return cursor.fetchone()[0]


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@on_postgresql
def test_it_writes_a_row_into_its_months_partition(db, coach, client_record):
    now = datetime.datetime.now(datetime.UTC)
    access_log_record(
        user=coach, client_ids=[client_record.pk], action=AccessAction.READ, target="client"
    )

    entry = AccessLogEntry.objects.latest("pk")

    assert partitions.is_partitioned(connection)
    assert partition_of(entry) == partitions.partition_name(now.date().replace(day=1))


@on_postgresql
def test_it_moves_a_months_rows_from_the_default_partition_into_its_new_one(
    db, coach, client_record
):
    old = entry_at(coach, client_record, utc(2019, 3, 31, 23, 59))
    later = entry_at(coach, client_record, utc(2019, 4, 1, 0, 0))
    assert partition_of(old) == partition_of(later) == partitions.DEFAULT_PARTITION

    created = partitions.partitions_ensure(
        connection, datetime.date(2019, 3, 1), datetime.date(2019, 3, 1)
    )

    assert created == ["audit_accesslogentry_y2019m03"]
    assert partition_of(old) == "audit_accesslogentry_y2019m03"
    assert partition_of(later) == partitions.DEFAULT_PARTITION  # April has no partition yet
    assert AccessLogEntry.objects.filter(pk__in=[old.pk, later.pk]).count() == 2
    assert (
        partitions.partitions_ensure(
            connection, datetime.date(2019, 3, 1), datetime.date(2019, 3, 1)
        )
        == []
    )


@on_postgresql
def test_it_detaches_the_months_before_a_date_and_keeps_their_rows_for_the_archive(
    db, coach, client_record
):
    old = entry_at(coach, client_record, utc(2019, 1, 15, 12, 0))
    kept = entry_at(coach, client_record, utc(2019, 2, 15, 12, 0))
    partitions.partitions_ensure(connection, datetime.date(2019, 1, 1), datetime.date(2019, 2, 1))

    detached = partitions.partitions_detach(connection, datetime.date(2019, 2, 1))

    assert detached == ["audit_accesslogentry_y2019m01"]
    assert list(AccessLogEntry.objects.filter(pk__in=[old.pk, kept.pk])) == [kept]
    with connection.cursor() as cursor:
        cursor.execute('SELECT count(*) FROM "audit_accesslogentry_y2019m01"')
        assert cursor.fetchone()[0] == 1


@on_postgresql
def test_it_creates_the_coming_months_with_the_command_once(db):
    out = io.StringIO()
    call_command("access_log_partitions", months_ahead=30, stdout=out)
    first = out.getvalue()
    again = io.StringIO()
    call_command("access_log_partitions", months_ahead=30, stdout=again)

    in_30_months = datetime.date.today().replace(day=1)
    for _ in range(30):
        in_30_months = partitions.next_month(in_30_months)
    assert f"created {partitions.partition_name(in_30_months)}" in first
    assert "created" not in again.getvalue()
    assert partitions.partition_name(in_30_months) in partitions.partitions(connection)


def test_it_says_when_the_log_is_not_partitioned(db):
    out = io.StringIO()

    call_command("access_log_partitions", stdout=out)

    expected = (
        "monthly partitions attached" if connection.vendor == "postgresql" else "not partitioned"
    )
    assert expected in out.getvalue()
