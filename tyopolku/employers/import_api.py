"""API of the spreadsheet import and the Excel export of the employer register (the same
steps as the pages: upload and preview, then import all accepted rows or nothing)."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from tyopolku.background.api import JobOut, job_out
from tyopolku.core.api import ERRORS, ErrorOut, PathId
from tyopolku.core.errors import InvalidInput
from tyopolku.employers import imports
from tyopolku.employers.models import EmployerImport

router = Router(tags=["employers"])


class ProblemOut(Schema):
    field: str
    message: str


class ImportRowOut(Schema):
    row_number: int
    # The sheet's name in a workbook of several sheets (the export has two), else "".
    sheet: str
    accepted: bool
    problems: list[ProblemOut]
    values: dict[str, str]


class ImportPreviewOut(Schema):
    id: int
    file_name: str
    status: str
    row_count: int
    accepted_count: int
    ignored_columns: list[str]
    # Empty once the import is done or discarded (its file is deleted then).
    rows: list[ImportRowOut]
    # The latest run in the background, if the import has been started.
    job: JobOut | None


class ImportRunOut(Schema):
    id: int
    status: str
    employers_created: int
    contact_persons_created: int
    job: JobOut | None = None


def _preview_out(user, employer_import: EmployerImport, preview: imports.Preview | None) -> dict:
    rows = preview.rows if preview else []
    return {
        "job": job_out(imports.employer_import_job(user=user, employer_import=employer_import)),
        "id": employer_import.pk,
        "file_name": employer_import.file_name,
        "status": employer_import.status,
        "row_count": employer_import.row_count,
        "accepted_count": employer_import.accepted_count,
        "ignored_columns": preview.ignored_columns if preview else [],
        "rows": [
            {
                "row_number": row.number,
                "sheet": row.sheet,
                "accepted": row.accepted,
                "problems": [{"field": f, "message": m} for f, m in row.problems.items()],
                "values": row.values,
            }
            for row in rows
        ],
    }


@router.post("/employer-imports", response={201: ImportPreviewOut, 413: ErrorOut, **ERRORS})
def create_import(request, file: File[UploadedFile] = None):
    """Upload an .xlsx or .csv (multipart field `file`): each row checked, nothing imported
    yet. A file that cannot be read, or has too many rows or columns or too long a cell →
    422 naming `file`; one too big, or unpacking to too much → 413 naming `file`. Nothing
    is stored then. The rows' `values` are shown as a preview shows them: at most 200
    characters of each cell."""
    if file is None:  # checked here so that the error names `file` like the others
        raise InvalidInput.for_field("file", _("Choose a file to upload."))
    employer_import, preview = imports.employer_import_create(
        user=request.user, file_name=file.name, file=file
    )
    return Status(201, _preview_out(request.user, employer_import, preview))


@router.get("/employer-imports/{import_id}", response={200: ImportPreviewOut, **ERRORS})
def get_import(request, import_id: PathId):
    """The preview, checked again against the register as it is now."""
    employer_import = imports.employer_import_get(user=request.user, import_id=import_id)
    preview = imports.employer_import_preview(employer_import=employer_import)
    return _preview_out(request.user, employer_import, preview)


@router.post("/employer-imports/{import_id}/run", response={202: ImportRunOut, **ERRORS})
def run_import(request, import_id: PathId):
    """Queue the import of every accepted row, or nothing, for the background worker, and
    answer at once with the `job` to poll (`GET /jobs/{job_id}`). 409 saying why when it
    cannot start: the file was imported or discarded already, it is being imported, or the
    register changed after the preview. The worker checks the file again before it writes:
    if the register changed while the job waited, the job fails with that message and can
    be started again."""
    employer_import = imports.employer_import_get(user=request.user, import_id=import_id)
    job = imports.employer_import_start(user=request.user, employer_import=employer_import)
    employer_import.refresh_from_db()
    return Status(
        202,
        {
            "id": employer_import.pk,
            "status": employer_import.status,
            "employers_created": employer_import.employers_created,
            "contact_persons_created": employer_import.contact_persons_created,
            "job": job_out(job),
        },
    )


@router.post("/employer-imports/{import_id}/discard", response={200: ImportRunOut, **ERRORS})
def discard_import(request, import_id: PathId):
    employer_import = imports.employer_import_get(user=request.user, import_id=import_id)
    return imports.employer_import_discard(user=request.user, employer_import=employer_import)


@router.get("/employers/export", response={200: None, **ERRORS})
def export_employers(request):
    """The organisation's register as .xlsx (sheets Työnantajat and Yhteyshenkilöt, with
    the headers the import reads). Administrators and supervisors only."""
    return FileResponse(
        imports.employer_export(user=request.user),
        as_attachment=True,
        filename=imports.export_file_name(),
        content_type=imports.XLSX_CONTENT_TYPE,
    )


@router.post("/employers/export/jobs", response={202: JobOut, **ERRORS})
def export_employers_job(request):
    """The same workbook made by the background worker, for a large register: answers at
    once with the job to poll (`GET /jobs/{job_id}`); when it is `done`, its `file` is
    downloaded with `GET /jobs/{job_id}/file` by the user who started it."""
    return Status(202, job_out(imports.employer_export_start(user=request.user)))
