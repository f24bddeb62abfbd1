from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    EXPORT = "export", _("export")
    # Not a read: a refusal (the client-data guard, a duplicate identity code) told the user
    # that the person is a client, which the user could not otherwise see.
    DISCLOSE = "disclose", _("disclosed")


class AccessLogEntry(models.Model):
    """One read or write of a client's data (käyttöloki, Act 703/2023 § 11).

    Rows are never changed or deleted by the application. The client is kept as a plain
    foreign key with PROTECT so that a client with a log cannot vanish silently.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="access_log"
    )
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    # What was touched, e.g. "client", "visit", "enrollment", "consents".
    target = models.CharField(max_length=40)
    # Through which view: the request ("GET /clients/5/", "POST /api/v1/clients") or a
    # command ("cli:load_demo").
    channel = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["client", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.target}"


class ChangeAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("removed")
    IMPORT = "import", _("imported")
    # Not a change, but a bulk copy of the register's personal data leaving the system.
    EXPORT = "export", _("exported")


class ChangeLogEntry(models.Model):
    """Who changed what in the organisation's shared data (the employer register, its
    privacy statement). Client data has the access log; this is for everything else.
    Field names only: the values stay in their own tables."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    # e.g. "employer", "contact_person", "employer_contact", "opening", "privacy_statement".
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    fields = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]
