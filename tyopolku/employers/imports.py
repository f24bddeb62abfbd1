"""Spreadsheets in and out of the employer register.

Import: a team's sheet (.xlsx or .csv, Finnish or English headers, one row per employer or
per contact person) is stored as an EmployerImport, read and checked row by row for the
preview, and then imported all or nothing through the register's own services
(employer_create, contact_person_create), so the rows meet the same rules as the forms.
Nothing is kept of the preview but its counts: every look at it reads the stored file again
against the register as it is then.

Export: the organisation's whole register as .xlsx with the headers the import reads, so an
export goes back in unchanged (into another organisation, say).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import REGISTER_MANAGERS
from tyopolku.audit.models import ChangeAction
from tyopolku.audit.services import change_log_record
from tyopolku.background.models import Job
from tyopolku.background.selectors import job_active_exists, job_latest
from tyopolku.background.services import (
    Progress,
    counted,
    job_enqueue,
    job_export_enqueue,
    job_file_store,
)
from tyopolku.clients.guard import client_data_scan
from tyopolku.core.dates import today
from tyopolku.core.errors import Conflict, FieldErrors, Forbidden, InvalidInput, NotFound
from tyopolku.core.validation import (
    NOTES_MAX,
    email_clean,
    phone_clean,
    text_clean,
    url_clean,
)
from tyopolku.employers import codes
from tyopolku.employers.models import ContactPerson, Employer, EmployerImport, EmployerType
from tyopolku.employers.services import (
    TEAM_TEXT_FIELDS,
    business_id_clean,
    employer_bulk_create,
)
from tyopolku.employers.tasks import employer_export_task, employer_import_task
from tyopolku.files import spreadsheets

# The header row is looked for among the first rows (a title or a date may come first).
HEADER_SEARCH_ROWS = 10

EMPLOYER_FIELDS = (
    "name",
    "business_id",
    "employer_type",
    "industry_code",
    "municipality_code",
    "street_address",
    "postal_code",
    "post_office",
    "website",
    "notes",
)
PERSON_FIELDS = ("contact_person", "title", "phone", "email", "legal_basis")

FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "business_id": gettext_lazy("Business ID"),
    "employer_type": gettext_lazy("Type"),
    "industry_code": gettext_lazy("Industry"),
    "municipality_code": gettext_lazy("Municipality"),
    "street_address": gettext_lazy("Street address"),
    "postal_code": gettext_lazy("Postal code"),
    "post_office": gettext_lazy("Post office"),
    "website": gettext_lazy("Website"),
    "notes": gettext_lazy("Notes"),
    "contact_person": gettext_lazy("Contact person"),
    "title": gettext_lazy("Title"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "legal_basis": gettext_lazy("Legal basis of processing"),
}

# The export's headers: Finnish, like the teams' own sheets, and the same in every UI
# language, so that a file exported in one language imports in another.
EMPLOYER_SHEET = "Työnantajat"
PERSON_SHEET = "Yhteyshenkilöt"
EXPORT_HEADERS = {
    "name": "Yritys",
    "business_id": "Y-tunnus",
    "employer_type": "Tyyppi",
    "industry_code": "Toimiala",
    "industry_name": "Toimialan nimi",
    "municipality_code": "Kunta",
    "municipality_name": "Kunnan nimi",
    "street_address": "Osoite",
    "postal_code": "Postinumero",
    "post_office": "Postitoimipaikka",
    "website": "WWW",
    "notes": "Lisätiedot",
    "contact_person": "Yhteyshenkilö",
    "title": "Titteli",
    "phone": "Puhelin",
    "email": "Sähköposti",
    "legal_basis": "Käsittelyperuste",
}
EMPLOYER_COLUMNS = (
    "name",
    "business_id",
    "employer_type",
    "industry_code",
    "industry_name",
    "municipality_code",
    "municipality_name",
    "street_address",
    "postal_code",
    "post_office",
    "website",
    "notes",
)
PERSON_COLUMNS = ("name", "business_id", *PERSON_FIELDS)

# Headers as teams write them (Finnish, English, a few Swedish), compared casefolded.
HEADER_ALIASES = {
    "name": (
        "yritys | nimi | yrityksen nimi | työnantaja | työnantajan nimi | toimija | "
        "name | company | company name | employer | employer name | företag | namn"
    ),
    "business_id": (
        "y-tunnus | ytunnus | y tunnus | y-tunnus (business id) | business id | "
        "business_id | businessid | business id (y-tunnus) | fo-nummer"
    ),
    "employer_type": "tyyppi | työnantajan tyyppi | yhteisön tyyppi | type | employer type",
    "industry_code": (
        "toimiala | toimialakoodi | toimiala (tol 2008) | tol | tol 2008 | tol-koodi | "
        "industry | industry code | bransch"
    ),
    "municipality_code": (
        "kunta | paikkakunta | kotikunta | kuntanumero | kuntakoodi | kunnan nimi | "
        "municipality | municipality code | municipality name | kommun"
    ),
    "street_address": (
        "osoite | katuosoite | lähiosoite | käyntiosoite | postiosoite | address | "
        "street address | adress"
    ),
    "postal_code": "postinumero | postinro | postal code | postcode | zip | postnummer",
    "post_office": "postitoimipaikka | postitoimipaikka/kaupunki | post office | postanstalt",
    "website": (
        "www | www-sivut | www-osoite | kotisivu | kotisivut | verkkosivu | "
        "verkkosivut | website | web | web site | url | homepage | webbplats"
    ),
    "notes": (
        "lisätiedot | lisätietoja | huomiot | muistiinpanot | kommentit | notes | note | "
        "additional information | comments | anteckningar"
    ),
    "contact_person": (
        "yhteyshenkilö | yhteyshenkilön nimi | yhteyshenkilöt | contact person | "
        "contact | contact name | kontaktperson"
    ),
    "title": "titteli | tehtävänimike | nimike | asema | rooli | title | job title",
    "phone": (
        "puhelin | puh | puhelinnumero | puh. nro | matkapuhelin | gsm | phone | "
        "telephone | phone number | mobile | telefon"
    ),
    "email": (
        "sähköposti | sähköpostiosoite | s-posti | sposti | email | e-mail | email address | e-post"
    ),
    "legal_basis": "käsittelyperuste | legal basis | legal basis of processing",
}
_FIELD_FOR_HEADER = {
    alias.strip(): f for f, aliases in HEADER_ALIASES.items() for alias in aliases.split("|")
}
# Columns the export writes for people to read; the import takes the codes beside them
# (a sheet with the municipality's name only is read by it).
_READ_ONLY_HEADERS = {"toimialan nimi", "industry name", "kunnan nimi", "municipality name"}

# A number cell whose leading zeros Excel dropped: 100 → "00100" (Helsinki).
_ZERO_PADDED = {"postal_code": 5, "municipality_code": 3}
_DIGITS = re.compile(r"^\d+$")


def import_manage_check(user: User) -> None:
    """Bulk reads and writes of the register (with the contact persons' personal data) are
    for administrators and supervisors; the other roles get 403."""
    if user.organization_id is None or user.role not in REGISTER_MANAGERS:
        raise Forbidden(
            _("Only administrators and supervisors may import and export the employer register.")
        )


# Reading a file --------------------------------------------------------------------------


@dataclass
class SheetRow:
    sheet: str
    number: int  # as the spreadsheet numbers it (the header row is one of them)
    values: dict[str, str]


@dataclass
class Table:
    rows: list[SheetRow]
    ignored_columns: list[str]
    several_sheets: bool


def _file_error(message: str) -> InvalidInput:
    return InvalidInput.for_field("file", message)


def _header_key(value: Any) -> str:
    text = " ".join(str(value or "").split()).casefold()
    return text.strip(" :*")


def _cell_text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and name in _ZERO_PADDED:
        return str(value).zfill(_ZERO_PADDED[name])
    return str(value).strip()


def _header_map(cells: list[Any]) -> tuple[dict[int, str], list[str]] | None:
    """Column index → field if `cells` is a header row (it names the business ID column),
    with the headers that are not ours; None otherwise. A field's first column wins."""
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        key = _header_key(cell)
        if not key:
            continue
        name = _FIELD_FOR_HEADER.get(key)
        if name and name not in columns.values():
            columns[index] = name
        elif key not in _READ_ONLY_HEADERS:
            # Shown back to the user: as much of the header as a preview shows of a cell.
            ignored.append(spreadsheets.preview_text(str(cell).strip()))
    if "business_id" not in columns.values():
        return None
    return columns, ignored


def _sheet_rows(sheet: spreadsheets.Sheet) -> tuple[list, list] | None:
    """The data rows of one sheet and its ignored headers; None when it has no header row."""
    header = None
    data: list[SheetRow] = []
    for number, cells in sheet.rows:
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                return None
            header = _header_map(cells)
            continue
        columns = header[0]
        values = {
            f: _cell_text(cells[i] if i < len(cells) else None, f) for i, f in columns.items()
        }
        if any(values.values()):
            data.append(SheetRow(sheet.title, number, values))
    if header is None:
        return None
    return data, header[1]


def spreadsheet_read(content: bytes, file_name: str) -> Table:
    """The rows of an .xlsx or .csv file under our field names, read within the limits of
    tyopolku.files. A file we cannot read, or one without a header row naming the business
    ID, is InvalidInput naming `file`."""
    sheets = spreadsheets.spreadsheet_read(
        content,
        file_name,
        field="file",
        is_header=lambda cells: _header_map(cells) is not None,
        header_rows=HEADER_SEARCH_ROWS,
    )
    rows: list[SheetRow] = []
    ignored: list[str] = []
    found = 0
    for sheet in sheets:
        result = _sheet_rows(sheet)
        if result is None:
            continue
        found += 1
        rows.extend(result[0])
        ignored.extend(c for c in result[1] if c not in ignored)
    if not found:
        raise _file_error(
            _(
                "No header row found: the first rows of the file should name the columns, "
                "one of them the business ID (Y-tunnus)."
            )
        )
    if not rows:
        raise _file_error(_("The file has a header row but no rows of employers."))
    return Table(rows=rows, ignored_columns=ignored, several_sheets=found > 1)


# Checking the rows -------------------------------------------------------------------------


@dataclass
class RowResult:
    sheet: str
    number: int
    label: str  # "5", or "5 (Yhteyshenkilöt)" when the file has several sheets
    values: dict[str, str]
    employer: dict[str, str]
    person: dict[str, str] | None
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        return not self.problems

    @property
    def problem_list(self) -> list[tuple[str, str, str]]:
        """(field, its label, message) for the page and the API."""
        return [(f, str(FIELD_LABELS.get(f, f)), m) for f, m in self.problems.items()]


@dataclass
class Preview:
    rows: list[RowResult]
    ignored_columns: list[str]
    # Employers to create: each one's first row, and its accepted rows with a contact person.
    groups: list[tuple[RowResult, list[RowResult]]]

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def accepted_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.accepted]

    @property
    def problem_rows(self) -> list[RowResult]:
        return [r for r in self.rows if not r.accepted]

    @property
    def accepted_count(self) -> int:
        return sum(1 for r in self.rows if r.accepted)


