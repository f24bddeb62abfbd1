"""Referral sources. TYP (Act 1369/2014) became TYM (Act 381/2023) on 1.1.2025; both stay
so that older referrals keep their source."""

from django.db import migrations

SOURCES = [
    ("typ", "TYP – työllistymistä edistävä monialainen yhteispalvelu",
     "TYP – sektorsövergripande samservice", "TYP – multi-sector joint service"),
    ("tym", "TYM – työllistymistä edistävä monialainen yhteistyö",
     "TYM – sektorsövergripande samarbete", "TYM – multi-sector cooperation"),
    ("employment_area", "Työllisyysalue / TE-palvelut", "Sysselsättningsområde / TE-tjänster",
     "Employment area / TE services"),
    ("kela", "Kela", "FPA", "Kela"),
    ("social_work", "Sosiaalityö", "Socialt arbete", "Social work"),
    ("disability_services", "Vammaispalvelut", "Handikappservice", "Disability services"),
    ("health_care", "Terveydenhuolto", "Hälso- och sjukvård", "Health care"),
    ("work_activity", "Kuntouttava työtoiminta", "Arbetsverksamhet i rehabiliteringssyfte",
     "Rehabilitative work activity"),
    ("self_referral", "Oma yhteydenotto", "Egen kontakt", "Self-referral"),
    ("other", "Muu", "Annan", "Other"),
]


def add(apps, schema_editor):
    ReferralSource = apps.get_model("pathway", "ReferralSource")
    for position, (code, fi, sv, en) in enumerate(SOURCES, start=1):
        ReferralSource.objects.get_or_create(
            code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("pathway", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
