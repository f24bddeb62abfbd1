"""Reports on a real PostgreSQL streaming replica (DATABASE_REPLICA_URL).

The test starts its own primary (initdb into a temporary directory, on a free loopback port)
and a hot-standby replica of it (pg_basebackup -R into another), because the system
PostgreSQL allows no replication connections. The app then runs in a child process with
DATABASE_URL on the primary and DATABASE_REPLICA_URL on the replica, as in production
(`probe` below), and reports what it saw. Both servers are stopped in the end, whatever
happened. Runs wherever the PostgreSQL 15 server binaries are installed."""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not (BIN / "initdb").exists(), reason="the PostgreSQL 15 server binaries are not installed"
)


def _as_postgres(*command: str) -> list[str]:
    """The server refuses to run as root: run its binaries as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def _run(*command: str) -> None:
    subprocess.run(_as_postgres(*command), check=True, capture_output=True, timeout=60)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(data: Path, port: int, sockets: Path) -> None:
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets} "
        "-c fsync=off -c full_page_writes=off -c wal_level=replica -c max_wal_senders=4"
    )
    _run(str(BIN / "pg_ctl"), "-D", str(data), "-l", f"{data}.log", "-o", options, "-w", "start")


@contextlib.contextmanager
def primary_and_replica() -> Iterator[tuple[str, str]]:
    """The URLs of a fresh primary and its streaming replica, database `tyopolku`."""
    work = Path(tempfile.mkdtemp(prefix="tyopolku-replica-"))
    primary, replica = work / "primary", work / "replica"
    started = []
    try:
        if os.geteuid() == 0:
            shutil.chown(work, "postgres")
        _run(
            str(BIN / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust",
            "--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        # initdb's pg_hba.conf lets local users connect, and replicate, from 127.0.0.1.
        primary_port, replica_port = _free_port(), _free_port()
        _start(primary, primary_port, work)
        started.append(primary)
        _run(
            str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres",
            "-c", "CREATE DATABASE tyopolku",
        )  # fmt: skip
        _run(
            str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port),
            "-U", "postgres", "-D", str(replica), "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        _start(replica, replica_port, work)
        started.append(replica)
        url = "postgres://postgres@127.0.0.1:{}/tyopolku"
        yield url.format(primary_port), url.format(replica_port)
    finally:
        for data in reversed(started):
            subprocess.run(
                _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"),
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(work, ignore_errors=True)


def test_it_reads_the_reports_from_the_replica_and_the_rest_from_the_primary():
    with primary_and_replica() as (primary_url, replica_url):
        env = {
            **os.environ,
            "DATABASE_URL": primary_url,
            "DATABASE_REPLICA_URL": replica_url,
            "DJANGO_SETTINGS_MODULE": "tyopolku.settings",
        }
        child = subprocess.run(
            [sys.executable, "-c", "from tests.test_replica import probe; probe()"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert child.returncode == 0, child.stderr[-3000:]
    seen = json.loads(child.stdout.strip().splitlines()[-1])

    assert seen["replica_in_recovery"] is True
    assert seen["router"] == {"report": "replica", "elsewhere": "default", "write": "default"}
    # Written on the primary, replicated, and read by the report from the replica.
    assert seen["report_after_replication"] == 3
    # With the replica's replay paused, the report still shows what the replica has, while
    # the primary already holds two more: the report read nothing from the primary.
    assert (seen["report_while_paused"], seen["primary_count_while_paused"]) == (3, 5)
    assert seen["report_after_resume"] == 5
    assert seen["report_queries"]["replica"] > 0
    assert seen["report_queries"]["primary_reads_of_enrollments"] == 0
    # The client list (like the caseload) must read its own writes: the primary only.
    assert seen["client_list_queries_on_replica"] == 0


def probe() -> None:
    """In the child process, against the two servers: build the schema and a little data on
    the primary, call the report and the client list, and print what each database served
    as one line of JSON."""
    import time

    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    # The tables straight from the models (much faster than running every migration).
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)

    from django.db import connections, router
    from django.test import Client as WebClient
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from tests.factories import ClientFactory, EnrollmentFactory
    from tyopolku.accounts.services import api_token_create, organization_ensure, user_create
    from tyopolku.core.dates import today
    from tyopolku.core.replica import reads_from_replica
    from tyopolku.pathway.models import Enrollment

    setup_test_environment()
    primary, replica = connections["default"], connections["replica"]
    org = organization_ensure(code="replica", name="Replikan alue")[0]
    boss = user_create(
        username="boss", organization=org, role="supervisor", password="Salasana-123-x"
    )
    api = WebClient(headers={"Authorization": f"Bearer {api_token_create(user=boss)}"})
    start = today().replace(day=1)
    period = f"from={start.isoformat()}&to={today().isoformat()}"

    def enroll(count: int) -> None:
        for _ in range(count):
            client = ClientFactory(organization=org)
            EnrollmentFactory(client=client, created_by=boss, start_date=start)

    def caught_up() -> None:
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (lsn,) = cursor.fetchone()
        for _ in range(200):
            with replica.cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
                if cursor.fetchone()[0]:
                    return
            time.sleep(0.05)
        raise AssertionError("the replica did not catch up")

    def enrolled() -> int:
        response = api.get(f"/api/v1/reports/outcomes?{period}")
        assert response.status_code == 200, response.content
        return response.json()["clients_enrolled"]

    seen: dict = {}
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        seen["replica_in_recovery"] = cursor.fetchone()[0]
    with reads_from_replica():
        report_db = router.db_for_read(Enrollment)
    seen["router"] = {
        "report": report_db,
        "elsewhere": router.db_for_read(Enrollment),
        "write": router.db_for_write(Enrollment),
    }

    enroll(3)
    caught_up()
    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        seen["report_after_replication"] = enrolled()
    seen["report_queries"] = {
        "replica": len(on_replica),
        "primary_reads_of_enrollments": sum(
            "pathway_enrollment" in q["sql"] for q in on_primary.captured_queries
        ),
    }

    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    enroll(2)
    seen["primary_count_while_paused"] = Enrollment.objects.count()
    seen["report_while_paused"] = enrolled()
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    caught_up()
    seen["report_after_resume"] = enrolled()

    with CaptureQueriesContext(replica) as on_replica:
        assert api.get("/api/v1/clients").status_code == 200
    seen["client_list_queries_on_replica"] = len(on_replica)
    print(json.dumps(seen))
