"""HTTP API v1 (django-ninja): bearer auth, the error format of CONTRACT.md, the routers."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
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


api = NinjaAPI(
    title="Työpolku API",
    version="1",
    description="Supported employment (IPS) records. See CONTRACT.md for the conventions.",
    auth=BearerToken(),
    urls_namespace="api",
)


def _error(request, status: int, detail: str, errors: list[dict] | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    errors = [{"field": field, "message": message} for field, message in exc.fields.items()]
    return _error(request, exc.status, exc.message, errors)


def _field_name(loc) -> str:
    # ninja locations look like ("body", "payload", "personal_id") or ("query", "limit").
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    errors = [
        {"field": _field_name(e.get("loc", ())), "message": e.get("msg", "invalid")}
        for e in exc.errors
    ]
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return _error(request, 422, f"Invalid input: {fields}", errors)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return _error(request, 401, "Missing or invalid API token (Authorization: Bearer <token>)")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _error(request, exc.status_code, str(exc))


def _register_routers() -> None:
    from tyopolku.accounts.api import router as accounts_router
    from tyopolku.clients.api import router as clients_router
    from tyopolku.employers.api import router as employers_router
    from tyopolku.pathway.api import router as pathway_router
    from tyopolku.placements.api import router as placements_router

    api.add_router("", accounts_router)
    api.add_router("", clients_router)
    api.add_router("", pathway_router)
    api.add_router("", employers_router)
    api.add_router("", placements_router)


_register_routers()