def _choice_lookup(choices) -> dict[str, str]:
    """A choice's value and its label in each UI language, casefolded, → the value."""
    lookup = {value.casefold(): value for value in choices.values}
    for language in ("en", "sv", "fi"):
        with translation.override(language):
            lookup.update({str(label).casefold(): value for value, label in choices.choices})
    return lookup


def _clean_choice(text: str, name: str, lookup: dict, default: str, errors: FieldErrors) -> str:
    if not text:
        return default
    value = lookup.get(text.casefold())
    if value is None:
        errors.add(
            name, _("Not one of the choices: %(text)s") % {"text": spreadsheets.preview_text(text)}
        )
        return default
    return value


def _clean_municipality(text: str, errors: FieldErrors) -> str:
    if not text:
        return ""
    code = text.zfill(3) if _DIGITS.match(text) else codes.municipality_code_for_name(text)
    if not code or not codes.municipality_is_valid(code):
        errors.add(
            "municipality_code",
            _("Not a municipality code or name, e.g. 153 or Imatra: %(text)s")
            % {"text": spreadsheets.preview_text(text)},
        )
        return ""
    return code


def _clean_row(row: SheetRow, label: str, types: dict, bases: dict) -> RowResult:
    """The row's fields cleaned the way the register's services clean them."""
    v, errors = row.values, FieldErrors()
    business_id = errors.check("business_id", business_id_clean, v.get("business_id"))
    employer = {
        # Required for the first row of an employer only (see _check_groups).
        "name": text_clean(v.get("name"), "name", errors, max_length=200),
        "business_id": business_id or "",
        "employer_type": _clean_choice(
            v.get("employer_type", ""), "employer_type", types, EmployerType.COMPANY, errors
        ),
        "industry_code": "",
        "municipality_code": _clean_municipality(v.get("municipality_code", ""), errors),
        "street_address": text_clean(
            v.get("street_address"), "street_address", errors, max_length=200
        ),
        "postal_code": v.get("postal_code", ""),
        "post_office": text_clean(v.get("post_office"), "post_office", errors, max_length=100),
        "website": url_clean(v.get("website"), "website", errors),
        "notes": text_clean(v.get("notes"), "notes", errors, max_length=NOTES_MAX),
    }
    if v.get("industry_code"):
        employer["industry_code"] = codes.industry_code_for_text(v["industry_code"]) or ""
        if not employer["industry_code"]:
            errors.add(
                "industry_code",
                _("Not an industry code of TOL 2008, e.g. 47 or 56101: %(text)s")
                % {"text": spreadsheets.preview_text(v["industry_code"])},
            )
    postal_code = employer["postal_code"]
    if postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
        errors.add("postal_code", _("A postal code has five digits, e.g. 55100."))
    person = None
    if any(v.get(f) for f in PERSON_FIELDS):
        person = {
            "name": text_clean(
                v.get("contact_person"), "contact_person", errors, required=True, max_length=200
            ),
            "title": text_clean(v.get("title"), "title", errors, max_length=200),
            "phone": phone_clean(v.get("phone"), "phone", errors),
            "email": email_clean(v.get("email"), "email", errors),
            "legal_basis": _clean_choice(
                v.get("legal_basis", ""),
                "legal_basis",
                bases,
                ContactPerson.LegalBasis.LEGITIMATE_INTEREST,
                errors,
            ),
        }
    return RowResult(
        sheet=row.sheet,
        number=row.number,
        label=label,
        # What the file said, as much of it as is shown back (the page, the API).
        values={name: spreadsheets.preview_text(text) for name, text in v.items()},
        employer=employer,
        person=person,
        problems=dict(errors.fields),
    )


