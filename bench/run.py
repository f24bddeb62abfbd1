"""Time the hot reads at two caseload sizes and print a small table.

    .venv/bin/python bench/run.py [--sizes 50 500] [--runs 7]

Each organisation also gets an employer register of 5 000 employers, 20 000 employer
contacts and 500 openings, for the register's pages and the matching suggestions.

Without DATABASE_URL it uses a throwaway SQLite file (/tmp/tyopolku-bench.sqlite3, recreated
on every run). With DATABASE_URL it creates and afterwards drops a separate database named
after it with the suffix `_bench`, so the database in the URL itself is never touched.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = Path("/tmp/tyopolku-bench.sqlite3")

sys.path.insert(0, str(ROOT))
OWN_SQLITE = "DATABASE_URL" not in os.environ
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_FILE}")
os.environ["DJANGO_SETTINGS_MODULE"] = "tyopolku.settings"
# whitenoise warns when collectstatic has not run; the pages render without it.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from tyopolku.accounts.models import User  # noqa: E402
from tyopolku.accounts.roles import Role  # noqa: E402
from tyopolku.accounts.services import (  # noqa: E402
    api_token_create,
    organization_ensure,
    unit_ensure,
    user_create,
)
from tyopolku.clients.identity import synthetic_personal_id  # noqa: E402
from tyopolku.clients.models import Client, ClientWorker  # noqa: E402
from tyopolku.clients.selectors import client_list  # noqa: E402
from tyopolku.core.dates import today  # noqa: E402
from tyopolku.demo.employers import demo_business_ids  # noqa: E402
from tyopolku.employers.models import (  # noqa: E402
    ContactKind,
    ContactPerson,
    ContactPurpose,
    Employer,
    EmployerContact,
    Opening,
)
from tyopolku.matching.selectors import suggestions_for  # noqa: E402
from tyopolku.matching.services import preference_set  # noqa: E402
from tyopolku.pathway.intake import INTAKE_STEPS  # noqa: E402
from tyopolku.pathway.models import (  # noqa: E402
    Enrollment,
    IntakeStep,
    Phase,
    PhaseChange,
    ServiceModel,
    Visit,
    VisitKind,
)
from tyopolku.pathway.rules import visit_basis  # noqa: E402
from tyopolku.pathway.selectors import caseload  # noqa: E402

CLIENTS_PER_COACH = 15
VISITS_PER_ENROLLMENT = 10
# Where an enrollment is today, by client number: a quarter in each phase.
PHASES = (Phase.INTAKE, Phase.JOB_SEARCH, Phase.EMPLOYED, Phase.ENDED)

# The employer register of a big organisation, the same at every caseload size.
EMPLOYERS = 5_000
CONTACTS = 20_000
OPENINGS = 500
# Most employers have a few contacts; the first ones are the team's regulars (100 each).
CONTACTS_PER_EMPLOYER = 3
REGULARS = (CONTACTS - EMPLOYERS * CONTACTS_PER_EMPLOYER) // 100
CONTACT_DAYS = 730  # contacts spread over two years
NAME_STEMS = (
    "Kauppa",
    "Kahvila",
    "Siivous",
    "Rakennus",
    "Kuljetus",
    "Hoiva",
    "Metalli",
    "Puutarha",
)
FIELDS = ("47111", "56101", "81210", "43990", "49410", "87300", "25110", "81300")
MUNICIPALITIES = ("405", "153", "416", "441", "580", "689", "700", "739", "831", "091")
TITLES = ("myyjä", "kokki", "siivooja", "rakennusapulainen", "kuljettaja", "hoitaja")
SEARCH = "kauppa lappeenranta"  # 125 of the 5 000 employers


@dataclass
class Dataset:
    size: int
    supervisor: User
    token: str
    coach: User  # the coach of `enrollment`, a client in job search with preferences
    coach_token: str
    enrollment: Enrollment
    busy_employer: Employer  # 100 contacts: two pages of history


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _phase_changes(enrollment: Enrollment, phase: Phase, user: User) -> list[PhaseChange]:
    """The changes that bring a 200-day-old enrollment to `phase` today."""
    start = enrollment.start_date
    steps = [(Phase.INTAKE, start, PhaseChange.Reason.ENROLLED)]
    if phase != Phase.INTAKE:
        steps.append((Phase.JOB_SEARCH, start + _days(30), PhaseChange.Reason.INTAKE_COMPLETE))
    if phase in (Phase.EMPLOYED, Phase.ENDED):
        steps.append((Phase.EMPLOYED, today() - _days(40), PhaseChange.Reason.EMPLOYMENT_STARTED))
    if phase == Phase.ENDED:
        steps.append((Phase.ENDED, today() - _days(5), PhaseChange.Reason.ENROLLMENT_ENDED))
    return [
        PhaseChange(
            enrollment=enrollment, phase=p, effective_date=d, reason=reason, recorded_by=user
        )
        for p, d, reason in steps
    ]


def _visits(enrollment: Enrollment, changes: list[PhaseChange], user: User) -> list[Visit]:
    """Visits every two weeks back from yesterday, with the legal basis from the rule."""
    visits = []
    for n in range(VISITS_PER_ENROLLMENT):
        day = today() - _days(10 + 14 * n)
        basis = visit_basis(
            start_date=enrollment.start_date, changes=changes, day=day, follow_along_months=3
        )
        visits.append(
            Visit(
                enrollment=enrollment,
                date=day,
                kind=VisitKind.values[n % len(VisitKind.values)],
                duration_minutes=45,
                summary="Tapaaminen.",
                legal_basis=basis.legal_basis,
                service_task=basis.service_task,
                service_unit=enrollment.unit,
                recorded_by=user,
            )
        )
    return visits


def build(size: int) -> Dataset:
    """An organisation with `size` IPS clients, their coaches, enrollments and visits,
    inserted in bulk (the services would take minutes at 500)."""
    organization, _ = organization_ensure(code=f"bench{size}", name=f"Bench {size}")
    unit, _ = unit_ensure(organization=organization, code="paja", name="Paja")

    def staff(username: str, role: Role) -> User:
        return user_create(
            username=f"{username}-{size}", organization=organization, role=role, unit=unit
        )

    supervisor = staff("supervisor", Role.SUPERVISOR)
    coaches = [staff(f"coach{i}", Role.JOB_COACH) for i in range(max(1, size // CLIENTS_PER_COACH))]
    birth = datetime.date(1960, 1, 1)
    clients = Client.objects.bulk_create(
        Client(
            organization=organization,
            first_name=f"Etu{i}",
            last_name=f"Suku{i:04d}",
            birth_date=birth + _days(i),
            personal_id=synthetic_personal_id(birth + _days(i), 900 + i % 100),
        )
        for i in range(size)
    )
    coach_of = [coaches[i % len(coaches)] for i in range(size)]
    ClientWorker.objects.bulk_create(
        ClientWorker(client=c, user=coach, kind=ClientWorker.Kind.COACH)
        for c, coach in zip(clients, coach_of, strict=True)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            client=c,
            service_model=ServiceModel.IPS,
            unit=unit,
            coach=coach,
            start_date=today() - _days(200),
            end_date=today() - _days(4) if PHASES[i % 4] == Phase.ENDED else None,
            end_reason="Päättyi." if PHASES[i % 4] == Phase.ENDED else "",
            created_by=coach,
        )
        for i, (c, coach) in enumerate(zip(clients, coach_of, strict=True))
    )
    changes = {e.pk: _phase_changes(e, PHASES[i % 4], e.coach) for i, e in enumerate(enrollments)}
    PhaseChange.objects.bulk_create(c for cs in changes.values() for c in cs)
    IntakeStep.objects.bulk_create(
        IntakeStep(
            enrollment=e,
            number=step.number,
            done_on=None if PHASES[i % 4] == Phase.INTAKE else e.start_date + _days(step.number),
        )
        for i, e in enumerate(enrollments)
        for step in INTAKE_STEPS
    )
    Visit.objects.bulk_create(v for e in enrollments for v in _visits(e, changes[e.pk], e.coach))
    employers = _register(organization, enrollments)
    searching = enrollments[PHASES.index(Phase.JOB_SEARCH)]
    preference_set(
        user=searching.coach,
        enrollment=searching,
        keywords=["myyjä", "kassa"],
        industry_codes=["47", "56"],
        municipality_codes=["153", "405"],
        hours_min=20,
        hours_max=30,
    )
    return Dataset(
        size=size,
        supervisor=supervisor,
        token=api_token_create(user=supervisor),
        coach=searching.coach,
        coach_token=api_token_create(user=searching.coach),
        enrollment=searching,
        busy_employer=employers[0],
    )


def _register(organization, enrollments: list[Enrollment]) -> list[Employer]:
    """EMPLOYERS employers with a contact person each, CONTACTS contacts (every third for a
    client, made by that client's coach) and OPENINGS open openings, in bulk."""
    ids = demo_business_ids()
    employers = Employer.objects.bulk_create(
        Employer(
            organization=organization,
            name=f"{NAME_STEMS[i % len(NAME_STEMS)]} {i:04d} Oy",
            business_id=next(ids),
            industry_code=FIELDS[i % len(FIELDS)],
            municipality_code=MUNICIPALITIES[i % len(MUNICIPALITIES)],
        )
        for i in range(EMPLOYERS)
    )
    ContactPerson.objects.bulk_create(
        ContactPerson(employer=e, name=f"Yhteys Henkilö {i}") for i, e in enumerate(employers)
    )
    targets = [e for e in employers for _ in range(CONTACTS_PER_EMPLOYER)]
    targets += [e for e in employers[:REGULARS] for _ in range(100)]
    kinds = ContactKind.values
    EmployerContact.objects.bulk_create(
        EmployerContact(
            employer=employer,
            date=today() - _days(i % CONTACT_DAYS),
            kind=kinds[i % len(kinds)],
            purpose=ContactPurpose.JOB_DEVELOPMENT,
            outcome="Kartoitettu avustavia tehtäviä.",
            made_by=enrollments[i % len(enrollments)].coach,
            enrollment=enrollments[i % len(enrollments)] if i % 3 == 0 else None,
        )
        for i, employer in enumerate(targets)
    )
    step = EMPLOYERS // OPENINGS
    Opening.objects.bulk_create(
        Opening(
            employer=employers[i * step],
            title=TITLES[i % len(TITLES)],
            description="Osa-aikainen työ, perehdytys talon puolesta.",
            hours_per_week=20 + i % 4 * 5,
        )
        for i in range(OPENINGS)
    )
    return employers


@dataclass
class Figure:
    ms: float
    queries: int


def measure(call: Callable[[], object], runs: int) -> Figure:
    call()  # warm-up: caches, prepared connection
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
    return Figure(ms=statistics.median(times) * 1000, queries=len(queries))


def _get(http: HttpClient, path: str, **headers) -> Callable[[], None]:
    def call() -> None:
        response = http.get(path, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")

    return call


def _page(http: HttpClient, name: str, *args, query: str = "") -> Callable[[], None] | str:
    try:
        return _get(http, reverse(name, args=args) + query)
    except NoReverseMatch:
        return f"skipped: URL `{name}` is not routed yet"


def calls(data: Dataset) -> dict[str, Callable[[], object] | str]:
    """What to time; a string instead of a call says why it is skipped."""
    api = HttpClient()
    page = HttpClient()
    page.force_login(data.supervisor)
    coach_page = HttpClient()
    coach_page.force_login(data.coach)
    search = SEARCH.replace(" ", "+")
    return {
        "pathway.selectors.caseload (supervisor)": lambda: caseload(user=data.supervisor),
        "clients.selectors.client_list (page of 50)": lambda: client_list(
            user=data.supervisor, limit=50
        ),
        "API GET /api/v1/clients": _get(
            api, "/api/v1/clients", Authorization=f"Bearer {data.token}"
        ),
        "page / (caseload)": _page(page, "caseload"),
        f"page /employers/?search={SEARCH} (coach)": _page(
            coach_page, "employer_list", query=f"?search={search}"
        ),
        f"API GET /api/v1/employers?search={SEARCH}": _get(
            api, f"/api/v1/employers?search={search}", Authorization=f"Bearer {data.coach_token}"
        ),
        "page employer history (100 contacts)": _page(
            coach_page, "employer_detail", data.busy_employer.pk
        ),
        "page /job-development/ (coach)": _page(coach_page, "job_development"),
        "matching.selectors.suggestions_for (coach)": lambda: suggestions_for(
            user=data.coach, enrollment_id=data.enrollment.pk
        ),
        "page suggestions for a client (coach)": _page(
            coach_page, "enrollment_suggestions", data.enrollment.pk
        ),
    }


def print_table(sizes: list[int], results: dict[str, dict[int, Figure | str]]) -> None:
    name_width = max(len(name) for name in results)
    header = f"{'call':<{name_width}}" + "".join(
        f" | {f'N={n} ms':>11} {'queries':>7}" for n in sizes
    )
    print(header)
    print("-" * len(header))
    for name, by_size in results.items():
        cells = []
        for n in sizes:
            figure = by_size[n]
            if isinstance(figure, str):
                print(f"{name:<{name_width}} | {figure}")
                break
            cells.append(f" | {figure.ms:>11.1f} {figure.queries:>7}")
        else:
            print(f"{name:<{name_width}}" + "".join(cells))


def run(sizes: list[int], runs: int) -> None:
    call_command("migrate", verbosity=0)
    results: dict[str, dict[int, Figure | str]] = {}
    for size in sizes:
        started = time.perf_counter()
        data = build(size)
        if connection.vendor == "postgresql":
            # Autovacuum would gather the statistics of the bulk-loaded tables only later; a
            # planner without them picks plans a live database never gets (400 ms, not 2).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"Built {size} clients and a register of {EMPLOYERS} employers, {CONTACTS} contacts "
            f"and {OPENINGS} openings in {time.perf_counter() - started:.1f} s.",
            flush=True,
        )
        for name, call in calls(data).items():
            by_size = results.setdefault(name, {})
            by_size[size] = call if isinstance(call, str) else measure(call, runs)
    print(f"\nMedian of {runs} runs (ms; queries per call), {connection.vendor}, DEBUG off.\n")
    print_table(sizes, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    # DEBUG off (queries are not kept in memory) and the test client's host allowed.
    setup_test_environment(debug=False)
    if OWN_SQLITE:
        SQLITE_FILE.unlink(missing_ok=True)
        run(args.sizes, args.runs)
        return
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    original_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    try:
        run(args.sizes, args.runs)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
