"""The Finnish and Swedish catalogues are complete, and no translation loses or changes a
placeholder (a lost `%(date)s` shows the wrong text; a changed one raises at run time)."""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = {
    language: Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    for language in ("fi", "sv")
}
# printf-style placeholders as Python's %-formatting reads them; "%%" is a literal sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")


def placeholders(text: str) -> Counter:
    return Counter(p for p in PLACEHOLDER.findall(text) if p != "%%")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(CATALOGUES[language]))


def entry_lines(entries) -> str:
    return "\n".join(f"  line {e.linenum}: {e.msgid!r}" for e in entries)


def is_format_string(entry: polib.POEntry) -> bool:
    if "no-python-format" in entry.flags:
        return False
    return "python-format" in entry.flags or "%(" in entry.msgid


def placeholder_mismatches(po: polib.POFile) -> list[str]:
    """Entries whose translation has other placeholders than its source text. Of a plural,
    every form may use the placeholders of either source form (Finnish "1 käynti" may drop
    the number), and the last form keeps all of the plural's."""
    problems = []
    for entry in po.translated_entries():
        if not is_format_string(entry):
            continue
        if entry.msgid_plural:
            allowed = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            ok = all(not placeholders(f) - allowed for f in forms) and placeholders(
                forms[-1]
            ) == placeholders(entry.msgid_plural)
        else:
            ok = placeholders(entry.msgstr) == placeholders(entry.msgid)
        if not ok:
            problems.append(f"  line {entry.linenum}: {entry.msgid!r}")
    return problems


@pytest.mark.parametrize("language", CATALOGUES)
def test_it_has_every_ui_string_translated(language):
    untranslated = catalogue(language).untranslated_entries()

    assert not untranslated, (
        f"{len(untranslated)} untranslated in {language}:\n{entry_lines(untranslated)}"
    )


@pytest.mark.parametrize("language", CATALOGUES)
def test_it_has_no_fuzzy_translations(language):
    fuzzy = catalogue(language).fuzzy_entries()

    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}:\n{entry_lines(fuzzy)}"


@pytest.mark.parametrize("language", CATALOGUES)
def test_it_keeps_the_placeholders_of_every_string(language):
    problems = placeholder_mismatches(catalogue(language))

    assert not problems, f"placeholders changed in {language}:\n" + "\n".join(problems)


def test_it_notices_a_lost_or_renamed_placeholder():
    po = polib.POFile()
    kept = polib.POEntry(
        msgid="Visit on %(date)s", msgstr="Käynti %(date)s", flags=["python-format"]
    )
    lost = polib.POEntry(msgid="Ended on %(date)s", msgstr="Päättyi", flags=["python-format"])
    renamed = polib.POEntry(msgid="%(n)s days", msgstr="%(m)s päivää", flags=["python-format"])
    plural = polib.POEntry(
        msgid="%(n)s visit",
        msgid_plural="%(n)s visits",
        msgstr_plural={0: "yksi käynti", 1: "%(n)s käyntiä"},
        flags=["python-format"],
    )
    for entry in (kept, lost, renamed, plural):
        po.append(entry)

    problems = placeholder_mismatches(po)

    assert [p.split(": ", 1)[1] for p in problems] == ["'Ended on %(date)s'", "'%(n)s days'"]
