"""`{% enrollment_placements enrollment %}`: the placements section of the enrollment page,
for an enrollment fetched through `enrollment_get` (which logged the read)."""

from django import template

from tyopolku.placements.selectors import placement_list, placement_summaries

register = template.Library()


@register.inclusion_tag("placements/_enrollment_placements.html")
def enrollment_placements(enrollment) -> dict:
    summaries = placement_summaries(
        list(placement_list(enrollment=enrollment)), client_id=enrollment.client_id
    )
    return {"enrollment": enrollment, "summaries": summaries}
