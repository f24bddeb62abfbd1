import datetime
import io
import random
import re
import statistics
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from stdnum.fi import hetu, ytunnus

from tyopolku.accounts.models import Organization, Unit, User
from tyopolku.audit.models import AccessLogEntry
from tyopolku.clients.models import Client
from tyopolku.core.dates import today
from tyopolku.demo import people
from tyopolku.demo.builder import SEED
from tyopolku.demo.stories import plan_stories
from tyopolku.employers import codes
from tyopolku.employers.models import (
    FACE_TO_FACE,
    ContactPerson,
    Employer,
    EmployerContact,
    EmployerType,
    Opening,
)
from tyopolku.employers.selectors import clients_waiting_for_employer_contact, week_of
from tyopolku.pathway.models import (
    Enrollment,
    LegalBasis,
    Phase,
    PhaseChange,
    ServiceModel,
    Visit,
)
from tyopolku.pathway.selectors import caseload
from tyopolku.placements.models import Placement
from tyopolku.reports.models import ReportTarget
from tyopolku.reports.targets import target_progress

SOUTH_KARELIA = {"153", "405", "416", "441", "580", "689", "700", "739", "831"}


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_plans_the_same_stories_from_the_same_seed():
    months = {ServiceModel.IPS: 3}

    def plan(seed):
        return list(plan_stories(random.Random(seed), today(), months))

    assert plan(SEED) == plan(SEED)
    assert plan(SEED) != plan(SEED + 1)


