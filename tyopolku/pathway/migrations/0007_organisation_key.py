"""The organisation key on the rows that belong to a record of one organisation (Enrollment,
PhaseChange, IntakeStep, Visit): added, copied from the parent row, then required."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("pathway", "0006_more_legal_bases"),
        ("accounts", "0004_organisation_key"),
    ]

    operations = [
        *organisation_key_added(
            "enrollment", table="pathway_enrollment", parent_table="clients_client", via="client_id"
        ),
        *organisation_key_added(
            "phasechange",
            table="pathway_phasechange",
            parent_table="pathway_enrollment",
            via="enrollment_id",
        ),
        *organisation_key_added(
            "intakestep",
            table="pathway_intakestep",
            parent_table="pathway_enrollment",
            via="enrollment_id",
        ),
        *organisation_key_added(
            "visit", table="pathway_visit", parent_table="pathway_enrollment", via="enrollment_id"
        ),
    ]
