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


def link_table_keyed(
    *,
    model: str,
    table: str,
    parent: tuple[str, str],
    other: tuple[str, str],
    owner: str,
    field: str,
    field_def: models.ManyToManyField,
    parent_table: str,
) -> list[Operation]:
    """Give a plain many-to-many's link table the organisation key. The field gets an
    explicit through model `model` on the table and columns Django made for it (`parent` and
    `other`: each a column's field name and the model it points at) — model state only, the
    database is left as it is — and then the key is added and copied from the parent row."""
    key = parent[0]
    fields = [
        (
            "id",
            models.BigAutoField(
                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        *(
            (column, models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=to))
            for column, to in (parent, other)
        ),
    ]
    state = [
        migrations.CreateModel(
            name=model,
            fields=fields,
            options={"db_table": table, "unique_together": {(key, other[0])}},
        ),
        migrations.AlterField(model_name=owner, name=field, field=field_def),
    ]
    return [
        migrations.SeparateDatabaseAndState(state_operations=state),
        *organisation_key_added(
            model.lower(), table=table, parent_table=parent_table, via=f"{key}_id"
        ),
    ]
