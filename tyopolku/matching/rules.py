"""Scoring a job or an employer against a client's preferences: plain functions, no queries.

Every point comes with a reason the coach can read and check ("same field 47 Retail trade",
"avoid: 'night shifts' found"); the score only orders the list, the coach decides.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tyopolku.matching.industries import industry_name
from tyopolku.placements.rules import number_text

SAME_FIELD = 3
WANTED_MUNICIPALITY = 2
HOURS_FIT = 2
HOURS_MISFIT = -1
KEYWORD_IN_TITLE = 3
KEYWORD_IN_TEXT = 1
KEYWORD_IN_NAME = 2
HAS_OPENINGS = 1
AVOID_FOUND = -4


@dataclass(frozen=True)
class Preferences:
    keywords: tuple[str, ...] = ()
    industry_codes: tuple[str, ...] = ()
    municipality_codes: tuple[str, ...] = ()
    hours_min: Decimal | None = None
    hours_max: Decimal | None = None
    avoid_keywords: tuple[str, ...] = ()

    @classmethod
    def of(cls, preference) -> "Preferences":
        return cls(
            keywords=tuple(preference.keywords),
            industry_codes=tuple(preference.industry_codes),
            municipality_codes=tuple(preference.municipality_codes),
            hours_min=preference.hours_min,
            hours_max=preference.hours_max,
            avoid_keywords=tuple(preference.avoid_keywords),
        )

    @property
    def can_search(self) -> bool:
        """Hours alone cannot pick jobs out of thousands; a field, a place or a word can."""
        return bool(self.keywords or self.industry_codes or self.municipality_codes)


@dataclass(frozen=True)
class Reason:
    points: int
    text: str

    @property
    def is_minus(self) -> bool:
        return self.points < 0

    @property
    def points_text(self) -> str:
        """+3 or −4 (a real minus sign, read out as "minus")."""
        return f"−{-self.points}" if self.is_minus else f"+{self.points}"


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple[Reason, ...]


def _match(reasons: Iterable[Reason | None]) -> Match:
    kept = tuple(r for r in reasons if r is not None)
    return Match(sum(r.points for r in kept), kept)


def industries_match(wanted: str, actual: str) -> bool:
    """A wanted 47 covers an employer in 47111; an employer coded only 47 fits a wanted 4711."""
    return bool(actual) and (actual.startswith(wanted) or wanted.startswith(actual))


def field_reason(prefs: Preferences, industry_code: str) -> Reason | None:
    for wanted in prefs.industry_codes:
        if industries_match(wanted, industry_code):
            return Reason(
                SAME_FIELD,
                _("same field %(code)s %(name)s") % {"code": wanted, "name": industry_name(wanted)},
            )
    return None


def municipality_reason(prefs: Preferences, municipality_code: str) -> Reason | None:
    if municipality_code and municipality_code in prefs.municipality_codes:
        return Reason(
            WANTED_MUNICIPALITY,
            _("in wanted municipality %(code)s") % {"code": municipality_code},
        )
    return None


def _range_text(low: Decimal | None, high: Decimal | None) -> str:
    return f"{number_text(low) if low is not None else ''}–" + (
        number_text(high) if high is not None else ""
    )


def hours_reason(prefs: Preferences, hours: Decimal | None) -> Reason | None:
    if hours is None or (prefs.hours_min is None and prefs.hours_max is None):
        return None
    figures = {
        "hours": number_text(hours),
        "range": _range_text(prefs.hours_min, prefs.hours_max),
    }
    low_ok = prefs.hours_min is None or hours >= prefs.hours_min
    high_ok = prefs.hours_max is None or hours <= prefs.hours_max
    if low_ok and high_ok:
        return Reason(HOURS_FIT, _("hours %(hours)s fit %(range)s") % figures)
    return Reason(HOURS_MISFIT, _("hours %(hours)s outside %(range)s") % figures)


def _contains(text: str, word: str) -> bool:
    return word.casefold() in text.casefold()


def keyword_reasons(prefs: Preferences, title: str, description: str) -> list[Reason]:
    reasons = []
    for word in prefs.keywords:
        if _contains(title, word):
            reasons.append(
                Reason(KEYWORD_IN_TITLE, _("keyword '%(word)s' in title") % {"word": word})
            )
        elif _contains(description, word):
            reasons.append(
                Reason(KEYWORD_IN_TEXT, _("keyword '%(word)s' in description") % {"word": word})
            )
    return reasons


def avoid_reasons(prefs: Preferences, *texts: str) -> list[Reason]:
    return [
        Reason(AVOID_FOUND, _("avoid: '%(word)s' found") % {"word": word})
        for word in prefs.avoid_keywords
        if any(_contains(text, word) for text in texts)
    ]


def score_opening(
    prefs: Preferences,
    *,
    title: str,
    description: str = "",
    hours_per_week: Decimal | None = None,
    industry_code: str = "",
    municipality_code: str = "",
) -> Match:
    """How well a job opening fits the client (also used the other way round: the clients
    for an opening)."""
    return _match(
        [
            field_reason(prefs, industry_code),
            municipality_reason(prefs, municipality_code),
            hours_reason(prefs, hours_per_week),
            *keyword_reasons(prefs, title, description),
            *avoid_reasons(prefs, title, description),
        ]
    )


def score_employer(
    prefs: Preferences,
    *,
    name: str,
    industry_code: str = "",
    municipality_code: str = "",
    open_openings: int = 0,
) -> Match:
    """How well an employer fits the client, for job development (contacting employers
    without an open job is most of IPS job search)."""
    keyword_hits = [
        Reason(KEYWORD_IN_NAME, _("keyword '%(word)s' in name") % {"word": word})
        for word in prefs.keywords
        if _contains(name, word)
    ]
    openings = None
    if open_openings:
        text = ngettext("%(count)s open job opening", "%(count)s open job openings", open_openings)
        openings = Reason(HAS_OPENINGS, text % {"count": open_openings})
    return _match(
        [
            field_reason(prefs, industry_code),
            municipality_reason(prefs, municipality_code),
            *keyword_hits,
            *avoid_reasons(prefs, name),
            openings,
        ]
    )


def top(scored: Sequence[tuple[object, Match]], limit: int = 10) -> list[tuple[object, Match]]:
    """The best `limit` with a positive score; ties keep the candidates' own order."""
    positive = [(item, match) for item, match in scored if match.score > 0]
    return sorted(positive, key=lambda pair: -pair[1].score)[:limit]
