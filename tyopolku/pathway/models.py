"""A client's path through a service model: enrollment, phases, the IPS start steps, visits."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tyopolku.clients.models import CodeListItem
from tyopolku.core.dates import date_text
from tyopolku.core.models import OrganisationKeyed


class ServiceModel(models.TextChoices):
    IPS = "ips", _("IPS job coaching")
    SUBCONTRACTING = "subcontracting", _("Subcontracting model")
    WORK_ACTIVITY = "work_activity", _("Open work activity")
    WAGE_WORK = "wage_work", _("Wage work model")
    WORK_ABILITY_TEAM = "work_ability_team", _("Work ability support team")


class Phase(models.TextChoices):
    INTAKE = "intake", _("Intake")
    JOB_SEARCH = "job_search", _("Job search and coaching")
    EMPLOYED = "employed", _("Employed, follow-along")
    ENDED = "ended", _("Ended")


class LegalBasis(models.TextChoices):
    REHABILITATIVE_WORK_ACTIVITY = (
        "rehabilitative_work_activity",
        _("Social Welfare Act 1301/2014 and Act 189/2001: rehabilitative work activity"),
    )
    DISABILITY_EMPLOYMENT_SUPPORT = (
        "disability_employment_support",
        _(
            "Activity supporting the employment of persons with disabilities "
            "(Social Welfare Act 710/1982 § 27 d)"
        ),
    )
    DISABILITY_WORK_ACTIVITY = (
        "disability_work_activity",
        _("Work activity for persons with disabilities (Social Welfare Act 710/1982 § 27 e)"),
    )
    SOCIAL_REHABILITATION = (
        "social_rehabilitation",
        _("Social counselling and social rehabilitation (Social Welfare Act 1301/2014 §§ 16–17)"),
    )


class ServiceTask(models.TextChoices):
    WORKING_AGE_SERVICES = "working_age_services", _("Services for working-age people")


# The first rows of every organisation hold from the start of the pilots (2019) on.
SETTINGS_SINCE = datetime.date(2019, 1, 1)


class ServiceModelSetting(models.Model):
    """Per organisation and service model, from `valid_from` on: how long support continues
    after employment. A change is a new row, so the past keeps the rule it had: an employment
    gets the follow-along period in force on its first day."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="service_model_settings"
    )
    service_model = models.CharField(
        _("service model"), max_length=30, choices=ServiceModel.choices
    )
    valid_from = models.DateField(_("valid from"), default=SETTINGS_SINCE)
    # Empty = time-unlimited follow-along support, as IPS recommends.
    follow_along_months = models.PositiveSmallIntegerField(
        _("follow-along support after employment (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for time-unlimited support."),
    )
    warning_days = models.PositiveSmallIntegerField(
        _("warn this many days before the support period ends"), default=14
    )
    # Two jobs this many days apart still form one employment (one follow-along period).
    employment_gap_days = models.PositiveSmallIntegerField(
        _("days between two jobs that still count as one employment"),
        default=0,
        help_text=_("0: only jobs that overlap or follow each other directly are one employment."),
    )

    class Meta:
        verbose_name = _("service model setting")
        verbose_name_plural = _("service model settings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "service_model", "valid_from"],
                name="service_model_setting_once_a_day",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organization} – {self.get_service_model_display()} "
            f"({self.valid_from:%d.%m.%Y})"
        )


class ReferralSource(CodeListItem):
    """Who referred the client (TYP, TYM since 2025, employment area, Kela, …): a code list,
    because the bodies change by law."""

    class Meta(CodeListItem.Meta):
        verbose_name = _("referral source")
        verbose_name_plural = _("referral sources")


class Enrollment(OrganisationKeyed):
    """A client in one service model (asiakkuus, palvelujakso)."""

    organisation_parent = "client"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="enrollments"
    )
    service_model = models.CharField(
        _("service model"), max_length=30, choices=ServiceModel.choices
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("service unit"),
    )
    referral_source = models.ForeignKey(
        ReferralSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("referred by"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coached_enrollments",
        verbose_name=_("job coach"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    # The next step agreed with the client at the latest visit, for the caseload.
    next_action = models.CharField(_("next step agreed"), max_length=200, blank=True)
    next_action_on = models.DateField(_("next step on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-start_date", "-pk"]
        # The reports and the dashboard start from an organisation's enrollments of a period:
        # without it PostgreSQL scanned every organisation's (docs/reports.md).
        indexes = [models.Index(fields=["organization", "start_date"])]

    def __str__(self) -> str:
        return f"{self.client} – {self.get_service_model_display()}"


class PhaseChange(OrganisationKeyed):
    """The enrollment's phase from `effective_date` on. The phase on any day is the latest
    change on or before it, so visits get the legal basis of their own date."""

    organisation_parent = "enrollment"

    class Reason(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        INTAKE_COMPLETE = "intake_complete", _("start steps done")
        EMPLOYMENT_STARTED = "employment_started", _("employment started")
        EMPLOYMENT_ENDED = "employment_ended", _("employment ended")
        MANUAL = "manual", _("changed by hand")
        ENROLLMENT_ENDED = "enrollment_ended", _("enrollment ended")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="phase_changes"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    effective_date = models.DateField()
    reason = models.CharField(max_length=30, choices=Reason.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_date", "pk"]


class IntakeStep(OrganisationKeyed):
    """One of the eight start steps of the IPS pilot (seed 001, DOMAIN.md §5)."""

    organisation_parent = "enrollment"

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="intake_steps"
    )
    number = models.PositiveSmallIntegerField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "number"], name="intake_step_once")
        ]

    @property
    def definition(self):
        from tyopolku.pathway.intake import INTAKE_STEPS

        return INTAKE_STEPS[self.number - 1]


class BasisProblem(models.TextChoices):
    """Why a recorded visit no longer has a legal basis (a job recorded later, or changed,
    moved the phases under it). The visit is kept as it was and flagged to the coach."""

    BEFORE_START = "before_start", _("The visit is dated before the enrollment started.")
    AFTER_END = "after_end", _("The visit is dated after the enrollment ended.")
    AFTER_FOLLOW_ALONG = "after_follow_along", _(
        "The visit is dated after the follow-along support period ended."
    )


class VisitKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone call")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    WORKPLACE = "workplace", _("Workplace visit")
    REMOTE = "remote", _("Remote meeting")


class Visit(OrganisationKeyed):
    """A record entry (käynti). Legal basis, service task and unit are set by the system
    from the phase on the visit's date and never edited by hand."""

    organisation_parent = "enrollment"

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    summary = models.TextField(_("summary"))
    legal_basis = models.CharField(_("legal basis"), max_length=40, choices=LegalBasis.choices)
    service_task = models.CharField(_("service task"), max_length=40, choices=ServiceTask.choices)
    service_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service unit"),
    )
    # Set when a later change of the client's jobs leaves the visit without a legal basis.
    basis_problem = models.CharField(
        _("legal basis problem"), max_length=20, choices=BasisProblem.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{date_text(self.date)} {self.get_kind_display()}"