def _check_client_data(organization_id: int, rows: list[RowResult]) -> None:
    """The register's texts go to the whole team: none may identify a client (clients.guard,
    the fields of services.TEAM_TEXT_FIELDS). Every text of the file is searched in one call,
    so a file costs the same few queries however long. Only register managers import, and
    they see every client: a refusal discloses nothing to them, so nothing is logged."""
    person_fields = {"name": "contact_person"}  # the sheet's column for the person's name
    texts: list[tuple[RowResult, str, str]] = []
    for row in rows:
        for model, values, names in (
            (Employer, row.employer, {}),
            (ContactPerson, row.person or {}, person_fields),
        ):
            for name in TEAM_TEXT_FIELDS[model]:
                problem_field = names.get(name, name)
                if values.get(name) and problem_field not in row.problems:
                    texts.append((row, problem_field, values[name]))
    findings = client_data_scan(
        organization_id=organization_id, texts=[text for _row, _field, text in texts]
    )
    for (row, problem_field, _text), finding in zip(texts, findings, strict=True):
        if finding is not None:
            row.problems.setdefault(problem_field, finding.message)


def _check_groups(
    organization_id: int, rows: list[RowResult]
) -> list[tuple[RowResult, list[RowResult]]]:
    """Rows with the same business ID are one employer: its first row gives the employer
    (the others may repeat its fields or leave them empty) and each row may add a contact
    person. Returns the employers to create with their accepted rows."""
    groups: dict[str, list[RowResult]] = {}
    for row in rows:
        if row.employer["business_id"]:
            groups.setdefault(row.employer["business_id"], []).append(row)
    # The whole register's IDs in one query: a long `IN (...)` of the file's IDs could
    # pass the database's limit of query parameters.
    in_register = dict(
        Employer.objects.filter(organization_id=organization_id)
        .order_by()
        .values_list("business_id", "name")
    )
    to_create = []
    for business_id, members in groups.items():
        first, others = members[0], members[1:]
        if business_id in in_register:
            for row in members:
                row.problems["business_id"] = _(
                    "Already in the register (%(name)s): not imported again."
                ) % {"name": in_register[business_id]}
        if not first.employer["name"]:
            first.problems.setdefault("name", _("This field is required."))
        people = {first.person["name"].casefold(): first} if first.person else {}
        for row in others:
            for name in EMPLOYER_FIELDS:
                given = row.values.get(name, "")
                if given and name != "business_id" and row.employer[name] != first.employer[name]:
                    row.problems.setdefault(
                        name,
                        _("Differs from row %(row)s, which has the same business ID.")
                        % {"row": first.label},
                    )
            if row.person is None:
                row.problems.setdefault(
                    "business_id",
                    _("Duplicate in the file: row %(row)s has the same business ID.")
                    % {"row": first.label},
                )
                continue
            earlier = people.setdefault(row.person["name"].casefold(), row)
            if earlier is not row:
                row.problems.setdefault(
                    "contact_person",
                    _("Duplicate in the file: row %(row)s has this contact person.")
                    % {"row": earlier.label},
                )
        if first.problems:
            for row in others:
                row.problems.setdefault(
                    "business_id",
                    _("Not imported: row %(row)s of this employer has problems.")
                    % {"row": first.label},
                )
        else:
            to_create.append((first, [r for r in members if r.accepted and r.person]))
    return to_create


