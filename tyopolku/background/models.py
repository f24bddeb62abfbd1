from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of long work done by the background worker for a user: what it is, how far
    it has got and how it ended, in words the user can read. The task queue's own row
    (django-tasks-db) holds the technical result; this one is what the pages and the API show."""

    class Kind(models.TextChoices):
        EMPLOYER_IMPORT = "employer_import", _("Employer import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # The record the work is about (for an import, its EmployerImport).
    object_id = models.PositiveBigIntegerField()
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
