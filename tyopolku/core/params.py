"""Bounds of what comes in a URL (ids, paging, search), shared by the pages, the API and the
selectors: a value out of range is refused or ignored here, never sent to the database
(where it would overflow a bigint or an expression limit: a 500)."""

import datetime

# The largest id a bigint column holds (PostgreSQL and SQLite alike).
MAX_ID = 2**63 - 1
# Path ids have at most 18 digits, so any of them fits in a bigint.
ID_PATTERN = "[0-9]{1,18}"
# No list is near this long; a bound keeps absurd offsets out of the query.
MAX_OFFSET = 1_000_000_000
# A search is a few words typed by a person: longer input is refused as invalid...
SEARCH_MAX_LENGTH = 200
# ...and only its first words count: each word is one more condition in the query.
SEARCH_WORDS_MAX = 10


def search_words(text: str) -> list[str]:
    """The words of a search that the selectors match, at most SEARCH_WORDS_MAX."""
    return text[:SEARCH_MAX_LENGTH].split()[:SEARCH_WORDS_MAX]


def parse_id(value: str | None) -> int | None:
    """An id from a query string, or None when it is missing, not a number or out of range."""
    # 19 digits hold MAX_ID; a longer string is out of range without converting it.
    if not value or len(value) > 19 or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class IdConverter:
    """The `<id:…>` path converter: an id that fits the database, else the URL does not
    match (404) instead of overflowing the query."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def month_param(value: str | None) -> datetime.date | None:
    """The first day of the month `YYYY-MM` within the years 2000–2100; None for anything else
    (a page then shows the current month)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100:
            return datetime.date(year, month, 1)
    except ValueError:
        pass
    return None
