"""Payment references and money of an invoice against published examples and by hand."""

import datetime
from decimal import Decimal

import pytest
from stdnum import iso11649

from tyopolku.subcontracting.money import (
    cents,
    finnish_reference,
    finnish_reference_is_valid,
    line_amounts,
    rf_reference,
    virtual_barcode,
)

D = datetime.date


def test_it_gives_the_check_digit_of_finance_finlands_examples():
    # Finance Finland's guide: base 123 → 1232; the barcode guide's 86851 62596 19897.
    assert finnish_reference("123") == "1232"
    assert finnish_reference("86851625961989") == "868516259619897"
    assert finnish_reference_is_valid("86851 62596 19897")
    assert not finnish_reference_is_valid("868516259619898")


def test_it_refuses_a_base_too_short_or_too_long():
    with pytest.raises(ValueError):
        finnish_reference("12")
    with pytest.raises(ValueError):
        finnish_reference("1" * 20)


def test_it_makes_rf_references_that_iso_11649_accepts():
    # ISO 11649's own example and the RF form of the barcode guide's reference.
    assert rf_reference("539007547034") == "RF18539007547034"
    assert rf_reference("868516259619897") == "RF09868516259619897"
    assert iso11649.is_valid(rf_reference("10013"))


def test_it_writes_the_virtual_barcode_of_the_guides_examples():
    common = {
        "iban": "FI79 4405 2020 0360 82",
        "amount": Decimal("4883.15"),
        "due_date": D(2010, 6, 12),
    }
    assert (
        virtual_barcode(reference="86851 62596 19897", **common)
        == "479440520200360820048831500000000868516259619897100612"
    )
    assert (
        virtual_barcode(reference="RF09 8685 1625 9619 897", **common)
        == "579440520200360820048831509000000868516259619897100612"
    )


def test_it_leaves_out_an_amount_too_big_and_a_missing_due_date():
    code = virtual_barcode(
        iban="FI2112345600000785", amount=Decimal("1000000.00"), reference="1232", due_date=None
    )
    assert len(code) == 54
    assert code[17:25] == "00000000"
    assert code.endswith("000000")


def test_it_rounds_half_up_to_the_cent():
    assert cents(Decimal("0.005")) == Decimal("0.01")
    assert cents(Decimal("2.675")) == Decimal("2.68")
    assert cents(Decimal("-0.005")) == Decimal("-0.01")


def test_it_reckons_vat_from_the_rounded_line():
    # 7.5 h × 33.33 € = 249.975 → 249.98; VAT 25.5 % of it = 63.7449 → 63.74.
    assert line_amounts(Decimal("7.5"), Decimal("33.33"), Decimal("25.5")) == (
        Decimal("249.98"),
        Decimal("63.74"),
        Decimal("313.72"),
    )
    # The same at 24 %: 59.9952 → 60.00.
    assert line_amounts(Decimal("7.5"), Decimal("33.33"), Decimal("24")) == (
        Decimal("249.98"),
        Decimal("60.00"),
        Decimal("309.98"),
    )
