"""Names the channel (page, API endpoint) of the request for the access log, and writes what
the request saw in one insert after its transaction (ATOMIC_REQUESTS wraps the view only), so
that a refused or failed request, rolled back, still leaves its reads and disclosures in the
log (tyopolku.audit.services)."""

from tyopolku.audit.services import access_log_kept, access_request


def access_channel_middleware(get_response):
    def middleware(request):
        with access_request(f"{request.method} {request.path}"), access_log_kept():
            return get_response(request)

    return middleware
