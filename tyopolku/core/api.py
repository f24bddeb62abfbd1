"""Shared pieces of the API: ids, paging and search parameters, the constraints stated in the
OpenAPI document, list paging and the common error schema for the docs. The bounds of what
comes in a URL are in `core/params.py`, shared with the pages."""

from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet, TextChoices
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema, create_model

from tyopolku.core.errors import NotFound
from tyopolku.core.params import MAX_ID, MAX_OFFSET, SEARCH_WORDS_MAX

_ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}

# An id in a body or query string: one beyond the database's bigint is a 422 naming the
# field (it could not exist, and the database would overflow on it).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _known_id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise NotFound(_("Not found"))  # like any id that is not found (CONTRACT.md)
    return value


# An id in the path: `def get_client(request, client_id: PathId)`. One out of range is
# unknown, a 404, as it always was; the document states the range.
PathId = Annotated[int, AfterValidator(_known_id), WithJsonSchema(_ID_SCHEMA)]


# The constraints below are checked by the services, which name every wrong field at once
# in the user's language (as on the pages), so the schemas only state them for the OpenAPI
# document: generated clients then send valid data.


def text(max_length: int, pattern: str | None = None) -> object:
    """A text field of at most `max_length` characters (the column's or the service's limit),
    of the form `pattern` where the service checks one."""
    schema = {"type": "string", "maxLength": max_length}
    if pattern:
        schema["pattern"] = pattern
    return Annotated[str, WithJsonSchema(schema)]


def choice(choices: type[TextChoices]) -> object:
    """One of a TextChoices' values, listed as the enum of the document."""
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(choices.values)})]


def integer(minimum: int, maximum: int) -> object:
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    return Annotated[int, WithJsonSchema(schema)]


def decimal(minimum: Decimal, maximum: Decimal) -> object:
    """A number (JSON number or decimal string, e.g. "37.5") from `minimum` to `maximum`."""
    schema = {"type": "number", "minimum": float(minimum), "maximum": float(maximum)}
    return Annotated[Decimal, WithJsonSchema(schema)]


def words(max_items: int, max_length: int) -> object:
    """A list of words, at most `max_items` of at most `max_length` characters each."""
    item = {"type": "string", "maxLength": max_length}
    return Annotated[
        list[str], WithJsonSchema({"type": "array", "items": item, "maxItems": max_items})
    ]


class Paging(Schema):
    """`?limit=&offset=` of every list (CONTRACT.md: limit ≤ 200)."""

    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ListParams(Paging):
    """Paging and `?search=` for the lists that search."""

    # Any length is taken (no 422): only the first words count (core/params.py).
    search: str = Field("", description=f"Words to look for; the first {SEARCH_WORDS_MAX} count.")


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]
    # Only in the 409 of a duplicate identity code, to a user who may see that client.
    existing_client_id: int | None = None


# Responses every authenticated endpoint can give, for the OpenAPI document.
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def patch_schema(schema: type[Schema], name: str) -> type[Schema]:
    """The PATCH twin of an input schema: the same fields, each optional; the endpoint
    passes on only the fields the caller sent (`exclude_unset`)."""
    # The constraints (`f.metadata`: lengths, ranges) stay on the value; None is allowed too.
    fields = {
        n: ((Annotated[f.annotation, *f.metadata] if f.metadata else f.annotation) | None, None)
        for n, f in schema.model_fields.items()
    }
    return create_model(name, __base__=Schema, **fields)


def paginated(items: QuerySet | list, params: Paging) -> dict:
    """The list answer of CONTRACT.md: the total count and one page of the items."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return {"count": count, "items": list(items[params.offset : params.offset + params.limit])}
