"""Benchmark: load and schedule random plans of 1k, 10k and 100k tasks.

Prints a table: plan file size, time to load the YAML into the model, time to schedule
(both passes, floats, drivers, roll-up), peak memory of the scheduling process, and the end
to end time of `headway schedule` on the 1k plan. Each size runs in a fresh process so the
memory figure is its own. Usage: python bench/cpm.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(n: int, folder: Path) -> dict[str, float]:
    """Run in a child process: write, load and schedule an n-task plan."""
    sys.path.insert(0, str(HERE))
    from plans import random_project

    from headway.engine.cpm import schedule
    from headway.io import plan

    path = folder / f"plan-{n}.yaml"
    plan.save(random_project(n), path)
    t0 = time.perf_counter()
    project = plan.load(path).project
    t1 = time.perf_counter()
    result = schedule(project)
    t2 = time.perf_counter()
    schedule(project)
    t3 = time.perf_counter()
    links = sum(len(t.links) for t in project.tasks)
    return {"tasks": n, "links": links, "mb": path.stat().st_size / 2**20, "load": t1 - t0,
            "schedule": min(t2 - t1, t3 - t2), "finish": str(result.finish.date()),
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def end_to_end(path: Path) -> float:
    """Best of three `headway schedule PLAN --json` runs, in seconds."""
    exe = Path(sys.executable).with_name("headway")
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "schedule", str(path), "--json"], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, Path(args.folder))))
        return
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'tasks':>8} {'links':>8} {'file MiB':>9} {'load s':>8} {'schedule s':>11} {'peak RSS MiB':>13}")
        for n in (int(x) for x in args.sizes.split(",")):
            out = subprocess.run([sys.executable, __file__, "--child", str(n), "--folder", folder],
                                 check=True, capture_output=True, text=True).stdout
            r = json.loads(out)
            print(f"{r['tasks']:>8} {r['links']:>8} {r['mb']:>9.1f} {r['load']:>8.3f} {r['schedule']:>11.3f} "
                  f"{r['rss_mib']:>13.0f}")
        small = Path(folder) / "plan-1000.yaml"
        if small.exists():
            print(f"headway schedule --json on 1k tasks, end to end: {end_to_end(small):.2f} s")


if __name__ == "__main__":
    main()
