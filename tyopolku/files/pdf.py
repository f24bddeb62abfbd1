"""PDF documents rendered from templates (weasyprint): one helper for every printable page.

The template is rendered like a page; its stylesheets are given as files (a template may
not carry inline style, see tests/test_security_headers.py). Nothing is fetched over the
network: a URL in the document that is not a `data:` URL is ignored.
"""

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string


def render_pdf(
    template: str,
    context: Mapping[str, Any],
    *,
    request: HttpRequest | None = None,
    stylesheets: Iterable[Path] = (),
    archival: bool = False,
    attachments: Mapping[str, bytes] | None = None,
) -> bytes:
    """The template rendered to the bytes of a PDF file. `archival` makes it PDF/A-3b (ISO
    19005-3, for long-term archiving: fonts embedded, XMP metadata, sRGB output intent),
    with `attachments` (file name -> bytes) embedded as its associated data files."""
    from weasyprint import CSS, HTML, Attachment  # heavy import: only when a PDF is made
    from weasyprint.urls import URLFetcher

    # A printed document needs nothing from outside: only data: URLs are fetched, so no
    # text in it can make the server read local files or call other hosts.
    fetcher = URLFetcher(allowed_protocols={"data"})
    html = render_to_string(template, dict(context), request=request)
    sheets = [CSS(string=Path(path).read_text(), url_fetcher=fetcher) for path in stylesheets]
    files = [
        Attachment(file_obj=io.BytesIO(data), name=name, relationship="Data")
        for name, data in (attachments or {}).items()
    ]
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(
        stylesheets=sheets,
        pdf_variant="pdf/a-3b" if archival else None,
        attachments=files or None,
    )
