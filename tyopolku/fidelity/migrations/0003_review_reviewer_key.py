"""The fidelity reviews' reviewers link table gets the organisation key: the plain
many-to-many becomes an explicit through model on the same table and columns, then the key
is added and copied from the review row (tyopolku/core/migration_ops.py)."""

from django.conf import settings
from django.db import migrations, models

from tyopolku.core.migration_ops import link_table_keyed


class Migration(migrations.Migration):
    dependencies = [
        ("fidelity", "0002_organisation_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = link_table_keyed(
        model="ReviewReviewer",
        table="fidelity_review_reviewers",
        parent=("review", "fidelity.review"),
        other=("user", settings.AUTH_USER_MODEL),
        owner="review",
        field="reviewers",
        field_def=models.ManyToManyField(
            related_name="fidelity_reviews",
            through="fidelity.ReviewReviewer",
            to=settings.AUTH_USER_MODEL,
            verbose_name="reviewers",
        ),
        parent_table="fidelity_review",
    )
