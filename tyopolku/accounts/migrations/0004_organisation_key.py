"""The organisation key on the rows that belong to a record of one organisation (ApiToken):
added and copied from the parent row. Nullable: a superuser without an organisation may hold
a token."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_case_manager_role"),
    ]

    operations = [
        *organisation_key_added(
            "apitoken",
            table="accounts_apitoken",
            parent_table="accounts_user",
            via="user_id",
            null=True,
        ),
    ]