def _preview(organization_id: int, content: bytes, file_name: str) -> Preview:
    table = spreadsheet_read(content, file_name)
    types = _choice_lookup(EmployerType)
    bases = _choice_lookup(ContactPerson.LegalBasis)
    rows = [
        _clean_row(
            row,
            f"{row.number} ({row.sheet})" if table.several_sheets else str(row.number),
            types,
            bases,
        )
        for row in table.rows
    ]
    _check_client_data(organization_id, rows)
    groups = _check_groups(organization_id, rows)
    return Preview(rows=rows, ignored_columns=table.ignored_columns, groups=groups)


# The import's steps --------------------------------------------------------------------------


def employer_import_get(*, user: User, import_id: int) -> EmployerImport:
    import_manage_check(user)
    employer_import = EmployerImport.objects.filter(
        organization_id=user.organization_id, pk=import_id
    ).first()
    if employer_import is None:
        raise NotFound(_("Import not found."))
    return employer_import


def employer_import_preview(*, employer_import: EmployerImport) -> Preview | None:
    """The stored file read and checked against the register as it is now; None once the
    import is done or discarded (its file is gone, its counts remain)."""
    if employer_import.status != EmployerImport.Status.PREVIEWED:
        return None
    return _preview(
        employer_import.organization_id, bytes(employer_import.content), employer_import.file_name
    )


