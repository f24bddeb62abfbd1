import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from stdnum.fi import hetu, ytunnus

from tests.test_organisation_key import keyed_models, organisation_keys
from tests.test_subcontracting_support import vat_rates_ensure
from tyopolku.accounts.models import Organization, Unit, User
from tyopolku.accounts.roles import Role
from tyopolku.audit import partitions
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.clients.models import Client, ClientWorker, Consent
from tyopolku.core.dates import today
from tyopolku.demo import people, rows
from tyopolku.demo.generator import generate
from tyopolku.employers.models import ContactPerson, Employer, EmployerContact, Opening
from tyopolku.fidelity.models import Review
from tyopolku.matching.models import JobPreference
from tyopolku.pathway.models import Enrollment, Phase, PhaseChange, ServiceModel, Visit
from tyopolku.pathway.rules import phase_on, visit_basis
from tyopolku.pathway.selectors import model_settings
from tyopolku.placements.models import Placement, PlacementKind
from tyopolku.subcontracting.models import Invoice
from tyopolku.workactivity.models import Attendance, RehabilitativeWorkActivityRule

SMALL = {"organisations": 2, "clients": 40, "years": 2}


def shared_rows_ensure() -> None:
    """The shared code lists the migrations add and the generator reads (the VAT rates,
    the work activity limits): a transactional test on PostgreSQL may have flushed them."""
    vat_rates_ensure()
    RehabilitativeWorkActivityRule.objects.get_or_create(valid_from=datetime.date(2001, 9, 1))


@pytest.fixture(autouse=True)
def shared_rows(request) -> None:
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        shared_rows_ensure()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_data", *args, "--no-progress", stdout=out)
    return out.getvalue()


@pytest.fixture
def generated(db) -> str:
    return run("--organisations", "2", "--clients", "40", "--years", "2", "--seed", "7")


def test_it_makes_the_organisations_with_the_clients_split_evenly(generated):
    assert list(Organization.objects.order_by("code").values_list("code", flat=True)) == [
        "GEN01",
        "GEN02",
    ]
    per_org = Counter(Client.objects.values_list("organization__code", flat=True))
    assert per_org == {"GEN01": 20, "GEN02": 20}
    assert "Organisations: GEN01, GEN02" in generated
    assert "clients: 40" in generated
    visits = Visit.objects.count()
    assert f"visits: {visits:,}".replace(",", " ") in generated


def test_it_gives_an_odd_client_to_the_first_organisation(db):
    run("--organisations", "2", "--clients", "41", "--years", "1")
    per_org = Counter(Client.objects.values_list("organization__code", flat=True))
    assert per_org == {"GEN01": 21, "GEN02": 20}


def test_it_covers_every_service_model_and_several_phases(generated):
    for code in ("GEN01", "GEN02"):
        models = set(
            Enrollment.objects.filter(client__organization__code=code).values_list(
                "service_model", flat=True
            )
        )
        assert models == set(ServiceModel.values)
    phases = Counter()
    for enrollment in Enrollment.objects.prefetch_related("phase_changes"):
        phases[phase_on(list(enrollment.phase_changes.all()), today()).phase] += 1
    assert len(phases) >= 3
    assert Enrollment.objects.filter(end_date__isnull=False).exists()
    assert Enrollment.objects.filter(end_date__isnull=True).exists()


def test_it_makes_staff_register_and_history(generated):
    org = Organization.objects.get(code="GEN01")
    assert Unit.objects.filter(organization=org).exists()
    roles = Counter(User.objects.filter(organization=org).values_list("role", flat=True))
    assert roles[Role.JOB_COACH] >= 1 and roles[Role.SUPERVISOR] >= 1
    assert roles[Role.TYP_OFFICER] >= 1 and roles[Role.ADMIN] == 1
    assert ContactPerson.objects.filter(employer__organization=org).exists()
    for employer in Employer.objects.all():
        assert ytunnus.is_valid(employer.business_id)
    assert Opening.objects.exists() or Employer.objects.count() < 20
    assert EmployerContact.objects.filter(employer__organization=org).exists()
    assert Placement.objects.filter(competitive=True).exists()
    assert Placement.objects.filter(end_date__isnull=False).exists()
    assert Placement.objects.filter(kind=PlacementKind.EMPLOYMENT).exists()
    assert Consent.objects.filter(kind=Consent.Kind.THL_EVALUATION, given=True).exists()
    assert Review.objects.filter(organization=org, status="complete").exists()
    assert ClientWorker.objects.filter(kind=ClientWorker.Kind.COACH).exists()
    preference = JobPreference.objects.first()
    assert preference.industry_codes and preference.match_index.strip()


