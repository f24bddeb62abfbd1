"""The THL evaluation export: the consent rule, no direct identifiers, stable pseudonyms."""

import csv
import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import ClientFactory, EmployerFactory
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.clients.models import Consent
from tyopolku.employers.models import ContactKind, ContactPurpose, EmployerContact
from tyopolku.pathway.models import Enrollment, Phase, PhaseChange, Visit, VisitKind
from tyopolku.placements.models import Placement
from tyopolku.reports.thl import COLUMNS

D = datetime.date
URL = "/exports/thl-evaluation"


def consent(client, recorded_by, on, given=True):
    Consent.objects.update_or_create(
        client=client,
        kind=Consent.Kind.THL_EVALUATION,
        defaults={"given": given, "recorded_on": on, "recorded_by": recorded_by},
    )


@pytest.fixture
def people(org, other_org, coach):
    """Aino consented 1.2.2026 and has an IPS path; Bertta consented 1.3.; Cecilia withdrew
    on 1.3.; Daniel gave the follow-up consent only; Eeva belongs to another organisation."""
    aino = ClientFactory(
        organization=org,
        first_name="Aino",
        last_name="Asiakas",
        phone="040 1234567",
        email="aino@example.fi",
        birth_date=D(1990, 5, 17),
    )
    bertta, cecilia, daniel = (ClientFactory(organization=org) for _ in range(3))
    eeva = ClientFactory(organization=other_org)
    consent(aino, coach, D(2026, 2, 1))
    consent(bertta, coach, D(2026, 3, 1))
    consent(cecilia, coach, D(2026, 3, 1), given=False)
    consent(eeva, coach, D(2026, 1, 1))
    Consent.objects.create(
        client=daniel, kind=Consent.Kind.THL_FOLLOW_UP, given=True, recorded_on=D(2026, 1, 1),
        recorded_by=coach,
    )
    old = Enrollment.objects.create(
        client=aino, service_model="work_activity", start_date=D(2024, 1, 1),
        end_date=D(2024, 6, 30), created_by=coach,
    )
    first = Enrollment.objects.create(
        client=aino, service_model="ips", start_date=D(2023, 3, 1), created_by=coach
    )
    for phase, day in [(Phase.INTAKE, D(2023, 3, 1)), (Phase.JOB_SEARCH, D(2023, 3, 20)),
                       (Phase.EMPLOYED, D(2023, 5, 2))]:
        PhaseChange.objects.create(
            enrollment=first, phase=phase, effective_date=day,
            reason=PhaseChange.Reason.MANUAL, recorded_by=coach,
        )
    for kind in [VisitKind.MEETING, VisitKind.MEETING, VisitKind.PHONE]:
        Visit.objects.create(
            enrollment=first, date=D(2023, 3, 5), kind=kind, duration_minutes=30,
            summary="Salainen yhteenveto", legal_basis="rehabilitative_work_activity",
            service_task="rehabilitative_work_activity", recorded_by=coach,
        )
    Visit.objects.create(
        enrollment=old, date=D(2024, 2, 5), kind=VisitKind.REMOTE, duration_minutes=30,
        summary="Toinen", legal_basis="rehabilitative_work_activity",
        service_task="rehabilitative_work_activity", recorded_by=coach,
    )
    employer = EmployerFactory(organization=org)
    for day, kind in [(D(2023, 3, 10), ContactKind.PHONE), (D(2023, 3, 15), ContactKind.VISIT)]:
        EmployerContact.objects.create(
            employer=employer, date=day, kind=kind, purpose=ContactPurpose.JOB_DEVELOPMENT,
            enrollment=first, made_by=coach,
        )
    for start, competitive in [(D(2023, 5, 2), False), (D(2023, 9, 1), True)]:
        Placement.objects.create(
            enrollment=first, employer=employer, job_title="Myyjä", start_date=start,
            hours_per_week=20, competitive=competitive, created_by=coach,
        )
    return {"aino": aino, "bertta": bertta, "cecilia": cecilia, "daniel": daniel, "eeva": eeva}


