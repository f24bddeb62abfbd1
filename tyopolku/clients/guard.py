"""Keeps client data out of team-wide text (DOMAIN.md §6): the employer register, its
contacts and openings are read by the whole team, whose forum never handles client data.
A text that holds a Finnish personal identity code, or the full name of one of the
organisation's clients, is refused with a message that says which of the two it found."""

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from tyopolku.clients.models import Client
from tyopolku.core.errors import FieldErrors

# ddmmyy, a century sign (the 2023 ones too), three digits and a check character. Anything of
# this shape is refused, valid or not: a mistyped code is still someone's code. Only digits
# around it make it part of another number; letters do not ("hetu010190-900P" is a code).
_PERSONAL_ID = re.compile(r"(?<![0-9])[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y](?![0-9])", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _spellings(word: str) -> set[str]:
    # SQLite compares non-ASCII letters case-sensitively, so ask for the usual spellings.
    return {word, word.lower(), word.capitalize(), word.upper(), word.title()}


def _names_pattern(first_name: str, last_name: str) -> re.Pattern:
    first, last = (r"\s+".join(map(re.escape, n.split())) for n in (first_name, last_name))
    # "Aino Maria Asiakas" is called "Aino Asiakas" (or "Maria Asiakas") too.
    firsts = dict.fromkeys([first, *map(re.escape, first_name.split())])
    first = f"(?:{'|'.join(firsts)})"
    return re.compile(
        rf"(?<!\w)(?:{first}\s+{last}|{last},?\s+{first})(?!\w)", re.IGNORECASE | re.UNICODE
    )


def client_data_found(*, organization_id: int, text: str) -> str | None:
    """Why `text` may not be shown to the team, or None. Never names the client it found."""
    if not text:
        return None
    if _PERSONAL_ID.search(text):
        return _("Remove the personal identity code: team notes must not identify clients.")
    words = {spelling for word in _WORD.findall(text) for spelling in _spellings(word)}
    if not words:
        return None
    # A last name of several words ("af Forselles") is found by its last word.
    candidates = Client.objects.filter(organization_id=organization_id).filter(
        Q(last_name__in=words) | Q(last_name__regex=r"\s")
    )
    for first_name, last_name in candidates.values_list("first_name", "last_name"):
        if _names_pattern(first_name, last_name).search(text):
            return _("Remove the client's name: team notes must not identify clients.")
    return None


def team_text_check(*, organization_id: int, errors: FieldErrors, **texts: str) -> None:
    """Add a field error for each of `texts` (field name = text) that holds client data."""
    for field, text in texts.items():
        # A text refused already (too long) is not searched: its words could be more than
        # the database takes in one query, and the user has to change it anyway.
        if field in errors.fields:
            continue
        problem = client_data_found(organization_id=organization_id, text=text)
        if problem:
            errors.add(field, problem)
