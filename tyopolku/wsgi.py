"""WSGI entry point: `gunicorn tyopolku.wsgi` (see README)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyopolku.settings")
application = get_wsgi_application()
