"""The work-ability support team (työkyvyn tuen tiimi): the service need assessment
(SHL 36 §), the client plan (SHL 39 §) and referrals between service models and units.

The case manager and the personal worker (SHL 42 §) are kinds of the client relationship
(`clients.ClientWorker.Kind`), so their periods and handovers are that link's history."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tyopolku.clients.models import CodeListItem
from tyopolku.core.models import OrganisationKeyed
from tyopolku.pathway.models import SETTINGS_SINCE, ServiceModel


class ServiceNeed(models.TextChoices):
    """The services an assessment concludes the client needs (its `services_needed`)."""

    IPS = "ips", _("IPS job coaching")
    SUBCONTRACTING = "subcontracting", _("Subcontracting model")
    WORK_ACTIVITY = "work_activity", _("Open work activity")
    WAGE_WORK = "wage_work", _("Wage work model")
    REHABILITATIVE_WORK_ACTIVITY = (
        "rehabilitative_work_activity",
        _("Rehabilitative work activity"),
    )
    SOCIAL_REHABILITATION = "social_rehabilitation", _("Social rehabilitation")
    EMPLOYMENT_SERVICES = "employment_services", _("Employment services (employment authority)")
    WORK_ABILITY_ASSESSMENT = "work_ability_assessment", _("Assessment of work ability")
    REHABILITATION = "rehabilitation", _("Rehabilitation (Kela, health care)")
    MENTAL_HEALTH_SERVICES = "mental_health_services", _("Mental health services")
    SUBSTANCE_ABUSE_SERVICES = "substance_abuse_services", _("Substance abuse services")
    EDUCATION = "education", _("Education or training")
    BENEFITS_COUNSELLING = "benefits_counselling", _("Benefits counselling")
    DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")
    HOUSING_SUPPORT = "housing_support", _("Housing support")
    DISABILITY_SERVICES = "disability_services", _("Disability services")


class AssessmentDeadlineSetting(models.Model):
    """From `valid_from` on, per organisation: within how many working days (Monday to
    Friday, Finnish holidays excluded) a service need assessment must start and be completed
    after the matter became pending, and how many working days ahead to warn. A change is a
    new row: an assessment keeps the deadlines in force on the day its matter became pending."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="assessment_deadlines"
    )
    valid_from = models.DateField(_("valid from"), default=SETTINGS_SINCE)
    start_working_days = models.PositiveSmallIntegerField(
        _("start within (working days)"), default=7
    )
    completion_working_days = models.PositiveSmallIntegerField(
        _("complete within (working days)"), default=63
    )
    warning_working_days = models.PositiveSmallIntegerField(
        _("warn this many working days before a deadline"), default=3
    )

    class Meta:
        verbose_name = _("assessment deadline setting")
        verbose_name_plural = _("assessment deadline settings")
        ordering = ["organization", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="assessment_deadline_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.valid_from:%d.%m.%Y})"


class ServiceNeedAssessment(OrganisationKeyed):
    """A service need assessment (palvelutarpeen arviointi, SHL 36 §)."""

    organisation_parent = "client"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="service_need_assessments"
    )
    # The day the matter became pending (vireilletulo): the deadlines count from it.
    initiated_on = models.DateField(_("matter pending since"))
    started_on = models.DateField(_("started"))
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    participants = models.TextField(_("who took part"), blank=True)
    client_view = models.TextField(_("the client's own view"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    services_needed = models.JSONField(_("services needed"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service need assessment")
        verbose_name_plural = _("service need assessments")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="assessment_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(started_on__gte=F("initiated_on")),
                name="assessment_started_after_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.started_on:%d.%m.%Y}"

    def services_needed_labels(self) -> list[str]:
        labels = dict(ServiceNeed.choices)
        return [str(labels.get(code, code)) for code in self.services_needed]


class ResponsibleParty(models.TextChoices):
    OUR_UNIT = "our_unit", _("our service unit")
    CLIENT = "client", _("the client")
    EMPLOYMENT_AUTHORITY = "employment_authority", _("employment authority (TYM)")
    KELA = "kela", _("Kela")
    HEALTH_CARE = "health_care", _("health care")
    NGO = "ngo", _("NGO")
    EDUCATIONAL_INSTITUTION = "educational_institution", _("educational institution")
    OTHER = "other", _("other")


class ClientPlan(OrganisationKeyed):
    """A client plan (asiakassuunnitelma, SHL 39 §). Plans are never changed: a new plan is
    the next `version`, and every earlier one is kept."""

    organisation_parent = "client"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="client_plans"
    )
    version = models.PositiveIntegerField(_("version"))
    client_assessment = models.TextField(
        _("the client's assessment of their strengths and needs"), blank=True
    )
    worker_assessment = models.TextField(
        _("the worker's assessment of the client's strengths and needs"), blank=True
    )
    # In the client's own words, one text per goal.
    goals = models.JSONField(_("goals"), default=list)
    agreed_with_client = models.BooleanField(_("agreed with the client"), default=False)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    made_on = models.DateField(_("made on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("client plan")
        verbose_name_plural = _("client plans")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="client_plan_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.client} v{self.version}"


class PlanAction(OrganisationKeyed):
    """What will be done, by whom, by when."""

    organisation_parent = "plan"

    plan = models.ForeignKey(ClientPlan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("action"))
    # As the worker wrote it ("Kela", "TE-palvelut, Liisa"): shown as given.
    responsible = models.CharField(_("responsible"), max_length=200)
    responsible_party = models.CharField(
        _("responsible party"),
        max_length=30,
        choices=ResponsibleParty.choices,
        default=ResponsibleParty.OTHER,
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Referral(models.Model):
    """A client referred to a service model (and a unit of it). The receiving unit accepts
    it, which enrolls the client, or declines it with a reason."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="referrals"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="referrals")
    from_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_sent",
        verbose_name=_("from unit"),
    )
    to_service_model = models.CharField(
        _("to service model"), max_length=30, choices=ServiceModel.choices
    )
    to_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("to unit"),
    )
    reason = models.TextField(_("reason for the referral"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    sent_on = models.DateField(_("sent on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    enrollment = models.OneToOneField(
        "pathway.Enrollment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["organization", "status"], name="referral_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(enrollment__isnull=False),
                name="referral_accepted_has_enrollment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.get_to_service_model_display()}"


class NetworkMeeting(OrganisationKeyed):
    """A network meeting (verkostoneuvottelu) around one client: the client, workers and
    people of other organisations (the employment authority, Kela, health care, an NGO), who
    have no user accounts and are recorded by name, organisation and role."""

    organisation_parent = "client"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="network_meetings"
    )
    date = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), blank=True)
    # [{"name", "organisation", "role"}]
    participants = models.JSONField(_("participants"), default=list)
    decisions = models.TextField(_("decisions"), blank=True)
    # [{"text", "owner", "due_date" (ISO date or null)}]
    tasks = models.JSONField(_("follow-up tasks"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.client} {self.date:%d.%m.%Y}"


class TeamMeeting(models.Model):
    """A meeting of a unit's team (the coaches' fortnightly meeting). Its agenda and minutes
    are read by the whole team, peer instructors and experts by experience too, so they
    must not identify any client (the client-data guard refuses them)."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="team_meetings"
    )
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="team_meetings"
    )
    date = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        through="TeamMeetingAttendee",
        related_name="team_meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team meeting")
        verbose_name_plural = _("team meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.date:%d.%m.%Y}"


class TeamMeetingAttendee(OrganisationKeyed):
    """Who attended a team meeting: the link table, made explicit only to carry the
    organisation key (the table and columns Django made for the plain many-to-many)."""

    organisation_parent = "teammeeting"

    teammeeting = models.ForeignKey(TeamMeeting, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        db_table = "workability_teammeeting_attendees"
        unique_together = [("teammeeting", "user")]


class Weekday(models.IntegerChoices):
    """The working days a team can meet on (Python's numbering, Monday = 0)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class HolidayRule(models.TextChoices):
    SHIFT = "shift", _("Move to the next working day")
    WARN = "warn", _("Keep the day and warn")


class TeamMeetingSchedule(models.Model):
    """A unit's regular team meeting: every `interval_weeks` weeks (two by default) on a
    weekday at a time, from `starts_on` until `ends_on` (open-ended when empty). The meetings
    are computed from it, never stored; `TeamMeetingChange` moves or cancels one of them. A
    meeting falling on a Finnish holiday moves to the next working day or stays and is
    flagged, as `on_holiday` says. The whole team reads it, so `place` is guarded against
    client data like the minutes."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.OneToOneField(
        "accounts.Unit", on_delete=models.PROTECT, related_name="team_meeting_schedule"
    )
    starts_on = models.DateField(_("first meeting on or after"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    time = models.TimeField(_("time"))
    interval_weeks = models.PositiveSmallIntegerField(_("every … weeks"), default=2)
    ends_on = models.DateField(_("last meeting on or before"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    on_holiday = models.CharField(
        _("on a holiday"), max_length=10, choices=HolidayRule.choices, default=HolidayRule.SHIFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("team meeting schedule")
        verbose_name_plural = _("team meeting schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="team_schedule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(interval_weeks__range=(1, 4)), name="team_schedule_interval_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(weekday__range=(0, 4)), name="team_schedule_on_a_weekday"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_weekday_display()} {self.time:%H:%M})"


class TeamMeetingChange(OrganisationKeyed):
    """One meeting of a schedule (by the day the schedule gives it) moved to another day or
    time, or cancelled. Restoring the meeting deletes the change."""

    organisation_parent = "schedule"

    schedule = models.ForeignKey(
        TeamMeetingSchedule, on_delete=models.CASCADE, related_name="changes"
    )
    original_date = models.DateField(_("scheduled on"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    new_date = models.DateField(_("moved to"), null=True, blank=True)
    new_time = models.TimeField(_("new time"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("change of a team meeting")
        verbose_name_plural = _("changes of team meetings")
        ordering = ["original_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "original_date"], name="team_meeting_change_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule.unit} {self.original_date:%d.%m.%Y}"


# --- Staff competence ---


class TrainingKind(CodeListItem):
    """Trainings in supported-employment methods (IPS basics, job development, benefits
    counselling, …): a code list administrators keep, as new courses come and go."""

    class Meta(CodeListItem.Meta):
        verbose_name = _("training")
        verbose_name_plural = _("trainings")


class StaffTraining(models.Model):
    """A worker's completed training, valid until `expires_on` when it has to be renewed.
    Staff data, not client data: writes go to the change log."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="staff_trainings"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainings"
    )
    training = models.ForeignKey(
        TrainingKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("training")
    )
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff training")
        verbose_name_plural = _("staff trainings")
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("completed_on")),
                name="staff_training_expires_after_completion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} – {self.training}"


# --- Anonymous client feedback ---


class FeedbackLink(models.Model):
    """A link (and code) a worker hands out for the anonymous feedback form. It names only
    the unit and service model the answer is about, never a client. A single-use link is
    deleted when it takes its answer, so not even which links were used is kept; the answer
    keeps no reference back to the link."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("service unit")
    )
    service_model = models.CharField(
        _("service model"), max_length=30, choices=ServiceModel.choices
    )
    code = models.CharField(max_length=40, unique=True)
    single_use = models.BooleanField(_("single use"), default=True)
    expires_on = models.DateField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")

    def __str__(self) -> str:
        return f"{self.unit} {self.get_service_model_display()}"


class FeedbackAnswer(models.Model):
    """One anonymous answer: the unit, service model and month only (no time, no client, no
    link; a random key so that the order of rows tells nothing either). Scores 1–5."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    service_model = models.CharField(max_length=30, choices=ServiceModel.choices)
    month = models.DateField()  # the first day of the month answered
    respect = models.PositiveSmallIntegerField()
    information = models.PositiveSmallIntegerField()
    influence = models.PositiveSmallIntegerField()
    helped = models.PositiveSmallIntegerField()
    free_text = models.TextField(blank=True)
    # The free text named a client or held an identity code, and was left out.
    text_withheld = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        indexes = [models.Index(fields=["unit", "month"], name="feedback_unit_month")]
        constraints = [
            models.CheckConstraint(
                condition=Q(respect__range=(1, 5))
                & Q(information__range=(1, 5))
                & Q(influence__range=(1, 5))
                & Q(helped__range=(1, 5)),
                name="feedback_scores_1_to_5",
            )
        ]
