"""MPXJ progress and baselines to Headway's dated progress entries and named baselines.

Headway reads progress as of one status instant: an in-progress task's remaining work runs from
it, a task not started cannot start before it. A file with a status date (always, for
Primavera's data date) gives that instant. Without one (MS Project files never "updated as of"
a date) the status date is the project start, and each entry is dated when its progress was
known, so the schedule keeps the source's dates until the user moves the status date; the same
rule as the MSPDI reader's.
"""

from __future__ import annotations

import datetime as dt

from headway.io.mpxj_map_values import duration_of
from headway.io.mpxj_records import SourceProject, SourceTask
from headway.model import Baseline, BaselineTask, ProgressEntry, WorkingTimeSettings

__all__ = ["map_baselines", "map_progress"]


def _started(task: SourceTask) -> bool:
    return task.percent_complete > 0 or task.actual_start is not None


def map_progress(tasks: list[SourceTask], leaves: set[str], ids: dict[str, str], status: dt.datetime | None,
                 start: dt.datetime, settings: WorkingTimeSettings) -> tuple[ProgressEntry, ...]:
    """One entry per started leaf task, dated at the status date or, for work that began after it
    (or without one), when it was known: the actual finish of a complete task, the "complete
    through" date (``Stop``) of one in progress, else its actual start."""
    out = []
    for task in tasks:
        if task.uid not in leaves or not _started(task):
            continue
        done = min(max(task.percent_complete / 100.0, 0.0), 1.0)
        began, ended = task.actual_start, task.actual_finish
        if ended is not None and began is not None and ended < began:
            ended = None
        stop = task.stop if task.stop is not None and began is not None and task.stop > began else began
        known = ended if done >= 1 and ended is not None else stop
        when = status if status is not None and (began is None or began <= status) else known or start
        remaining = duration_of(task.remaining, settings) if task.remaining is not None and done < 1 else None
        out.append(ProgressEntry(when, ids[task.uid], done=done, remaining=remaining, actual_start=began,
                                 actual_finish=ended if done >= 1 else None))
    return tuple(out)


def map_baselines(src: SourceProject, tasks: list[SourceTask], leaves: set[str], ids: dict[str, str],
                  saved: dt.datetime) -> tuple[Baseline, ...]:
    """Baseline, Baseline1..10 as Headway baselines ``baseline``, ``baseline1``…, with every task's dates."""
    by_index: dict[int, dict[str, BaselineTask]] = {}
    costs: dict[int, float] = {}
    for task in tasks:
        for base in task.baselines:
            by_index.setdefault(base.index, {})[ids[task.uid]] = BaselineTask(
                base.start, base.finish, round(base.work_minutes), base.cost, round(base.duration_minutes))
            if task.uid in leaves:
                costs[base.index] = costs.get(base.index, 0.0) + base.cost
    out = []
    for index in sorted(by_index):
        entries = by_index[index]
        out.append(Baseline("baseline" if index == 0 else f"baseline{index}", saved, entries,
                            max(b.finish for b in entries.values()), costs.get(index, 0.0)))
    return tuple(out)
