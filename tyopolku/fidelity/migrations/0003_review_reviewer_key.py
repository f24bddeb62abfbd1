"""The fidelity reviews' reviewers link table gets the organisation key: the plain many-to-many becomes an
explicit through model on the same table and columns (model state only, the database is
left as it is), then the key is added and copied from the review row."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("fidelity", "0002_organisation_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReviewReviewer",
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
                            "review",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="fidelity.review"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "fidelity_review_reviewers",
                        "unique_together": {("review", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="review",
                    name="reviewers",
                    field=models.ManyToManyField(
                        related_name="fidelity_reviews",
                        through="fidelity.ReviewReviewer",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewers",
                    ),
                ),
            ],
        ),
        *organisation_key_added(
            "reviewreviewer",
            table="fidelity_review_reviewers",
            parent_table="fidelity_review",
            via="review_id",
        ),
    ]
