from django.apps import AppConfig


class WorkabilityConfig(AppConfig):
    name = "tyopolku.workability"
    verbose_name = "Work-ability support team"
