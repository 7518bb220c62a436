"""How faithfully Headway reproduces MS Project's own dates on real files.

For every MSPDI file (and, when ``headway.io.mpxj_read`` and Java are available, every .mpp
file) in the interop corpus: import, schedule with Headway, and count the auto-scheduled tasks
(MS Project's ``Manual`` flag off) whose start AND finish equal the Start/Finish MS Project
stored (to the minute: Headway schedules in whole minutes). Files are "flat" when they have no
links and every task starts at the project start (the test is then duration-on-calendar
arithmetic); flat and networked files are totalled separately.

    python bench/interop_fidelity.py [CORPUS] [--misses] [--no-mpp]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from headway.engine.cpm import schedule
from headway.io import mspdi_read
from headway.io.plan import ReadResult
from headway.model import PlanError

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "interop"
Recorded = dict[str, tuple[dt.datetime, dt.datetime, bool]]


@dataclass
class FileResult:
    """One file's counts; ``misses`` holds (task, ours, MS Project's) for the report."""

    name: str
    kind: str
    flat: bool
    auto: int = 0
    matched: int = 0
    error: str = ""
    misses: list[str] = field(default_factory=list)


def measure(path: Path, kind: str, read: Callable[[Path], ReadResult],
            recorded: Callable[[Path], Recorded]) -> FileResult:
    """Import, schedule and compare one file."""
    try:
        project = read(path).project
        dates = recorded(path)
        result = schedule(project)
    except (PlanError, RuntimeError, OSError) as err:
        return FileResult(path.name, kind, True, error=str(err).splitlines()[0][:100])
    begin = project.start if isinstance(project.start, dt.datetime) else dt.datetime.combine(project.start, dt.time())
    flat = not any(t.links for t in project.tasks) and all(start == begin for start, _, _ in dates.values())
    out = FileResult(path.name, kind, flat)
    for task in result.tasks:
        if task.id not in dates:
            continue
        start, finish, auto = dates[task.id]
        if not auto:
            continue
        out.auto += 1
        if task.start == _minute(start) and task.finish == _minute(finish):
            out.matched += 1
        else:
            out.misses.append(f"    {task.id}: headway {task.start:%Y-%m-%d %H:%M} → {task.finish:%Y-%m-%d %H:%M}, "
                              f"MS Project {start:%Y-%m-%d %H:%M} → {finish:%Y-%m-%d %H:%M}")
    return out


def _minute(when: dt.datetime) -> dt.datetime:
    """MS Project stores seconds (``09:08:24``); Headway schedules in whole minutes."""
    return when.replace(second=0, microsecond=0)


def _share(matched: int, total: int) -> str:
    return f"{100 * matched / total:.1f} %" if total else "-"


def report(results: list[FileResult], show_misses: bool) -> None:
    """Per-file table, then totals per format and flat/networked."""
    print("| file | format | flat | auto-scheduled tasks | start and finish equal | share |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for r in results:
        if r.error:
            print(f"| {r.name} | {r.kind} | | error: {r.error} | | |")
            continue
        print(f"| {r.name} | {r.kind} | {'flat' if r.flat else ''} | {r.auto} | {r.matched} | "
              f"{_share(r.matched, r.auto)} |")
        if show_misses and r.misses:
            print("\n".join(r.misses))
    print()
    print("| files | auto-scheduled tasks | matched | share |")
    print("| --- | ---: | ---: | ---: |")
    for kind in sorted({r.kind for r in results}):
        for label, pick in (("all", lambda r: True), ("flat", lambda r: r.flat), ("networked", lambda r: not r.flat)):
            chosen = [r for r in results if r.kind == kind and not r.error and pick(r)]
            auto, matched = sum(r.auto for r in chosen), sum(r.matched for r in chosen)
            print(f"| {kind} {label} ({len(chosen)} files) | {auto} | {matched} | {_share(matched, auto)} |")


def _mpxj() -> ModuleType | None:
    try:
        return importlib.import_module("headway.io.mpxj_read")
    except ImportError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--misses", action="store_true", help="list every task whose dates differ")
    parser.add_argument("--no-mpp", action="store_true", help="skip the .mpp files (no JVM)")
    args = parser.parse_args(argv)
    if not (args.corpus / "mspdi").is_dir():
        print(f"no interop corpus at {args.corpus}", file=sys.stderr)
        return 1
    results = [measure(p, "mspdi", mspdi_read.read, mspdi_read.recorded_dates)
               for p in sorted((args.corpus / "mspdi").glob("*.xml"))]
    mpxj = None if args.no_mpp else _mpxj()
    if mpxj is not None:
        results += [measure(p, "mpp", mpxj.read, mpxj.recorded_dates)
                    for p in sorted((args.corpus / "mpp").glob("*.mpp"))]
    elif not args.no_mpp:
        print("headway.io.mpxj_read is not available: .mpp files skipped", file=sys.stderr)
    report(results, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
