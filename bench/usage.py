"""Benchmark: time-phased resource usage of staffed random plans, unleveled and leveled.

Prints, per size and schedule: the days covered, assignments, and the best of three times to
compute daily, weekly and monthly usage for every person (the first call also loads public
holidays, about 0.2 s, not counted). Leveling a 10,000-task plan takes many minutes, so plans
above ``--level-up-to`` tasks are measured unleveled only.
Usage: python bench/usage.py [--sizes 1000,10000] [--people 50] [--level-up-to 1000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plans import staffed_project  # noqa: E402

from headway.engine.cpm import schedule  # noqa: E402
from headway.engine.leveling.plan import level_plan  # noqa: E402
from headway.engine.results import Schedule  # noqa: E402
from headway.engine.usage import resource_usage  # noqa: E402
from headway.model import Project  # noqa: E402


def best_of(project: Project, result: Schedule, by: str, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        resource_usage(project, result, by=by)  # type: ignore[arg-type]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--level-up-to", type=int, default=1000, help="level plans up to this many tasks")
    args = parser.parse_args()
    print("| tasks | people | schedule | days | assignments | over-allocated people | day s | week s | month s |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for n in (int(x) for x in args.sizes.split(",")):
        project = staffed_project(n, args.people)
        assignments = sum(len(t.assignments) for t in project.tasks)
        runs = [("unleveled", schedule(project))]
        if n <= args.level_up_to:
            runs.append(("leveled", level_plan(project).schedule))
        for label, result in runs:
            usage = resource_usage(project, result)
            over = sum(r.over_allocated for r in usage.resources)
            cells = " | ".join(f"{best_of(project, result, by):.3f}" for by in ("day", "week", "month"))
            print(f"| {n:,} | {args.people} | {label} | {len(usage.periods):,} | {assignments:,} | {over} "
                  f"| {cells} |", flush=True)


if __name__ == "__main__":
    main()
