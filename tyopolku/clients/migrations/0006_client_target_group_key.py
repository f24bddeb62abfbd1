"""The clients' target group link table gets the organisation key: the plain many-to-many becomes an
explicit through model on the same table and columns (model state only, the database is
left as it is), then the key is added and copied from the client row."""

import django.db.models.deletion
from django.db import migrations, models

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0005_organisation_key"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ClientTargetGroup",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="clients.client"
                            ),
                        ),
                        (
                            "targetgroup",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="clients.targetgroup",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "clients_client_target_groups",
                        "unique_together": {("client", "targetgroup")},
                    },
                ),
                migrations.AlterField(
                    model_name="client",
                    name="target_groups",
                    field=models.ManyToManyField(
                        blank=True,
                        through="clients.ClientTargetGroup",
                        to="clients.targetgroup",
                        verbose_name="target groups",
                    ),
                ),
            ],
        ),
        *organisation_key_added(
            "clienttargetgroup",
            table="clients_client_target_groups",
            parent_table="clients_client",
            via="client_id",
        ),
    ]
