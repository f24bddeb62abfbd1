"""Client relationships get a period (start and end, who and why) instead of one `since`
date, so that ending one keeps the history. Existing links start on their `since` day and
stay in force."""

import django.db.models.deletion
import tyopolku.core.dates
from django.conf import settings
from django.db import migrations, models


def start_on_since(apps, schema_editor):
    ClientWorker = apps.get_model("clients", "ClientWorker")
    ClientWorker.objects.update(start_date=models.F("since"))


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0002_target_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='clientworker',
            name='client_worker_once',
        ),
        migrations.RemoveField(
            model_name='client',
            name='workers',
        ),
        migrations.AddField(
            model_name='clientworker',
            name='end_date',
            field=models.DateField(blank=True, null=True, verbose_name='end date'),
        ),
        migrations.AddField(
            model_name='clientworker',
            name='end_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='reason for ending'),
        ),
        migrations.AddField(
            model_name='clientworker',
            name='ended_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='clientworker',
            name='start_date',
            field=models.DateField(default=tyopolku.core.dates.today, verbose_name='start date'),
        ),
        migrations.AddField(
            model_name='clientworker',
            name='started_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='clientworker',
            index=models.Index(fields=['user', 'end_date'], name='client_worker_user_end'),
        ),
        migrations.AddConstraint(
            model_name='clientworker',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True)), fields=('client', 'user'), name='client_worker_open_once'),
        ),
        migrations.AddConstraint(
            model_name='clientworker',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='client_worker_ends_after_start'),
        ),
        migrations.RunPython(start_on_since, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='clientworker',
            name='since',
        ),
    ]
