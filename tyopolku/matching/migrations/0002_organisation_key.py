"""The organisation key on the rows that belong to a record of one organisation
(JobPreference): added, copied from the parent row, then required."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("accounts", "0004_organisation_key"),
        ("pathway", "0007_organisation_key"),
    ]

    operations = [
        *organisation_key_added(
            "jobpreference",
            table="matching_jobpreference",
            parent_table="pathway_enrollment",
            via="enrollment_id",
        ),
    ]
