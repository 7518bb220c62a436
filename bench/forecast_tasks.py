"""Benchmark: what the per-task finish percentiles (``forecast --json --tasks``) add to a forecast.

Forecasts a random plan with and without ``task_percentiles`` (same seed) and prints the best of
``--repeat`` runs of each, the difference, and the number of tasks given a P50/P80.
Usage: python bench/forecast_tasks.py [--sizes 2000] [--iterations 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import random_project

from headway.engine.forecast import forecast


def best(n: int, iterations: int, repeat: int, per_task: bool) -> tuple[float, int]:
    project = random_project(n)
    times, count = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = forecast(project, iterations=iterations, seed=1, task_percentiles=per_task)
        times.append(time.perf_counter() - t0)
        count = len(result.task_finish)
    return min(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2000")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'tasks':>7} {'iterations':>11} {'plain s':>8} {'--tasks s':>10} {'added s':>8} {'rows':>6}")
    for n in (int(x) for x in args.sizes.split(",")):
        plain, _ = best(n, args.iterations, args.repeat, False)
        full, rows = best(n, args.iterations, args.repeat, True)
        print(f"{n:>7} {args.iterations:>11} {plain:>8.2f} {full:>10.2f} {full - plain:>8.2f} {rows:>6}")


if __name__ == "__main__":
    main()
