"""What the demo builder steps share: each step reads what the earlier ones made."""

import datetime
import random
from dataclasses import dataclass, field

from tyopolku.accounts.models import Organization, Unit, User
from tyopolku.clients.models import Client
from tyopolku.demo.stories import Story
from tyopolku.pathway.models import Enrollment


@dataclass
class DemoClient:
    client: Client
    enrollment: Enrollment
    story: Story


@dataclass
class DemoContext:
    today: datetime.date
    rng: random.Random
    organization: Organization | None = None
    units: dict[str, Unit] = field(default_factory=dict)  # by unit code
    users: dict[str, User] = field(default_factory=dict)  # by username
    clients: list[DemoClient] = field(default_factory=list)
    visit_count: int = 0
