"""The organisation key (issue 11): every table of the project has `organization` except the
shared code lists, and the rows that belong to a parent record get the parent's organisation
whether they are saved one by one, bulk created, or were there before the column (the
migrations copy it)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.access_policy import build_world
from tests.conftest import make_user
from tests.pages_support import days_ago
from tests.test_fidelity_support import world_action, world_review
from tests.test_subcontracting_support import world_group
from tests.test_workability_schedule_support import next_scheduled_day, world_schedule
from tests.test_workability_support import world_assessment, world_network_meeting, world_plan
from tests.test_workact_support import world_agreement
from tyopolku.accounts.models import ApiToken, Organization, User
from tyopolku.accounts.services import api_token_create, unit_ensure
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.clients.services import client_consents_set, client_update
from tyopolku.core.models import OrganisationKeyed
from tyopolku.matching.services import preference_set
from tyopolku.pathway.models import Enrollment, Visit, VisitKind
from tyopolku.placements.models import Placement
from tyopolku.subcontracting.services import customer_billing_set, invoice_run, order_create
from tyopolku.workability.services import team_meeting_change, team_meeting_create
from tyopolku.workactivity.services import agreement_update

# Code lists shared by every organisation (reference tables when sharded), and the
# organisation itself.
SHARED = {
    "accounts.Organization",
    "clients.TargetGroup",
    "pathway.ReferralSource",
    "placements.PaySubsidyRate",
    "placements.WorkTrialRule",
    "workactivity.RehabilitativeWorkActivityRule",
    "subcontracting.VatRate",
    "workability.TrainingKind",
    # Django's permission links of the user model (auth groups and permissions are shared).
    "accounts.User_groups",
    "accounts.User_user_permissions",
}


def _project_models() -> list:
    # With the link tables of many-to-many fields: a plain one would be a table without the key.
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m.__module__.startswith("tyopolku.")
    ]


def keyed_models() -> list[type[OrganisationKeyed]]:
    return [m for m in _project_models() if issubclass(m, OrganisationKeyed)]


def organisation_keys(model: type[OrganisationKeyed]) -> list[tuple[int | None, int | None]]:
    """(the row's organisation, its parent's) of every row of `model`."""
    parent_key = f"{model.organisation_parent}__organization_id"
    return list(model.objects.values_list("organization_id", parent_key))


def _organisation_field(model):
    field = next((f for f in model._meta.concrete_fields if f.name == "organization"), None)
    return field if field is not None and field.related_model is Organization else None


def test_it_gives_every_table_the_organisation_key_but_the_shared_code_lists():
    without = sorted(m._meta.label for m in _project_models() if not _organisation_field(m))
    assert without == sorted(SHARED)


def test_each_keyed_table_copies_the_key_from_a_parent_that_has_it():
    for model in keyed_models():
        parent = model._meta.get_field(model.organisation_parent)
        assert parent.many_to_one or parent.one_to_one, model
        assert _organisation_field(parent.related_model), model
        # Only a user may be without an organisation (an installation's superuser).
        assert _organisation_field(model).null == (model is ApiToken), model


# Rows made through the services


def _other_world(other_org):
    """The same records in a second organisation, so that a key copied from the wrong
    parent would show."""
    unit = unit_ensure(organization=other_org, code="paja", name="Muu paja")[0]
    coach = make_user("coach2", other_org, "job_coach", unit)
    supervisor = make_user("supervisor2", other_org, "supervisor", unit)
    client = Client.objects.create(
        organization=other_org,
        first_name="Otto",
        last_name="Muualta",
        birth_date=datetime.date(1985, 5, 5),
    )
    ClientWorker.objects.create(client=client, user=coach, kind=ClientWorker.Kind.COACH)
    return build_world(
        org=other_org, unit=unit, coach=coach, supervisor=supervisor, client_record=client
    )


def _the_rest(w) -> None:
    """What the access policy's world lacks: consents, preferences, a target group, a team
    meeting with its attendees, a fidelity review with its scores and an action, the
    work-ability records, a changed agreement, a team meeting moved, a customer's e-invoice
    address and a month of a fixed-price order billed."""
    coach, supervisor = w.enrollment.coach, w.worker_link.user
    client_consents_set(
        user=coach,
        client=w.client,
        thl_evaluation=True,
        thl_follow_up=False,
        information_sharing=True,
    )
    preference_set(user=coach, enrollment=w.enrollment, wanted_work="Myymälätyö")
    client_update(user=coach, client=w.client, target_groups=["long_term_unemployed"])
    team_meeting_create(
        user=supervisor,
        unit_id=w.enrollment.unit_id,
        date=days_ago(1),
        attendees=[coach.username, supervisor.username],
    )
    world_review(w)
    world_action(w)
    world_assessment(w)
    world_plan(w)
    world_network_meeting(w)
    world_schedule(w)
    team_meeting_change(
        user=supervisor,
        unit_id=w.enrollment.unit_id,
        original_date=next_scheduled_day(w),
        action="cancel",
    )
    agreement = world_agreement(w)
    agreement_update(
        user=supervisor,
        agreement=agreement,
        version=agreement.version,
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        days_per_week=agreement.days_per_week,
        hours_per_day=agreement.hours_per_day,
        place="Kahvila Kaisla, sali",
    )
    customer_billing_set(
        user=supervisor, employer=w.employer, einvoice_address="003712345671", operator_id=""
    )
    first = days_ago(150).replace(day=1)
    order_create(
        user=supervisor,
        customer_id=w.employer.pk,
        group_id=world_group(w).pk,
        service_type="cleaning",
        pricing="fixed_monthly",
        monthly_price=Decimal("500.00"),
        start_date=first,
    )
    invoice_run(user=supervisor, period_start=first, period_end=first + datetime.timedelta(27))


def test_it_gives_rows_made_through_the_services_the_organisation_of_their_parent(
    org, unit, coach, supervisor, client_record, other_org
):
    worlds = [
        build_world(
            org=org, unit=unit, coach=coach, supervisor=supervisor, client_record=client_record
        ),
        _other_world(other_org),
    ]
    for world in worlds:
        _the_rest(world)

    empty, wrong = [], []
    for model in keyed_models():
        keys = organisation_keys(model)
        organisations = {own for own, _ in keys}
        if organisations != {org.pk, other_org.pk}:
            empty.append((model._meta.label, organisations))
        wrong += [model._meta.label for own, parents in keys if own != parents]
    assert empty == []
    assert wrong == []


# Saved one by one and in bulk


def _visit(recorded_by_id: int, **parent) -> Visit:
    return Visit(
        **parent,
        recorded_by_id=recorded_by_id,
        date=days_ago(3),
        kind=VisitKind.PHONE,
        duration_minutes=15,
        summary="Soitto",
        legal_basis="social_rehabilitation",
        service_task="working_age_services",
    )


@pytest.fixture
def enrollment(coach, client_record, unit) -> Enrollment:
    return Enrollment.objects.create(
        client=client_record,
        service_model="ips",
        unit=unit,
        coach=coach,
        start_date=days_ago(30),
        created_by=coach,
    )


def test_it_takes_the_organisation_from_the_parent_in_memory(
    enrollment, org, django_assert_num_queries
):
    visit = _visit(enrollment.coach_id, enrollment=enrollment)
    with django_assert_num_queries(1):  # the insert only
        visit.save()
    assert enrollment.organization_id == org.pk
    assert Visit.objects.values_list("organization", flat=True).get() == org.pk


def test_it_reads_the_organisation_of_a_parent_given_by_id(
    enrollment, org, django_assert_num_queries
):
    visit = _visit(enrollment.coach_id, enrollment_id=enrollment.pk)
    with django_assert_num_queries(2):  # 1 the parent's organisation, 2 the insert
        visit.save()
    assert visit.organization_id == org.pk


def test_a_batch_reads_the_organisations_of_its_parents_in_one_query(
    enrollment, org, other_org, django_assert_num_queries
):
    other = Enrollment.objects.create(
        client=Client.objects.create(
            organization=other_org, first_name="O", last_name="M", birth_date=days_ago(9000)
        ),
        service_model="ips",
        start_date=days_ago(30),
        created_by=enrollment.coach,
    )
    visits = [
        _visit(enrollment.coach_id, enrollment_id=parent.pk)
        for parent in (enrollment, other, enrollment, other)
    ]
    with django_assert_num_queries(2):  # 1 the parents' organisations, 2 the insert
        Visit.objects.bulk_create(visits)
    assert [v.organization_id for v in visits] == [org.pk, other_org.pk] * 2


def test_a_batch_of_parents_in_memory_needs_no_query(enrollment, django_assert_num_queries):
    visits = (_visit(enrollment.coach_id, enrollment=enrollment) for _ in "abc")
    with django_assert_num_queries(1):  # the insert only
        made = Visit.objects.bulk_create(visits)
    assert {v.organization_id for v in made} == {enrollment.organization_id}


def test_a_superusers_token_has_no_organisation(db):
    root = User.objects.create_superuser("root", "root@example.com", "x")
    api_token_create(user=root)
    assert ApiToken.objects.values_list("organization", flat=True).get() is None


# The migrations

BEFORE = [
    ("accounts", "0003_case_manager_role"),
    ("clients", "0004_case_manager_link"),
    ("pathway", "0006_more_legal_bases"),
    ("employers", "0003_contact_made_by_date"),
    ("placements", "0005_subsidy_durations_and_sources"),
    ("matching", "0001_initial"),
    ("workactivity", "0005_work_share_tax_free"),
    ("fidelity", "0001_initial"),
    ("workability", "0006_team_meeting_schedule"),
    ("subcontracting", "0004_fixed_price_orders"),
]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migrations_copy_the_key_from_the_parents_and_go_back(org, other_org, coach):
    try:
        executor = _migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        rows = {
            organisation: _old_rows(old, organisation, coach) for organisation in (org, other_org)
        }
        _migrate(_latest())
        for organisation, made in rows.items():
            assert ClientWorker.objects.get(pk=made["link"]).organization_id == organisation.pk
            assert Visit.objects.get(pk=made["visit"]).organization_id == organisation.pk
            assert Placement.objects.get(pk=made["placement"]).organization_id == organisation.pk
            # The token of the coach of `org`, whichever organisation its rows are of.
            assert ApiToken.objects.get(pk=made["token"]).organization_id == org.pk
        _migrate(BEFORE)  # back again: the columns go
    finally:
        _migrate(_latest())


def _old_rows(old, organisation, coach) -> dict[str, int]:
    """A client with a link, an enrollment with a visit and a job, as the tables were."""
    client = old.get_model("clients", "Client").objects.create(
        organization_id=organisation.pk,
        first_name="Vanha",
        last_name="Asiakas",
        birth_date=datetime.date(1980, 1, 1),
    )
    link = old.get_model("clients", "ClientWorker").objects.create(
        client=client, user_id=coach.pk, kind="coach"
    )
    enrollment = old.get_model("pathway", "Enrollment").objects.create(
        client=client, service_model="ips", start_date=days_ago(40), created_by_id=coach.pk
    )
    visit = old.get_model("pathway", "Visit").objects.create(
        enrollment=enrollment,
        date=days_ago(3),
        kind="phone",
        duration_minutes=15,
        summary="Soitto",
        legal_basis="social_rehabilitation",
        service_task="working_age_services",
        recorded_by_id=coach.pk,
    )
    employer = old.get_model("employers", "Employer").objects.create(
        organization_id=organisation.pk, name="Vanha Oy", business_id="0737546-2"
    )
    placement = old.get_model("placements", "Placement").objects.create(
        enrollment=enrollment,
        employer=employer,
        job_title="Myyjä",
        start_date=days_ago(20),
        hours_per_week=Decimal(20),
        competitive=True,
        created_by_id=coach.pk,
    )
    token = old.get_model("accounts", "ApiToken").objects.create(
        user_id=coach.pk, key_hash=f"{organisation.pk:064d}"
    )
    return {"link": link.pk, "visit": visit.pk, "placement": placement.pk, "token": token.pk}
