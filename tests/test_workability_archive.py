"""Archive-ready copies of the work-ability team's client documents: the metadata of each
kind of document, the PDF/A display form (its XMP identification and the embedded JSON
twin), the JSON twin against the schema in the repository, and who may download them."""

import datetime
import json
import re
import zlib

import jsonschema_rs
import pytest
from django.urls import reverse

from tests.test_api_support import assert_error
from tyopolku.audit.models import AccessLogEntry
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.workability import archive
from tyopolku.workability.services import (
    assessment_create,
    assessment_update,
    client_plan_create,
    network_meeting_create,
)

VALIDATOR = jsonschema_rs.validator_for(json.loads(archive.SCHEMA_PATH.read_text()))


@pytest.fixture
def assessment(case_manager, client_record):
    return assessment_create(
        user=case_manager,
        client=client_record,
        started_on=datetime.date(2026, 3, 2),
        participants="Asiakas, asiakasvastaava",
        client_view="Haluan töihin kauppaan.",
        services_needed=["ips", "benefits_counselling"],
    )


@pytest.fixture
def plans(case_manager, client_record):
    """Two versions of the client's plan."""
    return [
        client_plan_create(
            user=case_manager,
            client=client_record,
            goals=[goal],
            actions=[{"text": "Työkokeilu", "responsible": "Kela", "due_date": None}],
            agreed_with_client=True,
            made_on=datetime.date(2026, 3, day),
        )
        for day, goal in ((3, "Haluan töihin."), (20, "Haluan töihin kauppaan."))
    ]


@pytest.fixture
def meeting(case_manager, client_record):
    return network_meeting_create(
        user=case_manager,
        client=client_record,
        date=datetime.date(2026, 3, 10),
        participants=[{"name": "Liisa Laine", "organisation": "TYM", "role": "asiantuntija"}],
        decisions="Aloitetaan IPS-valmennus.",
        tasks=[{"text": "Lähete", "owner": "asiakasvastaava", "due_date": None}],
    )


def _json(api, path):
    response = api.get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def _streams(pdf: bytes) -> list[bytes]:
    """Every stream of a PDF, inflated where compressed (the objects live in object streams)."""
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            streams.append(match.group(1))
    return streams


def _xmp(pdf: bytes) -> bytes:
    """The XMP metadata packet of a PDF."""
    (packet,) = [data for data in _streams(pdf) if b"<x:xmpmeta" in data]
    return packet


def _embedded_json(pdf: bytes) -> dict:
    """The embedded file of the PDF that is JSON."""
    (data,) = [data for data in _streams(pdf) if data.lstrip().startswith(b"{")]
    return json.loads(data)


def test_it_describes_an_assessment_for_the_archive(api_as, case_manager, assessment):
    twin = _json(api_as(case_manager), f"/service-need-assessments/{assessment.pk}/archive.json")

    VALIDATOR.validate(twin)
    metadata = twin["metadata"]
    assert metadata["document_type"]["code"] == "service_need_assessment"
    assert metadata["document_type"]["name"] == "Palvelutarpeen arvio"
    assert metadata["service_task"] == {
        "code": "working_age_services",
        "name": "Työikäisten palvelut",
        "code_set": "1.2.246.537.6.1221",
        "placeholder": True,
    }
    assert [p["name"] for p in metadata["service_processes"]] == ["Palvelutarpeen arviointi"]
    assert {p["code_set"] for p in metadata["service_processes"]} == {"1.2.246.537.6.1277"}
    assert metadata["author"]["username"] == case_manager.username
    assert metadata["completed_on"] is None  # still open
    assert metadata["client"]["personal_id"] == "010190-900P"
    assert metadata["retention"]["years"] == 12
    assert metadata["retention"]["permanent"] is False  # born on the 1st
    assert twin["content"]["services_needed"][0] == {
        "code": "ips",
        "name": "IPS-työhönvalmennus",
    }

    assessment_update(
        user=case_manager,
        assessment=assessment,
        version=1,
        completed_on=datetime.date(2026, 3, 30),
    )
    done = _json(api_as(case_manager), f"/service-need-assessments/{assessment.pk}/archive.json")
    assert done["metadata"]["completed_on"] == "2026-03-30"
    assert done["metadata"]["version"] == 2
    VALIDATOR.validate(done)


def test_it_archives_each_version_of_a_plan(api_as, case_manager, plans):
    api = api_as(case_manager)
    first, second = (_json(api, f"/client-plans/{plan.pk}/archive.json") for plan in plans)

    for twin in (first, second):
        VALIDATOR.validate(twin)
        assert twin["metadata"]["document_type"]["name"] == "Asiakassuunnitelma"
        assert [p["name"] for p in twin["metadata"]["service_processes"]] == [
            "Asiakkuuden suunnittelu"
        ]
    assert [first["metadata"]["version"], second["metadata"]["version"]] == [1, 2]
    assert first["metadata"]["document_id"] != second["metadata"]["document_id"]
    assert [first["metadata"]["completed_on"], second["metadata"]["completed_on"]] == [
        "2026-03-03",
        "2026-03-20",
    ]
    assert second["content"]["goals"] == ["Haluan töihin kauppaan."]
    assert second["content"]["actions"][0]["responsible_party"] == "kela"


