"""Test settings: the same as production-like development, plus N+1 detection."""

from tyopolku.settings import *  # noqa: F403
from tyopolku.settings import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]
ZEAL_RAISE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
# Not an N+1: a logout (or a log-in replacing another user's session) reads the session row
# once for request.user and once more when flushing it, both from Django's code. zeal names
# the first frame outside site-packages as the caller, which is the stdlib's contextlib
# (ATOMIC_REQUESTS wraps the view), so the two different reads look like one repeated call.
ZEAL_ALLOWLIST = [{"model": "sessions.Session", "field": "get()"}]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: an in-memory test database is one connection that the live server's
    # threads share, so it could never show two requests fighting for the write lock
    # (tests/test_security_concurrency.py). pytest-xdist adds a suffix per worker.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
