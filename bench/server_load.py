"""Load benchmark of `headway serve`: schedule reads and task edits under concurrent clients, SQLite vs PostgreSQL.

Loopback only and bounded. For each database (a temp SQLite file; a throwaway PostgreSQL database on the
local socket or $HEADWAY_BENCH_POSTGRES_URL when one answers) it starts one real `headway serve --workers N`
(``--workers``, default: one process per core), creates an account with `headway user create`, POSTs a
staffed plan of ``--tasks`` tasks (bench/plans.py: workstreams, mixed links, 50 people, assignments), then:
  reads: ``--read-clients`` clients GET /projects/{id}/schedule (gzip, as browsers ask), ``--reads`` in all;
         the client reads every byte of each answer but does not unzip it (a browser's work, not the server's);
  edits: with 1 client, then ``--edit-clients`` clients, each on its own tasks: GET the task (fresh ETag),
         then PATCH its duration with If-Match (the server reschedules the plan); only the PATCH is timed.
Each phase also stops after ``--seconds``. Prints p50/p95/p99 and throughput side by side with the targets
(read p95 < 100 ms at 50 clients; edit p95 < 150 ms on 1,000 tasks), and what the figures depend on: the
server's CPU per request (all its processes), the load generator's own CPU (it shares the machine), and
the load average before and after.
Usage: python bench/server_load.py [--tasks 1000] [--workers 0] [--read-clients 50] [--reads 2000]
       [--edit-clients 4] [--edits 120] [--seconds 20] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
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
from tests.server.process import create_account_cli, headway_command, login, throwaway_postgres  # noqa: E402

PG_ADMIN = os.environ.get("HEADWAY_BENCH_POSTGRES_URL", "postgresql+psycopg:///postgres?host=/var/run/postgresql")
READ_TARGET_MS, EDIT_TARGET_MS = 100.0, 150.0
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Phase:
    """Latencies (ms) of one phase, its wall time, the answers that were not 200, and CPU seconds spent by
    the server (all its processes) and by this load generator."""

    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    failures: dict[int, int] = field(default_factory=dict)
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    def pct(self, q: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[round(q) - 1]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0

    def per_request_ms(self, cpu: float) -> float:
        done = len(self.latencies) + sum(self.failures.values())
        return 1000 * cpu / done if done else float("nan")


def process_tree_cpu(root: int) -> float:
    """User + system CPU seconds of ``root`` and every process below it (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / TICK
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(below)
        tree |= below
    return sum(times.get(pid, 0.0) for pid in tree)


async def _run(clients: int, requests: int, seconds: float,
               one: Callable[[int, int], Awaitable[tuple[float, int]]], server: int) -> Phase:
    """``clients`` workers sharing ``requests`` calls of ``one(client, k)`` until done or ``seconds`` pass."""
    phase = Phase()
    issued = 0
    deadline = time.perf_counter() + seconds

    async def worker(client: int) -> None:
        nonlocal issued
        k = 0
        while issued < requests and time.perf_counter() < deadline:
            issued += 1
            try:
                ms, status = await one(client, k)
            except httpx2.TransportError:
                ms, status = 0.0, 0  # the connection failed: counted as "not 200" with status 0
            k += 1
            if status == 200:
                phase.latencies.append(ms)
            else:
                phase.failures[status] = phase.failures.get(status, 0) + 1

    server0, client0, start = process_tree_cpu(server), time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker(c) for c in range(clients)))
    phase.wall = time.perf_counter() - start
    phase.server_cpu, phase.client_cpu = process_tree_cpu(server) - server0, time.process_time() - client0
    return phase


async def reads(api: str, headers: dict[str, str], project: int, args: argparse.Namespace, server: int) -> Phase:
    limits = httpx2.Limits(max_connections=args.read_clients, max_keepalive_connections=args.read_clients)
    url = f"/projects/{project}/schedule"
    async with httpx2.AsyncClient(base_url=api, headers={**headers, "Accept-Encoding": "gzip"}, limits=limits,
                                  timeout=120) as http:

        async def read(_client: int, _k: int) -> tuple[float, int]:
            start = time.perf_counter()
            async with http.stream("GET", url) as response:
                async for _ in response.aiter_raw():  # every byte, left compressed
                    pass
            return (time.perf_counter() - start) * 1000, response.status_code

        for _ in range(3):  # warm up: first requests pay for imports and caches, in every process
            await asyncio.gather(*(read(0, 0) for _ in range(args.read_clients)))
        return await _run(args.read_clients, args.reads, args.seconds, read, server)


async def edits(api: str, headers: dict[str, str], project: int, tasks: list[str], clients: int,
                args: argparse.Namespace, server: int) -> Phase:
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(base_url=api, headers=headers, limits=limits, timeout=120) as http:

        async def edit(client: int, k: int) -> tuple[float, int]:
            mine = tasks[client::clients]
            url = f"/projects/{project}/tasks/{mine[k % len(mine)]}"
            etag = (await http.get(url)).headers["etag"]
            body = {"duration": f"{1 + (client + k) % 9}d", "notes": f"bench edit {client}/{k}"}
            start = time.perf_counter()
            response = await http.patch(url, json=body, headers={"If-Match": etag})
            return (time.perf_counter() - start) * 1000, response.status_code

        return await _run(clients, args.edits, args.seconds, edit, server)


