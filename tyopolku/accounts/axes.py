"""Log-in lockout with two limits: per username and IP address, and per IP address alone.

django-axes counts the failures of each of AXES_LOCKOUT_PARAMETERS and compares the largest
with its one AXES_FAILURE_LIMIT. One IP address trying many usernames (password spraying)
needs a higher limit of its own, since a whole office may log in from one address: the count
of the IP-alone rule is scaled to AXES_FAILURE_LIMIT, so that AXES_IP_FAILURE_LIMIT failures
from one address lock it out.
"""

import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a lockout counts. Behind TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is
    the nearest proxy's (one address for everyone: the IP rule would lock out the whole
    service), so take the client's from X-Forwarded-For, counted from the right: each proxy
    appends the address it saw, and whatever the client sent stays on the left."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        addresses = [address.strip() for address in forwarded if address.strip()]
        if len(addresses) >= count:
            return addresses[-count]
    return request.META.get("REMOTE_ADDR")


class LoginLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.AXES_IP_FAILURE_LIMIT
        return max(per_account, math.floor(per_address * limit / address_limit))
