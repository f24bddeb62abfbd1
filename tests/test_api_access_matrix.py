"""Whom the client list shows a client to. Which status every role gets from every client
endpoint, and that a refused request changes nothing, is the access matrix
(tests/test_access_matrix.py, policy in tests/access_policy.py):

- admin and supervisor see every client of their organisation;
- job coach, work coach, TYP officer and case manager see the clients they work with
  (ClientWorker);
- evaluator, peer instructor and expert by experience see no client records;
- a user of another organisation sees nothing of this one.
"""

import pytest


@pytest.mark.parametrize(
    ("role", "listed"),
    [
        ("admin", True),
        ("supervisor", True),
        ("coach", True),
        ("work_coach", True),
        ("linked_typ_officer", True),
        ("case_manager", True),
        ("colleague", False),
        ("typ_officer", False),
        ("evaluator", False),
        ("peer", False),
        ("expert", False),
        ("outsider", False),
    ],
)
def test_it_lists_the_client_only_to_those_who_may_see_it(
    api_as, request, client_record, role, listed
):
    body = api_as(request.getfixturevalue(role)).get("/clients").json()
    assert (client_record.pk in [c["id"] for c in body["items"]]) is listed
    assert body["count"] == (1 if listed else 0)
