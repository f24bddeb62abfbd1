"""The team's fortnightly meeting schedule: the meetings it gives, Finnish holidays (moved to
the next working day or kept with a warning), moving and cancelling one meeting, lost
updates, the client-data guard, and who reads and keeps it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.pages_support import login
from tests.test_api_support import assert_error
from tyopolku.accounts.models import Unit
from tyopolku.audit.models import ChangeLogEntry
from tyopolku.workability.models import TeamMeetingChange, TeamMeetingSchedule
from tyopolku.workability.selectors import scheduled_meetings
from tyopolku.workability.services import team_meeting_change, team_schedule_save

# Thursdays every two weeks from 30 April 2026: 14 May 2026 is Ascension Day (helatorstai).
ASCENSION = {
    "starts_on": "2026-04-30",
    "weekday": 3,
    "time": "13:00",
    "interval_weeks": 2,
}
ON = datetime.date(2026, 4, 30)


def _schedule(user, unit, **values) -> TeamMeetingSchedule:
    data = {
        "starts_on": ON,
        "weekday": 3,
        "time": datetime.time(13, 0),
    } | values
    return team_schedule_save(user=user, unit_id=unit.pk, **data)


def _days(schedule, on=ON, count=4):
    meetings = scheduled_meetings(schedule, list(schedule.changes.all()), on=on, count=count)
    return [(m.date, m.cancelled) for m in meetings]


def test_it_gives_a_meeting_every_two_weeks_on_the_weekday(supervisor, unit):
    schedule = _schedule(supervisor, unit, weekday=2, starts_on=datetime.date(2026, 9, 1))
    meetings = scheduled_meetings(schedule, [], on=datetime.date(2026, 9, 1), count=3)

    assert [m.date for m in meetings] == [
        datetime.date(2026, 9, 2),
        datetime.date(2026, 9, 16),
        datetime.date(2026, 9, 30),
    ]
    assert {m.time for m in meetings} == {datetime.time(13, 0)}
    later = scheduled_meetings(schedule, [], on=datetime.date(2026, 9, 17), count=1)
    assert [m.date for m in later] == [datetime.date(2026, 9, 30)]


def test_it_stops_at_the_end_date(supervisor, unit):
    schedule = _schedule(
        supervisor,
        unit,
        weekday=2,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 9, 20),
    )
    meetings = scheduled_meetings(schedule, [], on=datetime.date(2026, 9, 1))
    assert [m.date for m in meetings] == [datetime.date(2026, 9, 2), datetime.date(2026, 9, 16)]


def test_it_moves_a_meeting_off_a_holiday_to_the_next_working_day(supervisor, unit):
    schedule = _schedule(supervisor, unit)
    (first, ascension, *_rest) = scheduled_meetings(schedule, [], on=ON)

    assert first.date == datetime.date(2026, 4, 30)
    assert ascension.original_date == datetime.date(2026, 5, 14)
    assert ascension.date == datetime.date(2026, 5, 15)
    assert ascension.shifted_from_holiday == "Ascension Day"
    assert ascension.warning == ""


def test_it_keeps_a_holiday_and_warns_when_told_to(supervisor, unit):
    schedule = _schedule(supervisor, unit, on_holiday="warn")
    ascension = scheduled_meetings(schedule, [], on=ON)[1]

    assert ascension.date == datetime.date(2026, 5, 14)
    assert ascension.shifted_from_holiday == ""
    assert ascension.warning == "Ascension Day"


def test_it_moves_and_cancels_one_meeting_and_restores_it(supervisor, unit):
    schedule = _schedule(supervisor, unit)
    team_meeting_change(
        user=supervisor,
        unit_id=unit.pk,
        original_date=datetime.date(2026, 4, 30),
        action="move",
        new_date=datetime.date(2026, 4, 29),
        new_time=datetime.time(9, 30),
        reason="Koulutuspäivä torstaina.",
    )
    team_meeting_change(
        user=supervisor,
        unit_id=unit.pk,
        original_date=datetime.date(2026, 5, 28),
        action="cancel",
    )
    changes = list(schedule.changes.all())
    meetings = scheduled_meetings(schedule, changes, on=datetime.date(2026, 4, 29), count=3)
    assert [(m.date, m.time, m.moved, m.cancelled) for m in meetings] == [
        (datetime.date(2026, 4, 29), datetime.time(9, 30), True, False),
        (datetime.date(2026, 5, 15), datetime.time(13, 0), False, False),
        (datetime.date(2026, 5, 28), datetime.time(13, 0), False, True),
    ]
    assert meetings[0].reason == "Koulutuspäivä torstaina."

    team_meeting_change(
        user=supervisor,
        unit_id=unit.pk,
        original_date=datetime.date(2026, 5, 28),
        action="restore",
    )
    assert not TeamMeetingChange.objects.filter(original_date=datetime.date(2026, 5, 28)).exists()
    assert ChangeLogEntry.objects.filter(object_type="team_meeting_schedule").count() == 4


def test_it_warns_of_a_meeting_moved_onto_a_holiday(supervisor, unit):
    schedule = _schedule(supervisor, unit)
    team_meeting_change(
        user=supervisor,
        unit_id=unit.pk,
        original_date=datetime.date(2026, 4, 30),
        action="move",
        new_date=datetime.date(2026, 5, 1),  # May Day
    )
    moved = scheduled_meetings(schedule, list(schedule.changes.all()), on=ON)[0]
    assert moved.date == datetime.date(2026, 5, 1)
    assert moved.warning == "May Day"


def test_it_sets_and_changes_the_schedule_through_the_api(api_as, supervisor, peer, unit):
    api = api_as(supervisor)
    response = api.put(f"/units/{unit.pk}/team-meeting-schedule", ASCENSION)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 1
    assert body["weekday"] == 3

    # Everyone may change it, as long as they saw the latest version.
    stale = api.put(f"/units/{unit.pk}/team-meeting-schedule", ASCENSION | {"weekday": 1})
    assert_error(stale, 409)
    changed = api.put(
        f"/units/{unit.pk}/team-meeting-schedule",
        ASCENSION | {"weekday": 1, "version": 1},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 2
    assert TeamMeetingSchedule.objects.get().weekday == 1

    # A peer instructor reads it (the schedule holds no client data) but may not change it.
    read = api_as(peer).get(f"/units/{unit.pk}/team-meeting-schedule")
    assert read.status_code == 200
    assert len(read.json()["upcoming"]) > 0
    assert_error(api_as(peer).put(f"/units/{unit.pk}/team-meeting-schedule", ASCENSION), 403)


def test_it_moves_a_meeting_through_the_api(api_as, supervisor, unit):
    _schedule(supervisor, unit, starts_on=datetime.date.today())
    api = api_as(supervisor)
    upcoming = api.get(f"/units/{unit.pk}/team-meeting-schedule").json()["upcoming"]
    first = upcoming[0]["original_date"]

    response = api.post(
        f"/units/{unit.pk}/team-meeting-schedule/changes",
        {"original_date": first, "action": "cancel", "reason": "Koulutus."},
    )
    assert response.status_code == 200, response.content
    assert response.json()["upcoming"][0]["cancelled"] is True

    wrong_day = (datetime.date.fromisoformat(first) + datetime.timedelta(days=1)).isoformat()
    refused = api.post(
        f"/units/{unit.pk}/team-meeting-schedule/changes",
        {"original_date": wrong_day, "action": "cancel"},
    )
    assert_error(refused, 422, "original_date")
    no_day = api.post(
        f"/units/{unit.pk}/team-meeting-schedule/changes",
        {"original_date": first, "action": "move"},
    )
    assert_error(no_day, 422, "new_date")


def test_it_keeps_client_data_out_of_the_schedule(api_as, supervisor, unit, client_record):
    api = api_as(supervisor)
    refused = api.put(
        f"/units/{unit.pk}/team-meeting-schedule",
        ASCENSION | {"place": "Aino Asiakkaan koti"},
    )
    assert_error(refused, 422, "place")
    assert not TeamMeetingSchedule.objects.exists()

    _schedule(supervisor, unit)
    refused = api.post(
        f"/units/{unit.pk}/team-meeting-schedule/changes",
        {"original_date": "2026-04-30", "action": "cancel", "reason": "Aino Asiakas sairas"},
    )
    assert_error(refused, 422, "reason")
    assert not TeamMeetingChange.objects.exists()


def test_it_refuses_a_bad_schedule_naming_the_field(api_as, supervisor, unit):
    api = api_as(supervisor)
    for change, field in (
        ({"weekday": 5}, "weekday"),
        ({"interval_weeks": 0}, "interval_weeks"),
        ({"ends_on": "2026-04-01"}, "ends_on"),
        ({"on_holiday": "ignore"}, "on_holiday"),
    ):
        assert_error(
            api.put(f"/units/{unit.pk}/team-meeting-schedule", ASCENSION | change), 422, field
        )
    assert not TeamMeetingSchedule.objects.exists()


@pytest.mark.parametrize("persona", ["peer", "expert"])
def test_it_shows_the_schedule_to_peers_without_client_data(
    client, request, supervisor, unit, client_record, persona
):
    _schedule(supervisor, unit, starts_on=datetime.date.today())
    login(client, request.getfixturevalue(persona))

    for page in (
        client.get(reverse("team_schedule", args=[unit.pk])),
        client.get(reverse("team_meeting_list")),
    ):
        assert page.status_code == 200
        html = page.content.decode()
        assert "13:00" in html
        assert client_record.last_name not in html
        assert "Move or cancel" not in html and "Save schedule" not in html
    assert client.post(reverse("team_schedule", args=[unit.pk]), {}).status_code == 403


def test_it_sets_the_schedule_and_cancels_a_meeting_on_the_page(client, coach, unit):
    login(client, coach)
    url = reverse("team_schedule", args=[unit.pk])
    empty = client.get(url).content.decode()
    assert "The unit has no team meeting schedule yet." in empty and "Set the schedule" in empty
    today = datetime.date.today()
    saved = client.post(
        url,
        {
            "starts_on": today.isoformat(),
            "weekday": str(min(today.weekday(), 4)),
            "time": "10:15",
            "interval_weeks": "2",
            "on_holiday": "warn",
        },
    )
    assert saved.status_code == 302, saved.content
    schedule = TeamMeetingSchedule.objects.get(unit=unit)
    first = scheduled_meetings(schedule, [], on=today)[0].original_date

    bad = client.post(
        reverse("team_meeting_change", args=[unit.pk]),
        {"original_date": first.isoformat(), "action": "move"},
    )
    assert bad.status_code == 422
    assert "Give the new day or time." in bad.content.decode()

    cancelled = client.post(
        reverse("team_meeting_change", args=[unit.pk]),
        {"original_date": first.isoformat(), "action": "cancel"},
    )
    assert cancelled.status_code == 302
    page = client.get(url).content.decode()
    assert "cancelled" in page
    # A stale version of the form is refused, not saved over the other change.
    stale = client.post(
        url,
        {
            "starts_on": today.isoformat(),
            "weekday": "0",
            "time": "10:15",
            "interval_weeks": "2",
            "on_holiday": "warn",
            "version": "7",
        },
    )
    assert stale.status_code == 422
    assert TeamMeetingSchedule.objects.get().weekday == min(today.weekday(), 4)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_lists_the_schedules_in_a_fixed_number_of_queries(client, supervisor, org, unit):
    login(client, supervisor)
    _schedule(supervisor, unit, starts_on=datetime.date.today())
    one = _queries(client, reverse("team_meeting_list"))
    one_unit = _queries(client, reverse("team_schedule", args=[unit.pk]))
    for n in range(4):
        other = Unit.objects.create(organization=org, code=f"u{n}", name=f"Yksikkö {n}")
        schedule = _schedule(supervisor, other, starts_on=datetime.date.today())
        first = scheduled_meetings(schedule, [], on=datetime.date.today())
        for meeting in (first[0], first[1]):
            team_meeting_change(
                user=supervisor,
                unit_id=other.pk,
                original_date=meeting.original_date,
                action="cancel",
            )
    assert _queries(client, reverse("team_meeting_list")) == one
    assert _queries(client, reverse("team_schedule", args=[other.pk])) == one_unit
