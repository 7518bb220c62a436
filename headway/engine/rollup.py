"""From leaf results to the task tree: WBS numbers, summary roll-up, lazy result objects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from headway.engine.network import NONE, PROJECT_CALENDAR, Network, as_datetime
from headway.engine.results import Driver, DriverKind, LazySequence, ScheduledTask
from headway.engine.worktime import IntArray
from headway.model import Project, Task
from headway.model.graph import leaves_of

COLUMNS = ("early_start", "early_finish", "late_start", "late_finish", "start", "finish")


@dataclass
class LeafDates:
    """Per-leaf instants (minutes from the network origin) and floats (working minutes)."""

    early_start: IntArray
    early_finish: IntArray
    late_start: IntArray
    late_finish: IntArray
    start: IntArray
    finish: IntArray
    total_float: IntArray
    free_float: IntArray


@dataclass
class LeafTracking:
    """Per-leaf progress for the results: fraction done, actual instants (NONE if none), minutes."""

    done: list[float]
    actual_start: list[int]
    actual_finish: list[int]
    remaining: list[int]
    duration: list[int]


def minutes_to_datetimes(origin: dt.datetime, minutes: IntArray) -> list[dt.datetime]:
    """Local date-times for minute offsets from ``origin`` (vectorised)."""
    base = np.datetime64(origin, "m")
    values: list[dt.datetime] = (base + minutes.astype("timedelta64[m]")).tolist()
    return values


def wbs_numbers(project: Project) -> dict[str, tuple[str, int]]:
    """Outline number ("1.2.3") and depth (0 for top level) of every task."""
    counters: dict[str | None, int] = {}
    out: dict[str, tuple[str, int]] = {}
    for task in project.tasks:
        counters[task.parent] = counters.get(task.parent, 0) + 1
        if task.parent is None or task.parent not in out:
            out[task.id] = (str(counters[task.parent]), 0)
        else:
            number, depth = out[task.parent]
            out[task.id] = (f"{number}.{counters[task.parent]}", depth + 1)
    return out


def roll_up(project: Project, net: Network, d: LeafDates, driver: Callable[[int], Driver],
            leaves: dict[str, list[str]], tracking: LeafTracking | None = None) -> LazySequence[ScheduledTask]:
    """ScheduledTask values in WBS order, built on access; summaries span their leaves."""
    wbs: dict[str, tuple[str, int]] = {}  # filled on first use: many callers never need it
    leaf_index = {tid: i for i, tid in enumerate(net.ids)}
    origin = net.origin
    cols = [getattr(d, c).tolist() for c in COLUMNS]
    dur, work, cal = net.dur.tolist(), net.work.tolist(), net.cal.tolist()
    track = tracking or LeafTracking([0.0] * len(dur), [NONE] * len(dur), [NONE] * len(dur), dur, dur)
    tf, ff = d.total_float.tolist(), d.free_float.tolist()
    tasks = project.tasks
    summary_rows: dict[int, ScheduledTask] = {}

    def when(minutes: int) -> dt.datetime:
        return origin + dt.timedelta(minutes=minutes)

    def make(pos: int) -> ScheduledTask:
        if not wbs:
            wbs.update(wbs_numbers(project))
        task = tasks[pos]
        if task.id not in leaf_index:
            if pos not in summary_rows:
                summary_rows[pos] = _summary(net, d, task.id, leaves, leaf_index, wbs, task, when, track)
            return summary_rows[pos]
        i = leaf_index[task.id]
        number, depth = wbs[task.id]
        es, ef, ls, lf, st, fi = (when(c[i]) for c in cols)
        return ScheduledTask(
            id=task.id, name=task.label, parent=task.parent, summary=False, milestone=dur[i] == 0,
            wbs=number, level=depth, start=st, finish=fi, early_start=es, early_finish=ef, late_start=ls,
            late_finish=lf, duration_minutes=track.duration[i], work_minutes=work[i], total_float_minutes=tf[i],
            free_float_minutes=ff[i], critical=tf[i] <= 0, calendar=net.calendar_names[cal[i]],
            resources=tuple(a.resource for a in task.assignments),
            deadline=as_datetime(task.deadline, end_of_day=True) if task.deadline is not None else None,
            driver=driver(i), percent_complete=track.done[i], remaining_minutes=track.remaining[i],
            source_uid=task.source_uid,
            actual_start=when(track.actual_start[i]) if track.actual_start[i] != NONE else None,
            actual_finish=when(track.actual_finish[i]) if track.actual_finish[i] != NONE else None)

    return LazySequence(len(tasks), make)


def _summary(net: Network, d: LeafDates, summary_id: str, leaves: dict[str, list[str]],
             leaf_index: dict[str, int], wbs: dict[str, tuple[str, int]], task: Task,
             when: Callable[[int], dt.datetime], track: LeafTracking) -> ScheduledTask:
    idx = np.array([leaf_index[x] for x in leaves_of(leaves, summary_id) if x in leaf_index], np.int64)
    done, weight = np.array(track.done)[idx], np.array(track.duration, float)[idx]
    pct = float(done @ weight / weight.sum()) if weight.sum() > 0 else (float(done.mean()) if done.size else 0.0)
    starts, finishes = np.array(track.actual_start)[idx], np.array(track.actual_finish)[idx]
    number, depth = wbs[summary_id]
    start, finish = int(d.start[idx].min()), int(d.finish[idx].max())
    first = int(idx[np.argmin(d.start[idx])])
    work = net.calendars.to_work(np.full(2, PROJECT_CALENDAR), np.array([start, finish]))
    return ScheduledTask(
        id=task.id, name=task.label, parent=task.parent, summary=True, milestone=False, wbs=number, level=depth,
        start=when(start), finish=when(finish), early_start=when(int(d.early_start[idx].min())),
        early_finish=when(int(d.early_finish[idx].max())), late_start=when(int(d.late_start[idx].min())),
        late_finish=when(int(d.late_finish[idx].max())), duration_minutes=int(work[1] - work[0]),
        work_minutes=int(net.work[idx].sum()), total_float_minutes=int(d.total_float[idx].min()),
        free_float_minutes=int(d.free_float[idx].min()), critical=bool((d.total_float[idx] <= 0).any()),
        calendar=net.calendar_names[PROJECT_CALENDAR], resources=tuple(a.resource for a in task.assignments),
        deadline=as_datetime(task.deadline, end_of_day=True) if task.deadline is not None else None,
        driver=Driver(DriverKind.SUMMARY, when(int(d.start[first])), via=net.ids[first]),
        percent_complete=pct, remaining_minutes=round(int(work[1] - work[0]) * (1 - pct)), source_uid=task.source_uid,
        actual_start=when(int(starts[starts != NONE].min())) if (starts != NONE).any() else None,
        actual_finish=when(int(finishes.max())) if idx.size and (finishes != NONE).all() else None)
