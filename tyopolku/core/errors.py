"""Domain errors: raised by services and selectors, mapped to HTTP and form errors in one place.

- `tyopolku.api.errors` maps them to API responses (422/403/404/409).
- `tyopolku.core.forms.apply_domain_error` puts them next to the form fields in the UI.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _


class DomainError(Exception):
    """Base class. `message` is a human sentence; `fields` maps a field name to its message;
    `details` are further keys of the API's error body (e.g. `existing_client_id`)."""

    status = 400

    def __init__(
        self,
        message: str,
        fields: Mapping[str, str] | None = None,
        details: Mapping[str, Any] | None = None,
    ):
        super().__init__(message)
        self.message = str(message)
        self.fields = {name: str(text) for name, text in (fields or {}).items()}
        self.details = dict(details or {})


class InvalidInput(DomainError):
    """The input breaks a rule (422)."""

    status = 422

    @classmethod
    def for_field(cls, field: str, message: str) -> "InvalidInput":
        return cls(message, {field: message})


class NotFound(DomainError):
    """Unknown, or outside what the user may see: the two look the same on purpose (404)."""

    status = 404


class Forbidden(DomainError):
    """The user's role may not do this (403)."""

    status = 403


class Conflict(DomainError):
    """A duplicate or a stale write (409)."""

    status = 409


class FieldErrors:
    """Collects every field's problem so the user sees them all at once."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, str(message))

    def check(self, field: str, fn, *args, **kwargs):
        """Run a cleaner; record its InvalidInput under `field` and return None instead."""
        try:
            return fn(*args, **kwargs)
        except InvalidInput as error:
            self.add(field, error.fields.get(field, error.message))
            return None

    def raise_if_any(self) -> None:
        if self.fields:
            if len(self.fields) == 1:
                ((field, text),) = self.fields.items()
                raise InvalidInput(
                    _("%(field)s: %(message)s") % {"field": field, "message": text}, self.fields
                )
            raise InvalidInput(
                _("Some fields are invalid: %(fields)s") % {"fields": ", ".join(self.fields)},
                self.fields,
            )