@pytest.fixture(scope="class")
def _demo_once(django_db_setup, django_db_blocker):
    """Load the demo once (it takes seconds) in a transaction rolled back after the
    class; each test's own transaction nests inside it as a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


class TestTheLoadedDemo:
    """Tests that read one demo loaded for the whole class."""

    @pytest.fixture
    def demo_output(self, _demo_once, db):
        return _demo_once

    @pytest.fixture
    def demo_supervisor(self, demo_output):
        return User.objects.get(username=people.SUPERVISOR)

    def test_it_creates_the_demo_organisation_units_and_staff(self, demo_output):
        organization = Organization.objects.get()
        assert (organization.code, organization.name) == (
            "demo",
            "Etelä-Karjalan hyvinvointialue (demo)",
        )
        assert set(Unit.objects.values_list("name", flat=True)) == {
            "Imatran pajat",
            "Kahvila Kaisla",
            "Lappeenrannan toimintakeskus",
            "Työvalmennuskeskus",
        }
        assert Counter(User.objects.values_list("role", flat=True)) == {
            "admin": 1,
            "supervisor": 1,
            "job_coach": 3,
            "typ_officer": 1,
            "work_coach": 1,
            "case_manager": 1,
            "evaluator": 1,
            "peer_instructor": 1,
            "expert_by_experience": 1,
        }

    def test_it_spreads_about_forty_clients_over_every_phase(self, demo_supervisor):
        assert 35 <= Client.objects.count() <= 45
        open_rows = caseload(user=demo_supervisor)
        phases = Counter(status.phase for _, status in open_rows)
        assert set(phases) == {Phase.INTAKE, Phase.JOB_SEARCH, Phase.EMPLOYED}
        assert Enrollment.objects.filter(end_date__isnull=False).count() >= 3
        warnings = Counter(status.warning for _, status in open_rows if status.warning)
        assert warnings == {"ending": 1, "expired": 1}
        ending = next(s for _, s in open_rows if s.warning == "ending")
        assert 0 <= ending.follow_along_days_left <= 14
        models = Counter(Enrollment.objects.values_list("service_model", flat=True))
        assert models[ServiceModel.IPS] > sum(models.values()) / 2
        assert len(models) >= 4
        coaches = Counter(e.coach.username for e, _ in open_rows if e.service_model == "ips")
        assert set(coaches) == set(people.COACHES)
        assert max(coaches.values()) <= 20  # the IPS caseload limit

    def test_it_sets_the_pilots_target_of_forty_clients(self, demo_supervisor):
        [target] = ReportTarget.objects.all()
        [progress] = target_progress(user=demo_supervisor, targets=[target])

        assert (target.metric, target.target_value, target.service_model) == (
            "clients_enrolled",
            40,
            "ips",
        )
        assert 10 <= progress.value <= 40

    def test_it_gives_every_enrollment_visits_of_every_kind_with_both_legal_bases(
        self, demo_output
    ):
        assert not Enrollment.objects.filter(visits__isnull=True).exists()
        assert set(Visit.objects.values_list("kind", flat=True)) == {
            "meeting",
            "phone",
            "workplace",
            "network_meeting",
            "remote",
        }
        assert set(Visit.objects.values_list("legal_basis", flat=True)) == set(LegalBasis.values)
        assert not Visit.objects.filter(date__gt=today()).exists()

    def test_it_uses_valid_temporary_identity_codes(self, demo_output):
        codes = list(
            Client.objects.exclude(personal_id=None).values_list("personal_id", "birth_date")
        )
        assert len(codes) >= 30
        for code, birth_date in codes:
            assert hetu.is_valid(code, allow_temporary=True), code
            assert 900 <= int(code[7:10]) <= 999, code
            assert code[:6] == f"{birth_date:%d%m%y}"
        without_code = Client.objects.filter(personal_id=None)
        assert without_code.exists()
        assert not without_code.filter(birth_date=None).exists()

    def test_it_logs_the_demo_writes_on_the_cli_channel(self, demo_output):
        channels = set(AccessLogEntry.objects.values_list("channel", flat=True))
        assert channels == {"cli:load_demo"}
        assert AccessLogEntry.objects.values("client").distinct().count() == Client.objects.count()

    def test_it_prints_the_logins(self, demo_output):
        assert "Created the demo organisation" in demo_output
        for member in people.STAFF:
            line = rf"^\s*{member.username}\s+tyopolku-demo\s+{member.role}\s"
            assert re.search(line, demo_output, re.MULTILINE), member.username

    def test_it_lets_the_demo_users_log_in_with_the_demo_password(self, demo_output, client):
        assert client.login(username=people.COACHES[0], password=people.DEMO_PASSWORD)

    def test_it_fills_the_register_with_about_thirty_fictional_employers(self, demo_output):
        employers = list(Employer.objects.all())
        assert 25 <= len(employers) <= 35
        for employer in employers:
            assert ytunnus.is_valid(employer.business_id), employer.business_id
            # The 9xxxxxx range: no real company has such a business ID yet.
            assert employer.business_id.startswith("9"), employer.business_id
            assert employer.municipality_code in SOUTH_KARELIA, employer.name
            assert codes.industry_is_valid(employer.industry_code), employer.industry_code
        fields = {e.industry_code[:2] for e in employers}
        assert {"47", "56", "81", "52", "43"} <= fields
        assert {"87", "88"} & fields and {"16", "25"} & fields
        types = Counter(e.employer_type for e in employers)
        assert types[EmployerType.COMPANY] > len(employers) / 2
        assert {EmployerType.COOPERATIVE, EmployerType.ASSOCIATION, EmployerType.PUBLIC} <= set(
            types
        )

    def test_it_gives_every_employer_one_or_two_fictional_contact_persons(self, demo_output):
        per_employer = Counter(ContactPerson.objects.values_list("employer_id", flat=True))
        assert len(per_employer) == Employer.objects.count()
        assert set(per_employer.values()) == {1, 2}
        persons = list(ContactPerson.objects.all())
        assert len({p.name for p in persons}) == len(persons)
        for person in persons:
            assert person.phone.startswith("+358 40 0000 "), person.phone
            assert person.email.endswith("@example.fi"), person.email

    def test_it_has_openings_at_about_ten_employers_most_of_them_open(self, demo_output):
        openings = Opening.objects.all()
        assert 8 <= openings.values("employer").distinct().count() <= 14
        statuses = Counter(openings.values_list("status", flat=True))
        assert set(statuses) == set(Opening.Status.values)
        assert statuses[Opening.Status.OPEN] > statuses[Opening.Status.FILLED]
        assert not openings.filter(status=Opening.Status.OPEN, open_until__lt=today()).exists()

    def test_it_has_each_coach_meet_about_six_employers_a_week(self, demo_output):
        this_monday = week_of(today())[0]
        assert not EmployerContact.objects.filter(date__gt=today()).exists()
        assert set(EmployerContact.objects.values_list("made_by__username", flat=True)) == set(
            people.COACHES
        )
        for coach in people.COACHES:
            contacts = EmployerContact.objects.filter(made_by__username=coach)
            face_days = contacts.filter(kind__in=FACE_TO_FACE).values_list("date", flat=True)
            weeks = Counter(week_of(day)[0] for day in face_days if day < this_monday)
            assert len(weeks) == 9, coach  # the nine full weeks before this one
            assert 4.5 <= statistics.mean(weeks.values()) <= 7.5, (coach, weeks)
            assert contacts.exclude(kind__in=FACE_TO_FACE).exists(), coach

    def test_it_makes_a_share_of_the_contacts_for_the_coachs_own_clients(self, demo_output):
        linked = EmployerContact.objects.filter(enrollment__isnull=False).select_related(
            "enrollment", "made_by"
        )
        assert 0.2 < linked.count() / EmployerContact.objects.count() < 0.7
        assert {c.made_by.username for c in linked} == set(people.COACHES)
        for contact in linked:
            enrollment = contact.enrollment
            assert enrollment.coach_id == contact.made_by_id
            assert enrollment.service_model == ServiceModel.IPS
            assert enrollment.start_date <= contact.date
            assert enrollment.end_date is None or contact.date <= enrollment.end_date
        purposes = set(linked.values_list("purpose", flat=True))
        assert "job_development" in purposes
        assert purposes & {"follow_along", "employer_support"}  # at a client's workplace

    def test_it_leaves_some_of_each_coachs_clients_waiting_for_a_first_contact(self, demo_output):
        for coach in User.objects.filter(username__in=people.COACHES):
            waiting = clients_waiting_for_employer_contact(user=coach)
            open_ips = Enrollment.objects.filter(
                coach=coach, service_model=ServiceModel.IPS, end_date=None
            )
            assert 1 <= len(waiting) < open_ips.count() / 2, coach.username
            # Besides those in intake, one client in job search is overdue.
            assert any(w.overdue for w in waiting), coach.username

    def test_it_records_the_demo_jobs_as_placements_that_move_the_phases(self, demo_output):
        placements = list(Placement.objects.select_related("enrollment", "employer"))
        starts = PhaseChange.objects.filter(reason=PhaseChange.Reason.EMPLOYMENT_STARTED)
        assert len(placements) == starts.count() >= 10
        organization = Organization.objects.get()
        for placement in placements:
            enrollment = placement.enrollment
            assert placement.employer.organization_id == organization.pk
            assert starts.filter(
                enrollment=enrollment, effective_date=placement.start_date
            ).exists()
            assert placement.competitive == (enrollment.service_model == ServiceModel.IPS)
            if placement.end_date is not None:
                assert placement.end_date == placement.planned_end_date
                assert enrollment.phase_changes.filter(
                    phase=Phase.JOB_SEARCH,
                    effective_date=placement.end_date + datetime.timedelta(days=1),
                    reason=PhaseChange.Reason.EMPLOYMENT_ENDED,
                ).exists()
        assert any(p.end_date for p in placements)
        assert any(p.pay_subsidy_percent for p in placements)
        # A recent job filled an opening.
        assert Opening.objects.filter(
            status=Opening.Status.FILLED, placements__isnull=False
        ).exists()

    def test_it_creates_nothing_the_second_time_but_prints_the_logins(self, demo_output):
        models = (
            Organization,
            Unit,
            User,
            Client,
            Enrollment,
            Visit,
            AccessLogEntry,
            Employer,
            ContactPerson,
            EmployerContact,
            Opening,
            Placement,
        )
        before = {model: model.objects.count() for model in models}

        second = load_demo()

        assert {model: model.objects.count() for model in models} == before
        assert "exists already; nothing was created" in second
        for member in people.STAFF:
            assert re.search(rf"^\s*{member.username}\s+tyopolku-demo\s", second, re.MULTILINE)


# After the class on purpose: it also shows the class's demo was rolled back.
def test_it_leaves_a_database_with_other_organisations_alone(org):
    output = load_demo()

    assert "no demo data was created" in output
    assert list(Organization.objects.values_list("code", flat=True)) == ["testikunta"]
    assert not User.objects.filter(username=people.SUPERVISOR).exists()


def test_it_gives_the_case_manager_clients_with_an_assessment_and_a_plan(_demo_once, db):
    from tyopolku.clients.models import ClientWorker
    from tyopolku.workability.models import ClientPlan, Referral, ServiceNeedAssessment

    links = ClientWorker.objects.filter(
        user__username=people.CASE_MANAGER, kind="case_manager", end_date__isnull=True
    )
    assert links.count() == 2
    clients = [link.client_id for link in links]
    assert ServiceNeedAssessment.objects.filter(client_id__in=clients).count() == 2
    assert ClientPlan.objects.filter(client_id__in=clients, version=1).count() == 2
    assert Referral.objects.filter(status="sent").count() == 1
