"""Spreadsheets in and out of the employer register: the upload and its preview, the
all-or-nothing import, the Excel export and its round trip, and who may do them."""

import io
import itertools
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from stdnum.fi import ytunnus

from tests.background import run_queued_tasks
from tests.pages_support import login
from tyopolku.audit.models import ChangeAction, ChangeLogEntry
from tyopolku.employers.models import ContactPerson, Employer, EmployerImport
from tyopolku.employers.services import contact_person_create, employer_create

_numbers = itertools.count(1_000_001)


def business_id() -> str:
    """A new valid Y-tunnus (some seven-digit numbers have no check digit: skipped)."""
    while True:
        number = f"{next(_numbers):07d}"
        for check in "0123456789":
            if ytunnus.is_valid(f"{number}-{check}"):
                return f"{number}-{check}"


FI_HEADER = ["Yritys", "Y-tunnus", "Toimiala", "Kunta", "Osoite", "Postinumero",
             "Postitoimipaikka", "WWW", "Lisätiedot", "Yhteyshenkilö", "Titteli", "Puhelin",
             "Sähköposti"]  # fmt: skip


def fi_row(name, bid, person="", **fields) -> list:
    """A row under FI_HEADER: an employer in Imatra, retail, optionally with a contact."""
    return [
        name,
        bid,
        fields.get("industry", "47"),
        fields.get("municipality", "Imatra"),
        fields.get("address", "Kauppakatu 1"),
        fields.get("postal_code", "55100"),
        fields.get("post_office", "Imatra"),
        fields.get("website", ""),
        fields.get("notes", ""),
        person,
        fields.get("title", ""),
        fields.get("phone", ""),
        fields.get("email", ""),
    ]


