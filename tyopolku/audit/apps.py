from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tyopolku.audit"
    label = "audit"
