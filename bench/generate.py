"""Time the data generator: wall clock and the CPU of both sides of the load.

    DATABASE_URL=postgres://…/empty_db .venv/bin/python bench/generate.py 4 50000 3

Arguments: organisations, clients, years (and optionally the seed). The database must be
migrated and hold no organisations (the generator refuses otherwise). Besides the wall
clock it prints the CPU seconds of this Python process and of its PostgreSQL backend
(read from /proc, so the server must run on the same machine): on a shared machine those
two are the figures to extrapolate from, since the wall clock depends on the other load.
"""

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tyopolku.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from tyopolku.demo.generator import generate  # noqa: E402


def _backend_cpu(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    organisations, clients, years = (int(value) for value in sys.argv[1:4])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
    backend_before = _backend_cpu(pid)
    started = time.monotonic()
    summary = generate(organisations=organisations, clients=clients, years=years, seed=seed)
    wall = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print("\n".join(summary.lines()))
    backend_after = _backend_cpu(pid)
    backend = (
        f"{backend_after - backend_before:.1f} s"
        if backend_before is not None and backend_after is not None
        else "n/a"
    )
    print(
        f"wall {wall:.1f} s; Python CPU {usage.ru_utime + usage.ru_stime:.1f} s; "
        f"database backend CPU {backend}; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