@contextmanager
def serving(database: str, workers: int, log: Path) -> Iterator[tuple[str, int]]:
    """``headway serve --workers N`` on a free port: its API URL and process id, stopped afterwards."""
    command = [*headway_command(), "serve", "--port", "0", "--database", database, "--no-access-log"]
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HEADWAY_DATABASE_URL", None)
    with log.open("ab") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    try:
        yield _wait_for(process, log), process.pid
    except BaseException:
        print(log.read_text(errors="replace")[-3000:])
        raise
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait_for(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        found = re.findall(r"Uvicorn running on (http://\S+)", log.read_text(errors="replace"))
        if found:
            try:
                if httpx2.get(f"{found[-1]}/api/v1/health", timeout=5).status_code == 200:
                    return f"{found[-1]}/api/v1"
            except httpx2.TransportError:
                pass
        time.sleep(0.1)
    raise SystemExit(f"headway serve did not start:\n{log.read_text(errors='replace')[-3000:]}")


def measure(database: str, args: argparse.Namespace) -> dict[str, Phase | float]:
    project = staffed_project(args.tasks, people=args.people)
    editable = [t.id for t in project.tasks if t.parent is not None and not t.milestone]
    plan = dumps(project).encode()
    create_account_cli(database, "bench")
    with tempfile.TemporaryDirectory() as logs, serving(database, args.workers, Path(logs) / "serve.log") as (api, pid):
        headers = login(api, "bench")
        start = time.perf_counter()
        created = httpx2.post(f"{api}/projects", content=plan, timeout=300,
                              headers={**headers, "Content-Type": "application/yaml"})
        imported = time.perf_counter() - start
        if created.status_code != 201:
            raise SystemExit(f"the plan was refused: {created.status_code} {created.text[:500]}")
        project_id = created.json()["id"]
        read_phase = asyncio.run(reads(api, headers, project_id, args, pid))
        one_edit = asyncio.run(edits(api, headers, project_id, editable, 1, args, pid))
        edit_phase = asyncio.run(edits(api, headers, project_id, editable, args.edit_clients, args, pid))
    return {"import": imported, "reads": read_phase, "edits1": one_edit, "edits": edit_phase}


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


def report(results: dict[str, dict[str, Phase | float]], args: argparse.Namespace, loads: list[str]) -> None:
    names = list(results)
    rows: list[tuple[str, list[str], str]] = []
    rows.append(("POST plan (import) s", [f"{results[n]['import']:.2f}" for n in names], ""))
    for key, label, target in (("reads", f"GET schedule, {args.read_clients} clients", READ_TARGET_MS),
                               ("edits1", "PATCH task, 1 client", EDIT_TARGET_MS),
                               ("edits", f"PATCH task, {args.edit_clients} clients*", None)):
        ps = [p for p in (results[n][key] for n in names) if isinstance(p, Phase)]
        rows.append((f"{label}: requests", [f"{len(p.latencies)}" for p in ps], ""))
        for q in (50, 95, 99):
            goal = f"< {target:.0f}" if q == 95 and target else ""
            rows.append((f"  p{q} ms", [f"{p.pct(q):.0f}" for p in ps], goal))
        rows.append(("  throughput req/s", [f"{p.rate:.1f}" for p in ps], ""))
        rows.append(("  server CPU ms/request", [f"{p.per_request_ms(p.server_cpu):.1f}" for p in ps], ""))
        rows.append(("  load generator CPU ms/request", [f"{p.per_request_ms(p.client_cpu):.1f}" for p in ps], ""))
        rows.append(("  not 200", [", ".join(f"{s}x{c}" for s, c in p.failures.items()) or "0" for p in ps], ""))
    width = max(len(r[0]) for r in rows) + 2
    workers = args.workers or "one per core"
    print(f"\n{args.tasks} tasks, {args.people} people; `headway serve --workers {workers}` on {os.cpu_count()} CPUs")
    print(f"load average (1, 5, 15 min): {loads[0]} before, {loads[1]} after")
    print(f"{'':<{width}}" + "".join(f"{n:>12}" for n in names) + f"{'target':>10}")
    for label, cells, goal in rows:
        print(f"{label:<{width}}" + "".join(f"{c:>12}" for c in cells) + f"{goal:>10}")
    print(f"* {args.edit_clients} clients editing one project at once: its edits are serialized (each waits for the "
          "ones before it), so this shows queueing; the edit target is per edit (1 client).")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--workers", type=int, default=0, help="server processes (default 0: one per core)")
    parser.add_argument("--read-clients", type=int, default=50)
    parser.add_argument("--reads", type=int, default=2000, help="schedule GETs in all (default 2000)")
    parser.add_argument("--edit-clients", type=int, default=4)
    parser.add_argument("--edits", type=int, default=120, help="task PATCHes per edit phase (default 120)")
    parser.add_argument("--seconds", type=float, default=20.0, help="cap on each phase (default 20)")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    began = time.perf_counter()
    before = load_average()
    results: dict[str, dict[str, Phase | float]] = {}
    with databases(args.databases.split(",")) as urls:
        for name, url in urls.items():
            print(f"{name}: measuring…", flush=True)
            results[name] = measure(url, args)
    report(results, args, [before, load_average()])
    print(f"\ntotal {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
