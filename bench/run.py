"""Time the hot reads at two caseload sizes and print a small table.

    .venv/bin/python bench/run.py [--sizes 50 500] [--runs 7]   (also e.g. --sizes 50 500 5000)

Each organisation also gets an employer register of 5 000 employers, 20 000 employer
contacts and 500 openings, for the register's pages and the matching suggestions. Its clients
started over the last two years and have placements, visits, employer contacts made for them,
THL evaluation consents and phase changes, for the outcome report, the supervisor's dashboard,
the THL export and the fidelity measures.

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
from django.db.backends.signals import connection_created  # noqa: E402
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
from tyopolku.clients.models import Client, ClientWorker, Consent  # noqa: E402
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
from tyopolku.fidelity.models import Review, ReviewStatus  # noqa: E402
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
from tyopolku.pathway.rules import NoLegalBasis, visit_basis  # noqa: E402
from tyopolku.pathway.selectors import caseload  # noqa: E402
from tyopolku.placements.models import Placement, PlacementKind  # noqa: E402
from tyopolku.reports import selectors as reports  # noqa: E402

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
    organization_id: int
    unit_id: int
    supervisor: User
    token: str
    coach: User  # the coach of `enrollment`, a client in job search with preferences
    coach_token: str
    enrollment: Enrollment
    busy_employer: Employer  # 100 contacts: two pages of history


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@dataclass(frozen=True)
class Path:
    """One client's enrollment by client number `i`: its phase today and the dates of its
    phases. Enrollments started 10–59 days ago (intake) or 90–699 days ago (the others), so a
    year's report has clients who started in it, before it, got jobs and ended in it."""

    phase: Phase
    start: datetime.date
    job_search: datetime.date | None
    employed: datetime.date | None
    ended: datetime.date | None

    @classmethod
    def of(cls, i: int) -> "Path":
        phase = PHASES[i % 4]
        if phase == Phase.INTAKE:
            return cls(phase, today() - _days(10 + i * 37 % 50), None, None, None)
        age = 90 + i * 7919 % 610
        start = today() - _days(age)
        span = age - 30  # the days since job search began
        employed = start + _days(30 + span * 2 // 5)
        ended = start + _days(30 + span * 4 // 5)
        return cls(
            phase,
            start,
            start + _days(30),
            employed if phase in (Phase.EMPLOYED, Phase.ENDED) else None,
            ended if phase == Phase.ENDED else None,
        )


def _phase_changes(enrollment: Enrollment, path: Path, user: User) -> list[PhaseChange]:
    steps = [
        (Phase.INTAKE, path.start, PhaseChange.Reason.ENROLLED),
        (Phase.JOB_SEARCH, path.job_search, PhaseChange.Reason.INTAKE_COMPLETE),
        (Phase.EMPLOYED, path.employed, PhaseChange.Reason.EMPLOYMENT_STARTED),
        (Phase.ENDED, path.ended, PhaseChange.Reason.ENROLLMENT_ENDED),
    ]
    return [
        PhaseChange(
            enrollment=enrollment, phase=p, effective_date=d, reason=reason, recorded_by=user
        )
        for p, d, reason in steps
        if d is not None
    ]


def _visits(enrollment: Enrollment, path: Path, changes: list[PhaseChange]) -> list[Visit]:
    """Visits every two weeks back from the last day in service, with the legal basis from
    the rule (a day without one, e.g. before the start, gets no visit)."""
    last = path.ended - _days(1) if path.ended else today() - _days(3)
    visits = []
    for n in range(VISITS_PER_ENROLLMENT):
        day = last - _days(14 * n)
        try:
            basis = visit_basis(
                service_model=enrollment.service_model,
                start_date=enrollment.start_date,
                changes=changes,
                day=day,
                follow_along_months=None,  # IPS: follow-along support is time-unlimited
            )
        except NoLegalBasis:
            continue
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
                recorded_by=enrollment.coach,
            )
        )
    return visits


