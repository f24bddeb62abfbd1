from django import template

from tyopolku.fidelity.access import can_read

register = template.Library()


@register.filter
def reads_fidelity(user) -> bool:
    """The navigation shows fidelity reviews to the roles that may read them."""
    return can_read(user)
