"""A realistic, deterministic history of any size, for benchmarks: `manage.py generate_data`.

Organisations GEN01, GEN02, … share the clients evenly. Each gets service units, job
coaches and work coaches with about 20 open clients each, supervisors, TYP officers, an
administrator and an evaluator; an employer register with contact persons and openings;
clients in every service model and phase with their enrollments, start steps, phase
changes, consents, client-worker links, jobs and work trials, visits, employer contacts
and the access-log rows that such use would have written; and a fidelity review of each
unit a year. The paths are drawn in `plans.py` with the services' own rules; the rows are
written in bulk by `rows.py`. The later modules (group work and its invoices, work
activity, the work-ability team, wage work, report targets) draw theirs from the same
plans in files of their own, `gen_*.py` (LATER_MODULES).

The same seed gives the same data (on the same day: dates are relative to today). The
generator refuses a database that holds other organisations: its output is never mixed with
real data unless `force` is given.
"""

import contextlib
import datetime
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from stdnum.fi import ytunnus

from tyopolku.accounts.models import Organization, Unit, User
from tyopolku.accounts.roles import Role
from tyopolku.accounts.services import organization_ensure
from tyopolku.audit import partitions
from tyopolku.audit.models import AccessAction, AccessLogEntry
from tyopolku.clients.identity import synthetic_personal_id
from tyopolku.clients.models import Client, ClientWorker, Consent, TargetGroup
from tyopolku.core.dates import today as local_today
from tyopolku.core.errors import Conflict
from tyopolku.demo import (
    gen_groupwork,
    gen_targets,
    gen_wagework,
    gen_workability,
    gen_workactivity,
    people,
    rows,
)
from tyopolku.demo.gen_context import Context
from tyopolku.demo.paths import TARGET_GROUPS, VISITS
from tyopolku.demo.plans import (
    FIXED_TERM_ENDED,
    IPS,
    WORK_COACH_MODELS,
    WORK_TRIAL_ENDED,
    Plan,
    contact_days,
    plan_client,
    visit_days,
)
from tyopolku.demo.stories import JOB_TITLES, REFERRAL_SOURCES, TYM_FROM
from tyopolku.employers.models import (
    ContactKind,
    ContactPerson,
    ContactPurpose,
    Employer,
    EmployerContact,
    EmployerType,
    Opening,
)
from tyopolku.fidelity.items import CODES, band_for
from tyopolku.fidelity.models import ItemScore, Review, ReviewStatus
from tyopolku.matching.models import JobPreference
from tyopolku.pathway.intake import INTAKE_STEPS
from tyopolku.pathway.models import (
    Enrollment,
    IntakeStep,
    Phase,
    PhaseChange,
    ReferralSource,
    ServiceModel,
    ServiceModelSetting,
    Visit,
)
from tyopolku.pathway.selectors import ModelSettings
from tyopolku.placements.models import Placement, PlacementKind
from tyopolku.subcontracting.models import WorkLog
from tyopolku.workactivity.models import Attendance

CODE_PREFIX = "GEN"
CHANNEL = "cli:generate_data"
CLIENTS_PER_COACH = 20
COACHES_PER_UNIT = 8
UNITS_PER_TYP_OFFICER = 4
CLIENTS_PER_EMPLOYER = 5
CHUNK = 2_000  # clients written per round: bounded memory at any size
TYP_STEPS = frozenset({3, 4})  # the TYP officer records these start steps (seed 001)

