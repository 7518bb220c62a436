"""Benchmark of the computed endpoints of `headway serve`: cold (computed) and cached reads.

Starts one real `headway serve` process (bench/server_load.py's helpers) on a temp SQLite file or a
throwaway PostgreSQL database, POSTs a staffed plan of ``--tasks`` tasks, then for each endpoint
prints the first (cold: computed and cached) request's time, and for ``--clients`` concurrent
clients reading the cached result: p50/p95, throughput and the server's CPU milliseconds per request
(from /proc: what one request costs, however busy the machine is).
Usage: python bench/computed.py [--tasks 1000] [--clients 50] [--reads 500] [--database sqlite|postgresql]
       [--encoding gzip|identity] [--paths schedule,critical,...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import httpx2  # noqa: E402
from plans import staffed_project  # noqa: E402

from headway.io.plan import dumps  # noqa: E402
from tests.server.process import create_account, login, serving, throwaway_postgres  # noqa: E402

PG_ADMIN = os.environ.get("HEADWAY_BENCH_POSTGRES_URL",
                          "postgresql+psycopg:///postgres?host=/var/run/postgresql")
PATHS = ["schedule", "critical", "leveled", "status?iterations=2000", "evm?status_date=2027-06-01",
         "forecast?iterations=10000", "usage",
         "tasks/t500/why"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def hammer(api: str, headers: dict[str, str], path: str, clients: int, reads: int) -> tuple[list[float], float]:
    """``reads`` GETs of ``path`` by ``clients`` concurrent clients: latencies (ms) and wall time."""
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    left = reads
    async with httpx2.AsyncClient(base_url=api, headers=headers, limits=limits, timeout=120) as http:

        async def client() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                start = time.perf_counter()
                response = await http.get(path)
                latencies.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.text[:300]

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        return latencies, time.perf_counter() - began


def measure(database: str, args: argparse.Namespace) -> None:
    create_account(database, "bench")
    plan = dumps(staffed_project(args.tasks, people=50)).encode()
    with serving(database) as served:
        headers = {**login(served.api, "bench"), "Accept-Encoding": args.encoding}
        created = httpx2.post(f"{served.api}/projects", content=plan, timeout=300,
                              headers={**headers, "Content-Type": "application/yaml"})
        created.raise_for_status()
        base = f"/projects/{created.json()['id']}"
        print(f"{args.tasks} tasks on {database.split(':')[0]}; {args.clients} clients, {args.reads} cached reads "
              f"each, Accept-Encoding: {args.encoding}")
        print(f"{'endpoint':<28}{'cold s':>8}{'KB':>8}{'p50 ms':>8}{'p95 ms':>8}{'req/s':>8}"
              f"{'CPU ms/req':>12}")
        for path in args.paths.split(","):
            start = time.perf_counter()
            first = httpx2.get(f"{served.api}{base}/{path}", headers=headers, timeout=600)
            cold = time.perf_counter() - start
            first.raise_for_status()
            size = len(first.content) / 1024
            before = cpu_seconds(served.process.pid)
            latencies, wall = asyncio.run(hammer(served.api, headers, f"{base}/{path}", args.clients, args.reads))
            used = cpu_seconds(served.process.pid) - before
            p = statistics.quantiles(latencies, n=100, method="inclusive")
            print(f"{path.split('?')[0]:<28}{cold:>8.2f}{size:>8.0f}{p[49]:>8.0f}{p[94]:>8.0f}"
                  f"{len(latencies) / wall:>8.0f}{used / len(latencies) * 1000:>12.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--reads", type=int, default=500)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--encoding", choices=["gzip", "identity"], default="gzip",
                        help="Accept-Encoding of the clients (default gzip, as httpx and browsers send)")
    parser.add_argument("--paths", default=",".join(PATHS), help="endpoints after /projects/{id}/, comma-separated")
    args = parser.parse_args()
    if args.database == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            measure(f"sqlite:///{Path(folder) / 'bench.db'}", args)
        return
    with throwaway_postgres(PG_ADMIN) as url:
        if url is None:
            raise SystemExit(f"no PostgreSQL answers at {PG_ADMIN}")
        measure(url, args)


if __name__ == "__main__":
    main()
