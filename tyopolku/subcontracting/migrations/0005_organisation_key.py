"""The organisation key on the rows that belong to a record of one organisation (GroupMember,
CustomerBilling, WorkLog, InvoiceLine, FixedPriceCharge): added, copied from the parent row,
then required."""

from django.db import migrations

from tyopolku.core.migration_ops import organisation_key_added


class Migration(migrations.Migration):
    dependencies = [
        ("subcontracting", "0004_fixed_price_orders"),
        ("accounts", "0004_organisation_key"),
    ]

    operations = [
        *organisation_key_added(
            "groupmember",
            table="subcontracting_groupmember",
            parent_table="subcontracting_workgroup",
            via="group_id",
        ),
        *organisation_key_added(
            "customerbilling",
            table="subcontracting_customerbilling",
            parent_table="employers_employer",
            via="employer_id",
        ),
        *organisation_key_added(
            "worklog",
            table="subcontracting_worklog",
            parent_table="subcontracting_order",
            via="order_id",
        ),
        *organisation_key_added(
            "invoiceline",
            table="subcontracting_invoiceline",
            parent_table="subcontracting_invoice",
            via="invoice_id",
        ),
        *organisation_key_added(
            "fixedpricecharge",
            table="subcontracting_fixedpricecharge",
            parent_table="subcontracting_order",
            via="order_id",
        ),
    ]
