"""Spreadsheets in and out: the one place that writes .xlsx and .csv files and reads uploaded
ones. The domain apps say what goes in the columns; this module makes the file safe.

Writing: every cell passes `cell_safe`. A text that starts with = + - @ tab or carriage
return is what a spreadsheet program runs as a formula (OWASP "CSV injection"), so text
never becomes one: in a CSV such a field gets a leading apostrophe, in an .xlsx every text
cell is stored as a string (never as a formula) and such a cell is marked "quote prefix",
as Excel marks a cell typed with a leading apostrophe. A test fails when code outside this
package makes a CSV writer or a workbook of its own (tests/test_files_spreadsheets.py).

Reading: an upload is a stranger's file. A 25 KB .xlsx can unpack to gigabytes, a small one
can hold a million rows or columns, a cell can be megabytes long. The reader checks the
zip's declared sizes before opening it (zipfile never unpacks more than a member declares),
streams the sheets (openpyxl read-only mode) and counts rows, columns, the length of each
cell and the text read so far while reading; past a limit (settings SPREADSHEET_*) it stops
with an error naming the upload's field: 413 when the file is too big, 422 when it has too
many rows or columns or too long a cell. What is echoed back of a cell is `preview_text`.
"""

import csv
import datetime
import decimal
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from tyopolku.core.errors import InvalidInput

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Excel, LibreOffice and Google Sheets take a cell that starts with one of these for a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an .xlsx cannot hold (XML 1.0); openpyxl refuses them with an exception.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PLAIN_TYPES = (bool, int, float, decimal.Decimal, datetime.date, datetime.time)


# Writing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SafeCell:
    value: Any  # a number or date as it is, anything else as text
    formula_like: bool  # text that a spreadsheet program would run as a formula


def cell_safe(value: Any) -> SafeCell:
    """The one sanitiser of every written cell: numbers and dates stay what they are;
    everything else is text (None is empty), flagged when it looks like a formula."""
    if value is None:
        return SafeCell("", False)
    if isinstance(value, _PLAIN_TYPES):
        return SafeCell(value, False)
    text = _ILLEGAL.sub("\ufffd", str(value))
    return SafeCell(text, text.startswith(FORMULA_STARTS))


def _csv_field(value: Any) -> Any:
    cell = cell_safe(value)
    return "'" + cell.value if cell.formula_like else cell.value