def xlsx(*sheets) -> bytes:
    """An .xlsx whose sheets are (title, rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, delimiter=";", encoding="utf-8-sig") -> bytes:
    return "\r\n".join(delimiter.join(map(str, row)) for row in rows).encode(encoding)


def upload(client, content: bytes, name="tyonantajat.xlsx", **extra):
    return client.post(
        reverse("employer_import"), {"file": SimpleUploadedFile(name, content)}, **extra
    )


def uploaded(client, content: bytes, name="tyonantajat.xlsx") -> EmployerImport:
    answer = upload(client, content, name)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    employer_import = EmployerImport.objects.latest("pk")
    assert answer.url == reverse("employer_import_preview", args=[employer_import.pk])
    return employer_import


def preview_url(employer_import) -> str:
    return reverse("employer_import_preview", args=[employer_import.pk])


def run(client, employer_import, action="import"):
    """Press a button of the preview; an import is queued, and run here by the worker."""
    answer = client.post(preview_url(employer_import), {"action": action})
    run_queued_tasks()
    return answer


def api_upload(api, content: bytes, name="tyonantajat.xlsx"):
    return api.client.post(
        "/api/v1/employer-imports",
        {"file": SimpleUploadedFile(name, content)},
        headers=api.headers,
    )


# The happy paths ---------------------------------------------------------------------------


def test_it_imports_a_good_xlsx_and_counts_employers_and_contact_persons(client, supervisor):
    login(client, supervisor)
    shop, cafe = business_id(), business_id()
    content = xlsx(
        (
            "Rekisteri",
            [
                FI_HEADER,
                fi_row("Kauppa Oy", shop, "Maija Myyjä", title="Kauppias", phone="040 123 4567"),
                fi_row("Kauppa Oy", shop, "Pekka Pomo", email="pekka@kauppa.example"),
                fi_row("Kahvila Ky", cafe, industry="56 Ravitsemistoiminta", municipality="153"),
            ],
        )
    )
    employer_import = uploaded(client, content)

    page = client.get(preview_url(employer_import)).content.decode()
    assert "3 rows: 3 accepted, 0 with problems." in page
    assert "Import 3 accepted rows" in page

    answer = run(client, employer_import)

    assert answer.status_code == 302 and answer.url == preview_url(employer_import)
    employers = {e.name: e for e in Employer.objects.filter(organization=supervisor.organization)}
    assert set(employers) == {"Kauppa Oy", "Kahvila Ky"}
    assert employers["Kauppa Oy"].business_id == shop
    assert employers["Kauppa Oy"].municipality_code == "153"  # "Imatra" by its name
    assert employers["Kahvila Ky"].industry_code == "56"
    assert sorted(employers["Kauppa Oy"].contact_persons.values_list("name", "title")) == [
        ("Maija Myyjä", "Kauppias"),
        ("Pekka Pomo", ""),
    ]
    employer_import.refresh_from_db()
    assert employer_import.status == EmployerImport.Status.IMPORTED
    assert (employer_import.employers_created, employer_import.contact_persons_created) == (2, 2)
    assert bytes(employer_import.content) == b""
    assert employer_import.imported_at is not None
    log = ChangeLogEntry.objects.filter(user=supervisor)
    assert log.filter(object_type="employer_import", action=ChangeAction.IMPORT).count() == 1
    assert log.filter(object_type="employer", action=ChangeAction.CREATE).count() == 2
    assert log.filter(object_type="contact_person", action=ChangeAction.CREATE).count() == 2
    page = client.get(preview_url(employer_import)).content.decode()
    assert ": 2 employers and 2 contact persons." in page


def test_it_imports_a_semicolon_csv_with_a_byte_order_mark(client, admin):
    login(client, admin)
    bid = business_id()
    content = csv_bytes(
        [
            ["Nimi", "Y-tunnus", "Toimiala", "Paikkakunta", "Postinumero", "Lisätiedot"],
            [
                "Pesula Oy",
                bid,
                "96 Muu henkilökohtainen palvelutoiminta",
                "Lappeenranta",
                "53100",
                "Tarvitsee apua; syksyllä",
            ],  # fmt: skip
        ]
    )
    assert content.startswith(b"\xef\xbb\xbf")

    employer_import = uploaded(client, content, name="rekisteri.csv")
    assert (employer_import.row_count, employer_import.accepted_count) == (1, 1)
    assert run(client, employer_import).status_code == 302

    employer = Employer.objects.get(business_id=bid)
    assert (employer.name, employer.industry_code, employer.municipality_code) == (
        "Pesula Oy",
        "96",
        "405",
    )
    assert employer.notes == "Tarvitsee apua"  # the rest of the cell was the next column


def test_it_reads_a_comma_csv_that_excel_saved_in_windows_1252(client, supervisor):
    login(client, supervisor)
    bid = business_id()
    content = csv_bytes(
        [
            ["Company", "Business ID", "Municipality", "Contact person", "Email"],
            ["Sähkö Ärrä Oy", bid, "Helsingfors", "Åke Öhman", "ake@example.fi"],
        ],
        delimiter=",",
        encoding="cp1252",
    )
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    employer_import = uploaded(client, content, name="export.csv")
    assert run(client, employer_import).status_code == 302

    employer = Employer.objects.get(business_id=bid)
    assert (employer.name, employer.municipality_code) == ("Sähkö Ärrä Oy", "091")
    assert employer.contact_persons.get().name == "Åke Öhman"


def test_it_finds_the_header_below_a_title_and_reads_both_sheets_of_a_workbook(client, supervisor):
    login(client, supervisor)
    bid = business_id()
    content = xlsx(
        ("Kansi", [["Työnantajarekisteri 2026"], [], ["Ei taulukkoa tällä sivulla"]]),
        ("Yritykset", [["Yritysrekisteri"], [], ["Yritys", "Y-tunnus"], ["Paja Oy", bid]]),
        ("Henkilöt", [["Y-tunnus", "Yhteyshenkilö"], [bid, "Ville Vastaava"]]),
    )
    employer_import = uploaded(client, content)

    page = client.get(preview_url(employer_import)).content.decode()
    assert "2 rows: 2 accepted, 0 with problems." in page
    assert "4 (Yritykset)" in page and "2 (Henkilöt)" in page
    assert run(client, employer_import).status_code == 302
    assert Employer.objects.get(business_id=bid).contact_persons.get().name == "Ville Vastaava"


# Problems ----------------------------------------------------------------------------------


def test_it_shows_each_problem_by_column_and_imports_only_the_accepted_rows(
    client, supervisor, client_record
):
    login(client, supervisor)
    good, other, third, fourth, fifth = (business_id() for _ in range(5))
    content = xlsx(
        (
            "Taul1",
            [
                FI_HEADER,
                fi_row("Hyvä Oy", good, "Hanna Hyvä"),
                fi_row("Väärä Oy", "1234567-8"),
                fi_row("Toimialaton Oy", other, industry="00"),
                fi_row("Kunnaton Oy", third, municipality="Atlantis"),
                fi_row("Juoru Oy", fourth, notes="Aino Asiakas aloittaa maanantaina"),
                fi_row("", fifth),
                fi_row(
                    "Posti Oy", business_id(), "Pete Posti", email="ei-osoite", postal_code="551"
                ),
            ],
        )
    )
    employer_import = uploaded(client, content)
    assert (employer_import.row_count, employer_import.accepted_count) == (7, 1)

    page = client.get(preview_url(employer_import)).content.decode()
    assert "7 rows: 1 accepted, 6 with problems." in page
    assert "Not a valid business ID (Y-tunnus)" in page
    assert "Not an industry code of TOL 2008, e.g. 47 or 56101: 00" in page
    assert "Not a municipality code or name, e.g. 153 or Imatra: Atlantis" in page
    assert "Remove the client&#x27;s name: team notes must not identify clients." in page
    assert "This field is required." in page
    assert "Enter a valid email address." in page
    assert "A postal code has five digits, e.g. 55100." in page
    # The problems come first, and the client's name is not repeated on the page.
    assert page.index("Rows with problems") < page.index("Accepted rows")
    assert "Aino Asiakas" not in page.split("Rows with problems")[1].split("Juoru Oy")[0]

    assert run(client, employer_import).status_code == 302

    assert list(Employer.objects.values_list("name", flat=True)) == ["Hyvä Oy"]
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Hanna Hyvä"]
    employer_import.refresh_from_db()
    assert (employer_import.employers_created, employer_import.contact_persons_created) == (1, 1)


def test_it_finds_duplicates_in_the_file_and_in_the_register(client, supervisor):
    login(client, supervisor)
    known, twice, person_twice = business_id(), business_id(), business_id()
    employer_create(user=supervisor, name="Vanha Oy", business_id=known)
    content = xlsx(
        (
            "Taul1",
            [
                FI_HEADER,
                fi_row("Vanha Oy", known),  # 2
                fi_row("Kaksi Oy", twice),  # 3
                fi_row("Kaksi Oy", twice),  # 4: the same employer again, no contact person
                fi_row("Hlö Oy", person_twice, "Sanna Sama"),  # 5
                fi_row("Hlö Oy", person_twice, "sanna sama"),  # 6: the same contact person
                fi_row("Eri Oy", person_twice, "Toinen Henkilö"),  # 7: another name, same ID
            ],
        )
    )
    employer_import = uploaded(client, content)

    page = client.get(preview_url(employer_import)).content.decode()
    assert "Already in the register (Vanha Oy): not imported again." in page
    assert "Duplicate in the file: row 3 has the same business ID." in page
    assert "Duplicate in the file: row 5 has this contact person." in page
    assert "Differs from row 5, which has the same business ID." in page
    assert "6 rows: 2 accepted, 4 with problems." in page

    assert run(client, employer_import).status_code == 302
    assert sorted(Employer.objects.values_list("name", flat=True)) == [
        "Hlö Oy",
        "Kaksi Oy",
        "Vanha Oy",
    ]
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Sanna Sama"]


def test_it_refuses_the_contact_rows_of_an_employer_whose_first_row_has_problems(
    client, supervisor
):
    login(client, supervisor)
    bid = business_id()
    content = xlsx(("Taul1", [FI_HEADER, fi_row("Oy", bid, industry="00"),
                              fi_row("Oy", bid, "Liisa Lisä")]))  # fmt: skip
    employer_import = uploaded(client, content)

    page = client.get(preview_url(employer_import)).content.decode()
    assert "Not imported: row 2 of this employer has problems." in page
    assert employer_import.accepted_count == 0
    assert "Import 0" not in page and 'value="import"' not in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tyhja.xlsx", b"", "The file is empty."),
        ("tyhja.csv", b"", "The file is empty."),
        ("kuva.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not an Excel workbook"),
        ("muistio.txt", "Kauppa Oy soitti tiistaina.\nSovittu käynti.".encode(), "No header row"),
        ("rikki.xlsx", b"PK\x03\x04 this is not a real zip", "could not be read as an Excel"),
        ("vanha.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "(.xls) cannot be"),
        ("otsikot.csv", b"Yritys;Y-tunnus\n", "a header row but no rows of employers"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_next_to_the_file_field(
    client, supervisor, name, content, message
):
    login(client, supervisor)

    answer = upload(client, content, name)

    assert answer.status_code == 422
    page = answer.content.decode()
    error = page.split('id="id_file_error"')[1].split("</div>")[0]
    assert message in error
    assert 'aria-invalid="true"' in page
    assert not EmployerImport.objects.exists()


def test_it_refuses_an_empty_xlsx_workbook(client, supervisor):
    login(client, supervisor)

    answer = upload(client, xlsx(("Taul1", [])))

    assert answer.status_code == 422
    assert "No header row found" in answer.content.decode()
    assert not EmployerImport.objects.exists()


def test_it_refuses_a_workbook_whose_sheet_is_damaged(client, supervisor):
    login(client, supervisor)
    whole = zipfile.ZipFile(io.BytesIO(xlsx(("T", [FI_HEADER, fi_row("Oy", business_id())]))))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as out:
        for item in whole.infolist():
            data = whole.read(item.filename)
            out.writestr(item, data[: len(data) // 2] if "worksheets/" in item.filename else data)

    answer = upload(client, damaged.getvalue())

    assert answer.status_code == 422
    assert "could not be read as an Excel workbook" in answer.content.decode()
    assert not EmployerImport.objects.exists()


@override_settings(EMPLOYER_IMPORT_MAX_BYTES=1024 * 1024)
def test_it_refuses_a_file_over_the_size_limit(client, supervisor):
    login(client, supervisor)
    content = csv_bytes([["Yritys", "Y-tunnus"]] + [["x" * 100, "0"]] * 11_000)

    answer = upload(client, content, "iso.csv")

    assert answer.status_code == 413
    assert "The file is larger than 1 MB" in answer.content.decode()
    assert not EmployerImport.objects.exists()


def test_it_answers_an_htmx_upload_with_a_redirect_or_the_form_with_its_error(client, supervisor):
    login(client, supervisor)
    htmx = {"HTTP_HX_REQUEST": "true"}

    wrong = upload(client, b"", **htmx)
    good = upload(client, xlsx(("T", [FI_HEADER, fi_row("Oy", business_id())])), **htmx)

    assert wrong.status_code == 422
    assert wrong.content.decode().lstrip().startswith("<form")  # the form only, for the swap
    assert "The file is empty." in wrong.content.decode()
    assert good.status_code == 200
    assert good["HX-Redirect"] == preview_url(EmployerImport.objects.get())


# All or nothing, once ------------------------------------------------------------------------


def test_it_imports_nothing_when_the_register_changed_after_the_preview(client, supervisor):
    login(client, supervisor)
    first, second = business_id(), business_id()
    content = xlsx(
        ("T", [FI_HEADER, fi_row("Eka Oy", first, "Eero Eka"), fi_row("Toka Oy", second)])
    )
    employer_import = uploaded(client, content)
    assert employer_import.accepted_count == 2
    # Someone adds one of the employers by hand between the preview and the import.
    employer_create(user=supervisor, name="Toka Oy (käsin)", business_id=second)

    answer = run(client, employer_import)

    assert answer.status_code == 409
    page = answer.content.decode()
    assert "Nothing was imported: the register changed after the preview" in page
    assert "Already in the register (Toka Oy (käsin))" in page
    assert list(Employer.objects.values_list("name", flat=True)) == ["Toka Oy (käsin)"]
    assert not ContactPerson.objects.exists()
    employer_import.refresh_from_db()
    assert employer_import.status == EmployerImport.Status.PREVIEWED
    assert employer_import.accepted_count == 1
    assert not ChangeLogEntry.objects.filter(action=ChangeAction.IMPORT).exists()

    # Having seen the new preview, the user imports what is still accepted.
    assert run(client, employer_import).status_code == 302
    assert Employer.objects.count() == 2
    assert Employer.objects.get(business_id=first).contact_persons.get().name == "Eero Eka"


def test_it_imports_a_file_once(client, supervisor, api_as):
    login(client, supervisor)
    employer_import = uploaded(client, xlsx(("T", [FI_HEADER, fi_row("Oy", business_id())])))
    assert run(client, employer_import).status_code == 302

    again = run(client, employer_import)
    by_api = api_as(supervisor).post(f"/employer-imports/{employer_import.pk}/run")

    assert again.status_code == 409
    assert "This file has been imported already." in again.content.decode()
    assert by_api.status_code == 409
    assert by_api.json()["detail"] == "This file has been imported already."
    assert Employer.objects.count() == 1
    page = client.get(preview_url(employer_import)).content.decode()
    assert "1 employers and 0 contact persons." in page


def test_it_discards_an_import_and_deletes_its_file(client, supervisor):
    login(client, supervisor)
    employer_import = uploaded(client, xlsx(("T", [FI_HEADER, fi_row("Oy", business_id())])))

    answer = run(client, employer_import, action="discard")

    assert answer.status_code == 302 and answer.url == reverse("employer_import")
    employer_import.refresh_from_db()
    assert employer_import.status == EmployerImport.Status.DISCARDED
    assert bytes(employer_import.content) == b""
    refused = run(client, employer_import)
    assert refused.status_code == 409
    assert "This import was discarded" in refused.content.decode()
    assert not Employer.objects.exists()


# Export and round trip ---------------------------------------------------------------------


def _register(user):
    """Two employers with every field, contact persons with both legal bases."""
    shop = employer_create(
        user=user,
        name="Kauppa Oy",
        business_id=business_id(),
        employer_type="company",
        industry_code="47111",
        municipality_code="091",
        street_address="Mannerheimintie 1",
        postal_code="00100",
        post_office="Helsinki",
        website="https://kauppa.example.fi",
        notes="Kiinnostunut osa-aikaisista.\nSoita aamupäivisin.",
    )
    contact_person_create(user=user, employer=shop, name="Maija Myyjä", title="Kauppias",
                          phone="+358 40 123 4567", email="maija@kauppa.example.fi")  # fmt: skip
    contact_person_create(user=user, employer=shop, name="Olli Omistaja", legal_basis="consent")
    employer_create(
        user=user,
        name="Säätiö Tuki",
        business_id=business_id(),
        employer_type="foundation",
        municipality_code="153",
    )


def _snapshot(organization):
    employers = Employer.objects.filter(organization=organization).order_by("business_id")
    fields = ["name", "business_id", "employer_type", "industry_code", "municipality_code",
              "street_address", "postal_code", "post_office", "website", "notes"]  # fmt: skip
    return (
        list(employers.values_list(*fields)),
        list(
            ContactPerson.objects.filter(employer__organization=organization)
            .order_by("employer__business_id", "name")
            .values_list("employer__business_id", "name", "title", "phone", "email", "legal_basis")
        ),
    )


def test_it_exports_the_register_and_the_export_imports_into_another_organisation(
    client, supervisor, outsider, other_org, org, api_as
):
    _register(supervisor)
    login(client, supervisor)

    answer = client.get(reverse("employer_export"))

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in answer["Content-Disposition"]
    assert "tyonantajarekisteri-" in answer["Content-Disposition"]
    content = b"".join(answer.streaming_content)
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == ["Työnantajat", "Yhteyshenkilöt"]
    employers = list(workbook["Työnantajat"].iter_rows(values_only=True))
    assert employers[0][:4] == ("Yritys", "Y-tunnus", "Tyyppi", "Toimiala")
    assert len(employers) == 3 and len(list(workbook["Yhteyshenkilöt"].iter_rows())) == 3
    assert "Mannerheimintie 1" in employers[1]
    workbook.close()

    api = api_as(outsider)
    preview = api_upload(api, content, "tyonantajarekisteri.xlsx")
    assert preview.status_code == 201, preview.json()
    assert (preview.json()["row_count"], preview.json()["accepted_count"]) == (4, 4)
    assert preview.json()["ignored_columns"] == []
    queued = api.post(f"/employer-imports/{preview.json()['id']}/run")
    assert queued.status_code == 202, queued.json()
    run_queued_tasks()
    done = api.get(f"/employer-imports/{preview.json()['id']}").json()

    assert done["status"] == "imported"
    # In the language of the request that started it.
    assert done["job"]["message"] == "Imported 2 employers and 2 contact persons."
    assert _snapshot(other_org) == _snapshot(org)


def test_it_exports_an_empty_register_with_its_headers(client, admin):
    login(client, admin)

    answer = client.get(reverse("employer_export"))

    workbook = load_workbook(io.BytesIO(b"".join(answer.streaming_content)), read_only=True)
    assert [len(list(workbook[s].iter_rows())) for s in workbook.sheetnames] == [1, 1]


def test_it_records_who_exported_the_register(client, supervisor, org):
    login(client, supervisor)

    client.get(reverse("employer_export"))

    entry = ChangeLogEntry.objects.get(action=ChangeAction.EXPORT)
    assert (entry.user, entry.object_type, entry.object_id) == (
        supervisor,
        "employer_register",
        org.pk,
    )


# The API -----------------------------------------------------------------------------------


def test_it_previews_and_runs_an_import_through_the_api(supervisor, api_as):
    api = api_as(supervisor)
    good = business_id()
    content = csv_bytes([["Yritys", "Y-tunnus", "Sähköposti", "Yhteyshenkilö", "Muuta"],
                         ["Hyvä Oy", good, "", "", "x"],
                         ["Huono Oy", "123", "", "", ""]])  # fmt: skip

    created = api_upload(api, content, "lista.csv")

    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["row_count"], body["accepted_count"]) == ("previewed", 2, 1)
    assert body["ignored_columns"] == ["Muuta"]
    first, second = body["rows"]
    assert first == {
        "row_number": 2,
        "sheet": "",
        "accepted": True,
        "problems": [],
        "values": {"name": "Hyvä Oy", "business_id": good, "email": "", "contact_person": ""},
    }
    assert second["accepted"] is False
    assert [p["field"] for p in second["problems"]] == ["business_id"]
    assert api.get(f"/employer-imports/{body['id']}").json() == body

    queued = api.post(f"/employer-imports/{body['id']}/run")

    assert queued.status_code == 202
    job = queued.json().pop("job")
    assert queued.json() == {
        "id": body["id"],
        "status": "previewed",
        "employers_created": 0,
        "contact_persons_created": 0,
    }
    assert (job["kind"], job["status"], job["total"]) == ("employer_import", "queued", 1)
    assert not Employer.objects.exists()  # nothing before the worker runs it

    assert run_queued_tasks() == 1

    after = api.get(f"/employer-imports/{body['id']}").json()
    assert (after["status"], after["rows"]) == ("imported", [])
    assert api.get(f"/jobs/{job['id']}").json() | {"created_at": None} == {
        "id": job["id"],
        "kind": "employer_import",
        "status": "done",
        "done": 1,
        "total": 1,
        "message": "Tuotiin 1 työnantajaa ja 0 yhteyshenkilöä.",
        "created_at": None,
        "started_at": after["job"]["started_at"],
        "finished_at": after["job"]["finished_at"],
        "file": None,
        "created_ids": [],
    }
    assert Employer.objects.get().name == "Hyvä Oy"


def english(api):
    """The API answers in the language the caller asks for (Finnish by default)."""
    api.headers = {**api.headers, "Accept-Language": "en"}
    return api


def test_it_answers_a_bad_upload_through_the_api_with_422_naming_file(supervisor, api_as):
    api = english(api_as(supervisor))

    missing = api.client.post("/api/v1/employer-imports", {}, headers=api.headers)
    empty = api_upload(api, b"", "tyhja.csv")
    picture = api_upload(api, b"\x89PNG\r\n\x1a\n\x00\x00", "kuva.png")

    for answer in (missing, empty, picture):
        assert answer.status_code == 422
        assert [e["field"] for e in answer.json()["errors"]] == ["file"]
    assert empty.json()["detail"] == "The file is empty."
    assert missing.json()["errors"][0]["message"] == "Choose a file to upload."
    assert not EmployerImport.objects.exists()


def test_it_answers_409_to_a_run_after_the_register_changed(supervisor, api_as):
    api = english(api_as(supervisor))
    bid = business_id()
    created = api_upload(api, csv_bytes([["Yritys", "Y-tunnus"], ["Uusi Oy", bid]]), "a.csv")
    employer_create(user=supervisor, name="Uusi Oy", business_id=bid)

    answer = api.post(f"/employer-imports/{created.json()['id']}/run")

    assert answer.status_code == 409
    assert answer.json()["detail"].startswith("Nothing was imported")
    assert Employer.objects.count() == 1


# Access ------------------------------------------------------------------------------------


@pytest.fixture
def org_import(supervisor):
    bid = business_id()
    return EmployerImport.objects.create(
        organization=supervisor.organization,
        created_by=supervisor,
        file_name="a.csv",
        content=csv_bytes([["Yritys", "Y-tunnus"], ["Oy", bid]]),
        row_count=1,
        accepted_count=1,
    )


PAGE_STATUS = {
    "admin": 200,
    "supervisor": 200,
    "coach": 403,
    "typ_officer": 403,
    "evaluator": 403,
    "peer": 403,
    "expert": 403,
}


@pytest.mark.parametrize("role", [*PAGE_STATUS, "outsider"])
def test_it_lets_only_administrators_and_supervisors_import_and_export(
    request, client, api_as, org_import, role
):
    user = request.getfixturevalue(role)
    login(client, user)
    api = api_as(user)
    own_pages = PAGE_STATUS.get(role, 200)  # an outsider manages its own register
    org_a_import = PAGE_STATUS.get(role, 404)  # ... but org A's import is not found

    assert client.get(reverse("employer_import")).status_code == own_pages
    assert client.get(reverse("employer_export")).status_code == own_pages
    assert client.get(preview_url(org_import)).status_code == org_a_import
    assert api.get("/employers/export").status_code == own_pages
    assert api.get(f"/employer-imports/{org_import.pk}").status_code == org_a_import
    if own_pages != 200:
        refused = upload(client, csv_bytes([["Y-tunnus"], [business_id()]]), "a.csv")
        assert refused.status_code == 403
        assert api_upload(api, b"Y-tunnus\n", "a.csv").status_code == 403
    if org_a_import == 200:
        return  # running and discarding have their own tests above
    for attempt in (
        run(client, org_import),
        run(client, org_import, action="discard"),
        api.post(f"/employer-imports/{org_import.pk}/run"),
        api.post(f"/employer-imports/{org_import.pk}/discard"),
    ):
        assert attempt.status_code == org_a_import
    org_import.refresh_from_db()
    assert org_import.status == EmployerImport.Status.PREVIEWED
    assert not Employer.objects.exists()


def test_it_shows_the_import_links_on_the_register_only_to_those_who_may(client, supervisor, coach):
    import_url = reverse("employer_import")

    as_supervisor = login(client, supervisor).get(reverse("employer_list")).content.decode()
    as_coach = login(client, coach).get(reverse("employer_list")).content.decode()

    assert import_url in as_supervisor and import_url not in as_coach


# Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 10])
def test_it_reads_the_preview_in_the_same_queries_for_1_and_10_rows(
    client, supervisor, client_record, django_assert_num_queries, rows
):
    login(client, supervisor)
    employer_create(user=supervisor, name="Vanha Oy", business_id=business_id())
    content = xlsx(("T", [FI_HEADER] + [
        fi_row(f"Yritys {n}", business_id(), f"Henkilö {n}", notes=f"Muistiinpano {n}")
        for n in range(rows)
    ]))  # fmt: skip
    employer_import = uploaded(client, content)
    url = preview_url(employer_import)

    # 1 savepoint of the request's transaction, 2 session, 3 user, 4 the import,
    # 5 its latest background job, 6 the notes searched for clients' names (one chunk),
    # 7 the register's business IDs, 8 the user's organisation (the page header),
    # 9 release of the savepoint.
    with django_assert_num_queries(9):
        answer = client.get(url)

    assert answer.status_code == 200
    assert f"{rows} accepted" in answer.content.decode()


def test_it_pages_the_accepted_rows_and_shows_the_counts(client, supervisor):
    login(client, supervisor)
    rows = [fi_row(f"Yritys {n:02d}", business_id()) for n in range(60)]
    employer_import = uploaded(client, xlsx(("T", [FI_HEADER, *rows])))

    first = client.get(preview_url(employer_import)).content.decode()
    second = client.get(preview_url(employer_import) + "?offset=50").content.decode()

    assert "60 rows: 60 accepted, 0 with problems." in first
    assert "Yritys 49" in first and "Yritys 50" not in first
    assert "1–50 of 60" in first and 'href="?offset=50"' in first
    assert "Yritys 50" in second and "Yritys 59" in second and "Yritys 49" not in second
