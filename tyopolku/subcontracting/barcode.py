"""The bank barcode (pankkiviivakoodi) drawn on the invoice PDF: the 54 digits of the virtual
barcode as Code 128 (character set C, two digits a symbol), as Finance Finland's
"Pankkiviivakoodi" guide asks. python-barcode draws it as SVG; the PDF takes the drawing as a
`data:` image, the only kind of URL the PDF renderer fetches (tyopolku/files/pdf.py)."""

import base64
import io

from barcode import Code128
from barcode.writer import SVGWriter

# The guide's minimums: the narrowest bar 0.25 mm, bars 13 mm high, 6.4 mm of blank space
# on either side. The digits are printed beside the drawing as text, not under it.
WRITER_OPTIONS = {
    "module_width": 0.25,
    "module_height": 13.0,
    "quiet_zone": 6.4,
    "write_text": False,
}


def bank_barcode_svg(digits: str) -> bytes:
    """The SVG drawing of the barcode of `digits` (the virtual barcode's 54 digits)."""
    if not digits.isdigit() or len(digits) % 2:
        raise ValueError("The bank barcode encodes an even number of digits.")
    out = io.BytesIO()
    Code128(digits, writer=SVGWriter()).write(out, options=WRITER_OPTIONS)
    return out.getvalue()


def bank_barcode_data_url(digits: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(bank_barcode_svg(digits)).decode()
