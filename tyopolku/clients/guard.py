"""Keeps client data out of team-wide text (DOMAIN.md §6): the employer register, its
contacts and openings are read by the whole team, whose forum never handles client data.
A text that holds a Finnish personal identity code, or the full name of one of the
organisation's clients, is refused with a message that says which of the two it found.

Texts are compared in a folded form (`text_fold`), so that what looks the same to a reader is
the same to the guard: compatibility forms (full-width digits, ligatures), invisible characters
(zero-width spaces, soft hyphens, other format characters), Cyrillic and Greek look-alikes of
Latin letters, accents (ä and a alike), dash-like characters and runs of white space.

Names are found in the Finnish inflected forms of a full name: only the last word of a name
inflects ("Aino Asiakkaalle", "Asiakas Ainolle"), by a list of case endings and clitics and a
few stem rules (-nen → -se-/-s-, -i → -e-, a consonant ending + i, -s → -kse-, and the common
consonant gradations of the last syllable: "Matti" → "Matin", "Lahti" → "Lahden", "Asiakas"
→ "Asiakkaan"). Rarer stem changes (e.g. "Rae" → "Rakeen", "Lehtonen" → "Lehtos-" plurals
with gradation) are not followed, nor are both names inflected at once (which Finnish does not
do): the list is short on purpose, since every extra form is a chance to refuse an ordinary
word. A stemmer (libvoikko) was left out: it would add system packages (Debian's libvoikko1
and voikko-fi) to every installation, and a name outside its dictionary it cannot analyse.
A name split by spaces or hyphens ("Kanerva laakso") is joined from up to three words; digits
standing for letters ("Ka1a") are not read as letters.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.services import access_disclosure_record
from tyopolku.clients.models import Client
from tyopolku.clients.selectors import clients_visible_to
from tyopolku.core.errors import FieldErrors

# Look-alikes of Latin letters (Unicode's confusables for the letters of Finnish names).
_CONFUSABLES = str.maketrans(
    {
        **dict(
            zip("АВЕЅІЈКМНОРСТХУаеѕіјорсхуһԁԛԝӏӀ", "ABESIJKMHOPCTXYaesijopcxyhdqwll", strict=True)
        ),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορτυχ", "ABEZHIKMNOPTYXaikvoptux", strict=True)),
        # Small capitals of Cyrillic that read as Latin in a sans-serif font.
        **dict(zip("вкмнт", "bkmht", strict=True)),
        "ı": "i",
    }
)
# Invisible characters that are not of the Unicode format category (Cf, removed as a whole).
_INVISIBLE = dict.fromkeys(map(ord, "\u034f\u115f\u1160\u180e\u2800\u3164\uffa0"))
_DASHES = re.compile(r"[\u002d\u2010-\u2015\u2212\u2e3a\u2e3b\u02d7\u2796\ufe58\ufe63\uff0d]")
# An apostrophe inside a word joins it ("O'Brien", "O’Brienille"), and so does a colon
# before a case ending ("Smith:n").
_JOINERS = re.compile(r"(?<=[^\W\d_])(?:['’ʼ`´]|:(?=[^\W\d_]{1,5}(?![^\W\d_])))(?=[^\W\d_])")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")

# ddmmyy, a century sign (the 2023 ones too), three digits and a check character, in the
# folded text (lower case). Anything of this shape is refused, valid or not: a mistyped code is
# still someone's code. Spaces may stand between its characters ("010190 -900P", a code split
# on two lines). Only digits around it make it part of another number; letters do not
# ("hetu010190-900P" is a code).
_PERSONAL_ID = re.compile(
    r"(?<![0-9])[0-9](?: ?[0-9]){5} ?[-+a-fu-y] ?[0-9](?: ?[0-9]){2} ?[0-9a-y](?![0-9])"
)

_CASE_ENDINGS = (
    # singular: nominative, genitive, partitive, essive, translative, inessive, elative,
    # illative, adessive, ablative, allative, abessive, comitative
    *("", "n", "a", "ta", "na", "ksi", "ssa", "sta", "lla", "lta", "lle", "tta", "ine"),
    *("an", "en", "in", "on", "un", "yn", "han", "hen", "hin", "hon", "hun", "hyn", "seen"),
    # plural
    *("t", "ien", "jen", "den", "tten", "ia", "ja", "ita", "ina", "iksi", "issa", "ista"),
    *("iin", "ihin", "illa", "ilta", "ille", "itta", "ineen"),
)
_CLITICS = ("", "kin", "kaan", "han", "pa", "ko")
_ENDINGS = frozenset(case + clitic for case in _CASE_ENDINGS for clitic in _CLITICS)
_VOWELS = "aeiouy"
_LAST_SYLLABLE = re.compile(rf"^(.*?[{_VOWELS}])([^{_VOWELS}]+)([{_VOWELS}]+)$")
# Consonant gradation of the last syllable, strong to weak ("Matti" → "Matin").
_WEAK_GRADE = {"nt": "nn", "nk": "ng", "mp": "mm", "lt": "ll", "rt": "rr", "ht": "hd"}
_WEAK_GRADE |= {"t": "d", "p": "v", "k": ""}
# ... and weak to strong, for the -as/-es/-us names whose stem lengthens ("Asiakas" → "Asiakkaan").
_STRONG_GRADE = {"k": "kk", "p": "pp", "t": "tt", "d": "t", "v": "p", "ng": "nk", "mm": "mp"}
_STRONG_GRADE |= {"ll": "lt", "nn": "nt", "rr": "rt", "hd": "ht"}


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=8192)
def _char_fold(char: str) -> str:
    if unicodedata.category(char) in ("Cf", "Mn", "Me") or ord(char) in _INVISIBLE:
        return ""
    if _DASHES.match(char):
        return "-"
    # Look-alikes before lower case: "Ν" (Greek capital) is an N, "ν" a v.
    base = unicodedata.normalize("NFD", char.translate(_CONFUSABLES).casefold())
    return "".join(c for c in base if not unicodedata.combining(c))


def text_fold(text: str) -> str:
    """`text` in the form the guard compares: see the module's docstring."""
    # Only the few characters outside ASCII need a look-up (a long note stays fast).
    text = unicodedata.normalize("NFKC", text)
    text = _NOT_ASCII.sub(lambda found: _char_fold(found.group()), text)
    text = _JOINERS.sub("", text.casefold())
    return _SPACE.sub(" ", text).strip()


