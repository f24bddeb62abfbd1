"""The client-data guard (clients.guard) against texts written to get past it: folded
characters, split identity codes, Finnish inflected names. Property-based where inputs vary."""

import datetime

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.factories import ClientFactory
from tyopolku.clients.guard import client_data_found, client_data_scan, text_fold
from tyopolku.clients.identity import synthetic_personal_id
from tyopolku.clients.models import Client

DB_EXAMPLES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u034f"]
CYRILLIC = str.maketrans("aeopcxyiAEOPCXHKMBT", "аеорсхуіАЕОРСХНКМВТ")
DASHES = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d"]
NAME_REFUSED = "Remove the client's name: team notes must not identify clients."
CODE_REFUSED = "Remove the personal identity code: team notes must not identify clients."


def found(org, text):
    return client_data_found(organization_id=org.pk, text=text)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# Folding


def test_it_folds_what_looks_the_same():
    assert text_fold("Kanerva\u200blaak\u00adso") == "kanervalaakso"
    assert text_fold("Аіnо") == "aino"  # Cyrillic А, і, о
    assert text_fold("ＡＩＮＯ　Ｍäki") == "aino maki"
    assert text_fold("010190\u2013900P") == "010190-900p"
    assert text_fold("O’Brien  \n\t Smith:n") == "obrien smithn"
    assert text_fold("klo 8:30, huom: kysy") == "klo 8:30, huom: kysy"


# Identity codes


