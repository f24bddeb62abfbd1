"""Builders of the team meeting schedule shared by its tests and the access policy: plain
functions (no tests)."""

import datetime

from tests.pages_support import days_ago
from tyopolku.core.dates import today
from tyopolku.workability.models import TeamMeetingSchedule
from tyopolku.workability.selectors import scheduled_meetings
from tyopolku.workability.services import team_schedule_save


def world_schedule(w) -> TeamMeetingSchedule:
    """The fortnightly Wednesday meeting of the world's unit (made once per world)."""
    existing = TeamMeetingSchedule.objects.filter(unit_id=w.enrollment.unit_id).first()
    if existing is not None:
        return existing
    return team_schedule_save(
        user=w.worker_link.user,
        unit_id=w.enrollment.unit_id,
        starts_on=days_ago(30),
        weekday=2,
        time=datetime.time(14, 0),
    )


def schedule_version(w) -> int | None:
    """The version of the world unit's schedule, None before it has one."""
    schedule = TeamMeetingSchedule.objects.filter(unit_id=w.enrollment.unit_id).first()
    return schedule.version if schedule else None


def next_scheduled_day(w) -> datetime.date:
    return scheduled_meetings(world_schedule(w), [], on=today())[0].original_date
