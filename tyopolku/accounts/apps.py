from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tyopolku.accounts"
    label = "accounts"
