"""Demo data of group work: the café team of Kahvila Kaisla and a renovation crew of Imatran
pajat with members from the demo clients, two customers' orders, the last two months' hours
and last month's invoices. Run by the demo builder after the clients and the register."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from tyopolku.demo import people
from tyopolku.demo.context import DemoContext
from tyopolku.subcontracting.models import InvoicingSetting, PayGroupWage, WageBudget
from tyopolku.subcontracting.services import (
    group_member_add,
    invoice_run,
    order_create,
    work_group_create,
    work_log_create,
)

# An example account of Finance Finland's guides: demo data only.
DEMO_IBAN = "FI2112345600000785"
GROUPS = (
    ("Kaislan kahvilatiimi", "cafe", people.KAHVILA_KAISLA, "24.00"),
    ("Imatran remppary", "renovation", people.IMATRAN_PAJAT, "32.50"),
)
HOURS = ("4", "6", "7.5", "5.5", "7")


def build_group_work(ctx: DemoContext) -> None:
    boss = ctx.users[people.SUPERVISOR]
    org = ctx.organization
    start = (ctx.today - relativedelta(months=3)).replace(day=1)
    InvoicingSetting.objects.create(
        organization=org,
        valid_from=start - relativedelta(years=1),
        iban=DEMO_IBAN,
        bic="NDEAFIHH",
        street_address="Pajakatu 1",
        postal_code="55100",
        post_office="Imatra",
    )
    PayGroupWage.objects.create(
        organization=org, pay_group="A", valid_from=start, hourly_wage=Decimal("11.80")
    )
    PayGroupWage.objects.create(
        organization=org,
        pay_group="A",
        valid_from=start + relativedelta(months=2),
        hourly_wage=Decimal("12.15"),
    )
    clients = [demo.client for demo in ctx.clients[:6]]
    for index, (name, service_type, unit_code, price) in enumerate(GROUPS):
        unit = ctx.units[unit_code]
        WageBudget.objects.create(
            organization=org, unit=unit, year=ctx.today.year, amount=Decimal("40000.00")
        )
        group = work_group_create(
            user=boss,
            unit_id=unit.pk,
            name=name,
            service_type=service_type,
            work_coach_id=ctx.users[people.WORK_COACH].pk,
            peer_instructor_id=ctx.users["vertainen"].pk,
        )
        members = [
            group_member_add(
                user=boss,
                group=group,
                client_id=client.pk,
                start_date=start,
                weekly_hours="25",
                pay_group="A",
            )
            for client in clients[index * 3 : index * 3 + 3]
        ]
        order = order_create(
            user=boss,
            customer_id=ctx.employers[index].pk,
            group_id=group.pk,
            service_type=service_type,
            hourly_price=price,
            start_date=start,
        )
        day = ctx.today - relativedelta(months=2)
        while day < ctx.today:
            if day.weekday() < 5:
                for member in members:
                    hours = HOURS[ctx.rng.randrange(len(HOURS))]
                    work_log_create(
                        user=boss, order=order, member_id=member.pk, date=day, hours=hours
                    )
            day += datetime.timedelta(days=1)
    last_month_end = ctx.today.replace(day=1) - datetime.timedelta(days=1)
    invoice_run(user=boss, period_start=last_month_end.replace(day=1), period_end=last_month_end)
