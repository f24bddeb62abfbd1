"""The 2-digit divisions of Statistics Finland's Standard Industrial Classification TOL 2008
(the Finnish version of NACE Rev. 2), for naming a field in the matching reasons.

The list and its names live in one place, the employer register's code list
(tyopolku/employers/data/tol2008.csv, read by tyopolku.employers.codes); names come out in
the active language."""

import functools
import re
from collections.abc import Iterator, Mapping

from tyopolku.employers import codes

# A division (47), group (471), class (4711) or subclass (47111).
_CODE = re.compile(r"^\d{2,5}$")


@functools.cache
def _division_codes() -> tuple[str, ...]:
    return tuple(c for c in (f"{n:02d}" for n in range(1, 100)) if codes.industry_is_valid(c))


class _Divisions(Mapping[str, str]):
    """Division code -> name in the active language, looked up when read (not at import)."""

    def __getitem__(self, code: str) -> str:
        if code not in _division_codes():
            raise KeyError(code)
        return codes.industry_name(code)

    def __iter__(self) -> Iterator[str]:
        return iter(_division_codes())

    def __len__(self) -> int:
        return len(_division_codes())


DIVISIONS: Mapping[str, str] = _Divisions()


def is_industry_code(code: str) -> bool:
    return bool(_CODE.match(code)) and code[:2] in DIVISIONS


def industry_name(code: str) -> str:
    """The name of the code's division ("" for an unknown one)."""
    return DIVISIONS.get(code[:2], "")
