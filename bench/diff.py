"""Benchmark: `diff` of a random plan against a copy with every 50th leaf task 50% longer.

Prints a table per plan size: time to schedule both versions, and the best of three diffs
(which includes the driving-chain walk behind each moved milestone's cause).
Usage: python bench/diff.py [--tasks 1000,5000,20000]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import random_project

from headway.engine.cpm import schedule
from headway.engine.diff import diff
from headway.model import Duration, Project


def longer(project: Project) -> Project:
    """Every 50th leaf task with a duration made 50% longer."""
    tasks = []
    leaves = 0
    for task in project.tasks:
        if task.duration is not None and task.duration.amount:
            leaves += 1
            if leaves % 50 == 0:
                task = replace(task, duration=Duration(task.duration.amount * 1.5, task.duration.unit))
        tasks.append(task)
    return project.replace(tasks=tuple(tasks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", default="1000,5000,20000")
    args = parser.parse_args()
    print(f"{'tasks':>7} {'schedule both s':>16} {'diff s':>8} {'changed':>8} {'moved':>7} {'causes':>7}")
    for n in (int(x) for x in args.tasks.split(",")):
        old = random_project(n)
        new = longer(old)
        began = time.perf_counter()
        a, b = schedule(old), schedule(new)
        scheduled = time.perf_counter() - began
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            result = diff(old, a, new, b)
            best = min(best, time.perf_counter() - began)
        print(f"{n:>7} {scheduled:>16.2f} {best:>8.2f} {len(result.changed):>8} {len(result.date_moves):>7} "
              f"{len(result.causes):>7}")


if __name__ == "__main__":
    main()
