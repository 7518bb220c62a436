"""Benchmark: heuristic leveling of staffed random plans (people with calendars and vacations).

Prints, per size: time to build the integer problem, to level it, to put the result back on
the real calendars (CPM with holds and the repair pass), the total, and how far the leveled
finish is from the unleveled one. Usage: python bench/level.py [--sizes 1000,10000] [--people 50]
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
from headway.engine.usage import overallocations  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--people", type=int, default=50)
    args = parser.parse_args()
    print("| tasks | people | CPM s | level s | leveled finish | unleveled finish | over-allocated after |")
    print("|---:|---:|---:|---:|---|---|---:|")
    for n in (int(x) for x in args.sizes.split(",")):
        project = staffed_project(n, args.people)
        t0 = time.perf_counter()
        base = schedule(project)
        t1 = time.perf_counter()
        leveled = level_plan(project)
        t2 = time.perf_counter()
        left = len(overallocations(project, leveled.schedule))
        print(f"| {n:,} | {args.people} | {t1 - t0:.2f} | {t2 - t1:.2f} | {leveled.schedule.finish:%Y-%m-%d} "
              f"| {base.finish:%Y-%m-%d} | {left} |", flush=True)


if __name__ == "__main__":
    main()
