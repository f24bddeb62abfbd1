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


class LoginLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.AXES_IP_FAILURE_LIMIT
        return max(per_account, math.floor(per_address * limit / address_limit))
