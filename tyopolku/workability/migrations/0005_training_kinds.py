"""The trainings in supported-employment methods a unit's workers take (a code list the
administrators keep)."""

from django.db import migrations

TRAININGS = [
    ("ips_basics", "IPS-perustaidot", "IPS-grunderna", "IPS basics"),
    ("job_development", "Työpaikkojen kehittäminen", "Arbetsplatsutveckling", "Job development"),
    ("benefits_counselling", "Etuusneuvonta", "Förmånsrådgivning", "Benefits counselling"),
    ("motivational_interviewing", "Motivoiva haastattelu", "Motiverande samtal",
     "Motivational interviewing"),
    ("supported_employment", "Tuettu työllistyminen (SE)", "Arbete med stöd (SE)",
     "Supported employment (SE)"),
    ("ips_fidelity", "IPS-menetelmäuskollisuuden arviointi", "Bedömning av IPS-trohet",
     "IPS fidelity review"),
    ("follow_along", "Työhönvalmennuksen jälkiseuranta",
     "Uppföljning efter anställning", "Follow-along support"),
]


def add(apps, schema_editor):
    TrainingKind = apps.get_model("workability", "TrainingKind")
    for position, (code, fi, sv, en) in enumerate(TRAININGS, start=1):
        TrainingKind.objects.get_or_create(
            code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("workability", "0004_staff_trainings_and_feedback")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
