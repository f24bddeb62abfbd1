"""The organisation's own targets for the outcome figures (dated settings)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tyopolku.pathway.models import ServiceModel


class TargetMetric(models.TextChoices):
    CLIENTS_ENROLLED = "clients_enrolled", _("Clients enrolled")
    PLACEMENTS_STARTED = "placements_started", _("Placements started")
    COMPETITIVE_JOB_STARTS = "competitive_job_starts", _("Competitive job starts")
    FIRST_JOB_STARTS = "first_job_starts", _("First competitive job starts")
    # Not over the period: the paid jobs inside the organisation in force on the period's
    # last day (today while it runs), wage-work jobs and group members' contracts together.
    PAID_JOBS = "paid_jobs", _("Paid jobs inside the organisation")


class ReportTarget(models.Model):
    """A target of one figure over a period (a pilot's 40 clients, a year's job starts), of
    one service model or of all. The report shows how far the figure has come."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="report_targets"
    )
    label = models.CharField(_("name"), max_length=200, blank=True)
    metric = models.CharField(_("figure"), max_length=30, choices=TargetMetric.choices)
    target_value = models.PositiveIntegerField(
        _("target"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    # Empty: every service model.
    service_model = models.CharField(
        _("service model"), max_length=30, choices=ServiceModel.choices, blank=True
    )

    class Meta:
        verbose_name = _("report target")
        verbose_name_plural = _("report targets")
        ordering = ["period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_target_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(target_value__gte=1), name="report_target_positive"),
        ]

    def __str__(self) -> str:
        name = self.label or self.get_metric_display()
        return f"{name} ({self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y})"
