"""The team meetings' attendees link table gets the organisation key: the plain many-to-many becomes an
explicit through model on the same table and columns (model state only, the database is
left as it is), then the key is added and copied from the meeting row."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("workability", "0007_organisation_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TeamMeetingAttendee",
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
                            "teammeeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="workability.teammeeting",
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
                        "db_table": "workability_teammeeting_attendees",
                        "unique_together": {("teammeeting", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="teammeeting",
                    name="attendees",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="team_meetings",
                        through="workability.TeamMeetingAttendee",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        *organisation_key_added(
            "teammeetingattendee",
            table="workability_teammeeting_attendees",
            parent_table="workability_teammeeting",
            via="teammeeting_id",
        ),
    ]
