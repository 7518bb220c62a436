"""Benchmark: level every PSPLIB instance of a set and compare with the best known makespans.

Each schedule is checked by the independent validator of the tests (an invalid one is
reported loudly, counted, and makes the exit status 1) and compared with
``../shared/data/psplib/reference.csv``. Prints one table row for the set; ``--csv`` writes
one row per instance. Usage:

    python bench/psplib.py ../shared/data/psplib/j30 --method heuristic --time-limit 1 [--limit 48] [--every 10]

``--every K`` keeps every K-th instance in natural order (the 1st, the K+1st, ...): an evenly
spread sample for sets too slow to run whole; ``--limit`` then caps the sample.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from headway.engine.leveling import level
from headway.io.psplib import read_problem
from headway.model import PlanError

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "data" / "psplib" / "reference.csv"
VALIDATOR = ROOT / "tests" / "engine" / "leveling" / "validator.py"
FIELDS = ["set", "instance", "status", "makespan", "lower_bound", "best_makespan", "proven_optimal",
          "cpm_lower_bound", "dev_best_pct", "dev_cpm_pct", "seconds", "schedules", "valid", "problems"]


@dataclass
class Row:
    """The outcome of one instance."""

    set: str
    instance: str
    best_makespan: int | None
    proven_optimal: bool
    cpm_lower_bound: int | None
    status: str = "unreadable"
    makespan: int | None = None
    lower_bound: int | None = None
    seconds: float = 0.0
    schedules: int = 0
    valid: bool = False
    problems: str = ""

    def deviation(self, reference: int | None) -> float | None:
        if self.makespan is None or not reference:
            return None
        return 100.0 * (self.makespan - reference) / reference

    def csv(self) -> dict[str, object]:
        out = {name: getattr(self, name) for name in FIELDS if hasattr(self, name)}
        dev_best, dev_cpm = self.deviation(self.best_makespan), self.deviation(self.cpm_lower_bound)
        out["dev_best_pct"] = "" if dev_best is None else f"{dev_best:.3f}"
        out["dev_cpm_pct"] = "" if dev_cpm is None else f"{dev_cpm:.3f}"
        out["seconds"] = f"{self.seconds:.4f}"
        return out


def natural(path: Path) -> list[int | str]:
    """Sort key: j301_2 before j301_10 before j3010_1."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.stem)]