def test_it_archives_a_network_meeting_and_keeps_the_sample_for_good(
    api_as, case_manager, client_record, meeting
):
    # A client born on the 18th or 28th of a month belongs to the research sample.
    Client.objects.filter(pk=client_record.pk).update(birth_date=datetime.date(1990, 1, 28))
    twin = _json(api_as(case_manager), f"/network-meetings/{meeting.pk}/archive.json")

    VALIDATOR.validate(twin)
    metadata = twin["metadata"]
    assert metadata["document_type"]["code"] == "network_meeting"
    assert [p["code"] for p in metadata["service_processes"]] == [
        "client_planning",
        "service_implementation",
    ]
    assert metadata["completed_on"] == "2026-03-10"
    assert metadata["retention"]["permanent"] is True
    assert twin["content"]["participants"][0]["organisation"] == "TYM"


def test_it_refuses_a_twin_that_breaks_the_schema(case_manager, meeting):
    twin = archive.network_meeting_document(meeting)
    VALIDATOR.validate(twin)
    del twin["metadata"]["service_task"]
    assert not VALIDATOR.is_valid(twin)
    twin = archive.network_meeting_document(meeting)
    twin["metadata"]["document_type"]["code"] = "client_plan"  # content of another kind
    assert not VALIDATOR.is_valid(twin)


@pytest.mark.parametrize(
    "path",
    [
        "/service-need-assessments/{assessment}/archive.pdf",
        "/client-plans/{plan}/archive.pdf",
        "/network-meetings/{meeting}/archive.pdf",
    ],
)
def test_it_makes_a_pdf_a_with_the_twin_inside(
    api_as, case_manager, assessment, plans, meeting, path
):
    url = path.format(assessment=assessment.pk, plan=plans[0].pk, meeting=meeting.pk)
    response = api_as(case_manager).get(url)

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    xmp = _xmp(pdf)
    assert b'pdfaid:part="3"' in xmp
    assert b'pdfaid:conformance="B"' in xmp
    objects = b"".join(_streams(pdf))
    assert b"/OutputIntents" in objects and b"/GTS_PDFA1" in objects
    assert b"/AFRelationship /Data" in objects
    embedded = _embedded_json(pdf)
    VALIDATOR.validate(embedded)
    twin = _json(api_as(case_manager), url.replace(".pdf", ".json"))
    assert embedded == twin


def test_it_logs_every_download_as_an_export(client, api_as, case_manager, client_record, meeting):
    api_as(case_manager).get(f"/network-meetings/{meeting.pk}/archive.json")
    client.force_login(case_manager)
    page = client.get(reverse("network_meeting_archive_pdf", args=[meeting.pk]))
    assert page.status_code == 200
    assert page.content.startswith(b"%PDF-")

    logged = AccessLogEntry.objects.filter(
        user=case_manager, client=client_record, action="export", target="archive_copy"
    )
    assert logged.count() == 2


@pytest.mark.parametrize("persona", ["colleague", "outsider", "peer", "expert", "evaluator"])
def test_it_hides_the_archive_copies_outside_the_relationship(
    request, api_as, client, assessment, plans, meeting, persona
):
    user = request.getfixturevalue(persona)
    api = api_as(user)
    client.force_login(user)
    for path, name, pk in (
        ("service-need-assessments", "service_need_assessment", assessment.pk),
        ("client-plans", "client_plan", plans[1].pk),
        ("network-meetings", "network_meeting", meeting.pk),
    ):
        for fmt in ("pdf", "json"):
            assert_error(api.get(f"/{path}/{pk}/archive.{fmt}"), 404)
            assert client.get(reverse(f"{name}_archive_{fmt}", args=[pk])).status_code == 404
    assert not AccessLogEntry.objects.filter(target="archive_copy").exists()


def test_it_ends_the_download_with_the_relationship(api_as, coach, client_record, meeting):
    api = api_as(coach)
    assert api.get(f"/network-meetings/{meeting.pk}/archive.json").status_code == 200
    ClientWorker.objects.filter(client=client_record, user=coach).update(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 6, 1)
    )
    assert_error(api.get(f"/network-meetings/{meeting.pk}/archive.json"), 404)


def test_it_links_the_archive_copies_from_the_documents_pages(
    client, case_manager, client_record, assessment, plans, meeting
):
    client.force_login(case_manager)
    workability = client.get(reverse("workability_client", args=[client_record.pk])).content
    for name, pk in (
        ("service_need_assessment_archive_pdf", assessment.pk),
        ("service_need_assessment_archive_json", assessment.pk),
        ("network_meeting_archive_pdf", meeting.pk),
        ("network_meeting_archive_json", meeting.pk),
    ):
        assert reverse(name, args=[pk]).encode() in workability
    plan_page = client.get(reverse("client_plan_detail", args=[plans[0].pk])).content
    assert reverse("client_plan_archive_pdf", args=[plans[0].pk]).encode() in plan_page
    edit_page = client.get(reverse("assessment_edit", args=[assessment.pk])).content
    assert reverse("service_need_assessment_archive_json", args=[assessment.pk]).encode() in (
        edit_page
    )
