"""Response headers every dynamic answer carries."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def no_store_middleware(get_response: Callable[[HttpRequest], HttpResponse]):
    """Nothing the application answers is kept by a browser or a proxy: pages and API answers
    carry client data, and a shared workstation's browser cache (or its back button after
    logging out) must not show it to the next user. Static files are answered by whitenoise
    before this middleware and stay cacheable."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware
