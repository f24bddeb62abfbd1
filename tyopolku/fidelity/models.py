"""Fidelity reviews of a service unit against the IPS scale (items in `items.py`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tyopolku.core.models import OrganisationKeyed


class Band(models.TextChoices):
    EXEMPLARY = "exemplary", _("Exemplary fidelity")
    GOOD = "good", _("Good fidelity")
    FAIR = "fair", _("Fair fidelity")
    NOT_IPS = "not_ips", _("Not IPS")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Complete")


class Review(models.Model):
    """One review of one unit on one date. `total` and `band` are kept only once complete;
    `version` grows with every write so a stale form or PATCH is refused (409)."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="fidelity_reviews"
    )
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="fidelity_reviews"
    )
    review_date = models.DateField(_("review date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ReviewReviewer",
        related_name="fidelity_reviews",
        verbose_name=_("reviewers"),
    )
    period_from = models.DateField(_("records from"), null=True, blank=True)
    period_to = models.DateField(_("records to"), null=True, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=10, choices=Band.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fidelity review")
        verbose_name_plural = _("fidelity reviews")
        ordering = ["-review_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.review_date:%Y-%m-%d}"


class ItemScore(OrganisationKeyed):
    """A reviewer's score of one item, with the value measured from the records and the
    score it suggested, kept beside the decision."""

    organisation_parent = "review"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    code = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    measured_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    suggested_score = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "code"], name="fidelity_score_once"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="fidelity_score_1_to_5",
            ),
        ]
        ordering = ["pk"]


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Action(OrganisationKeyed):
    """A row of the review's action plan for an item."""

    organisation_parent = "review"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("item"), max_length=40)
    action = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]


class ReviewReviewer(OrganisationKeyed):
    """A reviewer of a fidelity review: the link table, made explicit only to carry the
    organisation key (the table and columns Django made for the plain many-to-many)."""

    organisation_parent = "review"

    review = models.ForeignKey(Review, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        db_table = "fidelity_review_reviewers"
        unique_together = [("review", "user")]
