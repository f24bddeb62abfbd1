"""Time pages on an existing database (e.g. one made by `manage.py generate_data`) through
Django's test client as a logged-in user: the median of several runs, the queries and their
total time. A script, not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/generator_db \\
        .venv/bin/python bench/pages.py gen01-esihenkilo001:/dashboard/ \\
        gen01-valmentaja0001:/ --runs 5

The first run of each page (cold caches) is left out of the median when there are more
than two runs."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyopolku.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+", help="username:/path/")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    for spec in args.pages:
        username, path = spec.split(":", 1)
        browser = Client()
        browser.force_login(get_user_model().objects.get(username=username))
        times, sql = [], 0.0
        for _run in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = browser.get(path)
                times.append(time.perf_counter() - start)
            sql = sum(float(q["time"]) for q in queries.captured_queries)
        warm = times[1:] if len(times) > 2 else times
        print(
            f"{username:24} {path:24} {response.status_code} "
            f"median {statistics.median(warm) * 1000:7.0f} ms  "
            f"{len(queries.captured_queries):3} queries ({sql * 1000:.0f} ms of SQL, last run)"
        )


if __name__ == "__main__":
    main()
