import io
import random
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from stdnum.fi import hetu

from tyopolku.accounts.models import Organization, Unit, User
from tyopolku.audit.models import AccessLogEntry
from tyopolku.clients.models import Client
from tyopolku.core.dates import today
from tyopolku.demo import people
from tyopolku.demo.builder import SEED
from tyopolku.demo.stories import plan_stories
from tyopolku.pathway.models import Enrollment, LegalBasis, Phase, ServiceModel, Visit
from tyopolku.pathway.selectors import caseload


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

    def test_it_creates_nothing_the_second_time_but_prints_the_logins(self, demo_output):
        models = (Organization, Unit, User, Client, Enrollment, Visit, AccessLogEntry)
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
