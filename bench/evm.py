"""Benchmark: `headway evm` on a staffed 1,000-task plan with a baseline and progress, end to end.

The plan: bench/plans.py's staffed plan (50 people with rates, vacations, part-timers), a fixed
cost on every third task, a baseline saved from its schedule, a status date 40% of the way
through, a progress entry per started task (some with actual cost) and timesheets for a few.
Prints a table: time to load, schedule and compute earned value in process, and the best of
three `headway evm PLAN --json` runs. Usage: python bench/evm.py [--tasks 1000] [--by week]
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

from plans import staffed_project  # noqa: E402

from headway.engine.baselines import capture  # noqa: E402
from headway.engine.cost import task_costs  # noqa: E402
from headway.engine.cpm import schedule  # noqa: E402
from headway.engine.evm import earned_value  # noqa: E402
from headway.io import plan  # noqa: E402
from headway.model import Duration, ProgressEntry, Project, Rates, TimesheetLine, TimeUnit  # noqa: E402


def tracked_project(n: int, seed: int = 1) -> Project:
    """A staffed plan with costs, a baseline, a status date and progress up to it."""
    rng = random.Random(seed)
    base = staffed_project(n, seed=seed)
    people = tuple(replace(r, rates=Rates(rng.choice([60, 80, 95, 120]), 150, rng.choice([0, 0, 250])))
                   for r in base.resources)
    tasks = tuple(replace(t, cost=float(rng.randint(1, 20) * 100)) if t.parent and i % 3 == 0 else t
                  for i, t in enumerate(base.tasks))
    project = replace(base, resources=people, tasks=tasks)
    result = schedule(project)
    status = result.start + (result.finish - result.start) * 0.4
    progress, sheets = [], []
    for st in result.tasks:
        if st.summary or st.start >= status:
            continue
        task = project.task(st.id)
        span = (st.finish - st.start).total_seconds() or 1.0
        planned = min((status - st.start).total_seconds() / span, 1.0)
        done = round(min(1.0, planned * rng.uniform(0.6, 1.2)), 2)
        cost = float(rng.randint(1, 50) * 100) if rng.random() < 0.3 else None
        progress.append(ProgressEntry(status.date(), st.id, done=done, actual_cost=cost))
        if cost is None and task.assignments and rng.random() < 0.2:
            who = task.assignments[0].resource
            sheets.append(TimesheetLine(st.start.date(), who, st.id, Duration(6, TimeUnit.HOUR)))
    baseline = capture(result, "baseline", dt.datetime(2027, 1, 1, 9), task_costs(project, result))
    return replace(project, status_date=status.date(), progress=tuple(progress), timesheets=tuple(sheets),
                   baselines=(baseline,))


def end_to_end(path: Path, by: str) -> float:
    """Best of three `headway evm PLAN --json` runs, in seconds."""
    exe = Path(sys.executable).with_name("headway")
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "evm", str(path), "--json", "--by", by], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--by", choices=["day", "week", "month"], default="week")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tracked.yaml"
        plan.save(tracked_project(args.tasks), path)
        t0 = time.perf_counter()
        project = plan.load(path).project
        t1 = time.perf_counter()
        result = schedule(project)
        t2 = time.perf_counter()
        value = earned_value(project, result, by=args.by)
        t3 = time.perf_counter()
        total = end_to_end(path, args.by)
    m = value.project
    print(f"{'tasks':>6} {'entries':>8} {'load s':>7} {'schedule s':>10} {'evm s':>6} {'headway evm s':>14}"
          f"  SPI   CPI   SPI(t)")
    print(f"{args.tasks:>6} {len(project.progress) + len(project.timesheets):>8} {t1 - t0:>7.3f} {t2 - t1:>10.3f}"
          f" {t3 - t2:>6.3f} {total:>14.3f}  {m.spi or 0:.2f}  {m.cpi or 0:.2f}  {m.spi_t or 0:.2f}")


if __name__ == "__main__":
    main()
