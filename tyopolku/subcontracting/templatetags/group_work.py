from django import template

from tyopolku.subcontracting.access import can_invoice, can_run_groups

register = template.Library()


@register.filter
def runs_group_work(user) -> bool:
    """The navigation shows group work to the roles that keep it."""
    return can_run_groups(user)


@register.filter
def handles_invoices(user) -> bool:
    return can_invoice(user)
