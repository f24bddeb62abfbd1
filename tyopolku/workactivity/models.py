"""Rehabilitative work activity (kuntouttava työtoiminta, Act 189/2001): the limits of an
activity period as dated rows, for the work-activity agreements to check against."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tyopolku.core.models import OrganisationKeyed


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


class WorkShareBasis(models.Model):
    """The organisation's published work-share money (työosuusraha) per attendance day, from
    `valid_from` on. Without a row, the rule's expense allowance of the day applies."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="work_share_bases"
    )
    valid_from = models.DateField(_("valid from"))
    eur_per_day = models.DecimalField(
        _("work-share money (€ a day)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("work-share money basis")
        verbose_name_plural = _("work-share money bases")
        ordering = ["organization", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="work_share_basis_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d.%m.%Y}– {self.eur_per_day} €"


class WorkShareTaxFreeLimit(models.Model):
    """The organisation's tax-free maximum of work-share money a day, from `valid_from` on:
    a day's money up to it is tax-free, the rest taxable. Without a row in force, the
    rule's expense allowance of the day is the tax-free maximum."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="work_share_tax_free"
    )
    valid_from = models.DateField(_("valid from"))
    eur_per_day = models.DecimalField(
        _("tax-free at most (€ a day)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tax-free daily amount of work-share money")
        verbose_name_plural = _("tax-free daily amounts of work-share money")
        ordering = ["organization", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="work_share_tax_free_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d.%m.%Y}– {self.eur_per_day} €"


class Agreement(models.Model):
    """A fixed-term work activity agreement of a participant (a client enrolled in open work
    activity). `version` grows with every change; each change keeps the earlier terms as an
    `AgreementRevision`."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="work_activity_agreements"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="work_activity_agreements"
    )
    enrollment = models.ForeignKey(
        "pathway.Enrollment", on_delete=models.PROTECT, related_name="work_activity_agreements"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    days_per_week = models.PositiveSmallIntegerField(_("days a week"))
    hours_per_day = models.DecimalField(_("hours a day"), max_digits=3, decimal_places=1)
    place = models.CharField(_("place"), max_length=200)
    tasks = models.TextField(_("tasks"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work activity agreement")
        verbose_name_plural = _("work activity agreements")
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"


class AgreementRevision(OrganisationKeyed):
    """The terms of an agreement as they were before a change (version `version`)."""

    organisation_parent = "agreement"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    terms = models.JSONField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "-version"]


class Goal(OrganisationKeyed):
    """A goal of the agreement in the participant's own words."""

    organisation_parent = "agreement"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=500)
    how_we_know = models.CharField(_("how we know it is reached"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "pk"]


class Review(OrganisationKeyed):
    """An evaluation form filled in at a review; reviews are never edited, a new one is made."""

    organisation_parent = "agreement"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField(_("review date"))
    overall_notes = models.TextField(_("overall notes"), blank=True)
    participant_view = models.TextField(_("the participant's own view"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "-date", "-pk"]


class GoalRating(OrganisationKeyed):
    organisation_parent = "review"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="ratings")
    progress = models.PositiveSmallIntegerField(
        _("progress (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["review", "goal"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goal_rated_once_a_review")
        ]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ILL = "absent_ill", _("Absent: ill")
    OTHER = "absent_other", _("Absent: other reason")
    NO_WORK_DAY = "no_work_day", _("No work day")


class AttendancePortion(models.TextChoices):
    FULL = "full", _("Full day")
    HALF = "half", _("Half day")


class Attendance(OrganisationKeyed):
    """One day of a participant under an agreement. Only `present` days earn money; a half
    day present earns half the day's amount."""

    organisation_parent = "agreement"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attendances")
    date = models.DateField(_("date"))
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    portion = models.CharField(
        _("full or half day"),
        max_length=4,
        choices=AttendancePortion.choices,
        default=AttendancePortion.FULL,
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agreement", "date"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "date"], name="attendance_once_a_day")
        ]


# The employment-potential criteria, each rated 1 (a barrier now) – 5 (a strength).
SCREENING_CRITERIA = (
    ("own_wish", _("Own wish to work")),
    ("attendance", _("Attendance and punctuality")),
    ("work_skills", _("Work skills")),
    ("independence", _("Working without constant guidance")),
    ("health", _("Health and functioning")),
    ("support_network", _("Support network")),
)


def _criterion(label) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Screening(OrganisationKeyed):
    """An employment-potential screening of a participant in work activity, for the
    functional-capacity assessment. Screenings are kept, never edited; the latest counts."""

    organisation_parent = "agreement"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="screenings")
    date = models.DateField(_("screening date"))
    own_wish = _criterion(_("Own wish to work"))
    attendance = _criterion(_("Attendance and punctuality"))
    work_skills = _criterion(_("Work skills"))
    independence = _criterion(_("Working without constant guidance"))
    health = _criterion(_("Health and functioning"))
    support_network = _criterion(_("Support network"))
    summary = models.TextField(_("summary for the functional-capacity assessment"), blank=True)
    referral = models.ForeignKey(
        "workability.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referral to IPS"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "-date", "-pk"]

    @property
    def scores(self) -> list[tuple[str, int]]:
        return [(str(label), getattr(self, name)) for name, label in SCREENING_CRITERIA]
