"""The general VAT rate of Finland: 24 % from 1.1.2013, 25.5 % from 1.9.2024 (the VAT Act
1501/1993, § 84). A new rate is a new row."""

import datetime
from decimal import Decimal

from django.db import migrations

RATES = [
    (datetime.date(2013, 1, 1), Decimal("24.0"), "Arvonlisäverolaki 1501/1993, 84 §"),
    (datetime.date(2024, 9, 1), Decimal("25.5"), "Arvonlisäverolaki 1501/1993, 84 §"),
]


def add_rates(apps, schema_editor):
    VatRate = apps.get_model("subcontracting", "VatRate")
    for valid_from, percent, source in RATES:
        VatRate.objects.get_or_create(
            valid_from=valid_from, defaults={"percent": percent, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("subcontracting", "0001_group_work_and_invoices")]

    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
