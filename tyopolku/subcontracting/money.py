"""Money and payment references of an invoice: cents rounded half up, VAT per line, the
Finnish reference number, the RF creditor reference and the virtual bank barcode.

python-stdnum validates IBANs and RF references and computes the ISO 7064 check digits of
an RF reference; it has no Finnish national reference number (viitenumero), whose
7-3-1 check digit is therefore the one check digit written here (Finance Finland's
"Viitenumero ja RF-viite" guide), with the virtual barcode's layout (its "Pankkiviivakoodi"
guide, versions 4 and 5)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from stdnum import iban as stdnum_iban
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """Rounded to the cent, half up (0.005 → 0.01)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def line_amounts(
    hours: Decimal, unit_price: Decimal, vat_percent: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """(excluding VAT, VAT, total) of a line, each to the cent; VAT from the rounded net."""
    net = cents(hours * unit_price)
    vat = cents(net * vat_percent / 100)
    return net, vat, net + vat


_WEIGHTS = (7, 3, 1)


def finnish_reference(base: str) -> str:
    """The national reference number: `base` (3–19 digits) and its 7-3-1 check digit."""
    if not (base.isdigit() and 3 <= len(base) <= 19):
        raise ValueError("A reference base has 3 to 19 digits.")
    total = sum(int(d) * _WEIGHTS[i % 3] for i, d in enumerate(reversed(base)))
    return base + str(-total % 10)


def finnish_reference_is_valid(reference: str) -> bool:
    reference = reference.replace(" ", "")
    return (
        reference.isdigit()
        and 4 <= len(reference) <= 20
        and finnish_reference(reference[:-1]) == reference
    )


def rf_reference(reference: str) -> str:
    """The RF creditor reference (ISO 11649) of a reference, compact (e.g. RF18539007547034);
    the check digits by python-stdnum's ISO 7064 MOD 97-10."""
    reference = reference.replace(" ", "").upper()
    check = mod_97_10.calc_check_digits(reference + "RF")
    return iso11649.validate("RF" + check + reference)


def invoice_references(number: int) -> tuple[str, str]:
    """An invoice's national reference (its number with the check digit) and the same as
    an RF reference: what every invoice and credit note carries, made and generated alike."""
    reference = finnish_reference(str(number))
    return reference, rf_reference(reference)


def iban_clean(value: str) -> str:
    """An IBAN in compact form, or stdnum's ValidationError."""
    return stdnum_iban.validate(value)


def virtual_barcode(
    *, iban: str, amount: Decimal, reference: str, due_date: datetime.date | None
) -> str:
    """The 54-digit virtual bank barcode (pankkiviivakoodi): version 4 for a Finnish
    reference, version 5 for an RF reference. Only for a Finnish account (FI IBAN) and
    amounts under a million euros; an amount that does not fit is given as zeros (the payer
    types it), as the guide says."""
    iban = stdnum_iban.compact(iban)
    if not iban.startswith("FI"):
        raise ValueError("The virtual barcode is for Finnish accounts only.")
    euros, cent = divmod(int(cents(amount) * 100), 100)
    if not 0 <= euros <= 999999:
        euros, cent = 0, 0
    due = due_date.strftime("%y%m%d") if due_date else "000000"
    reference = reference.replace(" ", "").upper()
    if reference.startswith("RF"):
        body = reference[4:]
        return f"5{iban[2:]}{euros:06d}{cent:02d}{reference[2:4]}{body:0>21}{due}"
    return f"4{iban[2:]}{euros:06d}{cent:02d}000{reference:0>20}{due}"
