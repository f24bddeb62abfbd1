"""Finvoice 3.0 (Finance Finland's e-invoice message) written from an Invoice with lxml.

The writer reads only the invoice and its lines (what was sent), so another writer (Peppol
BIS Billing 3.0, UBL) can be put beside it. Amounts in Finvoice have a decimal comma;
dates are CCYYMMDD. Tests validate every message against the official schema."""

import datetime
from decimal import Decimal

from django.utils import timezone
from lxml import etree

from tyopolku.subcontracting.models import Invoice, InvoiceKind, LineUnit
from tyopolku.subcontracting.money import virtual_barcode

EUR = "EUR"
VERSION = "3.0"
# The rows' units by UN/ECE recommendation 20: hours HUR, months MON.
UNIT_CODES = {LineUnit.HOUR: "HUR", LineUnit.MONTH: "MON"}


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _number(value: Decimal, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _percent(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


class _Builder:
    def __init__(self, root: etree._Element):
        self.stack = [root]

    def add(self, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        element = etree.SubElement(self.stack[-1], tag, {k: v for k, v in attrs.items()})
        if text is not None:
            element.text = text
        return element

    def date(self, tag: str, value: datetime.date) -> None:
        self.add(tag, value.strftime("%Y%m%d"), Format="CCYYMMDD")

    def money(self, tag: str, value: Decimal) -> None:
        self.add(tag, _amount(value), AmountCurrencyIdentifier=EUR)

    def open(self, tag: str) -> "_Builder":
        self.stack.append(self.add(tag))
        return self

    def __enter__(self) -> "_Builder":
        return self

    def __exit__(self, *exc) -> None:
        self.stack.pop()


def _ovt_of(business_id: str) -> str:
    """The OVT code of an organisation without a sub-identifier: 0037 + the Y-tunnus digits."""
    return "0037" + business_id.replace("-", "")


def _address(b: _Builder, prefix: str, street: str, town: str, postcode: str) -> None:
    if street and town and postcode:
        with b.open(f"{prefix}PostalAddressDetails"):
            b.add(f"{prefix}StreetName", street[:35])
            b.add(f"{prefix}TownName", town[:35])
            b.add(f"{prefix}PostCodeIdentifier", postcode)
            b.add("CountryCode", "FI")


def finvoice_document(invoice: Invoice) -> etree._Element:
    credit = invoice.kind == InvoiceKind.CREDIT_NOTE
    root = etree.Element("Finvoice", Version=VERSION)
    b = _Builder(root)
    seller_ovt = _ovt_of(invoice.seller_business_id) if invoice.seller_business_id else ""
    buyer_address = invoice.buyer_einvoice_address.removeprefix("0216:")
    if seller_ovt and buyer_address and invoice.buyer_operator_id:
        with b.open("MessageTransmissionDetails"):
            with b.open("MessageSenderDetails"):
                b.add("FromIdentifier", seller_ovt)
                b.add("FromIntermediator", invoice.bic or "NONE")
            with b.open("MessageReceiverDetails"):
                b.add("ToIdentifier", buyer_address)
                b.add("ToIntermediator", invoice.buyer_operator_id)
            with b.open("MessageDetails"):
                b.add("MessageIdentifier", f"{invoice.organization_id}-{invoice.number}")
                b.add(
                    "MessageTimeStamp",
                    timezone.localtime(invoice.created_at).isoformat(timespec="seconds"),
                )
    with b.open("SellerPartyDetails"):
        if invoice.seller_business_id:
            b.add("SellerPartyIdentifier", invoice.seller_business_id, SchemeID="0037")
        b.add("SellerOrganisationName", invoice.seller_name[:70])
        if invoice.seller_business_id:
            b.add("SellerOrganisationTaxCode", "FI" + invoice.seller_business_id.replace("-", ""))
        _address(
            b,
            "Seller",
            invoice.seller_street_address,
            invoice.seller_post_office,
            invoice.seller_postal_code,
        )
    if seller_ovt:
        b.add("SellerOrganisationUnitNumber", seller_ovt)
    with b.open("SellerInformationDetails"):
        if invoice.bic:
            with b.open("SellerAccountDetails"):
                b.add("SellerAccountID", invoice.iban, IdentificationSchemeName="IBAN")
                b.add("SellerBic", invoice.bic, IdentificationSchemeName="BIC")
    with b.open("BuyerPartyDetails"):
        b.add("BuyerPartyIdentifier", invoice.buyer_business_id, SchemeID="0037")
        b.add("BuyerOrganisationName", invoice.buyer_name[:70])
        _address(
            b,
            "Buyer",
            invoice.buyer_street_address,
            invoice.buyer_post_office,
            invoice.buyer_postal_code,
        )
    if buyer_address:
        b.add("BuyerOrganisationUnitNumber", buyer_address)
    with b.open("InvoiceDetails"):
        b.add("InvoiceTypeCode", "INV02" if credit else "INV01")
        b.add("InvoiceTypeCodeUN", "381" if credit else "380")
        b.add("InvoiceTypeText", "HYVITYSLASKU" if credit else "LASKU")
        b.add("OriginCode", "Original")
        b.add("InvoiceNumber", str(invoice.number))
        b.date("InvoiceDate", invoice.invoice_date)
        if credit and invoice.credited_invoice is not None:
            b.add("OriginalInvoiceNumber", str(invoice.credited_invoice.number))
            b.date("OriginalInvoiceDate", invoice.credited_invoice.invoice_date)
        b.date("InvoicingPeriodStartDate", invoice.period_start)
        b.date("InvoicingPeriodEndDate", invoice.period_end)
        b.add("SellerReferenceIdentifier", str(invoice.number))
        b.money("RowsTotalVatExcludedAmount", invoice.total_excluding_vat)
        b.money("InvoiceTotalVatExcludedAmount", invoice.total_excluding_vat)
        b.money("InvoiceTotalVatAmount", invoice.vat_amount)
        b.money("InvoiceTotalVatIncludedAmount", invoice.total)
        for percent, base, vat in vat_breakdown(invoice):
            with b.open("VatSpecificationDetails"):
                b.money("VatBaseAmount", base)
                b.add("VatRatePercent", _percent(percent))
                b.add("VatCode", "S")
                b.money("VatRateAmount", vat)
        with b.open("PaymentTermsDetails"):
            days = (invoice.due_date - invoice.invoice_date).days
            b.add("PaymentTermsFreeText", f"{days} pv netto")
            b.date("InvoiceDueDate", invoice.due_date)
    if invoice.iban.startswith("FI") and not credit:
        b.add(
            "VirtualBankBarcode",
            virtual_barcode(
                iban=invoice.iban,
                amount=invoice.total,
                reference=invoice.reference_number,
                due_date=invoice.due_date,
            ),
        )
    for line in invoice.lines.all():
        unit = UNIT_CODES[line.unit]
        with b.open("InvoiceRow"):
            b.add("ArticleName", line.description[:100])
            b.add("DeliveredQuantity", _number(line.quantity), QuantityUnitCodeUN=unit)
            b.add("InvoicedQuantity", _number(line.quantity), QuantityUnitCodeUN=unit)
            b.add(
                "UnitPriceAmount",
                _amount(line.unit_price),
                AmountCurrencyIdentifier=EUR,
                QuantityUnitCodeUN=unit,
            )
            b.add("RowIdentifier", str(line.position))
            b.add("RowVatRatePercent", _percent(line.vat_percent))
            b.add("RowVatCode", "S")
            b.money("RowVatAmount", line.vat_amount)
            b.money("RowVatExcludedAmount", line.total_excluding_vat)
            b.money("RowAmount", line.total)
    with b.open("EpiDetails"):
        with b.open("EpiIdentificationDetails"):
            b.date("EpiDate", invoice.invoice_date)
            b.add("EpiReference", str(invoice.number))
        with b.open("EpiPartyDetails"):
            with b.open("EpiBfiPartyDetails"):
                if invoice.bic:
                    b.add("EpiBfiIdentifier", invoice.bic, IdentificationSchemeName="BIC")
            with b.open("EpiBeneficiaryPartyDetails"):
                b.add("EpiNameAddressDetails", invoice.seller_name[:35])
                if invoice.seller_business_id:
                    b.add("EpiBei", invoice.seller_business_id)
                b.add("EpiAccountID", invoice.iban, IdentificationSchemeName="IBAN")
        with b.open("EpiPaymentInstructionDetails"):
            b.add(
                "EpiRemittanceInfoIdentifier",
                invoice.reference_number,
                IdentificationSchemeName="SPY",
            )
            b.add("EpiInstructedAmount", _amount(invoice.total), AmountCurrencyIdentifier=EUR)
            b.add("EpiCharge", ChargeOption="SHA")
            b.date("EpiDateOptionDate", invoice.due_date)
    return root


def vat_breakdown(invoice: Invoice) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(VAT %, base, VAT) per rate, from the lines (each already rounded)."""
    rates: dict[Decimal, list[Decimal]] = {}
    for line in invoice.lines.all():
        base, vat = rates.setdefault(line.vat_percent, [Decimal(0), Decimal(0)])
        rates[line.vat_percent] = [base + line.total_excluding_vat, vat + line.vat_amount]
    return [(rate, base, vat) for rate, (base, vat) in sorted(rates.items())]


def finvoice_bytes(invoice: Invoice) -> bytes:
    return etree.tostring(
        finvoice_document(invoice), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
