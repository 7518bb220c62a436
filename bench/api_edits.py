"""Benchmark: entity edits through the API, in process (no network), on a 1,000-task project.

For each plan (bench/plans.py's ``random_project``: links and summaries; ``staffed_project``: also 50
people and assignments) on a SQLite file, prints p50/p95 of:
  task PATCH   a duration change with If-Match (the fast path: one entry re-read, one task's rows written),
               with the project cache warm (the usual case) and cold (another process wrote last);
  schedule     the engine's ``schedule`` alone on the same plan, the floor under any edit that reschedules;
  resource     POST then DELETE of a resource (the general path: the whole plan's data re-read).
Usage: python bench/api_edits.py [--tasks 1000] [--edits 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from fastapi.testclient import TestClient  # noqa: E402
from plans import random_project, staffed_project  # noqa: E402

from headway.engine.cpm import schedule  # noqa: E402
from headway.io.plan import dumps, loads  # noqa: E402
from headway.model import Project  # noqa: E402
from headway.server import Settings, create_app  # noqa: E402
from headway.store.accounts import create_user  # noqa: E402


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {1000 * statistics.median(ordered):7.1f} ms   p95 {1000 * p95:7.1f} ms"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(name: str, project: Project, edits: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(f"sqlite:///{Path(folder) / 'bench.db'}", job_workers=0))
        with TestClient(app) as client:
            with app.state.sessions.begin() as session:
                create_user(session, "bench", "bench pass")
            token = client.post("/api/v1/auth/token", json={"username": "bench", "password": "bench pass"})
            auth = {"Authorization": f"Bearer {token.json()['token']}"}
            made = client.post("/api/v1/projects", content=dumps(project).encode(),
                               headers={**auth, "Content-Type": "application/yaml"})
            base = f"/api/v1/projects/{made.json()['id']}"
            leaves = [t.id for t in project.tasks if t.parent is not None and not t.milestone]
            warm, cold = [], []
            for i in range(edits):
                url = f"{base}/tasks/{leaves[(i * 37) % len(leaves)]}"
                tag = client.get(url, headers=auth).headers["etag"]
                if i % 3 == 2:
                    app.state.projects.drop(made.json()["id"])
                samples = cold if i % 3 == 2 else warm
                start = time.perf_counter()
                _ok(client.patch(url, json={"duration": f"{i % 7 + 1}d"}, headers={**auth, "If-Match": tag}))
                samples.append(time.perf_counter() - start)
            general = []
            for i in range(max(3, edits // 5)):
                start = time.perf_counter()
                _ok(client.post(f"{base}/resources", json={"id": f"x{i}"}, headers=auth))
                _ok(client.delete(f"{base}/resources/x{i}", headers={**auth, "If-Match": "*"}))
                general.append(time.perf_counter() - start)
    stored = loads(dumps(project)).project
    alone = [_timed(lambda: schedule(stored)) for _ in range(max(3, edits // 5))]
    print(f"{name:28s} task PATCH, cache warm   {_ms(warm)}   (n={len(warm)})")
    print(f"{'':28s} task PATCH, cache cold   {_ms(cold)}   (n={len(cold)})")
    print(f"{'':28s} schedule alone           {_ms(alone)}")
    print(f"{'':28s} resource POST+DELETE     {_ms(general)}")


def _ok(response: object) -> None:
    status = getattr(response, "status_code", 0)
    if status >= 400:
        raise SystemExit(f"request failed: {status} {getattr(response, 'text', '')[:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    print(f"edits through the API, in process, SQLite, {args.tasks} tasks (target: task edit p95 < 150 ms)")
    run("random_project (no people)", random_project(args.tasks), args.edits)
    run("staffed_project (50 people)", staffed_project(args.tasks), args.edits)


if __name__ == "__main__":
    main()