def _graded(stem: str, grades: dict[str, str]) -> str | None:
    """`stem` with the consonants of its last syllable in the other grade, if they have one."""
    found = _LAST_SYLLABLE.match(stem)
    if not found:
        return None
    start, consonants, vowels = found.groups()
    if grades is _WEAK_GRADE and len(consonants) >= 2 and consonants[-1] == consonants[-2]:
        return start + consonants[:-1] + vowels if consonants[-1] in "kpt" else None
    other = grades.get(consonants)
    return None if other is None else start + other + vowels


@functools.lru_cache(maxsize=4096)
def _stems(word: str) -> tuple[str, ...]:
    """The stems the case endings are added to, for a name's (folded) last word."""
    stems = {word}
    if word.endswith("nen"):
        stems |= {word[:-3] + "se", word[:-3] + "s"}  # Virtanen: Virtasen, Virtasta
    elif word.endswith("i") and len(word) > 2 and word[-2] not in _VOWELS:
        stems.add(word[:-1] + "e")  # Niemi: Niemen; Lahti: Lahteen
    elif word[-1] not in _VOWELS:
        stems.add(word + "i")  # O'Brien: O'Brienille
        if word.endswith("s"):
            stems.add(word[:-1] + "kse")  # Markus: Markuksen
            if len(word) > 2 and word[-2] in _VOWELS:
                long = word[:-1] + word[-2]  # Asiakas: Asiakkaan
                stems |= {long, _graded(long, _STRONG_GRADE) or long}
    stems |= {weak for stem in list(stems) if (weak := _graded(stem, _WEAK_GRADE)) is not None}
    return tuple(sorted(s for s in stems if len(s) >= 2))


def _inflected(word: str, name: str) -> bool:
    """Whether `word` is `name` in one of the inflected forms the guard knows."""
    return any(
        word.startswith(stem) and word[len(stem) :] in _ENDINGS for stem in _stems(name)
    )


@dataclass(frozen=True)
class _Pattern:
    client_id: int
    words: tuple[str, ...]  # the name's words in order; only the last one inflects
    split_at: int  # where the second name starts: an initial ("Aino M. Asiakas") may precede


@functools.lru_cache(maxsize=65536)
def _name_patterns(first_name: str, last_name: str) -> tuple[tuple[tuple[str, ...], int], ...]:
    """The word sequences that name this person: each first name alone or all of them, with
    the last name, in either order."""
    firsts = tuple(tuple(_WORD.findall(text_fold(part))) for part in first_name.split())
    lasts = tuple(_WORD.findall(text_fold(last_name)))
    if not lasts or not any(firsts):
        return ()
    all_firsts = tuple(w for part in firsts for w in part)
    patterns = dict.fromkeys(
        pattern
        for first in dict.fromkeys([all_firsts, *firsts])
        if first
        for pattern in ((first + lasts, len(first)), (lasts + first, len(lasts)))
    )
    return tuple(patterns)


@functools.lru_cache(maxsize=8)
def _index(candidates: tuple[tuple[int, str, str], ...]) -> dict[str, list[_Pattern]]:
    """The clients' name patterns by their first word (which never inflects). Cached for
    the same clients: the organisation's list, read anew each time, is the key."""
    index: dict[str, list[_Pattern]] = {}
    for client_id, first_name, last_name in candidates:
        for words, split_at in _name_patterns(first_name, last_name):
            index.setdefault(words[0], []).append(_Pattern(client_id, words, split_at))
    return index


