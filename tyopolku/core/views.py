"""Shared pieces of the web views: domain errors to HTTP, form submission, paging."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from tyopolku.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from tyopolku.core.forms import apply_domain_error
from tyopolku.core.params import MAX_OFFSET, parse_id


def domain_errors_to_http(view: Callable) -> Callable:
    """The one place where a page turns NotFound into 404 and Forbidden into 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error
        except Forbidden as error:
            raise PermissionDenied(error.message) from error

    return wrapper


def form_submit(form: forms.Form, action: Callable[[dict], Any]) -> tuple[bool, Any]:
    """Validate `form` and run `action(cleaned_data)`. Invalid input and conflicts from the
    service land next to their fields; returns (succeeded, the action's result)."""
    if not form.is_valid():
        return False, None
    try:
        return True, action(form.cleaned_data)
    except (InvalidInput, Conflict) as error:
        apply_domain_error(form, error)
        return False, None


def is_htmx_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page (a history restore wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


@dataclass(frozen=True)
class Page:
    """One page of a list: `offset`/`limit` plus the query strings of its neighbours."""

    offset: int
    limit: int
    count: int
    params: tuple[tuple[str, str], ...]

    @property
    def end(self) -> int:
        return min(self.offset + self.limit, self.count)

    def _query(self, offset: int) -> str:
        return "?" + urlencode([*self.params, ("offset", str(offset))])

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.end < self.count else None

    @property
    def previous_query(self) -> str | None:
        return self._query(max(0, self.offset - self.limit)) if self.offset > 0 else None

    @property
    def next_query(self) -> str | None:
        return self._query(self.offset + self.limit) if self.end < self.count else None


def page_offset(request: HttpRequest) -> int:
    """`offset` (of the query, or of the form for a POST) as a number from 0 to MAX_OFFSET;
    anything else starts from the top."""
    data = request.POST if request.method == "POST" else request.GET
    value = data.get("offset", "")
    # The length check keeps int() from a string of thousands of digits (and the database
    # from a number beyond its integers).
    if len(value) > len(str(MAX_OFFSET)) or not value.isascii() or not value.isdigit():
        return 0
    offset = int(value)
    return offset if offset <= MAX_OFFSET else 0


def query_id(request: HttpRequest, name: str) -> int | None:
    """The GET parameter `name` as an id (a link that preselects something); None when it
    is missing, not a number or beyond the database's ids, like an id that is not found."""
    return parse_id(request.GET.get(name))


def make_page(request: HttpRequest, *, offset: int, limit: int, count: int, keep=()) -> Page:
    """The page, keeping the GET parameters named in `keep` (e.g. the search) in its links."""
    params = tuple((name, request.GET[name]) for name in keep if request.GET.get(name))
    return Page(offset=offset, limit=limit, count=count, params=params)
