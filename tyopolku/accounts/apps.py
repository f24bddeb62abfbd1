from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _refresh_admin_group(sender, **kwargs) -> None:
    """After migrations the administrators' group gets the permissions the code lists, so
    that an installation's existing group follows new models (dated settings) too. Django
    creates each app's permissions as its own signal is sent, so this runs for every app and
    the last one sees them all."""
    from tyopolku.accounts.services import organization_admin_group

    organization_admin_group()


class AccountsConfig(AppConfig):
    name = "tyopolku.accounts"
    label = "accounts"

    def ready(self) -> None:
        post_migrate.connect(_refresh_admin_group, dispatch_uid="tyopolku_admin_group")
