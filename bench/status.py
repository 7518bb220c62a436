"""Benchmark: `headway status` on a staffed 1,000-task plan with a baseline, progress, blockers and risks.

The plan is bench/evm.py's tracked plan (50 people with rates, fixed costs, a baseline, a status
date 40% of the way through, progress up to it) plus an issue log of 20 issues, three of them
open blockers on the next critical tasks to start, and forecast inputs: a default uncertainty
of −10%..+30%, three-point estimates (mixed distributions) on every third task, deadlines on 5
tasks and 8 open risks on tasks still to come. Prints a table: time to load, to compute the
status in process without the forecast, the forecast part at each iteration count, and the best
of three `headway status PLAN --json` runs, without (`--no-forecast`) and with the forecast.
Usage: python bench/status.py [--tasks 1000] [--iterations 1000,2000,10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evm import tracked_project  # noqa: E402

from headway.engine.cpm import schedule  # noqa: E402
from headway.engine.status import status  # noqa: E402
from headway.engine.status_forecast import STATUS_ITERATIONS, status_forecast  # noqa: E402
from headway.io import plan  # noqa: E402
from headway.model import (  # noqa: E402
    Distribution,
    Duration,
    Estimate,
    Issue,
    IssueSeverity,
    IssueStatus,
    Project,
    Risk,
    RiskImpact,
)


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


def with_forecast_inputs(project: Project, seed: int = 1) -> Project:
    """Default uncertainty, estimates on every third leaf task, 5 deadlines and 8 open risks ahead."""
    rng = random.Random(seed)
    kinds = list(Distribution)
    started = {e.task for e in project.progress}
    summaries = project.summary_ids()
    leaves = [t for t in project.tasks if t.id not in summaries and not t.milestone]
    leaf_ids = {t.id for t in leaves}
    ahead = [t.id for t in leaves if t.id not in started]
    tasks = []
    for i, task in enumerate(project.tasks):
        if task.id in leaf_ids and i % 3 == 0 and task.duration is not None:
            d = task.duration
            low, high = Duration(d.amount * 0.8, d.unit), Duration(d.amount * 1.6, d.unit)
            task = replace(task, estimate=Estimate(low, d, high, kinds[i % 3]))
        tasks.append(task)
    late = {tid: dt.date(2027, 1, 4) + dt.timedelta(days=rng.randint(60, 400)) for tid in rng.sample(ahead, 5)}
    tasks = [replace(t, deadline=late[t.id]) if t.id in late else t for t in tasks]
    risks = tuple(Risk(f"R-{k + 1}", f"risk {k + 1}", rng.choice([0.1, 0.3, 0.5]),
                       (RiskImpact(rng.choice(ahead), Duration(rng.randint(2, 10))),)) for k in range(8))
    return replace(project, tasks=tuple(tasks), risks=risks, default_uncertainty=(-0.1, 0.3))


def end_to_end(path: Path, *options: str) -> float:
    """Best of three `headway status PLAN --json [options]` runs, in seconds."""
    exe = Path(sys.executable).with_name("headway")
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "status", str(path), "--json", *options], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    return best


def best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--iterations", default=f"1000,{STATUS_ITERATIONS},10000")
    args = parser.parse_args()
    counts = [int(x) for x in args.iterations.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "status.yaml"
        plan.save(with_forecast_inputs(with_issues(tracked_project(args.tasks))), path)
        t0 = time.perf_counter()
        project = plan.load(path).project
        load = time.perf_counter() - t0
        report = status(project)
        compute = best_of(3, lambda: status(project))
        current, holds = report.blockers.schedule, report.blockers.holds
        forecasts = {n: best_of(3, lambda n=n: status_forecast(project, current, holds=holds, iterations=n))
                     for n in counts}
        plain = end_to_end(path, "--no-forecast")
        full = end_to_end(path)
        ten = end_to_end(path, "--iterations", "10000")
    print("| tasks | progress entries | open blockers | risks | load | status (in process) | forecast part "
          f"({', '.join(f'{n:,}' for n in counts)} iterations) | `headway status --json --no-forecast` "
          f"| `headway status --json` ({STATUS_ITERATIONS:,}) | with `--iterations 10000` |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {len(project.tasks):,} | {len(project.progress):,} | {len(report.blockers.holds)} | {len(project.risks)} "
          f"| {load:.2f} s | {compute:.2f} s | {' / '.join(f'{forecasts[n]:.2f}' for n in counts)} s "
          f"| {plain:.2f} s | {full:.2f} s | {ten:.2f} s |")
    outlook = status_forecast(project, current, holds=holds)
    print(f"finish slip from blockers: {report.blockers.finish_slip_days:g} working days; RAG {report.rag}; "
          f"forecast P50 {outlook.percentile_finish.get(50)}, P80 {outlook.percentile_finish.get(80)}"
          f"{'; error ' + outlook.error if outlook.error else ''}")


if __name__ == "__main__":
    main()
