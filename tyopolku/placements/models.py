"""The job a client got (työsuhde, työllistyminen)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlacementKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    WORK_TRIAL = "work_trial", _("Work trial")


class Placement(models.Model):
    enrollment = models.ForeignKey(
        "pathway.Enrollment", on_delete=models.PROTECT, related_name="placements"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, related_name="placements"
    )
    opening = models.ForeignKey(
        "employers.Opening",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PlacementKind.choices, default=PlacementKind.EMPLOYMENT
    )
    job_title = models.CharField(_("job title"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    hourly_wage = models.DecimalField(
        _("hourly wage (€)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    # Open labour market with an ordinary wage (IPS principle 1).
    competitive = models.BooleanField(_("competitive employment"))
    pay_subsidy_percent = models.PositiveSmallIntegerField(
        _("pay subsidy (%)"), null=True, blank=True
    )
    pay_subsidy_months = models.PositiveSmallIntegerField(
        _("pay subsidy (months)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.employer})"
