"""The app's settings with one more URL, `/bench-floor/`: a bare view answered through the
same middleware, by the same gunicorn workers, as the framework's floor in bench/load.py."""

from tyopolku.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
