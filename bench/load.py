"""Load benchmark: the app under gunicorn on loopback against a generated PostgreSQL database,
driven by a bounded loop of concurrent requests as each role uses it. Prints p50/p95/p99 and
throughput per page or API call, next to a bare Django view served by the same processes
(the framework's floor). A script that prints figures, not a test.

    .venv/bin/python bench/load.py [--clients 5000] [--organisations 2] [--requests 200]
                                   [--concurrency 8] [--workers 2] [--keep]

It creates the database `tyopolku_load` on the PostgreSQL server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/), fills it with `manage.py generate_data`, serves it with
gunicorn and the background worker, and drops it at the end unless --keep is given
(`--reuse` then skips the generation). The outcome report's own SQL floor is measured by
bench/run.py.
"""

import argparse
import datetime
import http.client
import io
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "tyopolku_load"


def database_urls(base: str) -> tuple[str, str]:
    """The benchmark's database URL and the maintenance database's, from DATABASE_URL."""
    parts = urlsplit(base)
    return parts._replace(path=f"/{DB_NAME}").geturl(), parts._replace(path="/postgres").geturl()


def run(*args: str, env: dict, quiet: bool = False) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def recreate_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


# --- Who does what: ids and credentials read from the generated data ---------------------


@dataclass
class Actors:
    coach_cookie: str
    supervisor_cookie: str
    coach_token: str
    supervisor_token: str
    client_ids: list[int]
    enrollment_ids: list[int]
    employer_ids: list[int]
    search_words: list[str]
    unit_id: int


def actors(env: dict) -> Actors:
    """Sessions and API tokens of a job coach and a supervisor of GEN01, and the records they
    work with, read in a child process (Django set up on the benchmark's database)."""
    script = """
import json, django
django.setup()
from django.test import Client
from tyopolku.accounts.models import User
from tyopolku.accounts.services import api_token_create
from tyopolku.clients.models import ClientWorker
from tyopolku.employers.models import Employer
from tyopolku.pathway.models import Enrollment
from tyopolku.core.dates import today

def session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value

coach = User.objects.get(username="gen01-valmentaja0001")
supervisor = User.objects.get(username="gen01-esihenkilo001")
clients = list(ClientWorker.objects.in_force(today()).filter(user=coach)
               .values_list("client_id", flat=True)[:50])
print(json.dumps({
    "coach_cookie": session(coach), "supervisor_cookie": session(supervisor),
    "coach_token": api_token_create(user=coach, name="load"),
    "supervisor_token": api_token_create(user=supervisor, name="load"),
    "client_ids": clients,
    "enrollment_ids": list(Enrollment.objects.filter(client_id__in=clients, coach=coach,
                            end_date__isnull=True).values_list("pk", flat=True)[:50]),
    "employer_ids": list(Employer.objects.filter(organization=coach.organization)
                         .values_list("pk", flat=True)[:200]),
    "search_words": sorted({n.split()[0][:3] for n in Employer.objects.filter(
        organization=coach.organization).values_list("name", flat=True)[:50]}),
    "unit_id": coach.unit_id,
}))
"""
    out = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return Actors(**json.loads(out.strip().splitlines()[-1]))


# --- The load loop ------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: bytes | None = None


@dataclass
class Result:
    name: str
    latencies: list[float]
    errors: int
    seconds: float

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        if not ms:
            return f"| {self.name} | – | – | – | – | {self.errors} |"
        q = statistics.quantiles(ms, n=100, method="inclusive")
        rate = len(ms) / self.seconds
        return (
            f"| {self.name} | {q[49]:.0f} | {q[94]:.0f} | {q[98]:.0f} | {rate:.1f} | "
            f"{self.errors} |"
        )


_local = threading.local()


def _send(port: int, request: Request) -> tuple[int, float]:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request(request.method, request.path, body=request.body, headers=request.headers)
        response = conn.getresponse()
        response.read()
    except (http.client.HTTPException, OSError):
        conn.close()
        _local.conn = None
        return 599, time.perf_counter() - started
    return response.status, time.perf_counter() - started


def drive(
    name: str, port: int, make: Callable[[int], Request], count: int, concurrency: int
) -> Result:
    """`count` requests, `concurrency` at a time; a status of 400 or more is an error."""
    for n in range(min(3, count)):  # warm the workers' caches and connections
        _send(port, make(n))
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        answers = list(pool.map(lambda n: _send(port, make(n)), range(count)))
    seconds = time.perf_counter() - started
    ok = [latency for status, latency in answers if status < 400]
    return Result(name, ok, len(answers) - len(ok), seconds)


