"""Benchmark: `headway status` on a staffed 1,000-task plan with a baseline, progress and blockers.

The plan is bench/evm.py's tracked plan (50 people with rates, fixed costs, a baseline, a status
date 40% of the way through, progress up to it) plus an issue log of 20 issues, three of them
open blockers on the next critical tasks to start. Prints a table: time to load, to compute
the status in process (the schedules with and without blockers, variance, earned value), and
the best of three `headway status PLAN --json` runs.
Usage: python bench/status.py [--tasks 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evm import tracked_project  # noqa: E402

from headway.engine.cpm import schedule  # noqa: E402
from headway.engine.status import status  # noqa: E402
from headway.io import plan  # noqa: E402
from headway.model import Issue, IssueSeverity, IssueStatus, Project  # noqa: E402


def with_issues(project: Project, seed: int = 1) -> Project:
    """Twenty issues; three open blockers, due a few days after their tasks should start."""
    rng = random.Random(seed)
    started = {e.task for e in project.progress}
    result = schedule(project)
    critical = set(result.critical_path)
    waiting = [t.id for t in project.tasks if t.parent and t.id not in started]
    on_path = sorted((tid for tid in waiting if tid in critical), key=lambda tid: result.task(tid).start)[:3]
    assert project.status_date is not None and isinstance(project.status_date, dt.date)
    def due(tid: str) -> dt.date:  # a blocker outlasts its task's planned start; others the status date
        return result.task(tid).start.date() if tid else project.status_date  # type: ignore[return-value]

    issues = []
    for k in range(20):
        blocker = k < 3
        issues.append(Issue(f"I-{k + 1}", f"issue {k + 1}", IssueSeverity.BLOCKER if blocker else IssueSeverity.HIGH,
                            IssueStatus.OPEN if blocker or k % 2 else IssueStatus.CLOSED,
                            tasks=(on_path[k] if blocker else rng.choice(waiting), rng.choice(waiting)),
                            due=due(on_path[k] if blocker else "") + dt.timedelta(days=rng.randint(3, 10))))
    return replace(project, issues=tuple(issues))


def end_to_end(path: Path) -> float:
    """Best of three `headway status PLAN --json` runs, in seconds."""
    exe = Path(sys.executable).with_name("headway")
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "status", str(path), "--json"], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "status.yaml"
        plan.save(with_issues(tracked_project(args.tasks)), path)
        t0 = time.perf_counter()
        project = plan.load(path).project
        t1 = time.perf_counter()
        report = status(project)
        compute = time.perf_counter() - t1
        for _ in range(2):
            t2 = time.perf_counter()
            status(project)
            compute = min(compute, time.perf_counter() - t2)
        total = end_to_end(path)
    print("| tasks | progress entries | open blockers | load | status (in process) | `headway status --json` |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {len(project.tasks):,} | {len(project.progress):,} | {len(report.blockers.holds)} | {t1 - t0:.2f} s "
          f"| {compute:.2f} s | {total:.2f} s |")
    print(f"finish slip from blockers: {report.blockers.finish_slip_days:g} working days; RAG {report.rag}")


if __name__ == "__main__":
    main()
