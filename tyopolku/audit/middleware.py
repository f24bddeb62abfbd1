"""Names the channel (page, API endpoint) of the request for the access log."""

from tyopolku.audit.services import access_request


def access_channel_middleware(get_response):
    def middleware(request):
        with access_request(f"{request.method} {request.path}"):
            return get_response(request)

    return middleware
