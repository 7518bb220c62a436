"""Benchmark: `headway doctor` on the example plans and on 1,000-task plans (staffed: leveled; unstaffed: CPM).

The staffed plan is bench/plans.py's ``staffed_project`` with five roles spread over its 50 people
(so reassignments have candidates) and deadlines on five tasks set 10% before their planned
finish (so negative float and deadline risk have fixes to measure). Prints a table: tasks, the
schedule used, time for the findings alone (``--max-fixes 0``), time with fixes measured, the
number of changes re-scheduled, time per change, findings and fixes that gained time.
Usage: python bench/doctor.py [--tasks 1000] [--max-fixes 8] [--skip-examples]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plans import random_project, staffed_project  # noqa: E402

from headway.engine.advisor import diagnose  # noqa: E402
from headway.engine.cpm import schedule  # noqa: E402
from headway.io import plan  # noqa: E402
from headway.model import Project  # noqa: E402

TODAY = dt.date(2027, 3, 1)


def with_deadlines(project: Project, count: int = 5) -> Project:
    """Deadlines on ``count`` leaf tasks spread through the plan, 10% before their planned finish."""
    result = schedule(project)
    leaves = [t for t in result.tasks if not t.summary and not t.milestone]
    picked = {leaves[len(leaves) * (k + 1) // (count + 1)].id for k in range(count)}
    start = result.start
    tasks = tuple(replace(t, deadline=(start + (result.task(t.id).finish - start) * 0.9).date())
                  if t.id in picked else t for t in project.tasks)
    return project.replace(tasks=tasks)


def with_roles(project: Project, roles: int = 5) -> Project:
    return project.replace(resources=tuple(replace(r, role=f"role{k % roles}")
                                           for k, r in enumerate(project.resources)))


def row(name: str, project: Project, max_fixes: int) -> str:
    began = time.perf_counter()
    bare = diagnose(project, today=TODAY, fixes=False)
    plain = time.perf_counter() - began
    began = time.perf_counter()
    full = diagnose(project, today=TODAY, max_measured=max_fixes)
    fixed = time.perf_counter() - began
    gained = sum(1 for f in full.findings for fix in f.fixes if fix.gain_minutes > 0)
    per = (fixed - plain) / full.measured if full.measured else 0.0
    method = "leveled" if full.leveled else "cpm"
    return (f"| {name:<28} | {len(project.tasks):>6} | {method:<7} | {plain:>9.2f} | {fixed:>10.2f} | "
            f"{full.measured:>8} | {per:>10.2f} | {len(bare.findings):>8} | {gained:>6} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--max-fixes", type=int, default=8)
    parser.add_argument("--skip-examples", action="store_true")
    args = parser.parse_args()
    print("| plan                         |  tasks | method  | findings s | + fixes s | measured | s / change "
          "| findings | gains  |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    if not args.skip_examples:
        repo = HERE.parent
        for path in sorted([*repo.glob("examples/*.yaml"), *repo.glob("headway/demo/*.yaml")]):
            print(row(str(path.relative_to(repo)), plan.load(path).project, args.max_fixes), flush=True)
    n = args.tasks
    print(row(f"random {n} (unstaffed)", with_deadlines(random_project(n)), args.max_fixes), flush=True)
    print(row(f"staffed {n}", with_deadlines(with_roles(staffed_project(n))), args.max_fixes), flush=True)


if __name__ == "__main__":
    main()
