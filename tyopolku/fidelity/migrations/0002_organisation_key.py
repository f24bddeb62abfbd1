"""The organisation key on the rows that belong to a record of one organisation (ItemScore,
Action): added, copied from the parent row, then required."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("fidelity", "0001_initial"),
        ("accounts", "0004_organisation_key"),
    ]

    operations = [
        *organisation_key_added(
            "itemscore", table="fidelity_itemscore", parent_table="fidelity_review", via="review_id"
        ),
        *organisation_key_added(
            "action", table="fidelity_action", parent_table="fidelity_review", via="review_id"
        ),
    ]
