"""Benchmark: Monte Carlo forecast of random plans with three-point estimates on every task.

Prints a table per plan size: tasks, leaf links, iterations, forecast time (sampling, forward
and backward passes, percentiles), its P50/P80 and the peak memory of the process. Each size
runs in a fresh process so the memory figure is its own.
Usage: python bench/forecast.py [--sizes 1000,10000] [--iterations 10000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(n: int, iterations: int) -> dict[str, float]:
    """Run in a child process: forecast an n-task plan whose tasks all have estimates."""
    sys.path.insert(0, str(HERE))
    from plans import random_project

    from headway.engine.forecast import forecast
    from headway.model import Distribution, Duration, Estimate

    project = random_project(n)
    kinds = list(Distribution)
    tasks = tuple(replace(t, estimate=Estimate(Duration(t.duration.amount * 0.8), t.duration,
                                               Duration(t.duration.amount * 1.6), kinds[i % 3]))
                  if t.duration is not None else t for i, t in enumerate(project.tasks))
    project = replace(project, tasks=tasks)
    t0 = time.perf_counter()
    result = forecast(project, iterations=iterations, seed=1)
    seconds = time.perf_counter() - t0
    links = sum(len(t.links) for t in project.tasks)
    return {"tasks": n, "links": links, "iterations": iterations, "seconds": seconds,
            "p50": str(result.percentile_finish[50].date()), "p80": str(result.percentile_finish[80].date()),
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.iterations)))
        return
    print(f"{'tasks':>8} {'links':>8} {'iterations':>11} {'forecast s':>11} {'P50':>11} {'P80':>11} "
          f"{'peak RSS MiB':>13}")
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--child", str(n), "--iterations", str(args.iterations)],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out)
        print(f"{r['tasks']:>8} {r['links']:>8} {r['iterations']:>11} {r['seconds']:>11.3f} {r['p50']:>11} "
              f"{r['p80']:>11} {r['rss_mib']:>13.0f}")


if __name__ == "__main__":
    main()
