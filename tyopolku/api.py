"""HTTP API v1 (django-ninja): bearer auth, the error format of CONTRACT.md, the routers."""

import json
import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from tyopolku.accounts.models import User
from tyopolku.accounts.services import api_token_authenticate
from tyopolku.core.errors import DomainError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


def _nul_locations(value: Any, loc: tuple) -> Iterator[tuple]:
    if isinstance(value, str):
        if "\x00" in value:
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_locations(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_locations(item, (*loc, index))


def _reject_nul(data: Any, source: str) -> None:
    """PostgreSQL cannot store a NUL character: refuse it as invalid input, not a 500 later."""
    errors = [
        {"loc": (source, *loc), "msg": _("The text contains a NUL character.")}
        for loc in _nul_locations(data, ())
    ]
    if errors:
        raise NinjaValidationError(errors)


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        _reject_nul(data, "body")
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _reject_nul(result, "query")
        return result


api = NinjaAPI(
    title="Työpolku API",
    version="1",
    description="Supported employment (IPS) records. The README describes the conventions.",
    auth=BearerToken(),
    parser=JsonParser(),
    urls_namespace="api",
)


def _error(request, status: int, detail: str, errors: list[dict] | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    errors = [{"field": field, "message": message} for field, message in exc.fields.items()]
    body = {"detail": exc.message, "errors": errors, **exc.details}
    return api.create_response(request, body, status=exc.status)


def _field_name(loc) -> str:
    # ninja locations look like ("body", "payload", "personal_id") or ("query", "limit").
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "body"


def _message(error: dict) -> str:
    """A translated sentence for the pydantic errors that the schemas' constraints give (the
    same words as the services' own checks); pydantic's English text for the rare others."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "too_long":
        return _("At most %(n)s items.") % {"n": ctx.get("max_length")}
    if kind == "literal_error":
        values = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return _("Choose one of: %(values)s") % {"values": ", ".join(values)}
    if kind in ("less_than_equal", "less_than"):
        return _("At most %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    if kind in ("greater_than_equal", "greater_than"):
        return _("At least %(n)s.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind.startswith(("decimal_", "float_")):
        return _("Enter a number.")
    if kind.startswith("date"):
        return _("Enter a valid date.")
    return str(error.get("msg", _("Invalid value.")))


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    errors = [{"field": _field_name(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return _error(request, 422, _("Invalid input: %(fields)s") % {"fields": fields}, errors)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return _error(request, 401, _("Missing or invalid API token (Authorization: Bearer <token>)."))


@api.exception_handler(RequestDataTooBig)
def body_too_big(request, exc):
    message = _("The request body is too large.")
    return _error(request, 413, message, [{"field": "body", "message": message}])


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, NinjaValidationError):
        return validation_error(request, exc.__cause__)
    if exc.status_code == 400:
        # ninja's only 400 is a body it could not parse: invalid input like any other.
        message = _("The request body is not valid JSON.")
        return _error(request, 422, message, [{"field": "body", "message": message}])
    return _error(request, exc.status_code, str(exc))


def _register_routers() -> None:
    from tyopolku.accounts.api import router as accounts_router
    from tyopolku.background.api import router as background_router
    from tyopolku.clients.api import router as clients_router
    from tyopolku.employers.api import router as employers_router
    from tyopolku.employers.import_api import router as employer_import_router
    from tyopolku.employers.privacy_api import router as employer_privacy_router
    from tyopolku.fidelity.api import router as fidelity_router
    from tyopolku.matching.api import router as matching_router
    from tyopolku.pathway.api import router as pathway_router
    from tyopolku.placements.api import router as placements_router
    from tyopolku.reports.api import router as reports_router
    from tyopolku.subcontracting.api import router as subcontracting_router
    from tyopolku.wagework.api import router as wagework_router
    from tyopolku.workability.api import router as workability_router
    from tyopolku.workactivity.api import router as workactivity_router

    api.add_router("", accounts_router)
    api.add_router("", clients_router)
    api.add_router("", pathway_router)
    # Before the employers: /employers/privacy-statement would match /employers/{employer_id}.
    api.add_router("", employer_privacy_router)
    api.add_router("", employer_import_router)  # /employers/export, also before the employers
    api.add_router("", employers_router)
    api.add_router("", placements_router)
    api.add_router("", matching_router)
    api.add_router("", fidelity_router)
    api.add_router("", reports_router)
    api.add_router("", background_router)
    api.add_router("", workability_router)
    api.add_router("", subcontracting_router)
    api.add_router("", wagework_router)
    api.add_router("", workactivity_router)


_register_routers()
