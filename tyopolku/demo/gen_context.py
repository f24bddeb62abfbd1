"""What the generator's later modules (group work, work activity, the work-ability team, wage
work, report targets) read from an organisation already made: its staff, clients and plans.

Each module draws from a random generator of its own (`rng`), seeded with the seed, the
organisation and the module's name, so that adding or changing one module never changes the
data of another. Each module writes through the generator's writer and keeps its tables'
column lists in one dict (`TABLES`) at the bottom of its file."""

import datetime
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Model

from tyopolku.accounts.models import Organization, User
from tyopolku.accounts.roles import Role
from tyopolku.demo import rows
from tyopolku.demo.plans import Plan

Columns = dict[str, tuple[type[Model], tuple[str, ...]]]  # name -> model, fields


@dataclass(frozen=True, slots=True)
class Client:
    """One generated client as the later modules see it."""

    index: int  # in the organisation's plans
    plan: Plan
    client_id: int
    enrollment_id: int
    coach: User


@dataclass
class Context:
    organization: Organization
    seed: int
    today: datetime.date
    years: int
    plans: list[Plan]
    client_ids: list[int]
    enrollment_ids: list[int]
    coach_of: dict[int, User]
    by_role: dict[str, list[User]]
    employer_ids: list[int]
    counts: Counter
    writer: rows.Writer
    at: Callable[[random.Random, datetime.date], datetime.datetime]  # a time in office hours
    log_columns: tuple[type[Model], tuple[str, ...]]  # the access log's model and fields
    channel: str

    @property
    def first_day(self) -> datetime.date:
        """The first day of the history."""
        return self.today - datetime.timedelta(days=int(self.years * 365.25))

    @property
    def admin(self) -> User:
        return self.by_role[Role.ADMIN][0]

    def rng(self, module: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.organization.code}:{module}")

    def clients(self, service_model: str) -> list[Client]:
        """The clients of one service model, in the order they were made."""
        return [
            Client(
                index,
                plan,
                self.client_ids[index],
                self.enrollment_ids[index],
                self.coach_of[index],
            )
            for index, plan in enumerate(self.plans)
            if plan.service_model == service_model
        ]

    def log(self, at: datetime.datetime, user_id: int, client_id: int, action, target: str):
        """An access-log row of this use (fields as in `log_columns`)."""
        return (at, self.organization.pk, user_id, client_id, action, target, self.channel)

    def submit(self, columns: Columns, out: dict[str, list], labels: dict[str, str]) -> None:
        """Hand `out`'s rows (by table name of `columns`; "log": access-log rows) to the
        writer and count them under `labels`."""
        tables = [
            rows.keyed(self.organization.pk, *columns[name], out[name])
            for name in columns
            if out.get(name)
        ]
        if out.get("log"):
            tables.append((*self.log_columns, out["log"]))
            self.counts["access log rows"] += len(out["log"])
        for name in columns:
            self.counts[labels[name]] += len(out.get(name, ()))
        self.writer.submit(tables)

    def ids(self, model: type[Model], count: int) -> list[int]:
        """Fresh primary keys; the writer must be idle (the database is used)."""
        self.writer.wait()
        return rows.ids(model, count)


def chunks[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for first in range(0, len(items), size):
        yield items[first : first + size]


def weekdays(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    """Monday to Friday from `first` to `last`, both included."""
    day = first
    one = datetime.timedelta(days=1)
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += one