class CsvWriter:
    """csv.writer whose every field passes `cell_safe`."""

    def __init__(self, out: IO[str] | Any, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(out, delimiter=delimiter)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([_csv_field(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class CsvFile(CsvWriter):
    """A CSV written through the safe writer into a temporary file, for a file that is kept
    rather than streamed (a background job's export). UTF-8, with the byte-order mark that
    tells Excel so when `bom`."""

    def __init__(self, *, delimiter: str = ";", bom: bool = False) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 – handed to the caller
        self._text = io.TextIOWrapper(self._file, encoding="utf-8", newline="")
        if bom:
            self._text.write("\ufeff")
        super().__init__(self._text, delimiter=delimiter)

    def temporary_file(self) -> IO[bytes]:
        """The written file, at its start; closing it deletes it."""
        self._text.flush()
        self._text.detach()
        self._file.seek(0)
        return self._file


class XlsxWriter:
    """A workbook written row by row (openpyxl's write-only mode, so that a large export
    does not fill memory), every cell through `cell_safe`."""

    def __init__(self) -> None:
        self._workbook = Workbook(write_only=True)
        self._sheet = None

    def add_sheet(self, title: str, header: Iterable[Any] = ()) -> None:
        """Start a sheet: the rows appended next go to it."""
        self._sheet = self._workbook.create_sheet(title)
        if header:
            self.append(header)

    def _cell(self, value: Any) -> WriteOnlyCell:
        safe = cell_safe(value)
        cell = WriteOnlyCell(self._sheet, safe.value if safe.value != "" else None)
        if isinstance(cell.value, str):
            # openpyxl stores a text starting with "=" as a formula: text stays a string.
            cell.data_type = "s"
            cell.quotePrefix = safe.formula_like
        return cell

    def append(self, row: Iterable[Any]) -> None:
        self._sheet.append([self._cell(v) for v in row])

    def temporary_file(self) -> IO[bytes]:
        """The workbook in a temporary file, at its start; closing it deletes it."""
        file = tempfile.TemporaryFile()  # noqa: SIM115 – the caller (a response) closes it
        try:
            self._workbook.save(file)
        except BaseException:
            file.close()
            raise
        file.seek(0)
        return file


# Reading --------------------------------------------------------------------------------------


class FileTooLarge(InvalidInput):
    """The upload, or what it unpacks to, is over the limit (413)."""

    status = 413


@dataclass(frozen=True)
class Limits:
    max_uncompressed_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_uncompressed_bytes=settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES,
            max_rows=settings.SPREADSHEET_MAX_ROWS,
            max_columns=settings.SPREADSHEET_MAX_COLUMNS,
            max_cell_chars=settings.SPREADSHEET_MAX_CELL_CHARS,
        )


Row = tuple[int, list[Any]]  # the row's number as a spreadsheet program shows it, its cells


@dataclass
class Sheet:
    title: str  # "" for a CSV file
    rows: Iterator[Row]  # read as they are iterated, within the limits


# A sheet formatted down to row 1 048 576 ends where its data ends.
MAX_EMPTY_RUN = 1000
# What is shown of a cell when it is echoed back (a preview, an API answer).
PREVIEW_CHARS = 200


def preview_text(value: Any, limit: int = PREVIEW_CHARS) -> str:
    """A cell as it may be shown back: one line of printable text, at most `limit` characters."""
    text = "" if value is None else str(value)
    shown = "".join(c if c.isprintable() else " " for c in text[:limit])
    return shown + "…" if len(text) > limit else shown


class _Budget:
    """Counts while reading: rows with data, columns, each cell's and all cells' text."""

    def __init__(self, limits: Limits, field: str) -> None:
        self.limits = limits
        self.field = field
        self.rows = 0
        self.chars = 0

    def error(self, message: str) -> InvalidInput:
        return InvalidInput.for_field(self.field, message)

    def check(self, number: int, cells: list[Any]) -> list[Any]:
        """The row's cells within the column limit; raises past any limit."""
        limits = self.limits
        if any(c not in (None, "") for c in cells[limits.max_columns :]):
            raise self.error(
                _("The file has more than %(n)s columns: remove the extra columns.")
                % {"n": limits.max_columns}
            )
        cells = cells[: limits.max_columns]
        if all(c in (None, "") for c in cells):
            return cells
        self.rows += 1
        if self.rows > limits.max_rows:
            raise self.error(
                _("The file has more than %(n)s rows: split it into smaller files.")
                % {"n": limits.max_rows}
            )
        for cell in cells:
            if isinstance(cell, str):
                if len(cell) > limits.max_cell_chars:
                    raise self.error(
                        _("Row %(row)s has a cell longer than %(n)s characters.")
                        % {"row": number, "n": limits.max_cell_chars}
                    )
                self.chars += len(cell)
        if self.chars > limits.max_uncompressed_bytes:
            raise FileTooLarge.for_field(self.field, _too_large_message(limits))
        return cells


def _too_large_message(limits: Limits) -> str:
    return _(
        "The file holds more than %(size)s of data when unpacked: split it into smaller files."
    ) % {"size": filesizeformat(limits.max_uncompressed_bytes)}


def _bounded(rows: Iterable[tuple[int, list[Any]]], budget: _Budget) -> Iterator[Row]:
    empty_run = 0
    for number, cells in rows:
        cells = budget.check(number, cells)
        if all(c in (None, "") for c in cells):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                return
        else:
            empty_run = 0
        yield number, cells


def _xlsx_error(field: str) -> InvalidInput:
    return InvalidInput.for_field(
        field, _("The file could not be read as an Excel workbook (.xlsx): it may be damaged.")
    )


def _check_zip(content: bytes, limits: Limits, field: str) -> None:
    """The unpacked size the zip declares, before anything is unpacked. zipfile never
    unpacks more than a member declares (more is a damaged file), so this bounds it."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _xlsx_error(field) from None
    if sum(m.file_size for m in members) > limits.max_uncompressed_bytes:
        raise FileTooLarge.for_field(field, _too_large_message(limits))


def _read_xlsx(content: bytes, budget: _Budget) -> list[Sheet]:
    field = budget.field
    _check_zip(content, budget.limits, field)
    # openpyxl fails on damaged files with many kinds of errors (zip, XML, KeyError...),
    # when it opens the file or, in read-only mode, only when it reaches the damage.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 – any of them means the same to the user
        raise _xlsx_error(field) from None

    def rows(sheet) -> Iterator[tuple[int, list[Any]]]:
        # The file's own dimensions may be made up (too small hides rows, too large pads
        # every row): the rows are read as they come, one column more than allowed (a value
        # there means the sheet is too wide).
        sheet.reset_dimensions()
        cells = sheet.iter_rows(max_col=budget.limits.max_columns + 1, values_only=True)
        try:
            for number, row in enumerate(cells, start=1):
                yield number, list(row)
        except Exception:  # noqa: BLE001 – as above
            raise _xlsx_error(field) from None

    return [Sheet(sheet.title, _bounded(rows(sheet), budget)) for sheet in workbook.worksheets]


def _decode(content: bytes, field: str) -> str:
    """Text as Excel and others save CSV: UTF-8 (with or without BOM), else Windows-1252."""
    if b"\x00" in content:  # binary, or text PostgreSQL could not store
        raise InvalidInput.for_field(
            field, _("The file is not an Excel workbook (.xlsx) or a CSV file.")
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def _delimiter(lines: list[str], is_header: Callable[[list[str]], bool]) -> str:
    """The delimiter (; , or tab) whose split of the first lines gives a header row."""
    for delimiter in (";", ",", "\t"):
        try:
            if any(is_header(cells) for cells in csv.reader(lines, delimiter=delimiter)):
                return delimiter
        except csv.Error:
            continue
    return ";"


def _read_csv(
    content: bytes, budget: _Budget, is_header: Callable[[list[str]], bool], header_rows: int
) -> list[Sheet]:
    field = budget.field
    text = _decode(content, field)
    delimiter = _delimiter(text.splitlines()[:header_rows], is_header)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # Numbered by record, as a spreadsheet program shows them (a quoted cell may hold
        # line breaks).
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as error:
            # The csv module's own cap on a field (128 KiB) is far over ours.
            if "field larger than field limit" in str(error):
                raise budget.error(
                    _("Row %(row)s has a cell longer than %(n)s characters.")
                    % {"row": reader.line_num, "n": budget.limits.max_cell_chars}
                ) from None
            raise InvalidInput.for_field(
                field, _("The CSV file could not be read: check its quotes.")
            ) from None

    return [Sheet("", _bounded(rows(), budget))]


def spreadsheet_read(
    content: bytes,
    file_name: str,
    *,
    field: str = "file",
    is_header: Callable[[list[str]], bool] = lambda cells: True,
    header_rows: int = 10,
    limits: Limits | None = None,
) -> list[Sheet]:
    """The sheets of an uploaded .xlsx or .csv, their rows read lazily within `limits`
    (the settings by default). `is_header` tells a CSV's delimiter: the one whose split of
    one of the first `header_rows` lines gives a header row. Every problem is InvalidInput
    (FileTooLarge: 413) naming `field`."""
    limits = limits or Limits.from_settings()
    budget = _Budget(limits, field)
    if not content:
        raise InvalidInput.for_field(field, _("The file is empty."))
    if content.startswith(b"PK\x03\x04") or file_name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content, budget)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput.for_field(
            field, _("Old Excel files (.xls) cannot be read: save the file as .xlsx.")
        )
    return _read_csv(content, budget, is_header, header_rows)
