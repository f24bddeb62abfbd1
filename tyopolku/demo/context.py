"""What the demo builder steps share: each step reads what the earlier ones made."""

import datetime
import random
from dataclasses import dataclass, field

from tyopolku.accounts.models import Organization, Unit, User
from tyopolku.clients.models import Client
from tyopolku.demo.stories import Story
from tyopolku.employers.models import ContactPerson, Employer, Opening
from tyopolku.pathway.models import Enrollment
from tyopolku.placements.models import Placement


@dataclass
class DemoClient:
    client: Client
    enrollment: Enrollment
    story: Story
    placements: list[Placement] = field(default_factory=list)  # one per story job


@dataclass
class DemoContext:
    today: datetime.date
    rng: random.Random
    organization: Organization | None = None
    units: dict[str, Unit] = field(default_factory=dict)  # by unit code
    users: dict[str, User] = field(default_factory=dict)  # by username
    clients: list[DemoClient] = field(default_factory=list)
    visit_count: int = 0
    employers: list[Employer] = field(default_factory=list)
    contact_persons: dict[int, list[ContactPerson]] = field(default_factory=dict)  # by employer
    openings: list[Opening] = field(default_factory=list)
