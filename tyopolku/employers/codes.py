"""The official code lists of the employer register, read from the shipped CSV files in
`data/` (see data/README.md for their sources, licence and how to update them):

- Statistics Finland's Standard Industrial Classification TOL 2008 at the section (A–U) and
  division (01–99) levels, in Finnish, Swedish and English;
- the municipalities of 2025 with their Finnish and Swedish names.

Each file is read once (functools.cache); names come out in the active Django language
(Finnish unless Swedish or English is active) or in the `language` given.
"""

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language

DATA_DIR = Path(__file__).resolve().parent / "data"
TOL_FILE = DATA_DIR / "tol2008.csv"
MUNICIPALITY_FILE = DATA_DIR / "municipalities_2025.csv"

Choices = list[tuple[str, str]]
GroupedChoices = list[tuple[str, Choices]]

# A section letter; a division (47), group (471), class (4711) or subclass (47111).
_SECTION = re.compile(r"^[A-Z]$")
_DIGITS = re.compile(r"^\d{2,5}$")
# A code at the start of a text: "47", "47111", "G", "47 Vähittäiskauppa…", "G - Kauppa".
_LEADING_CODE = re.compile(r"^\s*([A-Za-z]|\d{2,5})(?![\w.])")


@dataclass(frozen=True)
class Industry:
    code: str
    level: str  # "section" or "division"
    section: str
    name_fi: str
    name_sv: str
    name_en: str

    def name(self, language: str) -> str:
        return {"sv": self.name_sv, "en": self.name_en}.get(language, self.name_fi)


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    name_sv: str

    def name(self, language: str) -> str:
        return self.name_sv if language == "sv" else self.name_fi


def _language(language: str | None = None) -> str:
    """fi, sv or en: the one given or the active one ("sv-fi" counts as sv); fi otherwise."""
    code = (language or get_language() or "fi").lower()[:2]
    return code if code in ("sv", "en") else "fi"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(file)]


@functools.cache
def _industries() -> dict[str, Industry]:
    """Sections and divisions by code, in the order of the classification."""
    return {row["code"]: Industry(**row) for row in _read(TOL_FILE)}


@functools.cache
def _sections() -> dict[str, Industry]:
    return {c: i for c, i in _industries().items() if i.level == "section"}


@functools.cache
def _divisions() -> dict[str, Industry]:
    return {c: i for c, i in _industries().items() if i.level == "division"}


@functools.cache
def _municipalities() -> dict[str, Municipality]:
    return {row["code"]: Municipality(**row) for row in _read(MUNICIPALITY_FILE)}


@functools.cache
def _municipality_codes_by_name() -> dict[str, str]:
    """Casefolded Finnish and Swedish names to codes (a Finnish name wins a clash)."""
    by_name: dict[str, str] = {}
    for m in _municipalities().values():
        by_name.setdefault(m.name_sv.casefold(), m.code)
    for m in _municipalities().values():
        by_name[m.name_fi.casefold()] = m.code
    return by_name


def industry_is_valid(code: str) -> bool:
    """A section letter (A–U), or 2–5 digits whose first two are a known division."""
    if _SECTION.match(code):
        return code in _sections()
    return bool(_DIGITS.match(code)) and code[:2] in _divisions()


def industry_name(code: str, language: str | None = None) -> str:
    """The name of a section, or of the division a 2–5 digit code falls under ("" unknown)."""
    code = code.strip()
    if not industry_is_valid(code):
        return ""
    industry = _sections()[code] if _SECTION.match(code) else _divisions()[code[:2]]
    return industry.name(_language(language))


def industry_choices() -> GroupedChoices:
    """Divisions grouped by section for a <select>, in the active language (built per call)."""
    language = _language()
    return [
        (
            f"{section.code} {section.name(language)}",
            [
                (d.code, f"{d.code} {d.name(language)}")
                for d in _divisions().values()
                if d.section == section.code
            ],
        )
        for section in _sections().values()
    ]


def industry_code_for_text(text: str) -> str | None:
    """The code a cell or a field starts with ("47", "47111", "g", "47 Vähittäiskauppa"),
    None when there is none or it is not a TOL 2008 code."""
    found = _LEADING_CODE.match(text or "")
    if not found:
        return None
    code = found.group(1).upper()
    return code if industry_is_valid(code) else None


def municipality_is_valid(code: str) -> bool:
    return code in _municipalities()


def municipality_code_clean(text: str) -> str | None:
    """The official code for what a form or an API call gave: a code ("153", "91" for 091)
    or a Finnish or Swedish name ("Imatra", "Helsingfors"); None when the 2025 list has no
    such municipality. The one check of a municipality outside the employer register."""
    text = " ".join((text or "").split())
    if text.isdigit():
        code = text.zfill(3)
        return code if municipality_is_valid(code) else None
    return municipality_code_for_name(text)


def municipality_name(code: str, language: str | None = None) -> str:
    """The Swedish name when Swedish is asked for, the Finnish one otherwise ("" unknown)."""
    municipality = _municipalities().get(code.strip())
    return municipality.name(_language(language)) if municipality else ""


def municipality_code_for_name(name: str) -> str | None:
    """The code for a Finnish or a Swedish name, in any case ("imatra", "Helsingfors")."""
    return _municipality_codes_by_name().get(" ".join((name or "").split()).casefold())


# Finnish and Swedish alphabetical order: å, ä, ö after z, ü as y, other accents ignored.
_COLLATION = str.maketrans({"å": "{", "ä": "|", "ö": "}", "ü": "y"})


def _sort_key(name: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFKD", name.casefold().translate(_COLLATION))
    return "".join(c for c in folded if not unicodedata.combining(c)), name


def municipality_choices() -> Choices:
    """(code, name) for every municipality, in alphabetical order of the active language."""
    language = _language()
    named = [(m.code, m.name(language)) for m in _municipalities().values()]
    return sorted(named, key=lambda item: _sort_key(item[1]))
