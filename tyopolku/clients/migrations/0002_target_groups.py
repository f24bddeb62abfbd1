"""The target groups of the Work Ability Programme (seed 003). Administrators may add more."""

from django.db import migrations

TARGET_GROUPS = [
    ("older_unemployed", "Ikääntyneet työttömät", "Äldre arbetslösa", "Older unemployed people"),
    ("young_without_education", "Nuoret ilman ammatillista koulutusta",
     "Unga utan yrkesutbildning", "Young people without vocational education"),
    ("disability", "Vammaiset henkilöt", "Personer med funktionsnedsättning", "People with disabilities"),
    ("immigrant_background", "Maahanmuuttajataustaiset", "Personer med invandrarbakgrund",
     "People with an immigrant background"),
    ("released_from_prison", "Vankilasta vapautuneet", "Personer frigivna från fängelse",
     "People released from prison"),
    ("denied_disability_pension", "Työkyvyttömyyseläkkeeltä hylätyt",
     "Personer som fått avslag på sjukpension", "People denied a disability pension"),
    ("outside_labour_force", "Työvoiman ulkopuolella olevat", "Personer utanför arbetskraften",
     "People outside the labour force"),
    ("partial_work_ability", "Osatyökykyiset", "Personer med partiell arbetsförmåga",
     "People with partial work ability"),
    ("long_term_unemployed", "Pitkäaikaistyöttömät", "Långtidsarbetslösa", "Long-term unemployed people"),
]


def add(apps, schema_editor):
    TargetGroup = apps.get_model("clients", "TargetGroup")
    for position, (code, fi, sv, en) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.get_or_create(
            code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