CSRF_SECRET = "loadbenchmark0123456789abcdefghi"
SEARCHES = ["aino", "juha", "kivi", "pilvi", "sammal", "lahti", "kallio", "mikko", "satu", "ranta"]


def scenarios(a: Actors, today: str, quarter_start: str) -> dict[str, Callable[[int], Request]]:
    """What each role does, as a function from the request's number to the request."""
    rng = random.Random(1)

    def page(cookie: str, path: Callable[[int], str]) -> Callable[[int], Request]:
        return lambda n: Request("GET", path(n), {"Cookie": f"sessionid={cookie}"})

    def api(token: str, method: str, path: Callable[[int], str], body: dict | None = None):
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        data = json.dumps(body).encode() if body else None
        return lambda n: Request(method, f"/api/v1{path(n)}", headers, data)

    def nth(items: list) -> Callable[[int], object]:
        return lambda n: items[n % len(items)]

    client, enrollment, employer, word = (
        nth(a.client_ids),
        nth(a.enrollment_ids),
        nth(a.employer_ids),
        nth(a.search_words),
    )
    coach, supervisor = a.coach_cookie, a.supervisor_cookie
    report = urlencode({"from": quarter_start, "to": today})
    measures = urlencode({"unit_id": a.unit_id, "from": quarter_start, "to": today})
    visit = {"date": today, "kind": "meeting", "duration_minutes": 30, "summary": "Työnhaku"}
    return {
        "bare Django view (floor)": page(coach, lambda n: "/bench-floor/"),
        "coach: caseload": page(coach, lambda n: "/"),
        "coach: client page": page(coach, lambda n: f"/clients/{client(n)}/"),
        "coach: client search": lambda n: Request(
            "POST",
            "/clients/",
            {
                # The search is posted (never in the address); any well-formed secret in the
                # cookie passes the CSRF check when the header repeats it.
                "Cookie": f"sessionid={coach}; csrftoken={CSRF_SECRET}",
                "X-CSRFToken": CSRF_SECRET,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            urlencode({"search": rng.choice(SEARCHES)}).encode(),
        ),
        "coach: visit create (API)": api(
            a.coach_token, "POST", lambda n: f"/enrollments/{enrollment(n)}/visits", visit
        ),
        "coach: employer search": page(
            coach, lambda n: "/employers/?" + urlencode({"search": word(n)})
        ),
        "coach: employer page": page(coach, lambda n: f"/employers/{employer(n)}/"),
        "supervisor: front page": page(supervisor, lambda n: "/"),
        "supervisor: outcome report": page(supervisor, lambda n: f"/reports/?{report}"),
        "supervisor: fidelity prefill (API)": api(
            a.supervisor_token, "GET", lambda n: f"/fidelity/measures?{measures}"
        ),
    }


def import_rows_csv(rows: int) -> bytes:
    """A register of `rows` new employers (valid, unused business IDs in 8xxxxxx) as CSV."""
    from stdnum.fi import ytunnus

    lines = ["Yritys;Y-tunnus;Yhteyshenkilö;Sähköposti"]
    number = 8_000_000
    while len(lines) <= rows:
        number += 1
        for check in range(10):
            if ytunnus.is_valid(f"{number}-{check}"):
                lines.append(f"Kuorma {number} Oy;{number}-{check};Henkilö {number};h@example.fi")
                break
    return "\r\n".join(lines).encode("utf-8-sig")


def time_import(port: int, token: str, rows: int) -> str:
    """Upload, preview and run an import of `rows` employers; the seconds of each step."""
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    body.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="kuorma.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
    )
    body.write(import_rows_csv(rows))
    body.write(f"\r\n--{boundary}--\r\n".encode())
    auth = {"Authorization": f"Bearer {token}"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request(
        "POST",
        "/api/v1/employer-imports",
        body.getvalue(),
        {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    created = json.loads(conn.getresponse().read())
    if "id" not in created:
        return f"employer import of {rows} rows: the upload was refused: {created}"
    uploaded = time.perf_counter()
    conn.request("POST", f"/api/v1/employer-imports/{created['id']}/run", headers=auth)
    job = _job_wait(conn, json.loads(conn.getresponse().read())["job"], auth)
    done = time.perf_counter()
    return (
        f"employer import of {rows} rows: upload and preview {uploaded - started:.1f} s, "
        f"queued to done {done - uploaded:.1f} s, in all {done - started:.1f} s ({job['status']})"
    )


REPORT_FLOOR = """
import json, statistics, time, datetime
from bench.run import figures_sql
from tyopolku.accounts.models import User
from tyopolku.core.dates import today
from tyopolku.reports import selectors as reports

supervisor = User.objects.get(username="gen01-esihenkilo001")
day = today()
periods = {
    "the quarter": reports.Scope(day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1), day),
    "a year": reports.Scope(day - datetime.timedelta(days=364), day),
}

def median_ms(call, runs=5):
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000

rows = []
for name, scope in periods.items():
    orm = reports.figures_for(user=supervisor, scope=scope)
    floor = figures_sql(supervisor.organization_id, scope)
    if orm != floor:
        raise SystemExit(f"the hand-made SQL disagrees with the ORM: {orm} != {floor}")
    rows.append([name, median_ms(lambda: reports.figures_for(user=supervisor, scope=scope)),
                 median_ms(lambda: figures_sql(supervisor.organization_id, scope))])
print(json.dumps(rows))
"""


def report_floor(env: dict) -> list[str]:
    """The outcome figures of the supervisor's organisation through the ORM and as one
    hand-made SQL query (bench/run.py's `figures_sql`), in a child process on the benchmark's
    database: the database's floor of the outcome report. Stops if the two disagree."""
    out = subprocess.run(
        [PYTHON, "-c", REPORT_FLOOR], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip
    return [
        f"outcome figures of GEN01, {name}: ORM {orm:.0f} ms, hand-made SQL {floor:.0f} ms "
        f"({orm / floor:.1f}×)"
        for name, orm, floor in json.loads(out.strip().splitlines()[-1])
    ]


def _api_call(conn: http.client.HTTPConnection, method: str, path: str, auth: dict, body=None):
    headers = {**auth, "Content-Type": "application/json"} if body is not None else auth
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    return json.loads(conn.getresponse().read())


def _job_wait(conn: http.client.HTTPConnection, job: dict, auth: dict) -> dict:
    while job["status"] in ("queued", "running"):
        time.sleep(0.2)
        job = _api_call(conn, "GET", f"/api/v1/jobs/{job['id']}", auth)
    return job


def time_invoice_run(port: int, token: str, day: datetime.date) -> str:
    """The supervisor's invoice run of the month so far (the generator invoices the past
    months): queued through the API, run by the worker; seconds and invoices made."""
    auth = {"Authorization": f"Bearer {token}"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    period = {"period_start": day.replace(day=1).isoformat(), "period_end": day.isoformat()}
    started = time.perf_counter()
    job = _api_call(conn, "POST", "/api/v1/invoices/run-jobs", auth, period)
    if "id" not in job:
        return f"invoice run: refused: {job}"
    job = _job_wait(conn, job, auth)
    made = len(job.get("created_ids") or [])
    return (
        f"invoice run of {period['period_start']}–{period['period_end']}: {made} invoices, "
        f"queued to done {time.perf_counter() - started:.1f} s ({job['status']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--organisations", type=int, default=2)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the kept database")
    args = parser.parse_args()

    url, admin_url = database_urls(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-only",
        "THL_PSEUDONYM_KEY": "load-benchmark-only",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "ERROR",
    }
    # DEBUG off serves the hashed static files that collectstatic writes (git-ignored).
    run("collectstatic", "--noinput", env=env, quiet=True)
    if not args.reuse:
        recreate_database(admin_url)
        run("migrate", "--noinput", env=env, quiet=True)
        started = time.perf_counter()
        run(
            "generate_data",
            f"--organisations={args.organisations}",
            f"--clients={args.clients}",
            f"--years={args.years}",
            "--no-progress",
            env=env,
        )
        print(f"generated in {time.perf_counter() - started:.0f} s")
    a = actors(env)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "tyopolku.wsgi", "-b", f"127.0.0.1:{args.port}",
         "-w", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    worker = subprocess.Popen([PYTHON, "manage.py", "db_worker"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        day = datetime.date.today()
        quarter = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        print(
            f"\n{args.clients} clients in {args.organisations} organisations, gunicorn "
            f"{args.workers} workers, {args.concurrency} concurrent, {args.requests} requests "
            f"each, {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores\n"
        )
        print("| what | p50 ms | p95 ms | p99 ms | per s | errors |")
        print("|---|---|---|---|---|---|")
        for name, make in scenarios(a, day.isoformat(), quarter.isoformat()).items():
            print(drive(name, args.port, make, args.requests, args.concurrency).row(), flush=True)
        print()
        print(time_invoice_run(args.port, a.supervisor_token, day))
        if args.import_rows:
            print(time_import(args.port, a.supervisor_token, args.import_rows))
        for line in report_floor(env):
            print(line)
    finally:
        server.terminate()
        worker.terminate()
        server.wait()
        worker.wait()
        if not args.keep:
            drop_database(admin_url)


if __name__ == "__main__":
    main()