# A name split by spaces or hyphens ("Kanerva laakso", "Ai-no") is joined from this many words.
_MAX_PARTS = 3


def _name_word_end(words: Sequence[str], position: int, name_word: str, inflects: bool) -> int:
    """Where `name_word` ends if it is spelt from `position` on (in one word or split into a
    few), else -1."""
    spelt = ""
    for end in range(position, min(position + _MAX_PARTS, len(words))):
        spelt += words[end]
        if _inflected(spelt, name_word) if inflects else spelt == name_word:
            return end + 1
        if not name_word.startswith(spelt):
            return -1
    return -1


def _pattern_at(words: Sequence[str], start: int, pattern: _Pattern) -> bool:
    position = start
    for number, name_word in enumerate(pattern.words):
        if number == pattern.split_at and position < len(words) and len(words[position]) == 1:
            position += 1  # an initial between the first and the last name
        position = _name_word_end(words, position, name_word, number == len(pattern.words) - 1)
        if position < 0:
            return False
    return True


def _clients_named(words: Sequence[str], index: dict[str, list[_Pattern]]) -> set[int]:
    named = set()
    for start in range(len(words)):
        for parts in range(1, _MAX_PARTS + 1):
            for pattern in index.get("".join(words[start : start + parts]), ()):
                if pattern.client_id not in named and _pattern_at(words, start, pattern):
                    named.add(pattern.client_id)
    return named


@dataclass(frozen=True)
class Finding:
    """Why a text may not be shown to the team. `client_ids` are the clients whose names it
    holds (never shown to the user; the caller logs the disclosure); a code-shaped string
    is refused whoever it belongs to, so it names no client."""

    message: str
    client_ids: frozenset[int] = frozenset()


def client_data_scan(*, organization_id: int, texts: Sequence[str]) -> list[Finding | None]:
    """A Finding or None for each of `texts`, with one query for all of them.

    Every client of the organisation is a candidate: names are compared folded (case, accents,
    look-alikes) and inflected, which a database index cannot do portably (SQLite lowers ASCII
    only), so the names are read (three columns) and their patterns cached."""
    findings: list[Finding | None] = [None] * len(texts)
    words_of: dict[int, list[str]] = {}
    for number, text in enumerate(texts):
        folded = text_fold(text or "")
        # The raw text too: folding may turn a character after a code into a digit ("²").
        if _PERSONAL_ID.search(folded) or _PERSONAL_ID.search((text or "").casefold()):
            findings[number] = Finding(
                _("Remove the personal identity code: team notes must not identify clients.")
            )
        elif words := _WORD.findall(folded):
            words_of[number] = words
    # One query whenever there is a word, so that a page's queries do not depend on its text.
    if not words_of:
        return findings
    index = _index(
        tuple(
            Client.objects.filter(organization_id=organization_id)
            .order_by("pk")
            .values_list("pk", "first_name", "last_name")
        )
    )
    for number, words in words_of.items():
        named = _clients_named(words, index)
        if named:
            findings[number] = Finding(
                _("Remove the client's name: team notes must not identify clients."),
                frozenset(named),
            )
    return findings


def client_data_found(*, organization_id: int, text: str) -> str | None:
    """Why `text` may not be shown to the team, or None. Never names the client it found."""
    (finding,) = client_data_scan(organization_id=organization_id, texts=[text])
    return finding.message if finding else None


def team_text_check(
    *, organization_id: int, errors: FieldErrors, user: User | None = None, **texts: str
) -> None:
    """Add a field error for each of `texts` (field name = text) that holds client data.

    A refusal for a name tells `user` that the person is a client: it is logged as a
    disclosure of each client found whom the user may not see. Without `user` the caller
    vouches that its users see every client (the privacy statement's keepers)."""
    # A text refused already (too long) is not searched: the user has to change it anyway.
    fields = [field for field, text in texts.items() if text and field not in errors.fields]
    findings = client_data_scan(
        organization_id=organization_id, texts=[texts[field] for field in fields]
    )
    found: set[int] = set()
    for field, finding in zip(fields, findings, strict=True):
        if finding is not None:
            errors.add(field, finding.message)
            found |= finding.client_ids
    if found and user is not None:
        disclosure_record(user=user, client_ids=found, target="guard_match")


def disclosure_record(*, user: User, client_ids: Iterable[int], target: str) -> None:
    """Log that `user` was told of these clients, for those the user may not see (the others
    are theirs to see anyway). The row outlives the refused write's rollback."""
    client_ids = set(client_ids)
    seen = set(clients_visible_to(user).filter(pk__in=client_ids).values_list("pk", flat=True))
    access_disclosure_record(user=user, client_ids=sorted(client_ids - seen), target=target)