def test_it_gives_synthetic_temporary_identity_codes_and_demo_names(generated):
    for client in Client.objects.exclude(personal_id=None):
        assert hetu.is_valid(client.personal_id, allow_temporary=True)
        assert client.has_temporary_personal_id  # 900–999: never a real person's code
    names = set(Client.objects.values_list("first_name", "last_name"))
    for first, last in names:
        assert first in people.CLIENT_FIRST_NAMES and last in people.CLIENT_LAST_NAMES


def test_it_gives_every_visit_the_legal_basis_the_rule_computes(generated):
    assert Visit.objects.count() > 200
    for enrollment in Enrollment.objects.select_related("client").prefetch_related(
        "phase_changes", "visits"
    ):
        changes = list(enrollment.phase_changes.all())
        months = model_settings(enrollment).follow_along_months
        for visit in enrollment.visits.all():
            basis = visit_basis(
                service_model=enrollment.service_model,
                start_date=enrollment.start_date,
                changes=changes,
                day=visit.date,
                follow_along_months=months,
            )
            assert (visit.legal_basis, visit.service_task) == (
                basis.legal_basis,
                basis.service_task,
            )
            assert visit.basis_problem == ""
            assert visit.service_unit_id == enrollment.unit_id


def test_it_gives_every_generated_row_the_organisation_of_its_parent(generated):
    """The COPY rows carry the key the ORM would copy (tyopolku.core.models)."""
    written = {}
    for model in keyed_models():
        keys = organisation_keys(model)
        assert [own for own, parent in keys if own != parent] == [], model
        written[model._meta.label] = len(keys)
    for label in (
        "clients.ClientWorker",
        "clients.Consent",
        "pathway.Enrollment",
        "pathway.PhaseChange",
        "pathway.IntakeStep",
        "pathway.Visit",
        "employers.ContactPerson",
        "employers.EmployerContact",
        "matching.JobPreference",
        "placements.Placement",
        "fidelity.ItemScore",
    ):
        assert written[label] > 0, label


def test_it_writes_the_access_log_of_that_use(generated):
    visits = Visit.objects.count()
    created = AccessLogEntry.objects.filter(action=AccessAction.CREATE)
    assert created.filter(target="visit").count() == visits
    assert created.filter(target="client").count() == Client.objects.count()
    assert created.filter(target="enrollment").count() == Enrollment.objects.count()
    first = AccessLogEntry.objects.order_by("at").first()
    assert first.at.date() < today()


def _snapshot() -> dict:
    return {
        "clients": list(
            Client.objects.order_by("organization__code", "pk").values_list(
                "first_name", "last_name", "personal_id", "birth_date", "municipality_code"
            )
        ),
        "phases": list(
            PhaseChange.objects.order_by(
                "enrollment__client__pk", "effective_date", "pk"
            ).values_list("phase", "effective_date", "reason")
        ),
        "visits": list(
            Visit.objects.order_by("enrollment__client__pk", "date").values_list(
                "date", "kind", "duration_minutes", "legal_basis", "summary"
            )
        ),
        "contacts": EmployerContact.objects.count(),
        "invoices": list(
            Invoice.objects.order_by("organization__code", "number").values_list(
                "number", "invoice_date", "buyer_name", "total"
            )
        ),
        "attendance": list(
            Attendance.objects.order_by("agreement__client__pk", "date").values_list(
                "date", "status", "portion"
            )
        ),
        "log": AccessLogEntry.objects.count(),
    }


