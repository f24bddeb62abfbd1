"""Shared pieces of the API: list paging and the common error schema for the docs."""

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import create_model

# A bound on `offset` keeps absurd values from overflowing the database's integer (a 500).
MAX_OFFSET = 1_000_000_000


class ListParams(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    search: str = ""


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
    fields = {n: (f.annotation | None, None) for n, f in schema.model_fields.items()}
    return create_model(name, __base__=Schema, **fields)


def paginated(items: QuerySet | list, params: ListParams) -> dict:
    """The list answer of CONTRACT.md: the total count and one page of the items."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return {"count": count, "items": list(items[params.offset : params.offset + params.limit])}