@transaction.atomic
def employer_import_create(
    *, user: User, file_name: str, file: IO[bytes]
) -> tuple[EmployerImport, Preview]:
    """Store an uploaded sheet for its preview. A file that cannot be read is not stored."""
    import_manage_check(user)
    limit = settings.EMPLOYER_IMPORT_MAX_BYTES
    # One byte over the limit is enough to know: a huge upload is not read into memory.
    content = file.read(limit + 1)
    if len(content) > limit:
        raise spreadsheets.FileTooLarge.for_field(
            "file",
            _("The file is larger than %(mb)s MB: split it into smaller files.")
            % {"mb": limit // (1024 * 1024)},
        )
    file_name = (file_name or "").strip()[:255] or "import"
    preview = _preview(user.organization_id, content, file_name)
    employer_import = EmployerImport.objects.create(
        organization_id=user.organization_id,
        created_by=user,
        file_name=file_name,
        content=content,
        row_count=preview.row_count,
        accepted_count=preview.accepted_count,
    )
    return employer_import, preview


def employer_import_list(*, user: User, limit: int = 10) -> list[EmployerImport]:
    """The organisation's latest imports, newest first (without their files)."""
    import_manage_check(user)
    return list(
        EmployerImport.objects.filter(organization_id=user.organization_id)
        .defer("content")
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def _check_open(employer_import: EmployerImport) -> None:
    if employer_import.status == EmployerImport.Status.IMPORTED:
        raise Conflict(_("This file has been imported already."))
    if employer_import.status == EmployerImport.Status.DISCARDED:
        raise Conflict(_("This import was discarded: upload the file again."))


def _locked(employer_import: EmployerImport) -> EmployerImport:
    """The row, locked: two clicks on Import must not import twice."""
    return EmployerImport.objects.select_for_update().get(pk=employer_import.pk)


def _recheck(employer_import: EmployerImport) -> Preview:
    """The locked import's file checked again. If the register changed after the preview
    (someone added one of the employers), the preview's counts are brought up to date and
    _Changed raised, so that the user sees what would be imported before importing it."""
    _check_open(employer_import)
    preview = employer_import_preview(employer_import=employer_import)
    if (preview.row_count, preview.accepted_count) != (
        employer_import.row_count,
        employer_import.accepted_count,
    ):
        employer_import.row_count = preview.row_count
        employer_import.accepted_count = preview.accepted_count
        employer_import.save(update_fields=["row_count", "accepted_count"])
        raise _Changed(preview.accepted_count)
    if not preview.accepted_count:
        raise InvalidInput(_("No row of the file was accepted: nothing to import."))
    return preview


class _Changed(Exception):
    """The register changed after the preview: raised inside the transaction that keeps the
    new counts, turned into Conflict outside it."""

    def __init__(self, accepted: int):
        self.accepted = accepted


def _changed(accepted: int) -> Conflict:
    return Conflict(
        _(
            "Nothing was imported: the register changed after the preview, and now "
            "%(accepted)s rows are accepted. Check the rows and import again."
        )
        % {"accepted": accepted}
    )


def _rechecked[T](
    employer_import: EmployerImport, then: Callable[[EmployerImport, Preview], T]
) -> T:
    """`then(locked import, preview)` inside one transaction, after the recheck. A changed
    register commits the new counts and raises Conflict."""
    with transaction.atomic():
        locked = _locked(employer_import)
        try:
            preview = _recheck(locked)
        except _Changed as changed:
            # Caught inside the block, so that the transaction keeps the new counts.
            accepted = changed.accepted
        else:
            return then(locked, preview)
    raise _changed(accepted)


def employer_import_start(*, user: User, employer_import: EmployerImport) -> Job:
    """Queue the import for the background worker after checking the file against the
    register as it is now (two clicks on Import queue it once)."""
    import_manage_check(user)

    def queue(locked: EmployerImport, preview: Preview) -> Job:
        if job_active_exists(kind=Job.Kind.EMPLOYER_IMPORT, object_id=locked.pk):
            raise Conflict(_("This file is being imported already."))
        return job_enqueue(
            user=user,
            kind=Job.Kind.EMPLOYER_IMPORT,
            object_id=locked.pk,
            task=employer_import_task,
            total=preview.accepted_count,
        )

    return _rechecked(employer_import, queue)


def employer_import_job(*, user: User, employer_import: EmployerImport) -> Job | None:
    """The import's latest run in the background, if it has been started."""
    return job_latest(user=user, kind=Job.Kind.EMPLOYER_IMPORT, object_id=employer_import.pk)


def employer_import_work(job: Job, progress: Progress) -> str:
    """The background worker's part: every accepted row in one transaction, or nothing.
    The file is checked again, as the register may have changed while the job waited."""
    employer_import = EmployerImport.objects.get(
        pk=job.object_id, organization_id=job.organization_id
    )
    done = employer_import_run(
        user=job.created_by, employer_import=employer_import, progress=progress
    )
    return _("Imported %(employers)s employers and %(people)s contact persons.") % {
        "employers": done.employers_created,
        "people": done.contact_persons_created,
    }


def employer_import_run(
    *, user: User, employer_import: EmployerImport, progress: Progress | None = None
) -> EmployerImport:
    """Import every accepted row in one transaction, or nothing (see `_recheck`)."""
    import_manage_check(user)

    def run(locked: EmployerImport, preview: Preview) -> EmployerImport:
        _import_rows(user, locked, preview)
        if progress:
            progress(preview.accepted_count, preview.accepted_count)
        return locked

    return _rechecked(employer_import, run)


def _import_rows(user: User, employer_import: EmployerImport, preview: Preview) -> None:
    try:
        employers, people = employer_bulk_create(
            user=user,
            employers=[
                (first.employer, [row.person for row in rows]) for first, rows in preview.groups
            ],
        )
    except Conflict as error:
        raise Conflict(
            _("Nothing was imported: %(message)s") % {"message": error.message}
        ) from error
    employer_import.status = EmployerImport.Status.IMPORTED
    employer_import.imported_at = timezone.now()
    employer_import.employers_created = employers
    employer_import.contact_persons_created = people
    employer_import.content = b""
    employer_import.save()
    change_log_record(
        user=user,
        object_type="employer_import",
        object_id=employer_import.pk,
        action=ChangeAction.IMPORT,
    )


@transaction.atomic
def employer_import_discard(*, user: User, employer_import: EmployerImport) -> EmployerImport:
    """Not imported after all: the file is deleted, the record of the attempt stays."""
    import_manage_check(user)
    employer_import = _locked(employer_import)
    _check_open(employer_import)
    employer_import.status = EmployerImport.Status.DISCARDED
    employer_import.content = b""
    employer_import.save(update_fields=["status", "content"])
    return employer_import


# Export ------------------------------------------------------------------------------------


XLSX_CONTENT_TYPE = spreadsheets.XLSX_CONTENT_TYPE


def export_file_name() -> str:
    return f"tyonantajarekisteri-{today():%Y-%m-%d}.xlsx"


def employer_export(*, user: User) -> IO[bytes]:
    """The organisation's register as an .xlsx in a temporary file (at its start), written
    row by row so that a large register does not fill memory, by the safe writer of
    tyopolku.files (a name like "=HYPERLINK(...)" stays text). The caller closes the file,
    which deletes it."""
    import_manage_check(user)
    _log_export(user)
    return _export_workbook(user.organization_id)


def _log_export(user: User) -> None:
    change_log_record(
        user=user,
        object_type="employer_register",
        object_id=user.organization_id,
        action=ChangeAction.EXPORT,
    )


def _export_workbook(organization_id: int, progress: Progress | None = None) -> IO[bytes]:
    employers = Employer.objects.filter(organization_id=organization_id).order_by("name", "pk")
    people = (
        ContactPerson.objects.filter(employer__organization_id=organization_id)
        .select_related("employer")
        .order_by("employer__name", "employer__pk", "name", "pk")
    )
    employer_rows = employers.iterator(chunk_size=2000)
    people_rows = people.iterator(chunk_size=2000)
    if progress:
        # One count over both sheets: the employers first, then the contact persons.
        first, second = employers.count(), people.count()
        employer_rows = counted(
            employer_rows, total=first, progress=lambda done, n: progress(done, n + second)
        )
        people_rows = counted(
            people_rows, total=second, progress=lambda done, n: progress(first + done, first + n)
        )
    workbook = spreadsheets.XlsxWriter()
    with translation.override("fi"):
        types = dict(EmployerType.choices)
        bases = dict(ContactPerson.LegalBasis.choices)
        workbook.add_sheet(EMPLOYER_SHEET, [EXPORT_HEADERS[c] for c in EMPLOYER_COLUMNS])
        for e in employer_rows:
            workbook.append(
                [
                    e.name,
                    e.business_id,
                    str(types.get(e.employer_type, e.employer_type)),
                    e.industry_code,
                    codes.industry_name(e.industry_code) if e.industry_code else "",
                    e.municipality_code,
                    codes.municipality_name(e.municipality_code) if e.municipality_code else "",
                    e.street_address,
                    e.postal_code,
                    e.post_office,
                    e.website,
                    e.notes,
                ]
            )
        workbook.add_sheet(PERSON_SHEET, [EXPORT_HEADERS[c] for c in PERSON_COLUMNS])
        for p in people_rows:
            workbook.append(
                [
                    p.employer.name,
                    p.employer.business_id,
                    p.name,
                    p.title,
                    p.phone,
                    p.email,
                    str(bases.get(p.legal_basis, p.legal_basis)),
                ]
            )
    return workbook.temporary_file()


def employer_export_start(*, user: User) -> Job:
    """Queue the register's export for the background worker (a region's register takes
    longer than a page should wait); its file is kept for the user (tyopolku/background)."""
    import_manage_check(user)
    return job_export_enqueue(user=user, kind=Job.Kind.EMPLOYER_EXPORT, task=employer_export_task)


def employer_export_work(job: Job, progress: Progress) -> str:
    """The worker's part: the workbook written with its progress, then the file and the
    change log in one transaction."""
    user = job.created_by
    import_manage_check(user)
    with _export_workbook(user.organization_id, progress) as file, transaction.atomic():
        _log_export(user)
        stored = job_file_store(
            job=job, name=export_file_name(), content_type=XLSX_CONTENT_TYPE, file=file
        )
    return _("The register is ready to download (%(size)s).") % {
        "size": filesizeformat(stored.size)
    }
