"""The job a client got (työsuhde, työllistyminen), and the effective-dated pay subsidy and
work trial rules (DOMAIN.md §9) that the placement form checks it against."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tyopolku.core.models import OrganisationKeyed


class PlacementKind(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    WORK_TRIAL = "work_trial", _("Work trial")


class Placement(OrganisationKeyed):
    organisation_parent = "enrollment"

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
    # The agreed last day of a fixed-term job or a work trial; the limits are checked with it.
    planned_end_date = models.DateField(_("agreed end date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    # Whether the client went on looking for work after this job (None while it lasts).
    continues_job_search = models.BooleanField(
        _("continues job search after the job"), null=True, blank=True
    )
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    days_per_week = models.PositiveSmallIntegerField(
        _("working days per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["employer", "start_date"]),
            # The reports count an organisation's placements started or active in a period.
            models.Index(fields=["organization", "start_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.employer})"


class PaySubsidyReason(models.TextChoices):
    SKILLS_GAP = "skills_gap", _("Lack of professional skills")
    REDUCED_WORK_ABILITY = "reduced_work_ability", _("Reduced work ability")
    NON_BUSINESS_WORK = "non_business_work", _("Associations and foundations in non-business work")


class PaySubsidyRate(models.Model):
    """One pay subsidy (palkkatuki) percentage as the law sets it from `valid_from`.
    A change in the law is a new row; old rows stay for the placements of their time."""

    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("subsidy (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_monthly_eur = models.DecimalField(_("at most € a month"), max_digits=8, decimal_places=2)
    max_working_time_percent = models.PositiveSmallIntegerField(
        _("at most this percentage of full working time"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    full_time_hours_per_week = models.DecimalField(
        _("full working time (hours a week)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("37.5"),
        help_text=_("The reference for the working-time limit."),
    )
    max_months = models.PositiveSmallIntegerField(
        _("at most months at a time"),
        null=True,
        blank=True,
        help_text=_("A longer period gets a warning, not a refusal: the authority decides."),
    )
    reason = models.CharField(_("grounds"), max_length=30, choices=PaySubsidyReason.choices)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The act and section the figures come from."),
    )
    same_employer_block_years = models.PositiveSmallIntegerField(
        _("not again with the same employer within (years)"),
        null=True,
        blank=True,
        help_text=_(
            "A new subsidy of this kind is not granted if the same person had a pay subsidy "
            "with the same employer within this many years. Empty: no such limit."
        ),
    )

    class Meta:
        verbose_name = _("pay subsidy rate")
        verbose_name_plural = _("pay subsidy rates")
        ordering = ["-valid_from", "percent"]
        constraints = [
            models.UniqueConstraint(fields=["percent", "valid_from"], name="pay_subsidy_rate_once"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="pay_subsidy_rate_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent} % ({self.valid_from:%d.%m.%Y}–)"


class WorkTrialRule(models.Model):
    """The limits of a work trial (työkokeilu) from `valid_from` on."""

    valid_from = models.DateField(_("valid from"), unique=True)
    max_months_total = models.PositiveSmallIntegerField(_("at most months in total"), default=12)
    max_months_per_organiser = models.PositiveSmallIntegerField(
        _("at most months with one organiser"), default=6
    )
    min_days_per_week = models.PositiveSmallIntegerField(_("at least days a week"), default=1)
    max_days_per_week = models.PositiveSmallIntegerField(_("at most days a week"), default=5)
    min_hours_per_day = models.DecimalField(
        _("at least hours a day"), max_digits=3, decimal_places=1, default=Decimal(4)
    )
    max_hours_per_day = models.DecimalField(
        _("at most hours a day"), max_digits=3, decimal_places=1, default=Decimal(8)
    )
    expense_allowance_eur_per_day = models.DecimalField(
        _("expense allowance (€ a day)"), max_digits=6, decimal_places=2, default=Decimal(9)
    )

    class Meta:
        verbose_name = _("work trial rule")
        verbose_name_plural = _("work trial rules")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d.%m.%Y}–"


class WorkingTimeSetting(models.Model):
    """The full working time of the organisation's collective agreement from `valid_from` on:
    the reference for the pay subsidy's working-time limit (100 %: at most 65 % of it)."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="working_time_settings"
    )
    valid_from = models.DateField(_("valid from"))
    agreement = models.CharField(_("collective agreement"), max_length=200, blank=True)
    full_time_hours_per_week = models.DecimalField(
        _("full working time (hours a week)"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(60))],
    )

    class Meta:
        verbose_name = _("working time of the collective agreement")
        verbose_name_plural = _("working time of the collective agreement")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="working_time_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_time_hours_per_week} h ({self.valid_from:%d.%m.%Y}–)"
