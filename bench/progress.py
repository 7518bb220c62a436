"""Benchmark: progress-aware scheduling against plain CPM on the same random plans.

Each plan gets progress as of a status date a third of the way through its schedule: tasks
planned to finish by then are complete, tasks planned to have started are in progress with a
random percent done. Prints the best of three schedule times with and without the progress.
Usage: python bench/progress.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import random_project

from headway.engine.cpm import schedule
from headway.model import ProgressEntry, Project


def tracked(project: Project, seed: int = 1) -> Project:
    """``project`` with progress as planned a third of the way through, random percent done."""
    plain = schedule(project)
    status = plain.start + (plain.finish - plain.start) / 3
    rng = random.Random(seed)
    entries = []
    for task in plain.tasks:
        if task.summary or task.start > status:
            continue
        if task.finish <= status:
            entries.append(ProgressEntry(status.date(), task.id, 1.0, actual_start=task.start,
                                         actual_finish=task.finish))
        else:
            entries.append(ProgressEntry(status.date(), task.id, round(rng.random(), 2), actual_start=task.start))
    return project.replace(status_date=status.date(), progress=tuple(entries))


def best_of(project: Project, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        schedule(project)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(f"{'tasks':>8} {'entries':>8} {'plain s':>9} {'tracked s':>10}")
    for n in sizes:
        project = random_project(n)
        with_progress = tracked(project)
        print(f"{n:>8} {len(with_progress.progress):>8} {best_of(project):>9.3f} "
              f"{best_of(with_progress):>10.3f}")


if __name__ == "__main__":
    main()
