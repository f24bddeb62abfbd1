"""Build the demo organisation step by step.

To add more demo data, write a step `build_<thing>(ctx: DemoContext) -> None` and add it to
BUILD_STEPS after the steps it needs: `ctx.users` and `ctx.units` are ready after
`build_staff`; the register (`ctx.employers`, `ctx.openings`) after `build_employers`;
`ctx.clients`, each with its `story.jobs` as placements at register employers, after
`build_clients`.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import transaction

from tyopolku.accounts.models import Organization, User
from tyopolku.accounts.services import organization_ensure, unit_ensure, user_create
from tyopolku.audit.services import access_channel, access_log_kept
from tyopolku.core.dates import today
from tyopolku.demo import people
from tyopolku.demo.context import DemoContext
from tyopolku.demo.employers import build_employer_contacts, build_employers
from tyopolku.demo.paths import client_path_build
from tyopolku.demo.stories import plan_stories
from tyopolku.demo.workability import build_work_ability
from tyopolku.pathway.models import ServiceModel
from tyopolku.pathway.services import DEFAULT_FOLLOW_ALONG_MONTHS
from tyopolku.reports.models import TargetMetric
from tyopolku.reports.services import report_target_create
from tyopolku.subcontracting.demo import build_group_work

ACCESS_CHANNEL = "cli:load_demo"
SEED = 2019
PILOT_CLIENTS = 40


def build_organization(ctx: DemoContext) -> None:
    ctx.organization, _ = organization_ensure(
        code=people.ORGANIZATION_CODE, name=people.ORGANIZATION_NAME
    )
    for code, name in people.UNITS.items():
        ctx.units[code], _ = unit_ensure(organization=ctx.organization, code=code, name=name)


def build_staff(ctx: DemoContext) -> None:
    # One hash for everyone: hashing the same password ten times costs seconds.
    password_hash = make_password(people.DEMO_PASSWORD)
    for member in people.STAFF:
        user = user_create(
            username=member.username,
            organization=ctx.organization,
            role=member.role,
            unit=ctx.units[member.unit] if member.unit else None,
            first_name=member.first_name,
            last_name=member.last_name,
        )
        user.password = password_hash
        user.save(update_fields=["password"])
        ctx.users[member.username] = user


def build_clients(ctx: DemoContext) -> None:
    # A new organisation starts with the default follow-along periods.
    months = {model: DEFAULT_FOLLOW_ALONG_MONTHS.get(model) for model in ServiceModel}
    for index, story in enumerate(plan_stories(ctx.rng, ctx.today, months)):
        ctx.clients.append(client_path_build(ctx, story, index))


def build_report_targets(ctx: DemoContext) -> None:
    """The pilot's target on the report page: 40 clients in IPS job coaching in its first
    two years, from the first demo client's start."""
    start = min(demo.enrollment.start_date for demo in ctx.clients)
    report_target_create(
        organization=ctx.organization,
        label="IPS-pilotti: 40 asiakasta",
        metric=TargetMetric.CLIENTS_ENROLLED,
        target_value=PILOT_CLIENTS,
        period_start=start,
        period_end=start + relativedelta(years=2, days=-1),
        service_model=ServiceModel.IPS,
    )


BUILD_STEPS: tuple[Callable[[DemoContext], None], ...] = (
    build_organization,
    build_staff,
    build_employers,
    build_clients,
    build_employer_contacts,
    build_report_targets,
    build_work_ability,
    build_group_work,
)


def build_demo(
    *, seed: int = SEED, steps: Sequence[Callable[[DemoContext], None]] = BUILD_STEPS
) -> DemoContext:
    """Run the steps in one transaction. Dates are relative to today; the seed fixes the rest."""
    ctx = DemoContext(today=today(), rng=random.Random(seed))
    # What the steps read is logged in one insert at the end (tyopolku.audit.services).
    with access_channel(ACCESS_CHANNEL), access_log_kept(), transaction.atomic():
        for step in steps:
            step(ctx)
    return ctx


@dataclass(frozen=True)
class DemoLoad:
    created: bool
    # The demo organisation, also when it existed already; None when the database holds
    # other organisations only.
    organization: Organization | None
    context: DemoContext | None = None


@transaction.atomic
def load_demo() -> DemoLoad:
    """Build the demo only into a database without organisations: never mix it with real data."""
    if Organization.objects.exists():
        existing = Organization.objects.filter(code=people.ORGANIZATION_CODE).first()
        return DemoLoad(created=False, organization=existing)
    ctx = build_demo()
    return DemoLoad(created=True, organization=ctx.organization, context=ctx)


def demo_logins(organization: Organization) -> list[User]:
    """The demo staff that exist in `organization`, in the order of people.STAFF."""
    usernames = [m.username for m in people.STAFF]
    users = User.objects.filter(organization=organization, username__in=usernames)
    return sorted(users, key=lambda u: usernames.index(u.username))
