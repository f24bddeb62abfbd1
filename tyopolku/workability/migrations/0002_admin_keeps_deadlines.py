from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "view_assessmentdeadlinesetting",
    "add_assessmentdeadlinesetting",
    "change_assessmentdeadlinesetting",
]


def grant_deadline_admin(apps, schema_editor):
    """Existing organisation administrators keep the assessment deadlines (a new database
    gets the permissions with its first administrator, accounts/services.py)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Organisation administrators").first()
    if group is None:
        return
    app_config = apps.get_app_config("workability")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="workability", codename__in=PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workability", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_deadline_admin, migrations.RunPython.noop)]
