"""Delete the export files kept past their retention time (EXPORT_FILE_RETENTION_HOURS). The
worker does it before each job; run this from cron where the worker may be idle for days."""

from django.core.management.base import BaseCommand

from tyopolku.background.services import job_files_purge


class Command(BaseCommand):
    help = "Delete the files of background jobs kept past their retention time."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{job_files_purge()} files deleted")
