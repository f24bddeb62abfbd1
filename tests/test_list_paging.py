"""The lists of group work and work activity (groups, orders, an order's hours, invoices,
agreements, IPS candidates) are paged like the other lists (50 a page) and read a fixed
number of queries however many rows the page shows."""

from collections.abc import Callable

import pytest

from tests.factories import ClientFactory
from tests.pages_support import days_ago, login, page_queries
from tests.test_subcontracting_support import group_of, hours, member_of, order_for
from tests.test_workact_support import WORLD_SCORES as SCORES
from tests.test_workact_support import agreement_of, work_activity_enrollment
from tyopolku.subcontracting.models import WorkGroup
from tyopolku.workactivity.services import screening_create


def _same_for_1_and_10(client, url: str, add: Callable[[int], None]) -> None:
    add(0)
    one = page_queries(client, url)
    for n in range(1, 10):
        add(n)
    assert page_queries(client, url) == one


def test_the_groups_list_is_paged(client, supervisor, unit):
    for n in range(51):
        group_of(supervisor, unit, name=f"Ryhmä {n:02}")
    login(client, supervisor)
    first = client.get("/group-work/groups/").content.decode()
    assert "Ryhmä 49" in first and "Ryhmä 50" not in first
    assert "?offset=50" in first and "1–50 of 51" in first
    second = client.get("/group-work/groups/?offset=50").content.decode()
    assert "Ryhmä 50" in second and "Ryhmä 00" not in second
    assert client.get("/group-work/groups/?offset=x").status_code == 200  # from the top


def _participant(supervisor, org, unit):
    participant = ClientFactory(organization=org)
    return agreement_of(supervisor, work_activity_enrollment(supervisor, participant, unit))


@pytest.mark.parametrize(
    "url",
    [
        "/group-work/groups/",
        "/group-work/orders/",
        "/group-work/orders/{order}/",
        "/work-activity/",
        "/work-activity/candidates/",
    ],
)
def test_a_list_reads_the_same_queries_for_1_and_10_rows(client, supervisor, org, unit, url):
    group = group_of(supervisor, unit)
    order = order_for(supervisor, group, start=days_ago(30))
    member = member_of(supervisor, group, ClientFactory(organization=org), start=days_ago(30))

    def add(n: int) -> None:
        if url == "/group-work/groups/":
            group_of(supervisor, unit, name=f"Ryhmä {n}")
        elif url == "/group-work/orders/":
            order_for(supervisor, group, start=days_ago(30))
        elif url == "/group-work/orders/{order}/":
            hours(supervisor, order, member, days_ago(n + 1), "5")
        elif url == "/work-activity/":
            _participant(supervisor, org, unit)
        else:
            agreement = _participant(supervisor, org, unit)
            screening_create(user=supervisor, agreement=agreement, date=days_ago(1), **SCORES)

    login(client, supervisor)
    _same_for_1_and_10(client, url.format(order=order.pk), add)


def test_the_orders_list_pages_newest_first(client, supervisor, unit):
    group = group_of(supervisor, unit)
    for n in range(51):
        order_for(supervisor, group, start=days_ago(100 - n))
    login(client, supervisor)
    first = client.get("/group-work/orders/").content.decode()
    assert "1–50 of 51" in first
    second = client.get("/group-work/orders/?offset=50").content.decode()
    assert "51–51 of 51" in second
    assert WorkGroup.objects.count() == 1
