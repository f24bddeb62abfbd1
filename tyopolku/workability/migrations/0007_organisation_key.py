"""The organisation key on the rows that belong to a record of one organisation
(ServiceNeedAssessment, ClientPlan, PlanAction, NetworkMeeting, TeamMeetingChange): added,
copied from the parent row, then required."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("workability", "0006_team_meeting_schedule"),
        ("accounts", "0004_organisation_key"),
    ]

    operations = [
        *organisation_key_added(
            "serviceneedassessment",
            table="workability_serviceneedassessment",
            parent_table="clients_client",
            via="client_id",
        ),
        *organisation_key_added(
            "clientplan",
            table="workability_clientplan",
            parent_table="clients_client",
            via="client_id",
        ),
        *organisation_key_added(
            "planaction",
            table="workability_planaction",
            parent_table="workability_clientplan",
            via="plan_id",
        ),
        *organisation_key_added(
            "networkmeeting",
            table="workability_networkmeeting",
            parent_table="clients_client",
            via="client_id",
        ),
        *organisation_key_added(
            "teammeetingchange",
            table="workability_teammeetingchange",
            parent_table="workability_teammeetingschedule",
            via="schedule_id",
        ),
    ]
