"""Field cleaners that the services share. Each one records its problem in a FieldErrors
under the field's name (so the user sees every problem at once) and returns the clean value."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from tyopolku.core.errors import FieldErrors

# The patterns are also stated in the OpenAPI document (core/api.py `text`).
PHONE_PATTERN = r"^\+?[0-9 ()-]{5,20}$"
_PHONE = re.compile(PHONE_PATTERN)
# A municipality code of Statistics Finland, e.g. 153 for Imatra.
MUNICIPALITY_PATTERN = r"^[0-9]{3}$"
# The validator allows 320 characters; the column (RFC 5321 path) holds 254.
EMAIL_MAX = 254
# Free text anyone in the team reads: long enough for real notes, short enough to read.
NOTES_MAX = 5000


def text_clean(
    value: str | None, field: str, errors: FieldErrors, *, required: bool = False, max_length: int
) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.add(field, _("This field is required."))
    elif len(value) > max_length:
        errors.add(field, _("At most %(n)s characters.") % {"n": max_length})
    return value


def phone_clean(value: str | None, field: str, errors: FieldErrors) -> str:
    value = (value or "").strip()
    if value and not _PHONE.match(value):
        errors.add(field, _("Enter a phone number, e.g. +358 40 123 4567."))
    return value


def email_clean(value: str | None, field: str, errors: FieldErrors) -> str:
    value = (value or "").strip()
    if not value:
        return value
    try:
        validate_email(value)
    except ValidationError:
        errors.add(field, _("Enter a valid email address."))
    else:
        if len(value) > EMAIL_MAX:
            errors.add(field, _("At most %(n)s characters.") % {"n": EMAIL_MAX})
    return value


def url_clean(value: str | None, field: str, errors: FieldErrors) -> str:
    """A web address; "www.example.fi" gets its https:// (as people write them)."""
    value = (value or "").strip()
    if not value:
        return value
    if "://" not in value:
        value = "https://" + value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors.add(field, _("Enter a web address, e.g. https://www.example.fi."))
    else:
        if len(value) > 200:
            errors.add(field, _("At most %(n)s characters.") % {"n": 200})
    return value


def decimal_clean(
    value, field: str, errors: FieldErrors, *, low: Decimal, high: Decimal, places: str
) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ".").strip()).quantize(Decimal(places))
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."))
        return None
    if not low <= number <= high:
        errors.add(
            field,
            _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high},
        )
        return None
    return number


def choice_clean(value: str | None, field: str, errors: FieldErrors, choices) -> str:
    """One of a TextChoices' values."""
    value = (value or "").strip()
    if value not in choices.values:
        errors.add(
            field,
            _("Choose one of: %(values)s") % {"values": ", ".join(choices.values)},
        )
    return value
