"""Keep the access log's monthly partitions (PostgreSQL): run it monthly from cron or a
systemd timer. Creates the partitions of the coming months; `--detach-before` detaches the
months before a date for archiving (see docs/access-log.md)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from tyopolku.audit import partitions
from tyopolku.core.dates import today


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f"--detach-before: {value!r} is not a month like 2024-01") from error


class Command(BaseCommand):
    help = "Create the access log's monthly partitions ahead; optionally detach old months."

    def add_arguments(self, parser):
        parser.add_argument("--months-ahead", type=int, default=12)
        parser.add_argument("--detach-before", type=_month, metavar="YYYY-MM")

    def handle(self, *args, months_ahead: int, detach_before: datetime.date | None, **options):
        if not partitions.is_partitioned(connection):
            self.stdout.write("The access log is not partitioned on this database: nothing to do.")
            return
        if months_ahead < 0:
            raise CommandError("--months-ahead must be 0 or more.")
        first = partitions.month_start(today())
        last = first
        for _ in range(months_ahead):
            last = partitions.next_month(last)
        with transaction.atomic():
            created = partitions.partitions_ensure(connection, first, last)
            detached = (
                partitions.partitions_detach(connection, detach_before) if detach_before else []
            )
        for name in created:
            self.stdout.write(f"created {name}")
        for name in detached:
            self.stdout.write(f"detached {name} (archive it with pg_dump, then drop it)")
        self.stdout.write(f"{len(partitions.partitions(connection))} monthly partitions attached.")