def test_it_makes_the_same_data_from_the_same_seed(db):
    snapshots, summaries = [], []
    for seed in (3, 3, 4):
        with transaction.atomic():
            summary = generate(**SMALL, seed=seed)
            snapshots.append(_snapshot())
            summaries.append(summary.lines()[:-1])  # all but the time taken
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert summaries[0] == summaries[1]
    assert snapshots[0] != snapshots[2]


def test_it_refuses_a_database_with_other_organisations(org):
    with pytest.raises(CommandError, match="holds organisations already.*--force"):
        run("--organisations", "1", "--clients", "10", "--years", "1")
    assert not Organization.objects.filter(code__startswith="GEN").exists()
    assert "Organisations: GEN01" in run(
        "--organisations", "1", "--clients", "10", "--years", "1", "--force"
    )
    assert not Client.objects.filter(organization=org).exists()  # its own data untouched


def test_it_refuses_codes_that_exist(generated):
    with pytest.raises(CommandError, match="GEN01, GEN02 exist already"):
        run("--organisations", "2", "--clients", "10", "--years", "1", "--force")


def test_it_refuses_nonsense_sizes(db):
    with pytest.raises(CommandError):
        run("--organisations", "3", "--clients", "2", "--years", "1")


def test_it_makes_pages_a_generated_coach_can_use(generated, client):
    coach = (
        User.objects.filter(role=Role.JOB_COACH, coached_enrollments__end_date=None)
        .order_by("username")
        .first()
    )
    client.force_login(coach)
    response = client.get("/")
    assert response.status_code == 200
    enrollment = Enrollment.objects.filter(coach=coach, end_date=None).first()
    assert enrollment.client.last_name in response.content.decode()
    assert client.get(f"/clients/{enrollment.client_id}/").status_code == 200
    assert client.get(f"/enrollments/{enrollment.pk}/").status_code == 200
    assert client.get("/employers/").status_code == 200


def test_it_makes_a_supervisor_front_page_that_loads(generated, client):
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("username").first()
    client.force_login(supervisor)
    assert client.get("/").status_code == 200
    assert client.get("/dashboard/").status_code == 200


def test_it_keeps_phase_changes_in_order_with_the_enrollment_end(generated):
    for enrollment in Enrollment.objects.exclude(end_date=None).prefetch_related("phase_changes"):
        changes = sorted(enrollment.phase_changes.all(), key=lambda c: c.effective_date)
        assert changes[-1].phase == Phase.ENDED
        assert all(c.effective_date <= enrollment.end_date for c in changes[:-1])
        last_visit = enrollment.visits.order_by("-date").first()
        assert last_visit is None or last_visit.date <= enrollment.end_date


def test_it_hands_a_failed_write_to_the_caller(db):
    writer = rows.Writer()
    # A text where the table wants a number: the database refuses the chunk.
    chunk = [(Organization, ("code", "name", "id"), [("x", "y", "not a number")])]
    with pytest.raises(Exception):  # noqa: B017, PT011 - the backend's own error type
        writer.submit(chunk)
        writer.wait()
    writer.wait()  # the error is handed over once


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the access log is partitioned on PostgreSQL only"
)
def test_it_puts_the_access_log_in_its_months_and_keeps_the_indexes(generated):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{partitions.DEFAULT_PARTITION}"')
        assert cursor.fetchone()[0] == 0
        oldest = partitions.oldest_entry_day(connection)
        assert partitions.partition_name(oldest.replace(day=1)) in partitions.partitions(connection)
        # Every index of the log is whole again: valid, and on every partition too.
        cursor.execute(
            "SELECT count(*) FROM pg_index x JOIN pg_inherits i ON i.inhrelid = x.indrelid "
            "WHERE i.inhparent = %s::regclass AND NOT x.indisvalid",
            [partitions.TABLE],
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM pg_index WHERE indrelid = %s::regclass AND NOT indisvalid",
            [partitions.TABLE],
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE tablename = %s",
            [partitions.partition_name(oldest.replace(day=1))],
        )
        assert cursor.fetchone()[0] == 6  # the primary key and the five secondary indexes
