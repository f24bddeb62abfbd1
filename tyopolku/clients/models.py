import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tyopolku.clients.identity import is_temporary_personal_id
from tyopolku.core.dates import today
from tyopolku.core.models import OrganisationKeyed, OrganisationKeyedQuerySet


class CodeListItem(models.Model):
    """A row of a code list that administrators keep (names in the three UI languages)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        language = (get_language() or "fi")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fi


class TargetGroup(CodeListItem):
    """Target groups of the Work Ability Programme (seed 003)."""

    class Meta(CodeListItem.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Client(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="clients"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Stored normalised (upper case, no spaces); null when the person has no Finnish code.
    # null, not "": the unique constraint must ignore clients without a code.
    personal_id = models.CharField(  # noqa: DJ001
        _("personal identity code"), max_length=11, null=True, blank=True
    )
    birth_date = models.DateField(_("date of birth"))
    municipality_code = models.CharField(_("municipality"), max_length=3, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, through="ClientTargetGroup", verbose_name=_("target groups")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "personal_id"],
                condition=Q(personal_id__isnull=False),
                name="personal_id_once_per_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def has_temporary_personal_id(self) -> bool:
        return is_temporary_personal_id(self.personal_id)


class ClientWorkerQuerySet(OrganisationKeyedQuerySet):
    def in_force(self, on: datetime.date) -> "ClientWorkerQuerySet":
        """Links in force on `on`: started on or before it and not ended by it. The end date
        is the day the link ended, so it is no longer in force on that day."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=on), start_date__lte=on)


class ClientTargetGroup(OrganisationKeyed):
    """A client's target group: the link table, made explicit only to carry the organisation
    key (the table and its columns are the ones Django made for the plain many-to-many)."""

    organisation_parent = "client"

    client = models.ForeignKey(Client, on_delete=models.CASCADE)
    targetgroup = models.ForeignKey(TargetGroup, on_delete=models.CASCADE)

    class Meta:
        db_table = "clients_client_target_groups"
        unique_together = [("client", "targetgroup")]


class ClientWorker(OrganisationKeyed):
    """The client relationship (asiakassuhde): who works with the client and so sees the record.

    A link runs from `start_date` until the day it ends (`end_date`, exclusive: a link ended
    today gives no access today). Ended links stay as the history of who worked with the
    client; the same worker may get a new link later, but has at most one open link."""

    organisation_parent = "client"

    class Kind(models.TextChoices):
        COACH = "coach", _("job coach")
        PERSONAL_WORKER = "personal_worker", _("personal worker")
        CASE_MANAGER = "case_manager", _("case manager")
        OTHER = "other", _("other worker")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="client_workers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_links"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    start_date = models.DateField(_("start date"), default=today)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Null for links made before these were recorded.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)

    objects = ClientWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("client worker")
        verbose_name_plural = _("client workers")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "user"],
                condition=Q(end_date__isnull=True),
                name="client_worker_open_once",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="client_worker_ends_after_start",
            ),
        ]
        # The access rule looks up a user's links in force.
        indexes = [models.Index(fields=["user", "end_date"], name="client_worker_user_end")]

    def __str__(self) -> str:
        return f"{self.user} – {self.client}"

    @property
    def in_force(self) -> bool:
        on = today()
        return self.start_date <= on and (self.end_date is None or self.end_date > on)


class Consent(OrganisationKeyed):
    organisation_parent = "client"

    class Kind(models.TextChoices):
        THL_EVALUATION = "thl_evaluation", _("THL evaluation study")
        THL_FOLLOW_UP = "thl_follow_up", _("THL follow-up study")
        INFORMATION_SHARING = "information_sharing", _("information sharing")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    given = models.BooleanField(default=False)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [models.UniqueConstraint(fields=["client", "kind"], name="consent_once")]
