from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of long work done by the background worker for a user: what it is, how far
    it has got and how it ended, in words the user can read. The task queue's own row
    (django-tasks-db) holds the technical result; this one is what the pages and the API show."""

    class Kind(models.TextChoices):
        EMPLOYER_IMPORT = "employer_import", _("Employer import")
        EMPLOYER_EXPORT = "employer_export", _("Employer register export")
        THL_EXPORT = "thl_export", _("THL evaluation dataset")
        PAY_EXPORT = "pay_export", _("Payroll CSV")
        WORK_SHARE_EXPORT = "work_share_export", _("Work-share money payment list")
        WORK_SHARE_STATEMENTS = "work_share_statements", _("Work-share money statements")
        INVOICE_RUN = "invoice_run", _("Invoice run")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    # The kinds whose result is a file (JobFile).
    EXPORTS = (
        Kind.EMPLOYER_EXPORT,
        Kind.THL_EXPORT,
        Kind.PAY_EXPORT,
        Kind.WORK_SHARE_EXPORT,
        Kind.WORK_SHARE_STATEMENTS,
    )

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # The record the work is about: for an import its EmployerImport, for an export or an
    # invoice run the organisation (one invoice run of an organisation at a time).
    object_id = models.PositiveBigIntegerField()
    # What the work was asked for (an export's month, an invoice run's period), in ISO text.
    params = models.JSONField(default=dict, blank=True)
    # The records the work made, for the API (an invoice run: its invoices).
    created_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # How it ended, for the user: what was done, or why nothing was.
    message = models.TextField(blank=True)
    # The language of the user who started it, in which the worker writes the message.
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status not in self.ACTIVE

    @property
    def makes_file(self) -> bool:
        return self.kind in self.EXPORTS

    @property
    def kept_file(self) -> "JobFile | None":
        """The file the work made, while it is kept (see JobFile)."""
        try:
            file = self.file
        except JobFile.DoesNotExist:
            return None
        return file if file.expires_at > timezone.now() else None


class JobFile(models.Model):
    """A file made by a background job (an export), kept in the database so that any app
    server can hand it out, for the one who started the job, until `expires_at`
    (settings.EXPORT_FILE_RETENTION_HOURS after it was made); then it is deleted."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="file")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("file of a background job")
        verbose_name_plural = _("files of background jobs")

    def __str__(self) -> str:
        return self.name
