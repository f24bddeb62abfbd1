from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "tyopolku.employers"
    label = "employers"
