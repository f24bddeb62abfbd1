"""The team meetings' attendees link table gets the organisation key: the plain
many-to-many becomes an explicit through model on the same table and columns, then the key
is added and copied from the meeting row (tyopolku/core/migration_ops.py)."""

from django.conf import settings
from django.db import migrations, models

from tyopolku.core.migration_ops import link_table_keyed


class Migration(migrations.Migration):
    dependencies = [
        ("workability", "0007_organisation_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = link_table_keyed(
        model="TeamMeetingAttendee",
        table="workability_teammeeting_attendees",
        parent=("teammeeting", "workability.teammeeting"),
        other=("user", settings.AUTH_USER_MODEL),
        owner="teammeeting",
        field="attendees",
        field_def=models.ManyToManyField(
            blank=True,
            related_name="team_meetings",
            through="workability.TeamMeetingAttendee",
            to=settings.AUTH_USER_MODEL,
        ),
        parent_table="workability_teammeeting",
    )
