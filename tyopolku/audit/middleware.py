"""Names the channel (page, API endpoint) of the request for the access log, and writes the
disclosures of the request after its transaction (ATOMIC_REQUESTS wraps the view only), so
that a refused write, rolled back, still leaves them in the log."""

from tyopolku.audit.services import access_request, disclosures_kept


def access_channel_middleware(get_response):
    def middleware(request):
        with access_request(f"{request.method} {request.path}"), disclosures_kept():
            return get_response(request)

    return middleware
