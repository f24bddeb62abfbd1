"""`{% coach_change_form enrollment %}`: the enrollment page's "change coach" form, shown to
supervisors and administrators while the enrollment is open."""

from django import template

from tyopolku.accounts.roles import SEES_ALL_CLIENTS
from tyopolku.pathway.forms import CoachChangeForm

register = template.Library()


@register.inclusion_tag("pathway/_coach_form.html", takes_context=True)
def coach_change_form(context, enrollment) -> dict:
    user = context["user"]
    if user.role not in SEES_ALL_CLIENTS or enrollment.end_date is not None:
        return {"form": None}
    form = context.get("coach_form") or CoachChangeForm(
        user=user, initial={"coach_id": enrollment.coach_id}
    )
    return {"form": form, "enrollment": enrollment}