UNIT_KINDS = ("Työvalmennuskeskus", "Pajat", "Toimintakeskus", "Kahvila", "Työhönvalmennus")
TOWNS = (
    "Lappeenranta", "Imatra", "Kouvola", "Kotka", "Mikkeli", "Savonlinna", "Joensuu", "Kuopio",
    "Jyväskylä", "Lahti", "Hämeenlinna", "Tampere", "Pori", "Turku", "Vaasa", "Seinäjoki",
    "Kokkola", "Oulu", "Kajaani", "Rovaniemi", "Porvoo", "Espoo",
)  # fmt: skip
# Invented employer name stems (no stem is a client surname of the demo).
EMPLOYER_STEMS = (
    "Aalto", "Harmaa", "Kaarna", "Kuusi", "Lakea", "Nummi", "Paju", "Rauta", "Saarni", "Tammi",
    "Ulappa", "Vuolle", "Honka", "Kaisla", "Kelo", "Lähde", "Mänty", "Otava", "Pouta", "Raita",
    "Salava", "Tuohi", "Vaahtera", "Virta", "Jalava", "Kataja", "Lumme", "Orvokki", "Pihka",
    "Riste", "Sarastus", "Tyrni", "Kanerva", "Hilla", "Kuura", "Noro", "Paasi", "Routa",
)  # fmt: skip
EMPLOYER_KINDS = (
    ("Lähikauppa Oy", "47111", EmployerType.COMPANY),
    ("Rauta ja Tarvike Oy", "47521", EmployerType.COMPANY),
    ("Ravintola Oy", "56101", EmployerType.COMPANY),
    ("Kiinteistöhuolto Oy", "81100", EmployerType.COMPANY),
    ("Siivouspalvelu Oy", "81210", EmployerType.COMPANY),
    ("Kuljetus Oy", "49410", EmployerType.COMPANY),
    ("Rakennus Oy", "41200", EmployerType.COMPANY),
    ("Hoivakoti", "87300", EmployerType.FOUNDATION),
    ("Puutarha Oy", "81300", EmployerType.COMPANY),
    ("Konepaja Oy", "25620", EmployerType.COMPANY),
    ("Osuuskunta", "74909", EmployerType.COOPERATIVE),
    ("Kierrätyskeskus ry", "47791", EmployerType.ASSOCIATION),
    ("Varasto ja Logistiikka Oy", "52100", EmployerType.COMPANY),
    ("seurakunta", "94910", EmployerType.PUBLIC),
)
OPENING_TITLES = tuple(sorted({title for titles in JOB_TITLES.values() for title in titles}))
CONTACT_OUTCOMES = {
    ContactPurpose.JOB_DEVELOPMENT: "Esitelty työhönvalmennusta; yhteydenotto uudelleen.",
    ContactPurpose.RECRUITMENT: "Sovittu työhaastattelu.",
    ContactPurpose.FOLLOW_ALONG: "Työ sujuu; seuraava käynti sovittu.",
    ContactPurpose.EMPLOYER_SUPPORT: "Työtehtäviä mukautettu yhdessä esihenkilön kanssa.",
}
HOURS_PER_WEEK = (15, 20, 25, 30, 37.5)
# The clients of these models record job preferences (IPS principle 4).
PREFERRING = frozenset({IPS, ServiceModel.WORK_ACTIVITY, ServiceModel.WORK_ABILITY_TEAM})
PERSON_TITLES = ("Esihenkilö", "Henkilöstöasiat", "Omistaja", "Työnjohtaja")


class OtherOrganisations(Conflict):
    """The database holds organisations of its own: generated data is not mixed in."""


@dataclass
class Summary:
    organisations: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    phases: Counter = field(default_factory=Counter)  # of the enrollments today
    service_models: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds by step
    waited: float = 0.0  # of the rows' time, waiting for the database to take a chunk

    def lines(self) -> list[str]:
        out = [f"Organisations: {', '.join(self.organisations)}"]
        out += [f"{name}: {count:,}".replace(",", " ") for name, count in self.counts.items()]
        out.append(
            "Service models: "
            + ", ".join(f"{m} {n}" for m, n in sorted(self.service_models.items()))
        )
        out.append("Phases today: " + ", ".join(f"{p} {n}" for p, n in sorted(self.phases.items())))
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in self.timings.items())
        out.append(f"Time: {self.seconds:.1f} s ({steps}; waiting for writes {self.waited:.1f} s)")
        return out


Progress = Callable[[str, int], None]  # (what, how many more done)


# Office hours in Finnish time, stored as UTC (05–14 UTC), every five minutes.
OFFICE_TIMES = tuple(
    datetime.time(hour, minute, tzinfo=datetime.UTC)
    for hour in range(5, 14)
    for minute in range(0, 60, 5)
)


def _at(rng: random.Random, day: datetime.date) -> datetime.datetime:
    """A time in office hours on `day`."""
    return datetime.datetime.combine(day, OFFICE_TIMES[int(rng.random() * len(OFFICE_TIMES))])


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def business_ids(count: int, start: int = 9_000_000) -> list[str]:
    """Valid business IDs in the 9xxxxxx range from `start` on, which no company has been
    given (the check digit by the Finnish weights; python-stdnum confirms each)."""
    found = []
    number = start
    while len(found) < count:
        digits = f"{number:07d}"
        remainder = (
            sum(w * int(d) for w, d in zip((7, 9, 10, 5, 8, 4, 2), digits, strict=True)) % 11
        )
        number += 1
        if remainder == 1:
            continue  # no check digit exists: the number is never given
        code = f"{digits}-{(11 - remainder) % 11}"
        if not ytunnus.is_valid(code):
            raise ValueError(f"not a valid business ID: {code}")
        found.append(code)
    return found


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("äöå", "aoa"))


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(people.CLIENT_FIRST_NAMES), rng.choice(people.CLIENT_LAST_NAMES)