def export(api, on="2026-03-01", study="ips-pilot"):
    response = api.get(f"{URL}?on={on}&study={study}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    return text, list(csv.DictReader(io.StringIO(text)))


def test_it_exports_the_clients_whose_consent_is_in_force(people, supervisor, api_as):
    api = api_as(supervisor)

    assert len(export(api, on="2026-01-31")[1]) == 0
    assert len(export(api, on="2026-02-01")[1]) == 1  # Aino from the day it was recorded
    assert len(export(api, on="2026-03-01")[1]) == 2  # and Bertta; not Cecilia, Daniel, Eeva


def test_it_leaves_out_a_client_who_withdrew(people, supervisor, coach, api_as):
    consent(people["aino"], coach, D(2026, 3, 10), given=False)

    assert len(export(api_as(supervisor), on="2026-03-15")[1]) == 1


def test_it_writes_the_first_enrollment_without_identifiers(people, evaluator, api_as):
    text, rows = export(api_as(evaluator))

    aino = next(r for r in rows if r["service_model"])
    assert list(rows[0]) == COLUMNS
    assert aino | {"pseudonym": ""} == {
        "pseudonym": "",
        "birth_year": "1990",
        "service_model": "ips",
        "enrollment_start": "2023-03-01",
        "enrollment_end": "",
        "job_search_from": "2023-03-20",
        "employed_from": "2023-05-02",
        "ended_on": "",
        "visits_meeting": "2",
        "visits_phone": "1",
        "visits_network_meeting": "0",
        "visits_workplace": "0",
        "visits_remote": "0",
        "days_to_first_face_to_face_contact": "14",
        "first_placement_start": "2023-05-02",
        "competitive": "1",
        "placements": "2",
    }
    client = people["aino"]
    for secret in [client.first_name, client.last_name, client.personal_id, "040 1234567",
                   "aino@example.fi", "Salainen", "1990-05-17"]:
        assert secret not in text


def test_it_keeps_a_pseudonym_per_study(people, supervisor, api_as):
    api = api_as(supervisor)

    first = {r["pseudonym"] for r in export(api, study="a")[1]}
    again = {r["pseudonym"] for r in export(api, study="a")[1]}
    other = {r["pseudonym"] for r in export(api, study="b")[1]}

    assert first == again
    assert len(first) == 2
    assert first.isdisjoint(other)


def test_it_logs_each_exported_client(people, supervisor, api_as):
    export(api_as(supervisor))

    logged = AccessLogEntry.objects.filter(target="thl_export", action=AccessAction.EXPORT)
    assert sorted(logged.values_list("client_id", flat=True)) == sorted(
        [people["aino"].pk, people["bertta"].pk]
    )


def test_it_refuses_coaches(people, coach, api_as):
    response = api_as(coach).get(f"{URL}?on=2026-03-01&study=x")

    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(target="thl_export").exists()


@pytest.mark.parametrize(
    "query, field",
    [
        ("on=2026-02-30&study=a", "on"),
        ("on=2026-03-01&study=a%20b", "study"),
        ("on=2026-03-01", "study"),
    ],
)
def test_it_names_the_bad_parameter(supervisor, api_as, query, field):
    response = api_as(supervisor).get(f"{URL}?{query}")

    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_it_describes_every_column(evaluator, api_as):
    response = api_as(evaluator).get(f"{URL}/dictionary")

    assert [entry["column"] for entry in response.json()] == COLUMNS


def test_it_needs_a_pseudonym_key_in_production():
    env = {k: v for k, v in os.environ.items() if k != "THL_PSEUDONYM_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="tyopolku.settings", DEBUG="0", SECRET_KEY="x" * 50)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "THL_PSEUDONYM_KEY must be set" in result.stderr
