"""The printable review (PDF)."""

from pathlib import Path

from django.http import HttpRequest, HttpResponse

from tyopolku.fidelity.models import Review
from tyopolku.fidelity.presentation import review_context
from tyopolku.files.pdf import render_pdf

STYLESHEET = Path(__file__).parent / "static" / "fidelity" / "review-print.css"


def review_pdf(request: HttpRequest, review: Review) -> HttpResponse:
    pdf = render_pdf(
        "fidelity/review_pdf.html",
        review_context(review),
        request=request,
        stylesheets=[STYLESHEET],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"fidelity-{review.unit.code}-{review.review_date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