def generate(
    *,
    organisations: int,
    clients: int,
    years: int,
    seed: int = 1,
    force: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Make `organisations` organisations GEN01… sharing `clients` clients evenly, with
    `years` years of history up to today. `progress("clients", n)` is told as each chunk of
    clients is done. Raises OtherOrganisations on a database with organisations (unless
    `force`) or when a GEN code exists, ValueError on impossible sizes."""
    if organisations < 1 or clients < organisations or years < 1:
        raise ValueError("Give at least one organisation, a client each and one year.")
    codes = [f"{CODE_PREFIX}{n:02d}" for n in range(1, organisations + 1)]
    if not force and Organization.objects.exists():
        raise OtherOrganisations(
            "The database holds organisations already; generated data is written only into "
            "an empty database. Use --force to add it anyway."
        )
    taken = list(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
    if taken:
        raise OtherOrganisations(f"Organisations {', '.join(taken)} exist already.")
    started = time.monotonic()
    summary = Summary()
    rows.reset_reservations()
    today = local_today()
    report = progress or (lambda what, n: None)
    password = make_password(people.DEMO_PASSWORD)
    # One transaction: all organisations or none, and the big tables' keys and indexes are
    # rebuilt once at the end (rows.bulk_load).
    writer = rows.Writer()
    with transaction.atomic():
        if partitions.is_partitioned(connection):
            # The access log's months of the history, so that no row lands in the default
            # partition; made before the load so that their indexes are built empty.
            first = today - datetime.timedelta(days=int(years * 365.25) + 1)
            partitions.partitions_ensure(connection, first, today)
        with rows.bulk_load(BULK_TABLES):
            for code, count in zip(codes, _split(clients, organisations), strict=True):
                organisation = _Organisation(code, count, years, seed, today, password, summary)
                try:
                    organisation.build(writer, report)
                except BaseException:
                    # Never leave a copy running on the connection the rollback needs.
                    with contextlib.suppress(Exception):
                        writer.wait()
                    raise
                summary.organisations.append(code)
            summary.timings["rows"] = time.monotonic() - started
            report("indexes", 0)
        summary.timings["keys and indexes"] = time.monotonic() - started - summary.timings["rows"]
    summary.timings["commit"] = time.monotonic() - started - sum(summary.timings.values())
    if connection.vendor == "postgresql":
        # Statistics of every table for the planner: without them (autovacuum may be off or
        # late) PostgreSQL takes an organisation's thousands of clients for a few rows and
        # picks plans that take seconds instead of milliseconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        summary.timings["statistics"] = time.monotonic() - started - sum(summary.timings.values())
    summary.seconds = time.monotonic() - started
    summary.waited = writer.waited
    return summary


class _Organisation:
    def __init__(
        self,
        code: str,
        clients: int,
        years: int,
        seed: int,
        today: datetime.date,
        password: str,
        summary: Summary,
    ):
        self.code, self.client_count, self.years, self.today = code, clients, years, today
        # A generator per organisation: one organisation's data does not depend on the others.
        self.rng = random.Random(f"{seed}:{code}")
        self.seed = seed
        self.password, self.summary = password, summary
        self.counts = summary.counts
        self.users: list[User] = []

    # -- staff -----------------------------------------------------------------------------

    def build(self, writer: rows.Writer, report: Progress) -> None:
        self.writer, self.report = writer, report
        number = int(self.code[len(CODE_PREFIX) :])
        town = TOWNS[(number - 1) % len(TOWNS)]
        self.organization, _ = organization_ensure(
            code=self.code, name=f"Generoitu hyvinvointialue {number:02d} ({town})"
        )
        settings: dict[str, list[ServiceModelSetting]] = {}
        for row in ServiceModelSetting.objects.filter(organization=self.organization).order_by(
            "valid_from"
        ):
            settings.setdefault(row.service_model, []).append(row)
        self.settings = {model: ModelSettings(r) for model, r in settings.items()}
        plans = [
            plan_client(self.rng, self.today, self.years, self._months, index)
            for index in range(self.client_count)
        ]
        self.plans = plans
        self._staff(plans)
        self._register()
        # Everything the chunks need from the database, before the writer takes it over.
        self.client_ids = rows.ids(Client, len(plans))
        self.enrollment_ids = rows.ids(Enrollment, len(plans))
        self.groups = dict(TargetGroup.objects.values_list("code", "pk"))
        self.sources = dict(ReferralSource.objects.values_list("code", "pk"))
        for first in range(0, len(plans), CHUNK):
            self._clients(plans[first : first + CHUNK], first)
        self.writer.wait()
        self._fidelity()
        context = self._context()
        for module in LATER_MODULES:
            # A module reads the database before it draws: the copy before it must be done.
            self.writer.wait()
            module.build(context)
        self.writer.wait()

    def _context(self) -> Context:
        """What the later modules read (after the clients are written)."""
        return Context(
            organization=self.organization,
            seed=self.seed,
            today=self.today,
            years=self.years,
            plans=self.plans,
            client_ids=self.client_ids,
            enrollment_ids=self.enrollment_ids,
            coach_of=self.coach_of,
            by_role=self.by_role,
            employer_ids=self.employer_ids,
            counts=self.counts,
            writer=self.writer,
            at=_at,
            log_columns=TABLES["log"],
            channel=CHANNEL,
        )

    def _keyed(self, model: type, fields: tuple[str, ...], table_rows: Iterable) -> rows.Table:
        return rows.keyed(self.organization.pk, model, fields, table_rows)

    def _months(self, model: str, employed_since: datetime.date) -> int | None:
        return self.settings.get(model, ModelSettings([])).follow_along_months(employed_since)

    def _user(self, username: str, role: Role, unit: Unit | None) -> User:
        first, last = _name(self.rng)
        return User(
            username=f"{self.code.lower()}-{username}",
            organization=self.organization,
            role=role,
            unit=unit,
            first_name=first,
            last_name=last,
            password=self.password,
            is_staff=False,
        )

    def _staff(self, plans: list[Plan]) -> None:
        open_plans = [p for p in plans if p.end is None]
        job_open = sum(p.service_model not in WORK_COACH_MODELS for p in open_plans)
        work_open = len(open_plans) - job_open
        job_coaches = max(1, math.ceil(job_open / CLIENTS_PER_COACH))
        work_coaches = max(1, math.ceil(work_open / CLIENTS_PER_COACH))
        unit_count = max(1, math.ceil((job_coaches + work_coaches) / COACHES_PER_UNIT))
        town = self.organization.name.rsplit("(", 1)[-1].rstrip(")")
        units = Unit.objects.bulk_create(
            Unit(
                organization=self.organization,
                code=f"yksikko-{n:03d}",
                name=f"{UNIT_KINDS[n % len(UNIT_KINDS)]} {town} {n}",
            )
            for n in range(1, unit_count + 1)
        )
        self.units = units
        staff = [self._user("admin", Role.ADMIN, units[0])]
        staff += [self._user("arvioija", Role.EVALUATOR, None)]
        staff += [
            self._user(f"esihenkilo{n:03d}", Role.SUPERVISOR, unit)
            for n, unit in enumerate(units, 1)
        ]
        staff += [
            self._user(f"typ{n:03d}", Role.TYP_OFFICER, None)
            for n in range(1, max(1, unit_count // UNITS_PER_TYP_OFFICER) + 1)
        ]
        staff += [
            self._user(f"valmentaja{n:04d}", Role.JOB_COACH, units[(n - 1) % unit_count])
            for n in range(1, job_coaches + 1)
        ]
        staff += [
            self._user(f"tyovalmentaja{n:04d}", Role.WORK_COACH, units[(n - 1) % unit_count])
            for n in range(1, work_coaches + 1)
        ]
        users = User.objects.bulk_create(staff)
        self.counts["users"] += len(users)
        self.counts["units"] += len(units)
        by_role: dict[str, list[User]] = {}
        for user in users:
            by_role.setdefault(user.role, []).append(user)
        self.by_role = by_role
        self.supervisor_of = {u.unit_id: u for u in by_role[Role.SUPERVISOR]}
        # Open clients go round the coaches (about 20 each); ended ones to any coach.
        self.coach_of: dict[int, User] = {}
        turn = Counter()
        for index, plan in enumerate(plans):
            role = Role.WORK_COACH if plan.service_model in WORK_COACH_MODELS else Role.JOB_COACH
            coaches = by_role[role]
            if plan.end is None:
                self.coach_of[index] = coaches[turn[role] % len(coaches)]
                turn[role] += 1
            else:
                self.coach_of[index] = self.rng.choice(coaches)

    # -- employer register -----------------------------------------------------------------

    def _register(self) -> None:
        rng, coaches = self.rng, self.by_role[Role.JOB_COACH] + self.by_role[Role.WORK_COACH]
        count = max(10, math.ceil(self.client_count / CLIENTS_PER_EMPLOYER))
        employer_ids = rows.ids(Employer, count)
        codes = business_ids(count)
        employers, persons, openings = [], [], []
        person_ids_of: dict[int, list[int]] = {}
        created = _at(rng, self.today - datetime.timedelta(days=int(self.years * 365.25)))
        municipality_codes = people.MUNICIPALITIES
        for employer_id, business_id in zip(employer_ids, codes, strict=True):
            kind, industry, employer_type = rng.choice(EMPLOYER_KINDS)
            stem = rng.choice(EMPLOYER_STEMS)
            town = rng.choice(TOWNS)
            name = f"{stem}n {kind}" if employer_type != EmployerType.PUBLIC else f"{town}n {kind}"
            creator = rng.choice(coaches)
            employers.append(
                (
                    employer_id, self.organization.pk, f"{name} ({town})", business_id,
                    employer_type, industry, rng.choice(municipality_codes),
                    f"{stem}katu {rng.randint(1, 60)}", f"{rng.randint(10, 99)}100", town,
                    "", "", creator.pk, created, created,
                )
            )  # fmt: skip
            person_count = rng.choice((1, 1, 2, 3))
            ids = []
            for _ in range(person_count):
                first, last = _name(rng)
                ids.append(len(persons))
                persons.append(
                    (
                        employer_id, f"{first} {last}", rng.choice(PERSON_TITLES),
                        f"+358 40 0000 {rng.randint(0, 999):03d}",
                        f"{_ascii(first)}.{_ascii(last)}@example.fi",
                        ContactPerson.LegalBasis.LEGITIMATE_INTEREST,
                    )
                )  # fmt: skip
            person_ids_of[employer_id] = ids
            if rng.random() < 0.2:
                status = rng.choice(list(Opening.Status))
                openings.append(
                    (
                        employer_id, rng.choice(OPENING_TITLES), "",
                        Decimal(str(rng.choice(HOURS_PER_WEEK))), town,
                        self.today + datetime.timedelta(days=rng.randint(-60, 60)), status,
                        creator.pk, _at(rng, self.today - _days(rng.randint(1, 300))),
                    )
                )  # fmt: skip
        rows.write(
            Employer,
            (
                "id", "organization", "name", "business_id", "employer_type", "industry_code",
                "municipality_code", "street_address", "postal_code", "post_office", "website",
                "notes", "created_by", "created_at", "updated_at",
            ),
            employers,
        )  # fmt: skip
        person_ids = rows.ids(ContactPerson, len(persons))
        rows.write(
            *self._keyed(
                ContactPerson,
                ("id", "employer", "name", "title", "phone", "email", "legal_basis"),
                ((pk, *person) for pk, person in zip(person_ids, persons, strict=True)),
            )
        )
        rows.write(
            *self._keyed(
                Opening,
                (
                    "employer", "title", "description", "hours_per_week", "location",
                    "open_until", "status", "created_by", "created_at",
                ),
                openings,
            )
        )  # fmt: skip
        self.employer_ids = employer_ids
        self.persons_of = {e: [person_ids[i] for i in ids] for e, ids in person_ids_of.items()}
        self.counts["employers"] += len(employers)
        self.counts["contact persons"] += len(persons)
        self.counts["openings"] += len(openings)
        self.report("employers", len(employers))

    # -- clients ---------------------------------------------------------------------------

    def _clients(self, plans: list[Plan], first: int) -> None:
        rng, org = self.rng, self.organization
        client_ids = self.client_ids[first : first + len(plans)]
        enrollment_ids = self.enrollment_ids[first : first + len(plans)]
        groups, sources = self.groups, self.sources
        out: dict[str, list] = {name: [] for name in TABLES}
        typ_officers = self.by_role[Role.TYP_OFFICER]
        taken_codes: set[str] = getattr(self, "taken_codes", set())
        self.taken_codes = taken_codes
        log = out["log"]

        def logged(at, user, client_id, action, target) -> None:
            log.append((at, org.id, user.id, client_id, action, target, CHANNEL))

        for offset, (plan, client_id, enrollment_id) in enumerate(
            zip(plans, client_ids, enrollment_ids, strict=True)
        ):
            index = first + offset
            coach = self.coach_of[index]
            unit_id = coach.unit_id
            supervisor = self.supervisor_of[unit_id]
            model = plan.service_model
            # IPS clients come through the TYP officer; the supervisor names their coach.
            creator = rng.choice(typ_officers) if model == IPS else coach
            created = _at(rng, plan.start)
            first_name, last_name = _name(rng)
            birth = plan.start - datetime.timedelta(days=rng.randint(18 * 365, 63 * 365))
            personal_id = None
            if rng.random() >= 0.05:  # some have no Finnish code yet: the birth date stands in
                individual = rng.randint(900, 999)
                for _ in range(100):
                    code = synthetic_personal_id(birth, individual)
                    if code not in taken_codes:
                        personal_id = code
                        taken_codes.add(code)
                        break
                    individual = 900 + (individual - 899) % 100
            out["clients"].append(
                (
                    client_id, org.id, first_name, last_name, personal_id, birth,
                    rng.choice(people.MUNICIPALITIES), "",
                    f"{_ascii(first_name)}.{_ascii(last_name)}{client_id}@example.com"
                    if index % 3 == 0 else "",
                    created, created,
                )
            )  # fmt: skip
            for group in rng.sample(TARGET_GROUPS[model], rng.randint(1, 2)):
                out["groups"].append((client_id, groups[group]))
            logged(created, creator, client_id, AccessAction.CREATE, "client")
            source = "tym" if plan.start >= TYM_FROM else "typ"
            source = source if model == IPS else REFERRAL_SOURCES[model]
            out["enrollments"].append(
                (
                    enrollment_id, client_id, model, unit_id, sources.get(source), coach.id,
                    plan.start, plan.end, plan.end_reason, "", None, creator.id, created,
                )
            )  # fmt: skip
            logged(created, creator, client_id, AccessAction.CREATE, "enrollment")
            creator_kind = (
                ClientWorker.Kind.COACH
                if creator.role == Role.JOB_COACH
                else ClientWorker.Kind.OTHER
            )
            link_end = plan.end + datetime.timedelta(days=1) if plan.end else None
            out["workers"].append(
                (client_id, creator.id, creator_kind, plan.start, link_end, creator.id,
                 supervisor.id if link_end else None, "Asiakkuus päättyi." if link_end else "")
            )  # fmt: skip
            if creator != coach:
                out["workers"].append(
                    (client_id, coach.id, ClientWorker.Kind.COACH, plan.start, link_end,
                     supervisor.id, supervisor.id if link_end else None,
                     "Asiakkuus päättyi." if link_end else "")
                )  # fmt: skip
                logged(created, supervisor, client_id, AccessAction.UPDATE, "enrollment_coach")
            if link_end:
                logged(
                    _at(rng, link_end), supervisor, client_id, AccessAction.UPDATE, "client_worker"
                )
            for change in plan.changes:
                by = creator if change.reason == PhaseChange.Reason.ENROLLED else coach
                out["phases"].append(
                    (enrollment_id, change.phase, change.effective_date, change.reason, by.id,
                     _at(rng, min(change.effective_date, self.today)))
                )  # fmt: skip
                if change.reason == PhaseChange.Reason.MANUAL:
                    logged(
                        _at(rng, change.effective_date),
                        coach,
                        client_id,
                        AccessAction.UPDATE,
                        "enrollment",
                    )
            if plan.end:
                logged(_at(rng, plan.end), coach, client_id, AccessAction.UPDATE, "enrollment")
            if model == IPS:
                for step in INTAKE_STEPS:
                    done = plan.steps.get(step.number)
                    by = None
                    if done is not None:
                        by = creator if step.number in TYP_STEPS else coach
                        logged(_at(rng, done), by, client_id, AccessAction.UPDATE, "intake_step")
                    out["steps"].append((enrollment_id, step.number, done, by.id if by else None))
            self._consents(plan, client_id, coach, out, logged)
            self._preferences(plan, enrollment_id, client_id, coach, out, logged)
            self._jobs(plan, enrollment_id, client_id, coach, out, logged)
            self._visits(plan, enrollment_id, client_id, coach, unit_id, out, logged)
            self.summary.service_models[model] += 1
            self.summary.phases[_phase_today(plan, self.today)] += 1
        for name in TABLES:
            self.counts[LABELS[name]] += len(out[name])
        self.writer.submit(
            [self._keyed(model, fields, out[name]) for name, (model, fields) in TABLES.items()]
        )
        self.report("clients", len(plans))

    def _consents(self, plan: Plan, client_id: int, coach: User, out, logged) -> None:
        """IPS clients answer THL's study consents at start step 7; others only about
        sharing information, half of them."""
        rng = self.rng
        if 7 in plan.steps:
            on = plan.steps[7]
            given = (rng.random() < 0.9, rng.random() < 0.75, True)
        elif plan.service_model != IPS and plan.active_from and rng.random() < 0.5:
            on = plan.active_from
            given = (False, False, True)
        else:
            return
        for kind, value in zip(Consent.Kind, given, strict=True):
            out["consents"].append((client_id, kind, value, on, coach.id))
        logged(_at(rng, on), coach, client_id, AccessAction.UPDATE, "consents")

    def _preferences(self, plan: Plan, enrollment_id: int, client_id: int, coach, out, logged):
        """Most clients out of intake in the open-market models say what work they want."""
        rng = self.rng
        if plan.active_from is None or plan.service_model not in PREFERRING or rng.random() > 0.7:
            return
        kind, industry, _type = rng.choice(EMPLOYER_KINDS)
        title = rng.choice(OPENING_TITLES)
        municipalities = sorted(set(rng.sample(people.MUNICIPALITIES, 2)))
        low = rng.choice((10, 15, 20))
        at = _at(rng, plan.active_from)
        out["preferences"].append(
            (
                enrollment_id, f"{title.capitalize()} tai {kind.split()[0].lower()}-ala",
                [title.split()[0]], [industry], Decimal(low), Decimal(low + 15), municipalities,
                "", [], "", JobPreference.index_text([industry], municipalities), coach.id, at,
            )
        )  # fmt: skip
        logged(at, coach, client_id, AccessAction.UPDATE, "preferences")

    def _jobs(self, plan: Plan, enrollment_id: int, client_id: int, coach: User, out, logged):
        rng = self.rng
        plan.employer_of = {}
        titles = JOB_TITLES.get(plan.service_model, JOB_TITLES[IPS])
        for job in plan.jobs:
            employer_id = rng.choice(self.employer_ids)
            plan.employer_of[job] = employer_id
            trial = job.kind == PlacementKind.WORK_TRIAL
            hours = Decimal(str(rng.choice(HOURS_PER_WEEK if not trial else (20, 25, 30))))
            subsidy = (None, None)
            if plan.service_model == ServiceModel.WAGE_WORK:
                subsidy = (70, 10)
            elif not trial and plan.service_model == IPS and rng.random() < 0.3:
                subsidy = rng.choice(((50, 5), (70, 10)))
            ended = job.end is not None
            out["placements"].append(
                (
                    enrollment_id, employer_id, None, job.kind, rng.choice(titles), job.start,
                    job.planned_end, job.end,
                    (WORK_TRIAL_ENDED if trial else FIXED_TERM_ENDED) if ended else "",
                    job.continues_job_search, hours,
                    5 if hours >= 30 else rng.choice((3, 4)),
                    None if trial else Decimal(rng.randint(1150, 1450)) / 100,
                    job.competitive, *subsidy, coach.id, _at(rng, job.start),
                    _at(rng, min(job.end or job.start, self.today)),
                )
            )  # fmt: skip
            logged(_at(rng, job.start), coach, client_id, AccessAction.CREATE, "placement")
            if ended:
                logged(_at(rng, job.end), coach, client_id, AccessAction.UPDATE, "placement")

    def _visits(self, plan, enrollment_id, client_id, coach, unit_id, out, logged) -> None:
        rng = self.rng
        months = self.settings.get(plan.service_model, ModelSettings([])).follow_along_months
        for visit in visit_days(rng, plan, self.today, months):
            kind, minutes, summary = rng.choice(VISITS[visit.basis.phase])
            at = _at(rng, visit.day)
            out["visits"].append(
                (
                    enrollment_id, visit.day, kind, minutes, summary.format(title="työpaikka"),
                    visit.basis.legal_basis, visit.basis.service_task, unit_id, "", coach.id, at,
                )
            )  # fmt: skip
            # The coach opens the client's page and records the visit.
            logged(at, coach, client_id, AccessAction.READ, "client")
            logged(at, coach, client_id, AccessAction.CREATE, "visit")
        for day, job in contact_days(rng, plan, self.today):
            if job is not None:
                employer_id = plan.employer_of[job]
                purpose = rng.choice((ContactPurpose.FOLLOW_ALONG, ContactPurpose.EMPLOYER_SUPPORT))
            else:
                employer_id = rng.choice(self.employer_ids)
                purpose = rng.choice((ContactPurpose.JOB_DEVELOPMENT, ContactPurpose.RECRUITMENT))
            at = _at(rng, day)
            out["contacts"].append(
                (
                    employer_id, day, rng.choice(list(ContactKind)), purpose,
                    CONTACT_OUTCOMES[purpose], "", rng.choice(self.persons_of[employer_id]),
                    coach.id, enrollment_id, at,
                )
            )  # fmt: skip
            logged(at, coach, client_id, AccessAction.CREATE, "employer_contact")

    # -- fidelity ----------------------------------------------------------------------------

    def _fidelity(self) -> None:
        """A complete IPS fidelity review of each unit a year, scored by two evaluators."""
        rng = self.rng
        reviewers = [self.by_role[Role.EVALUATOR][0], self.by_role[Role.ADMIN][0]]
        for unit in self.units:
            for year in range(self.years):
                day = self.today - datetime.timedelta(days=365 * year + rng.randint(10, 200))
                scores = {
                    code: rng.choices((2, 3, 4, 5), weights=(1, 3, 4, 2))[0] for code in CODES
                }
                total = sum(scores.values())
                review = Review.objects.create(
                    organization=self.organization,
                    unit=unit,
                    review_date=day,
                    status=ReviewStatus.COMPLETE,
                    period_from=day - datetime.timedelta(days=365),
                    period_to=day,
                    total=total,
                    band=band_for(total),
                    created_by=self.supervisor_of[unit.pk],
                )
                review.reviewers.set(reviewers)
                ItemScore.objects.bulk_create(
                    ItemScore(review=review, code=code, score=score)
                    for code, score in scores.items()
                )
                self.counts["fidelity reviews"] += 1


_PHASE_RANK = {phase: rank for rank, phase in enumerate(Phase)}


def _rank(phase: str) -> int:
    return _PHASE_RANK[Phase(phase)]


def _phase_today(plan: Plan, today: datetime.date) -> str:
    current = None
    for change in sorted(plan.changes, key=lambda c: (c.effective_date, _rank(c.phase))):
        if change.effective_date <= today:
            current = change.phase
    return current


TABLES: dict[str, tuple[type, tuple[str, ...]]] = {
    "clients": (
        Client,
        (
            "id", "organization", "first_name", "last_name", "personal_id", "birth_date",
            "municipality_code", "phone", "email", "created_at", "updated_at",
        ),
    ),
    "groups": (Client.target_groups.through, ("client", "targetgroup")),
    "enrollments": (
        Enrollment,
        (
            "id", "client", "service_model", "unit", "referral_source", "coach", "start_date",
            "end_date", "end_reason", "next_action", "next_action_on", "created_by", "created_at",
        ),
    ),
    "workers": (
        ClientWorker,
        (
            "client", "user", "kind", "start_date", "end_date", "started_by", "ended_by",
            "end_reason",
        ),
    ),
    "phases": (
        PhaseChange,
        ("enrollment", "phase", "effective_date", "reason", "recorded_by", "recorded_at"),
    ),
    "steps": (IntakeStep, ("enrollment", "number", "done_on", "done_by")),
    "preferences": (
        JobPreference,
        (
            "enrollment", "wanted_work", "keywords", "industry_codes", "hours_min", "hours_max",
            "municipality_codes", "avoid", "avoid_keywords", "strengths", "match_index",
            "updated_by", "updated_at",
        ),
    ),
    "consents": (Consent, ("client", "kind", "given", "recorded_on", "recorded_by")),
    "placements": (
        Placement,
        (
            "enrollment", "employer", "opening", "kind", "job_title", "start_date",
            "planned_end_date", "end_date", "end_reason", "continues_job_search",
            "hours_per_week", "days_per_week", "hourly_wage", "competitive",
            "pay_subsidy_percent", "pay_subsidy_months", "created_by", "created_at", "updated_at",
        ),
    ),
    "visits": (
        Visit,
        (
            "enrollment", "date", "kind", "duration_minutes", "summary", "legal_basis",
            "service_task", "service_unit", "basis_problem", "recorded_by", "created_at",
        ),
    ),
    "contacts": (
        EmployerContact,
        (
            "employer", "date", "kind", "purpose", "outcome", "notes", "contact_person",
            "made_by", "enrollment", "created_at",
        ),
    ),
    "log": (
        AccessLogEntry,
        ("at", "organization", "user", "client", "action", "target", "channel"),
    ),
}  # fmt: skip
# Loaded without keys and secondary indexes on PostgreSQL, rebuilt once at the end.
BULK_TABLES = (Visit, AccessLogEntry, EmployerContact, PhaseChange, Attendance, WorkLog)
# The modules that land after the pathway's, each in a file of its own (gen_*.py), called
# per organisation once its clients are written.
LATER_MODULES = (gen_groupwork, gen_workactivity, gen_workability, gen_wagework, gen_targets)
LABELS = {
    "clients": "clients",
    "groups": "target group rows",
    "enrollments": "enrollments",
    "workers": "client-worker links",
    "phases": "phase changes",
    "steps": "start steps",
    "preferences": "job preferences",
    "consents": "consents",
    "placements": "placements",
    "visits": "visits",
    "contacts": "employer contacts",
    "log": "access log rows",
}
