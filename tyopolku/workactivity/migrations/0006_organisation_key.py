"""The organisation key on the rows that belong to a record of one organisation
(AgreementRevision, Goal, Review, GoalRating, Attendance, Screening): added, copied from the
parent row, then required."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("workactivity", "0005_work_share_tax_free"),
        ("accounts", "0004_organisation_key"),
    ]

    operations = [
        *organisation_key_added(
            "agreementrevision",
            table="workactivity_agreementrevision",
            parent_table="workactivity_agreement",
            via="agreement_id",
        ),
        *organisation_key_added(
            "goal",
            table="workactivity_goal",
            parent_table="workactivity_agreement",
            via="agreement_id",
        ),
        *organisation_key_added(
            "review",
            table="workactivity_review",
            parent_table="workactivity_agreement",
            via="agreement_id",
        ),
        *organisation_key_added(
            "goalrating",
            table="workactivity_goalrating",
            parent_table="workactivity_review",
            via="review_id",
        ),
        *organisation_key_added(
            "attendance",
            table="workactivity_attendance",
            parent_table="workactivity_agreement",
            via="agreement_id",
        ),
        *organisation_key_added(
            "screening",
            table="workactivity_screening",
            parent_table="workactivity_agreement",
            via="agreement_id",
        ),
    ]
