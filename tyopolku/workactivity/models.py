"""Rehabilitative work activity (kuntouttava työtoiminta, Act 189/2001): the limits of an
activity period as dated rows, for the work-activity agreements to check against."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RehabilitativeWorkActivityRule(models.Model):
    """The limits in force from `valid_from` on. A change in the law is a new row; old rows
    stay for the agreements of their time."""

    valid_from = models.DateField(_("valid from"), unique=True)
    min_months = models.PositiveSmallIntegerField(_("a period at least (months)"), default=3)
    max_months = models.PositiveSmallIntegerField(_("a period at most (months)"), default=24)
    min_days_per_week = models.PositiveSmallIntegerField(_("at least days a week"), default=1)
    max_days_per_week = models.PositiveSmallIntegerField(_("at most days a week"), default=4)
    min_hours_per_day = models.DecimalField(
        _("at least hours a day"), max_digits=3, decimal_places=1, default=Decimal(4)
    )
    max_hours_per_day = models.DecimalField(
        _("at most hours a day"), max_digits=3, decimal_places=1, default=Decimal(8)
    )
    expense_allowance_eur_per_day = models.DecimalField(
        _("expense allowance (€ a day)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(9),
        validators=[MinValueValidator(Decimal(0))],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rehabilitative work activity rule")
        verbose_name_plural = _("rehabilitative work activity rules")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d.%m.%Y}–"
