"""The bank barcode drawn on the invoice PDF: the bars are read back from the drawing (the
SVG, and the PDF's own drawing commands), turned into Code 128 symbols and decoded; the
digits must be the invoice's virtual barcode."""

import datetime
import re
import zlib
from collections import Counter

import pytest
from barcode.charsets.code128 import CODES

from tests.test_subcontracting_support import group_of, hours, invoicing_ready, member_of
from tests.test_subcontracting_support import order_for as hourly_order
from tyopolku.subcontracting.barcode import bank_barcode_svg
from tyopolku.subcontracting.money import virtual_barcode
from tyopolku.subcontracting.pdf import invoice_pdf_bytes
from tyopolku.subcontracting.services import invoice_credit, invoice_run

D = datetime.date
START_C = 105
STOP = "1100011101011"  # the stop symbol with its termination bar (13 modules)
# The barcode guide's version 4 example (as in tests/test_subcontracting_money.py).
GUIDE_EXAMPLE = "479440520200360820048831500000000868516259619897100612"


def decode_code128c(bars: list[tuple[float, float]]) -> str:
    """The digits of Code 128 (set C) from its bars, each (x, width), in any unit."""
    bars = sorted(bars)
    module = min(width for _x, width in bars)
    start = bars[0][0]
    modules = []
    for x, width in bars:
        offset = round((x - start) / module)
        modules += ["0"] * (offset - len(modules)) + ["1"] * round(width / module)
    pattern = "".join(modules)
    assert pattern.endswith(STOP), "no stop pattern"
    body = pattern[: -len(STOP)]
    assert len(body) % 11 == 0, "the symbols are not 11 modules wide"
    values = [CODES.index(body[i : i + 11]) for i in range(0, len(body), 11)]
    assert values[0] == START_C, "not started in character set C"
    *data, check = values[1:]
    assert check == (START_C + sum(i * v for i, v in enumerate(data, start=1))) % 103
    return "".join(f"{value:02d}" for value in data)


def svg_bars(svg: bytes) -> list[tuple[float, float]]:
    return [
        (float(x), float(width))
        for x, width in re.findall(
            rb'<rect x="([0-9.]+)mm" y="[0-9.]+mm" width="([0-9.]+)mm"[^>]*fill:black', svg
        )
    ]


def pdf_bars(pdf: bytes) -> list[tuple[float, float]]:
    """The filled black rectangles of the PDF's drawing that share the bars' height."""
    rects = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        rects += re.findall(
            rb"0 0 0 rg\n(?:[^\n]*\n){4}([0-9.]+) [0-9.]+ ([0-9.]+) ([0-9.]+) re\nf", content
        )
    if not rects:
        return []
    height, _count = Counter(h for _x, _w, h in rects).most_common(1)[0]
    return [(float(x), float(w)) for x, w, h in rects if h == height]


def test_the_drawing_of_the_guides_example_decodes_to_its_digits():
    assert decode_code128c(svg_bars(bank_barcode_svg(GUIDE_EXAMPLE))) == GUIDE_EXAMPLE


def test_it_draws_only_an_even_number_of_digits():
    with pytest.raises(ValueError):
        bank_barcode_svg("123")


def test_the_invoice_pdf_draws_the_virtual_barcode(supervisor, unit, client_record):
    invoicing_ready(supervisor.organization)
    group = group_of(supervisor, unit)
    member = member_of(supervisor, group, client_record)
    order = hourly_order(supervisor, group, price="31.40")
    hours(supervisor, order, member, D(2024, 9, 2), "7.25")
    (invoice,) = invoice_run(
        user=supervisor,
        period_start=D(2024, 9, 1),
        period_end=D(2024, 9, 30),
        invoice_date=D(2024, 10, 1),
    )
    digits = virtual_barcode(
        iban=invoice.iban,
        amount=invoice.total,
        reference=invoice.reference_number,
        due_date=invoice.due_date,
    )
    assert digits.startswith("4") and len(digits) == 54
    pdf = invoice_pdf_bytes(invoice)
    assert decode_code128c(pdf_bars(pdf)) == digits
    # A credit note is not paid: it has no barcode.
    credit = invoice_credit(user=supervisor, invoice=invoice)
    assert pdf_bars(invoice_pdf_bytes(credit)) == []
