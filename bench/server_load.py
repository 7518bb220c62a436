"""Load benchmark of `headway serve`: schedule reads and task edits under concurrent clients, SQLite vs PostgreSQL.

Loopback only and bounded. For each database (a temp SQLite file; a throwaway PostgreSQL database on the
local socket or $HEADWAY_BENCH_POSTGRES_URL when one answers) it starts one real `headway serve` process
(one uvicorn worker), creates an account with `headway user create`, POSTs a staffed plan of ``--tasks``
tasks (bench/plans.py: workstreams, mixed links, 50 people, assignments), then measures:
  reads: ``--read-clients`` clients GET /projects/{id}/schedule, ``--reads`` requests in all;
  edits: ``--edit-clients`` clients, each on its own tasks: GET the task (fresh ETag), then PATCH its
         duration with If-Match (the server re-reads and reschedules the plan); only the PATCH is timed.
Each phase also stops after ``--seconds``. Prints p50/p95/p99 and throughput side by side with the targets
(read p95 < 100 ms at 50 clients; edit p95 < 150 ms on 1,000 tasks).
Usage: python bench/server_load.py [--tasks 1000] [--read-clients 50] [--reads 600] [--edit-clients 4]
       [--edits 120] [--seconds 20] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import httpx2  # noqa: E402
from plans import staffed_project  # noqa: E402

from headway.io.plan import dumps  # noqa: E402
from tests.server.process import create_account_cli, login, serving, throwaway_postgres  # noqa: E402

PG_ADMIN = os.environ.get("HEADWAY_BENCH_POSTGRES_URL", "postgresql+psycopg:///postgres?host=/var/run/postgresql")
READ_TARGET_MS, EDIT_TARGET_MS = 100.0, 150.0


@dataclass
class Phase:
    """Latencies (ms) of one phase, its wall time, and the answers that were not 200."""

    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    failures: dict[int, int] = field(default_factory=dict)

    def pct(self, q: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[round(q) - 1]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0


async def _run(clients: int, requests: int, seconds: float,
               one: Callable[[int, int], Awaitable[tuple[float, int]]]) -> Phase:
    """``clients`` workers sharing ``requests`` calls of ``one(client, k)`` until done or ``seconds`` pass."""
    phase = Phase()
    issued = 0
    deadline = time.perf_counter() + seconds

    async def worker(client: int) -> None:
        nonlocal issued
        k = 0
        while issued < requests and time.perf_counter() < deadline:
            issued += 1
            ms, status = await one(client, k)
            k += 1
            if status == 200:
                phase.latencies.append(ms)
            else:
                phase.failures[status] = phase.failures.get(status, 0) + 1

    start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in range(clients)))
    phase.wall = time.perf_counter() - start
    return phase


async def _timed(call: Awaitable[httpx2.Response]) -> tuple[float, int]:
    start = time.perf_counter()
    response = await call
    return (time.perf_counter() - start) * 1000, response.status_code


async def reads(api: str, headers: dict[str, str], project: int, args: argparse.Namespace) -> Phase:
    limits = httpx2.Limits(max_connections=args.read_clients, max_keepalive_connections=args.read_clients)
    async with httpx2.AsyncClient(base_url=api, headers=headers, limits=limits, timeout=120) as http:
        for _ in range(3):  # warm up: first requests pay for imports and caches
            await http.get(f"/projects/{project}/schedule")
        return await _run(args.read_clients, args.reads, args.seconds,
                          lambda _c, _k: _timed(http.get(f"/projects/{project}/schedule")))


async def edits(api: str, headers: dict[str, str], project: int, tasks: list[str], args: argparse.Namespace) -> Phase:
    limits = httpx2.Limits(max_connections=args.edit_clients, max_keepalive_connections=args.edit_clients)
    async with httpx2.AsyncClient(base_url=api, headers=headers, limits=limits, timeout=120) as http:

        async def edit(client: int, k: int) -> tuple[float, int]:
            mine = tasks[client::args.edit_clients]
            url = f"/projects/{project}/tasks/{mine[k % len(mine)]}"
            etag = (await http.get(url)).headers["etag"]
            body = {"duration": f"{1 + (client + k) % 9}d", "notes": f"bench edit {client}/{k}"}
            return await _timed(http.patch(url, json=body, headers={"If-Match": etag}))

        return await _run(args.edit_clients, args.edits, args.seconds, edit)


def measure(database: str, args: argparse.Namespace) -> dict[str, Phase | float]:
    project = staffed_project(args.tasks, people=args.people)
    editable = [t.id for t in project.tasks if t.parent is not None and not t.milestone]
    plan = dumps(project).encode()
    create_account_cli(database, "bench")
    with tempfile.TemporaryDirectory() as logs, serving(database, Path(logs)) as served:
        headers = login(served.api, "bench")
        start = time.perf_counter()
        created = httpx2.post(f"{served.api}/projects", content=plan, timeout=300,
                              headers={**headers, "Content-Type": "application/yaml"})
        imported = time.perf_counter() - start
        if created.status_code != 201:
            raise SystemExit(f"the plan was refused: {created.status_code} {created.text[:500]}")
        pid = created.json()["id"]
        read_phase = asyncio.run(reads(served.api, headers, pid, args))
        edit_phase = asyncio.run(edits(served.api, headers, pid, editable, args))
    return {"import": imported, "reads": read_phase, "edits": edit_phase}


@contextmanager
def databases(names: list[str]) -> Iterator[dict[str, str]]:
    found: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder, throwaway_postgres(PG_ADMIN) as pg:
        if "sqlite" in names:
            found["sqlite"] = f"sqlite:///{Path(folder) / 'bench.db'}"
        if "postgresql" in names:
            if pg is None:
                print("PostgreSQL skipped: no server answers at", PG_ADMIN)
            else:
                found["postgresql"] = pg
        yield found


def report(results: dict[str, dict[str, Phase | float]], args: argparse.Namespace) -> None:
    names = list(results)
    rows: list[tuple[str, list[str], str]] = []
    rows.append(("POST plan (import) s", [f"{results[n]['import']:.2f}" for n in names], ""))
    for key, label, target in (("reads", f"GET schedule, {args.read_clients} clients", READ_TARGET_MS),
                               ("edits", f"PATCH task, {args.edit_clients} clients", EDIT_TARGET_MS)):
        phases = [results[n][key] for n in names]
        assert all(isinstance(p, Phase) for p in phases)
        ps = [p for p in phases if isinstance(p, Phase)]
        rows.append((f"{label}: requests", [f"{len(p.latencies)}" for p in ps], ""))
        for q in (50, 95, 99):
            goal = f"< {target:.0f}" if q == 95 else ""
            rows.append((f"  p{q} ms", [f"{p.pct(q):.0f}" for p in ps], goal))
        rows.append(("  throughput req/s", [f"{p.rate:.1f}" for p in ps], ""))
        rows.append(("  not 200", [", ".join(f"{s}x{c}" for s, c in p.failures.items()) or "0" for p in ps], ""))
    width = max(len(r[0]) for r in rows) + 2
    print(f"\n{args.tasks} tasks, {args.people} people; one `headway serve` process (one uvicorn worker) each")
    print(f"{'':<{width}}" + "".join(f"{n:>12}" for n in names) + f"{'target':>10}")
    for label, cells, goal in rows:
        print(f"{label:<{width}}" + "".join(f"{c:>12}" for c in cells) + f"{goal:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--read-clients", type=int, default=50)
    parser.add_argument("--reads", type=int, default=600, help="schedule GETs in all (default 600)")
    parser.add_argument("--edit-clients", type=int, default=4)
    parser.add_argument("--edits", type=int, default=120, help="task PATCHes in all (default 120)")
    parser.add_argument("--seconds", type=float, default=20.0, help="cap on each phase (default 20)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    began = time.perf_counter()
    results: dict[str, dict[str, Phase | float]] = {}
    with databases(args.databases.split(",")) as urls:
        for name, url in urls.items():
            print(f"{name}: measuring…", flush=True)
            results[name] = measure(url, args)
    report(results, args)
    print(f"\ntotal {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
