from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkActivityConfig(AppConfig):
    name = "tyopolku.workactivity"
    label = "workactivity"
    verbose_name = _("Work activity")