def load_validator() -> ModuleType:
    """The tests' validator, loaded by path so the bench needs no test package on sys.path."""
    spec = importlib.util.spec_from_file_location("psplib_validator", VALIDATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_reference(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        print(f"warning: no reference file {path}; deviations are left out", file=sys.stderr)
        return {}
    with path.open(newline="") as stream:
        return {row["instance"]: row for row in csv.DictReader(stream)}


def solve(path: Path, args: argparse.Namespace, ref: dict[str, str], validator: ModuleType) -> Row:
    """Level one instance, validate the schedule and compare it with the reference."""
    def number(key: str) -> int | None:
        return int(ref[key]) if ref.get(key) else None

    base = Row(ref.get("set", path.parent.name), path.stem, number("best_makespan"),
               ref.get("proven_optimal") == "true", number("cpm_lower_bound"))
    try:
        problem = read_problem(path)
    except (PlanError, OSError) as err:
        return replace(base, problems=str(err))
    t0 = time.perf_counter()
    try:
        result = level(problem, method=args.method, time_limit=args.time_limit, workers=args.workers)
    except Exception as err:  # a crash is one more failed instance, reported like an invalid schedule
        return replace(base, status="error", seconds=time.perf_counter() - t0, problems=f"{type(err).__name__}: {err}")
    out = replace(base, status=result.status.value, lower_bound=result.lower_bound,
                  seconds=time.perf_counter() - t0, schedules=result.schedules)
    if out.status in ("infeasible", "unknown"):
        return replace(out, problems="no schedule")
    start = [int(s) for s in result.start]
    found: list[str] = validator.violations(problem, start)
    actual: int = validator.makespan(problem, start)
    if actual != result.makespan:
        found.append(f"reported makespan {result.makespan}, the starts give {actual}")
    proven = base.best_makespan if base.proven_optimal else None
    if proven is not None and actual < proven and not found:
        found.append(f"makespan {actual} beats the proven optimum {proven}")
    if result.lower_bound > actual or (proven is not None and result.lower_bound > proven):
        found.append(f"lower bound {result.lower_bound} is above a known makespan")
    more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
    return replace(out, makespan=actual, valid=not found, problems="; ".join(found[:5]) + more)


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def summary(rows: list[Row]) -> dict[str, str]:
    """One table row for a list of instance outcomes; invalid schedules count in no deviation."""
    solved = [r for r in rows if r.makespan is not None and r.valid]
    dev_best = [d for r in solved if (d := r.deviation(r.best_makespan)) is not None]
    dev_cpm = [d for r in solved if (d := r.deviation(r.cpm_lower_bound)) is not None]
    times = [r.seconds for r in rows]
    return {
        "set": ",".join(sorted({r.set for r in rows})),
        "instances": str(len(rows)),
        "invalid": str(sum(not r.valid for r in rows)),
        "proven opt": str(sum(r.status == "optimal" for r in rows)),
        "opt found": f"{sum(r.proven_optimal and r.makespan == r.best_makespan for r in solved)}"
                     f"/{sum(r.proven_optimal for r in rows)}",
        "avg dev best %": f"{mean(dev_best):.2f}",
        "max dev best %": f"{max(dev_best, default=float('nan')):.2f}",
        "avg dev cpm %": f"{mean(dev_cpm):.2f}",
        "avg s": f"{mean(times):.3f}",
        "median s": f"{statistics.median(times) if times else float('nan'):.3f}",
        "max s": f"{max(times, default=float('nan')):.3f}",
        "avg schedules": f"{mean([float(r.schedules) for r in rows]):.0f}",
    }


def print_table(row: dict[str, str]) -> None:
    widths = {key: max(len(key), len(value)) for key, value in row.items()}
    print("  ".join(key.rjust(widths[key]) for key in row))
    print("  ".join(value.rjust(widths[key]) for key, value in row.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set_dir", type=Path, help="folder of .sm files, e.g. ../shared/data/psplib/j30")
    parser.add_argument("--method", choices=("heuristic", "optimal"), default="heuristic")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="only every K-th instance (natural order)")
    parser.add_argument("--limit", type=int, help="only the first N instances (natural order)")
    parser.add_argument("--csv", type=Path, help="write one row per instance here")
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    args = parser.parse_args()
    paths = sorted(args.set_dir.glob("*.sm"), key=natural)[::max(args.every, 1)][:args.limit]
    if not paths:
        parser.error(f"no .sm files in {args.set_dir}")
    reference, validator = load_reference(args.reference), load_validator()
    rows: list[Row] = []
    for k, path in enumerate(paths, 1):
        row = solve(path, args, reference.get(path.stem, {}), validator)
        rows.append(row)
        print(f"[{k}/{len(paths)}] {row.instance}: {row.status} {row.makespan} (best {row.best_makespan}, "
              f"cpm {row.cpm_lower_bound}) {row.seconds:.2f}s", file=sys.stderr)
        if not row.valid:
            print(f"!!! {row.instance}: INVALID — {row.problems}", file=sys.stderr)
    if args.csv:
        with args.csv.open("w", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(r.csv() for r in rows)
    sample = f", every {args.every}th instance" if args.every > 1 else ""
    print(f"method {args.method}, time limit {args.time_limit:g} s, {args.workers} workers{sample}")
    print_table(summary(rows))
    bad = [r.instance for r in rows if not r.valid]
    if bad:
        print(f"INVALID OR MISSING SCHEDULES ({len(bad)}): {', '.join(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
