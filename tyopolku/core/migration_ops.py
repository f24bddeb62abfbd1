"""Migration operations that give a table the organisation key
(`tyopolku.core.models.OrganisationKeyed`). Applied migrations use them: a change here must
keep what they did."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.migrations.operations.base import Operation


def organisation_key_field(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="accounts.organization",
    )


def organisation_key_added(
    model_name: str, *, table: str, parent_table: str, via: str, null: bool = False
) -> list[Operation]:
    """Add `organization` to `model_name` (its table `table`), copy every row's key from its
    parent (`via`: the column pointing at a row of `parent_table`, which has the key) in one
    UPDATE, and then make the column NOT NULL unless `null`. The parent's key must be there
    already: its own migration runs first. Going back drops the column."""
    copy = (
        f'UPDATE "{table}" SET "organization_id" = '
        f'(SELECT parent."organization_id" FROM "{parent_table}" parent '
        f'WHERE parent."id" = "{table}"."{via}")'
    )
    operations: list[Operation] = [
        migrations.AddField(
            model_name=model_name, name="organization", field=organisation_key_field(null=True)
        ),
        migrations.RunSQL(copy, reverse_sql=migrations.RunSQL.noop),
    ]
    if not null:
        operations.append(
            migrations.AlterField(
                model_name=model_name,
                name="organization",
                field=organisation_key_field(null=False),
            )
        )
    return operations
