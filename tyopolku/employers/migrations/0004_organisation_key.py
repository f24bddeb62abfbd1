"""The organisation key on the rows that belong to a record of one organisation (ContactPerson,
EmployerContact, Opening): added, copied from the parent row, then required."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0003_contact_made_by_date"),
        ("accounts", "0004_organisation_key"),
    ]

    operations = [
        *organisation_key_added(
            "contactperson",
            table="employers_contactperson",
            parent_table="employers_employer",
            via="employer_id",
        ),
        *organisation_key_added(
            "employercontact",
            table="employers_employercontact",
            parent_table="employers_employer",
            via="employer_id",
        ),
        *organisation_key_added(
            "opening",
            table="employers_opening",
            parent_table="employers_employer",
            via="employer_id",
        ),
    ]