def codes_of(birth_date: datetime.date, individual: int = 900) -> list[str]:
    code = synthetic_personal_id(birth_date, individual)
    signs = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}[birth_date.year // 100 * 100]
    return [code[:6] + sign + code[7:] for sign in signs]


def spaced(code: str, at: int) -> str:
    return code[:at] + " " + code[at:]


@pytest.mark.parametrize(
    "text",
    [
        "010190 -900P",
        "010190- 900P",
        "010190-900 P",
        "0101 90-900P",
        "hetu 010190\n-900P",
        "010190\r\n-900P",
        "010190\u2013900P",
        "010190\u2212900P",
        "０１０１９０－９００Ｐ",
        "010\u200b190-900P",
        "010190\u00ad-900P",
    ],
)
def test_it_refuses_a_disguised_identity_code(org, text):
    assert found(org, text) == CODE_REFUSED


def test_it_refuses_every_century_sign_of_every_century(org):
    days = (datetime.date(1899, 5, 5), datetime.date(1990, 1, 1), datetime.date(2005, 7, 7))
    for birth_date in days:
        for code in codes_of(birth_date):
            assert found(org, f"Tunnus: {code}") == CODE_REFUSED, code


@pytest.mark.parametrize(
    "text",
    [
        "Y-tunnus 2077474-0",
        "Puh. 040 123 4567",
        "Puh. +358 40 123 4567",
        "Tilinumero 123456-78901",
        "FI21 1234 5600 0007 85",
        "Aukioloajat 8-16, 1.2.2026, klo 10:30",
        "Postinumero 55100 Imatra",
    ],
)
def test_it_leaves_other_numbers_alone(org, text):
    assert found(org, text) is None


@DB_EXAMPLES
@given(
    birth_date=st.dates(datetime.date(1800, 1, 1), datetime.date(2025, 12, 31)),
    individual=st.integers(900, 999),
    sign_index=st.integers(0, 5),
    disguise=st.sampled_from(["space", "newline", "dash", "full_width", "zero_width", "lower"]),
    at=st.integers(1, 10),
    before=st.sampled_from(["", "Hetu ", "hetu:", "(", "asiakas "]),
)
def test_it_refuses_a_code_however_it_is_disguised(
    org, birth_date, individual, sign_index, disguise, at, before
):
    codes = codes_of(birth_date, individual)
    code = codes[sign_index % len(codes)]
    text = {
        "space": spaced(code, at),
        "newline": code[:6] + "\n" + code[6:],
        "dash": code.replace("-", DASHES[at % len(DASHES)]),
        "full_width": full_width(code),
        "zero_width": code[:at] + ZERO_WIDTH[at % len(ZERO_WIDTH)] + code[at:],
        "lower": code.lower(),
    }[disguise]

    assert found(org, before + text + ".") == CODE_REFUSED


# Names


@pytest.fixture
def kanervalaakso(org):
    return ClientFactory(organization=org, first_name="Eeva", last_name="Kanervalaakso")


@pytest.mark.parametrize(
    "text",
    [
        "Eeva Kanervalaakson kanssa",
        "Soitettu Eeva Kanervalaaksolle",
        "Eeva Kanervalaaksolla on",
        "Eeva Kanervalaaksosta",
        "Eeva Kanervalaaksossa",
        "Eeva Kanervalaaksoa",
        "Eeva Kanervalaaksona",
        "Eeva Kanervalaaksoksi",
        "Eeva Kanervalaaksokin",
        "Kanervalaakso Eevalle",
        "Kanervalaakso, Eevan",
        "Eeva K. Kanervalaakso",
        "EEVA\u00a0KANERVALAAKSOLLE",
        "Eeva Kanerva\u200blaaksolle",
        "Eeva Kanerva\u00adlaakson",
        "Eеvа Kаnervаlааkso",  # Cyrillic е and а
        "Ｅｅｖａ Ｋａｎｅｒｖａｌａａｋｓｏ",
        "Eeva\nKanervalaakso",
        "Eeva Kanerva laaksolle",
        "Eeva Kanerva-laakso",
        "Ee va Kanervalaakso",
        "Kanerva–laakso, Ee-va",
    ],
)
def test_it_refuses_a_disguised_or_inflected_name(org, kanervalaakso, text):
    assert found(org, text) == NAME_REFUSED


@pytest.mark.parametrize(
    ("first_name", "last_name", "text"),
    [
        ("Matti", "Virtanen", "Matti Virtaselle"),
        ("Matti", "Virtanen", "Matti Virtasen"),
        ("Matti", "Virtanen", "Matti Virtasta"),
        ("Matti", "Virtanen", "Virtanen Matille"),
        ("Pekka", "Niemi", "Pekka Niemelle"),
        ("Pekka", "Lahti", "Pekka Lahdelle"),
        ("Pekka", "Mäki", "Pekka Mäelle"),
        ("Aino", "Asiakas", "Aino Asiakkaalle"),
        ("Sean", "O'Brien", "Sean O’Brienille"),
        ("Sean", "O'Brien", "Sean OBrien"),
        ("Markus", "Virtanen", "Virtanen Markukselle"),
        ("Anna-Liisa", "Mäki-Petäjä", "Anna–Liisa Mäki-Petäjälle"),
        ("Åsa", "Öhman", "asa ohmanille"),
    ],
)
def test_it_refuses_a_name_by_its_stem_rules(org, first_name, last_name, text):
    ClientFactory(organization=org, first_name=first_name, last_name=last_name)

    assert found(org, text) == NAME_REFUSED


def test_it_finds_a_last_name_of_several_words(org):
    """A last name of several words is matched as a sequence ("af Forselles")."""
    ClientFactory(organization=org, first_name="Greta", last_name="af Forselles")

    for text in ("Greta af Forselles", "Greta af Forsellesille", "af Forselles, Greta"):
        assert found(org, text) == NAME_REFUSED, text
    assert found(org, "Greta Forselles") is None


@pytest.mark.parametrize(
    "text",
    [
        "Virtanen soitti",  # a last name alone
        "Matti soitti Virtaselle",  # not next to each other
        "Matin Virtaselle",  # both inflected: not Finnish
        "Matti Virtasalo",  # another name
        "Matti Virtaskoski",
        "Mattila Virtanen",
    ],
)
def test_it_accepts_what_is_not_the_full_name(org, text):
    ClientFactory(organization=org, first_name="Matti", last_name="Virtanen")

    assert found(org, text) is None


def test_it_says_which_clients_a_text_names(org, client_record, kanervalaakso):
    findings = client_data_scan(
        organization_id=org.pk,
        texts=["Aino Asiakas ja Eeva Kanervalaakso", "Hetu 010190-900P", "Kauppa Oy", ""],
    )

    assert findings[0].client_ids == {client_record.pk, kanervalaakso.pk}
    assert (findings[1].message, findings[1].client_ids) == (CODE_REFUSED, frozenset())
    assert findings[2:] == [None, None]


def test_it_searches_many_texts_in_one_query(org, client_record, django_assert_num_queries):
    texts = [f"Muistiinpano {n}" for n in range(200)] + ["Aino Asiakkaalle"]

    with django_assert_num_queries(1):
        findings = client_data_scan(organization_id=org.pk, texts=texts)

    assert [n for n, f in enumerate(findings) if f] == [200]


# Properties: generated names under every disguise are refused, other text is not.

SYLLABLES = ["ka", "ne", "rva", "laa", "kso", "mä", "ki", "ho", "lo", "sa", "ri", "tö", "py", "vu"]
NAME = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(
    lambda parts: "".join(parts).capitalize()
)
ENDINGS = ["n", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä", "na", "ksi", "t"]
ENDINGS += ["a", "ineen", "kin", "nkin", "llekin"]
# Words of ordinary notes: none is generated from SYLLABLES' two-syllable names with an ending.
ORDINARY = ["Soitettu", "yritykseen", "ja", "sovittu", "käynti", "maanantaina", "Kauppa", "Oy",
            "työkokeilu", "alkaa", "Virtanen", "Matti", "myymälä", "esimies", "tiistaina", "kello",
            "kymmenen", "Aino", "asiakas", "tarjoaa", "paikan", "kesäksi"]  # fmt: skip


def disguise(text: str, how: str, at: int) -> str:
    at = at % (len(text) + 1)
    return {
        "zero_width": text[:at] + ZERO_WIDTH[at % len(ZERO_WIDTH)] + text[at:],
        "soft_hyphens": "\u00ad".join(text),
        "cyrillic": text.translate(CYRILLIC),
        "full_width": full_width(text),
        "upper": text.upper(),
        "spaces": text.replace(" ", " \n\u00a0 "),
        "accents": text.replace("a", "a\u0301"),
        "plain": text,
    }[how]


HOW = st.sampled_from(
    ["zero_width", "soft_hyphens", "cyrillic", "full_width", "upper", "spaces", "accents", "plain"]
)


@DB_EXAMPLES
@given(
    first=NAME,
    last=NAME,
    ending=st.sampled_from(["", *ENDINGS]),
    reverse=st.booleans(),
    how=HOW,
    how_too=HOW,
    at=st.integers(0, 100),
    before=st.sampled_from(["", "Soitettu ", "Käynti: ", "("]),
    after=st.sampled_from(["", " aloittaa.", ", sovittu.", ")"]),
)
def test_it_refuses_a_clients_name_however_it_is_disguised(
    org, first, last, ending, reverse, how, how_too, at, before, after
):
    client = Client.objects.create(
        organization=org, first_name=first, last_name=last, birth_date=datetime.date(1990, 1, 1)
    )
    try:
        name = f"{last}, {first}{ending}" if reverse else f"{first} {last}{ending}"
        text = before + disguise(disguise(name, how, at), how_too, at // 2) + after

        assert found(org, text) == NAME_REFUSED, text
    finally:
        client.delete()


@DB_EXAMPLES
@given(
    first=NAME,
    last=NAME,
    words=st.lists(st.sampled_from(ORDINARY), min_size=1, max_size=20),
    extra=st.sampled_from(["", " first", " last"]),
)
def test_it_accepts_ordinary_notes_and_a_name_alone(org, first, last, words, extra):
    assume(first.casefold() != last.casefold())
    client = Client.objects.create(
        organization=org, first_name=first, last_name=last, birth_date=datetime.date(1990, 1, 1)
    )
    try:
        text = " ".join(words) + {"": "", " first": f" {first}", " last": f" {last}"}[extra]

        assert found(org, text) is None, text
    finally:
        client.delete()
