"""The organisation key on the rows that belong to a record of one organisation (ClientWorker,
Consent): added, copied from the parent row, then required."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0004_case_manager_link"),
        ("accounts", "0004_organisation_key"),
    ]

    operations = [
        *organisation_key_added(
            "clientworker",
            table="clients_clientworker",
            parent_table="clients_client",
            via="client_id",
        ),
        *organisation_key_added(
            "consent", table="clients_consent", parent_table="clients_client", via="client_id"
        ),
    ]
