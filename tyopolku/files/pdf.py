"""PDF documents rendered from templates (weasyprint): one helper for every printable page.

The template is rendered like a page; its stylesheets are given as files (a template may
not carry inline style, see tests/test_security_headers.py). Nothing is fetched over the
network: a URL in the document that is not a `data:` URL is ignored.
"""

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
) -> bytes:
    """The template rendered to the bytes of a PDF file."""
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is made
    from weasyprint.urls import URLFetcher

    # A printed document needs nothing from outside: only data: URLs are fetched, so no
    # text in it can make the server read local files or call other hosts.
    fetcher = URLFetcher(allowed_protocols={"data"})
    html = render_to_string(template, dict(context), request=request)
    sheets = [CSS(string=Path(path).read_text(), url_fetcher=fetcher) for path in stylesheets]
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(stylesheets=sheets)