def build(size: int) -> Dataset:
    """An organisation with `size` IPS clients, their coaches, enrollments, visits,
    placements, employer contacts and consents, inserted in bulk (the services would take
    minutes at 500)."""
    organization, _ = organization_ensure(code=f"bench{size}", name=f"Bench {size}")
    unit, _ = unit_ensure(organization=organization, code="paja", name="Paja")

    def staff(username: str, role: Role) -> User:
        return user_create(
            username=f"{username}-{size}", organization=organization, role=role, unit=unit
        )

    supervisor = staff("supervisor", Role.SUPERVISOR)
    coaches = [staff(f"coach{i}", Role.JOB_COACH) for i in range(max(1, size // CLIENTS_PER_COACH))]
    paths = [Path.of(i) for i in range(size)]
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
    # THL evaluation consent: 7 in 10 gave it when they started, 1 in 10 withdrew it.
    Consent.objects.bulk_create(
        Consent(
            client=c,
            kind=Consent.Kind.THL_EVALUATION,
            given=i % 10 != 7,
            recorded_on=paths[i].start,
            recorded_by=coach_of[i],
        )
        for i, c in enumerate(clients)
        if i % 10 < 8
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            client=c,
            service_model=ServiceModel.IPS,
            unit=unit,
            coach=coach,
            start_date=path.start,
            end_date=path.ended,
            end_reason="Päättyi." if path.ended else "",
            created_by=coach,
        )
        for c, coach, path in zip(clients, coach_of, paths, strict=True)
    )
    changes = {
        e.pk: _phase_changes(e, path, e.coach) for e, path in zip(enrollments, paths, strict=True)
    }
    PhaseChange.objects.bulk_create(c for cs in changes.values() for c in cs)
    IntakeStep.objects.bulk_create(
        IntakeStep(
            enrollment=e,
            number=step.number,
            done_on=None if path.phase == Phase.INTAKE else e.start_date + _days(step.number),
        )
        for e, path in zip(enrollments, paths, strict=True)
        for step in INTAKE_STEPS
    )
    Visit.objects.bulk_create(
        v
        for e, path in zip(enrollments, paths, strict=True)
        for v in _visits(e, path, changes[e.pk])
    )
    employers = _register(organization, enrollments)
    _client_contacts(enrollments, paths, employers)
    _placements(enrollments, paths, employers)
    Review.objects.create(
        organization=organization,
        unit=unit,
        review_date=today() - _days(60),
        status=ReviewStatus.COMPLETE,
        total=101,
        band="good",
        created_by=supervisor,
    )
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
        organization_id=organization.pk,
        unit_id=unit.pk,
        supervisor=supervisor,
        token=api_token_create(user=supervisor),
        coach=searching.coach,
        coach_token=api_token_create(user=searching.coach),
        enrollment=searching,
        busy_employer=employers[0],
    )


def _client_contacts(
    enrollments: list[Enrollment], paths: list[Path], employers: list[Employer]
) -> None:
    """Employer contacts made for a client: from job search on, a first visit 0–44 days in,
    then a phone call and a meeting 20 days apart. One in five clients in job search has
    none yet (the dashboard's and job-development page's waiting clients)."""
    contacts = []
    for i, (e, path) in enumerate(zip(enrollments, paths, strict=True)):
        if path.job_search is None or (path.phase == Phase.JOB_SEARCH and i % 5 == 1):
            continue
        first = path.job_search + _days(i % 45)
        for n, kind in enumerate((ContactKind.VISIT, ContactKind.PHONE, ContactKind.MEETING)):
            day = first + _days(20 * n)
            if day >= today():
                break
            contacts.append(
                EmployerContact(
                    employer=employers[(i * 7 + n) % EMPLOYERS],
                    date=day,
                    kind=kind,
                    purpose=ContactPurpose.JOB_DEVELOPMENT,
                    outcome="Esitelty asiakas.",
                    made_by=e.coach,
                    enrollment=e,
                )
            )
    EmployerContact.objects.bulk_create(contacts)


def _placements(
    enrollments: list[Enrollment], paths: list[Path], employers: list[Employer]
) -> None:
    """A job from the employed day (three in four competitive; ending with the enrollment),
    and for one in three clients past intake an earlier, non-competitive work trial."""
    jobs = []
    for i, (e, path) in enumerate(zip(enrollments, paths, strict=True)):
        common = {"enrollment": e, "created_by": e.coach, "hours_per_week": 20 + i % 4 * 5}
        if path.job_search is not None and i % 3 == 0:
            jobs.append(
                Placement(
                    employer=employers[(i * 11) % EMPLOYERS],
                    kind=PlacementKind.WORK_TRIAL,
                    job_title=TITLES[(i + 1) % len(TITLES)],
                    start_date=path.job_search + _days(5),
                    planned_end_date=path.job_search + _days(20),
                    end_date=path.job_search + _days(20),
                    continues_job_search=True,
                    competitive=False,
                    **common,
                )
            )
        if path.employed is not None:
            jobs.append(
                Placement(
                    employer=employers[(i * 13) % EMPLOYERS],
                    kind=PlacementKind.EMPLOYMENT,
                    job_title=TITLES[i % len(TITLES)],
                    start_date=path.employed,
                    end_date=path.ended,
                    continues_job_search=False if path.ended else None,
                    competitive=i // 4 % 4 != 0,
                    hourly_wage=12 + i % 5,
                    **common,
                )
            )
    Placement.objects.bulk_create(jobs)


def _register(organization, enrollments: list[Enrollment]) -> list[Employer]:
    """EMPLOYERS employers with a contact person each, CONTACTS contacts made by the coaches
    (not for a client: `_client_contacts` adds those) and OPENINGS open openings, in bulk."""
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


# The outcome figures written by hand as one query: what the database itself needs for
# them, timed next to the ORM (`reports.selectors.outcome_figures`: three queries). Same
# definitions (docs/reports.md); the medians by row numbers, so SQLite needs no extension.
FIGURES_SQL = """
WITH e AS (
    SELECT en.id, en.client_id, en.start_date, en.end_date
    FROM {enrollment} en
    WHERE en.organization_id = %(org)s
),
enrolled AS (
    SELECT DISTINCT client_id FROM e
    WHERE start_date <= %(to)s AND (end_date IS NULL OR end_date >= %(from)s)
),
working AS (
    SELECT e.client_id, MAX(CASE WHEN p.competitive THEN 1 ELSE 0 END) AS competitive
    FROM {placement} p JOIN e ON e.id = p.enrollment_id
    WHERE p.start_date <= %(to)s AND (p.end_date IS NULL OR p.end_date >= %(from)s)
      AND e.client_id IN (SELECT client_id FROM enrolled)
    GROUP BY e.client_id
),
started AS (
    SELECT e.start_date,
        (SELECT MIN(ec.date) FROM {contact} ec
         WHERE ec.enrollment_id = e.id AND ec.kind IN (%(visit)s, %(meeting)s)
           AND ec.date >= e.start_date) AS first_contact,
        (SELECT MIN(p.start_date) FROM {placement} p WHERE p.enrollment_id = e.id) AS first_job
    FROM e WHERE e.start_date >= %(from)s AND e.start_date <= %(to)s
),
contact_days AS (
    SELECT d, ROW_NUMBER() OVER (ORDER BY d) AS rn, COUNT(*) OVER () AS n
    FROM (SELECT {contact_days} AS d FROM started WHERE first_contact IS NOT NULL) x
),
job_days AS (
    SELECT d, ROW_NUMBER() OVER (ORDER BY d) AS rn, COUNT(*) OVER () AS n
    FROM (SELECT {job_days} AS d FROM started WHERE first_job IS NOT NULL) x
)
SELECT
    (SELECT COUNT(*) FROM enrolled),
    (SELECT COUNT(*) FROM working),
    (SELECT COUNT(*) FROM working WHERE competitive = 1),
    (SELECT AVG(d) FROM contact_days WHERE rn IN ((n + 1) / 2, (n + 2) / 2)),
    (SELECT COUNT(*) FROM contact_days),
    (SELECT AVG(d) FROM job_days WHERE rn IN ((n + 1) / 2, (n + 2) / 2)),
    (SELECT COUNT(*) FROM job_days),
    (SELECT COUNT(*) FROM {placement} p JOIN e ON e.id = p.enrollment_id
     WHERE p.start_date >= %(from)s AND p.start_date <= %(to)s)
"""


def _days_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def figures_sql(organization_id: int, scope: reports.Scope) -> reports.Figures:
    """The organisation's unfiltered figures of the period in one hand-written query."""
    sql = FIGURES_SQL.format(
        enrollment=Enrollment._meta.db_table,
        placement=Placement._meta.db_table,
        contact=EmployerContact._meta.db_table,
        contact_days=_days_between("first_contact", "start_date"),
        job_days=_days_between("first_job", "start_date"),
    )
    params = {
        "org": organization_id,
        "from": scope.date_from,
        "to": scope.date_to,
        "visit": ContactKind.VISIT.value,
        "meeting": ContactKind.MEETING.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        enrolled, employed, competitive, contact_median, contacts, job_median, jobs, started = (
            cursor.fetchone()
        )
    return reports.Figures(
        clients_enrolled=enrolled,
        clients_employed=employed,
        competitive_employment_rate=competitive / enrolled if enrolled else None,
        median_days_to_first_employer_contact=None
        if contact_median is None
        else float(contact_median),
        median_days_to_first_job=None if job_median is None else float(job_median),
        placements_started=started,
        clients_competitive=competitive,
        contact_median_of=contacts,
        job_median_of=jobs,
    )


def a_year() -> reports.Scope:
    """The report's period in the benchmark: the last 365 days up to today."""
    return reports.Scope(today() - _days(364), today())


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
        **report_calls(data, api, page),
    }


def report_calls(
    data: Dataset, api: HttpClient, page: HttpClient
) -> dict[str, Callable[[], object] | str]:
    """The outcome report over a year, the supervisor's dashboard, the THL export and the
    fidelity measures prefill: the supervisor's figures of the whole organisation."""
    year = a_year()
    period = f"from={year.date_from}&to={year.date_to}"
    bearer = {"Authorization": f"Bearer {data.token}"}
    return {
        "reports.selectors.figures_for (a year)": lambda: reports.figures_for(
            user=data.supervisor, scope=year
        ),
        "the same figures in one hand-written SQL query": lambda: figures_sql(
            data.organization_id, year
        ),
        "reports.selectors.quarterly_competitive_rates": lambda: (
            reports.quarterly_competitive_rates(user=data.supervisor, day=year.date_to)
        ),
        "page /reports/ (supervisor, a year)": _page(
            page,
            "outcome_report",
            query=f"?date_from={year.date_from}&date_to={year.date_to}",
        ),
        "API GET /api/v1/reports/outcomes (a year)": _get(
            api, f"/api/v1/reports/outcomes?{period}", **bearer
        ),
        "reports.selectors.dashboard": lambda: reports.dashboard(user=data.supervisor),
        "page /dashboard/": _page(page, "dashboard"),
        "API GET /api/v1/exports/thl-evaluation": _get(
            api, f"/api/v1/exports/thl-evaluation?on={year.date_to}&study=bench", **bearer
        ),
        "API GET /api/v1/fidelity/measures (a unit, a year)": _get(
            api, f"/api/v1/fidelity/measures?unit_id={data.unit_id}&{period}", **bearer
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
        year = a_year()
        orm = reports.outcome_figures(user=data.supervisor, scope=year)
        sql = figures_sql(data.organization_id, year)
        if sql != orm:
            raise SystemExit(f"The hand-written query disagrees with the ORM:\n{sql}\n{orm}")
        print(f"Figures of the year: {orm}", flush=True)
        for name, call in calls(data).items():
            by_size = results.setdefault(name, {})
            by_size[size] = call if isinstance(call, str) else measure(call, runs)
    print(f"\nMedian of {runs} runs (ms; queries per call), {connection.vendor}, DEBUG off.\n")
    print_table(sizes, results)


def _jit_on(sender, connection, **kwargs) -> None:
    """PostgreSQL's default, for comparison: the settings turn JIT off because compiling the
    reports' correlated subqueries took longer than running them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = on")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database for a look afterwards"
    )
    parser.add_argument(
        "--jit",
        action="store_true",
        help="PostgreSQL: with JIT compilation, which the settings turn off (bench/README.md)",
    )
    args = parser.parse_args()
    if args.jit:
        connection_created.connect(_jit_on)

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
        if args.keep:
            print(f"Kept the database {connection.settings_dict['NAME']}.")
        else:
            connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main()
