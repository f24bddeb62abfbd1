from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "tyopolku.clients"
    label = "clients"
