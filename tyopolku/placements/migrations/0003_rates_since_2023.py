"""The pay subsidy and work trial figures in force since 1.7.2023 (DOMAIN.md §9)."""

import datetime
from decimal import Decimal

from django.db import migrations

IN_FORCE_FROM = datetime.date(2023, 7, 1)

PAY_SUBSIDY_RATES = [
    # percent, € a month at most, grounds, working time % at most, months at most, block years
    (50, Decimal("1260.00"), "skills_gap", None, None, 3),
    # The reduced-work-ability subsidy may be granted again to the same employer.
    (70, Decimal("1770.00"), "reduced_work_ability", None, None, None),
    (100, Decimal("2020.00"), "non_business_work", 65, 12, 3),
]


def seed(apps, schema_editor):
    PaySubsidyRate = apps.get_model("placements", "PaySubsidyRate")
    WorkTrialRule = apps.get_model("placements", "WorkTrialRule")
    for percent, max_eur, reason, working_time, months, block in PAY_SUBSIDY_RATES:
        PaySubsidyRate.objects.get_or_create(
            percent=percent,
            valid_from=IN_FORCE_FROM,
            defaults={
                "max_monthly_eur": max_eur,
                "reason": reason,
                "max_working_time_percent": working_time,
                "max_months": months,
                "same_employer_block_years": block,
            },
        )
    # The model's defaults are the figures in force: 12 months in total, 6 with one
    # organiser, 1–5 days a week, 4–8 hours a day, 9 € a day.
    WorkTrialRule.objects.get_or_create(valid_from=IN_FORCE_FROM)


def unseed(apps, schema_editor):
    apps.get_model("placements", "PaySubsidyRate").objects.filter(
        valid_from=IN_FORCE_FROM
    ).delete()
    apps.get_model("placements", "WorkTrialRule").objects.filter(
        valid_from=IN_FORCE_FROM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("placements", "0002_rules_and_placement_details")]

    operations = [migrations.RunPython(seed, unseed)]
