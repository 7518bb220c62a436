"""Benchmark: replay the public estimate datasets in time order and report forecast coverage.

Task level (rolling, README cut-off at the 70th percentile of estimate dates): the share of test
tasks whose actual is ≤ (in brackets <) the forecast P80 and P50 of three methods: naive (trust
the estimate), the plain per-person ratio bootstrap of the data README, and Headway's calibration.
Then the per-person spread of P80 coverage (people with ≥ 20 test tasks), and the project-level
replay (P80 of the open work at 25/50/75% of each project's span, independent vs correlated).
``--choose`` prints the parameter grid scored on SiP's early history (before the cut-off).
Skips cleanly when ../shared/data/estimates is absent.
Usage: python bench/calibration.py [--quick] [--datasets sip,cesaw,renzo-pomodoro,project-22]
       [--iterations 1000] [--choose]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from headway.engine.calibration_replay import (
    cutoff_date,
    project_coverage,
    replay_projects,
    replay_tasks,
    spread,
)
from headway.io.estimate_datasets import DATASETS, read_dataset
from headway.model import EstimateRecord

ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "estimates"
QUICK_SIP_TASKS = 1500
QUICK_CESAW_PROJECT = "101"


def load(name: str, quick: bool) -> list[EstimateRecord]:
    records = read_dataset(ROOT, name)
    if quick and name == "sip":
        return records[:QUICK_SIP_TASKS]
    if quick and name == "cesaw":
        return [r for r in records if r.project == QUICK_CESAW_PROJECT]
    return records


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def task_tables(data: dict[str, list[EstimateRecord]]) -> None:
    print("| dataset | cut-off | test tasks | naive ≤ estimate | bootstrap ≤P80 (<) | bootstrap ≤P50 (<) "
          "| headway ≤P80 (<) | headway ≤P50 (<) | replay s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    spreads = []
    for name, records in data.items():
        t0 = time.perf_counter()
        replay = replay_tasks(records)
        seconds = time.perf_counter() - t0
        cells = [f"{pct(replay.coverage(m, level))} ({pct(replay.coverage(m, level, strict=True))})"
                 for m in ("bootstrap", "headway") for level in (80, 50)]
        print(f"| {name} | {cutoff_date(records)} | {int(replay.tested.sum()):,} | "
              f"{pct(replay.coverage('naive', 80))} | {' | '.join(cells)} | {seconds:.1f} |")
        spreads.append((name, replay))
    print()
    print("Per-person P80 coverage (≤), people with ≥ 20 test tasks: interquartile range, mean |coverage − 80%|, "
          "min..max")
    print()
    print("| dataset | people | bootstrap IQR | bootstrap mean dev. | bootstrap range | headway IQR "
          "| headway mean dev. | headway range |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, replay in spreads:
        row = [name]
        for method in ("bootstrap", "headway"):
            values = list(replay.per_person(method).values())
            if len(row) == 1:
                row.append(str(len(values)))
            iqr, dev = spread(values)
            lo, hi = (min(values), max(values)) if values else (float("nan"), float("nan"))
            row += [f"{100 * iqr:.1f} pts", f"{100 * dev:.1f} pts", f"{pct(lo)}..{pct(hi)}"]
        print("| " + " | ".join(row) + " |")


def project_table(data: dict[str, list[EstimateRecord]], iterations: int) -> None:
    print("| dataset | cases (projects × status dates) | naive ≤ sum of estimates | independent ≤P80 "
          "| correlated ≤P80 | median ρ | replay s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, records in data.items():
        t0 = time.perf_counter()
        cases = replay_projects(records, iterations=iterations)
        seconds = time.perf_counter() - t0
        naive, independent, correlated = project_coverage(cases)
        rhos = sorted(c.correlation for c in cases)
        rho = rhos[len(rhos) // 2] if rhos else float("nan")
        print(f"| {name} | {len(cases)} | {pct(naive)} | {pct(independent)} | {pct(correlated)} | {rho:.3f} "
              f"| {seconds:.1f} |")


def choose() -> None:
    """Score the (half-life, k) grid on SiP before the cut-off: mean pinball loss at P50/P80."""
    records = read_dataset(ROOT, "sip")
    start, until = cutoff_date(records, 0.2), cutoff_date(records)
    print(f"SiP early history: tasks estimated {start} .. {until} (the test period starts at {until})")
    print()
    print("| half-life (days) | k=1 | k=3 | k=10 | k=30 | k=100 |")
    print("|---|---:|---:|---:|---:|---:|")
    for half_life in (30, 60, 90, 180, 365, None):
        scores = [replay_tasks(records, start=start, until=until, shrinkage=k, half_life_days=half_life)
                  .pinball("headway") for k in (1, 3, 10, 30, 100)]
        print(f"| {half_life or 'none'} | " + " | ".join(f"{s:.4f}" for s in scores) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small slice: first 1,500 SiP tasks, one CESAW project")
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--iterations", type=int, default=1000, help="Monte Carlo iterations per project case")
    parser.add_argument("--choose", action="store_true", help="print the parameter grid on SiP's early history")
    args = parser.parse_args()
    if not ROOT.is_dir():
        print(f"skipped: {ROOT} is absent")
        return
    if args.choose:
        choose()
        return
    data = {name: load(name, args.quick) for name in args.datasets.split(",")}
    print("## Task level (rolling replay)")
    print()
    task_tables(data)
    print()
    print("## Project level (open work at 25/50/75% of each project's span)")
    print()
    project_table({n: r for n, r in data.items() if n in ("sip", "cesaw")}, args.iterations)


if __name__ == "__main__":
    main()
