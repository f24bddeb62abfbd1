"""The wage-work model (palkkatyömalli, seed 000): paid jobs inside the organisation for
people with partial work ability, e.g. a kitchen assistant's job in one of its own units.
Each job is an employment contract of a client with the organisation. Together with the
subcontracting groups' employment contracts (subcontracting.GroupMember) they are the
organisation's paid jobs, counted against its target (Vaalijala: 100 paid jobs)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class WageJob(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="wage_jobs"
    )
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="wage_jobs")
    title = models.CharField(_("job title"), max_length=200)
    weekly_hours = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=2)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("paid job")
        verbose_name_plural = _("paid jobs")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["organization", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="wage_job_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title
