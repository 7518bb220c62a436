"""Benchmark: one person's agenda on staffed random plans (CPM schedules; leveling is timed in level.py).

Prints, per size: tasks, the person's open tasks in a 14-day and a whole-project window, and the
best of three times to build each agenda from a computed schedule (reasons included: the search
for the critical milestone each critical task drives is cached per task).
Usage: python bench/agenda.py [--sizes 1000,10000] [--people 50]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plans import staffed_project  # noqa: E402

from headway.engine.agenda import agenda  # noqa: E402
from headway.engine.cpm import schedule  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--people", type=int, default=50)
    args = parser.parse_args()
    print(f"{'tasks':>7} {'window':>8} {'items':>6} {'best of 3':>10}")
    for n in (int(s) for s in args.sizes.split(",")):
        project = staffed_project(n, args.people)
        result = schedule(project)
        person = project.resources[0].id
        span = (result.finish - result.start).days + 1
        for days in (14, span):
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                found = agenda(project, result, person, start=result.start.date(), days=days)
                times.append(time.perf_counter() - t0)
            print(f"{n:>7} {f'{days}d':>8} {len(found.items):>6} {min(times) * 1000:>8.1f} ms")


if __name__ == "__main__":
    main()
