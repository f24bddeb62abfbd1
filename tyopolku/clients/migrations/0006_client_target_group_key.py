"""The clients' target groups link table gets the organisation key: the plain
many-to-many becomes an explicit through model on the same table and columns, then the key
is added and copied from the client row (tyopolku/core/migration_ops.py)."""

from django.db import migrations, models

from tyopolku.core.migration_ops import link_table_keyed


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0005_organisation_key"),
    ]

    operations = link_table_keyed(
        model="ClientTargetGroup",
        table="clients_client_target_groups",
        parent=("client", "clients.client"),
        other=("targetgroup", "clients.targetgroup"),
        owner="client",
        field="target_groups",
        field_def=models.ManyToManyField(
            blank=True,
            through="clients.ClientTargetGroup",
            to="clients.targetgroup",
            verbose_name="target groups",
        ),
        parent_table="clients_client",
    )
