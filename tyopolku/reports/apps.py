from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tyopolku.reports"
    label = "reports"
