"""The invoice as a PDF (weasyprint), in Finnish: the document the customer gets."""

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from tyopolku.files.pdf import render_pdf
from tyopolku.subcontracting.barcode import bank_barcode_data_url
from tyopolku.subcontracting.finvoice import vat_breakdown
from tyopolku.subcontracting.models import Invoice, InvoiceKind
from tyopolku.subcontracting.money import virtual_barcode

STYLESHEET = Path(__file__).parent / "static" / "subcontracting" / "invoice_pdf.css"


def invoice_pdf_bytes(invoice: Invoice, request: HttpRequest | None = None) -> bytes:
    barcode = ""
    if invoice.kind == InvoiceKind.INVOICE and invoice.iban.startswith("FI"):
        barcode = virtual_barcode(
            iban=invoice.iban,
            amount=invoice.total,
            reference=invoice.reference_number,
            due_date=invoice.due_date,
        )
    with translation.override("fi"):
        return render_pdf(
            "subcontracting/invoice_pdf.html",
            {
                "invoice": invoice,
                "lines": list(invoice.lines.all()),
                "vat_rates": vat_breakdown(invoice),
                "barcode": barcode,
                "barcode_image": bank_barcode_data_url(barcode) if barcode else "",
            },
            request=request,
            stylesheets=[STYLESHEET],
        )


def invoice_pdf_response(request: HttpRequest, invoice: Invoice) -> HttpResponse:
    response = HttpResponse(invoice_pdf_bytes(invoice, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lasku-{invoice.number}.pdf"'
    return response
