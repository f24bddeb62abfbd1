"""The client-data guard (tyopolku/clients/guard.py) on clients whose last name is several
words. Such a name is never one of the text's words ("af Forselles" is two), so a lookup by
single words alone misses it: these texts are refused only because the guard also takes
the clients whose last name has a space in it. Written against the public behaviour
(`client_data_found` returns a message or None), whatever the query inside looks like."""

import pytest

from tests.factories import ClientFactory
from tyopolku.clients.guard import client_data_found


@pytest.fixture
def sofia(org):
    return ClientFactory(organization=org, first_name="Sofia", last_name="af Forselles")


@pytest.mark.parametrize(
    "text",
    [
        "Sofia af Forselles",
        "Tapaaminen: Sofia af Forselles kävi esittäytymässä.",
        "af Forselles, Sofia",
        "SOFIA AF FORSELLES",
        "sofia  af\tforselles",
    ],
)
def test_it_refuses_the_full_name_of_a_client_with_a_last_name_of_several_words(
    org, sofia, text
):
    problem = client_data_found(organization_id=org.pk, text=text)

    assert problem is not None, text
    assert "name" in problem
    assert "Forselles" not in problem


@pytest.mark.parametrize(
    "text", ["Sofia soitti", "Forsellesin kauppa", "af Forselles -suku", "Sofia Forselles"]
)
def test_it_accepts_part_of_such_a_name(org, sofia, text):
    assert client_data_found(organization_id=org.pk, text=text) is None


def test_it_accepts_such_a_name_of_another_organisations_client(org, other_org):
    ClientFactory(organization=other_org, first_name="Sofia", last_name="af Forselles")

    assert client_data_found(organization_id=org.pk, text="Sofia af Forselles") is None
    assert client_data_found(organization_id=other_org.pk, text="Sofia af Forselles") is not None
