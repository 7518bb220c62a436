"""From leaf results to the task tree: WBS numbers and summary roll-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from headway.engine.network import Network, as_datetime
from headway.engine.results import Driver, DriverKind, ScheduledTask
from headway.engine.worktime import IntArray
from headway.model import Project


@dataclass
class LeafDates:
    """Per-leaf dates (local date-times) and floats (working minutes), in network order."""

    early_start: list[dt.datetime]
    early_finish: list[dt.datetime]
    late_start: list[dt.datetime]
    late_finish: list[dt.datetime]
    start: list[dt.datetime]
    finish: list[dt.datetime]
    start_abs: IntArray
    finish_abs: IntArray
    total_float: IntArray
    free_float: IntArray


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


def roll_up(project: Project, net: Network, d: LeafDates, drivers: list[Driver],
            leaves: dict[str, list[str]]) -> list[ScheduledTask]:
    """ScheduledTask values in WBS order; summaries span their leaves."""
    wbs = wbs_numbers(project)
    leaf_index = {tid: i for i, tid in enumerate(net.ids)}
    summaries = {t.parent for t in project.tasks if t.parent is not None}
    proj_cal = np.zeros(1, np.int64)
    out = []
    for task in project.tasks:
        number, depth = wbs[task.id]
        deadline = as_datetime(task.deadline, end_of_day=True) if task.deadline is not None else None
        if task.id not in summaries:
            i = leaf_index[task.id]
            out.append(ScheduledTask(
                id=task.id, name=task.label, parent=task.parent, wbs=number, level=depth, deadline=deadline,
                summary=False, milestone=bool(net.dur[i] == 0),
                start=d.start[i], finish=d.finish[i], early_start=d.early_start[i],
                early_finish=d.early_finish[i], late_start=d.late_start[i], late_finish=d.late_finish[i],
                duration_minutes=int(net.dur[i]), work_minutes=int(net.work[i]),
                total_float_minutes=int(d.total_float[i]), free_float_minutes=int(d.free_float[i]),
                critical=bool(d.total_float[i] <= 0), calendar=net.calendar_names[int(net.cal[i])],
                resources=tuple(a.resource for a in task.assignments), driver=drivers[i]))
            continue
        idx = [leaf_index[x] for x in leaves[task.id] if x in leaf_index]
        first = min(idx, key=lambda i: (d.start_abs[i], i))
        start_abs, finish_abs = int(d.start_abs[idx].min()), int(d.finish_abs[idx].max())
        work = net.calendars.to_work(np.repeat(proj_cal, 2), np.array([start_abs, finish_abs]))
        out.append(ScheduledTask(
            id=task.id, name=task.label, parent=task.parent, wbs=number, level=depth, deadline=deadline,
            summary=True, milestone=False,
            start=min(d.start[i] for i in idx), finish=max(d.finish[i] for i in idx),
            early_start=min(d.early_start[i] for i in idx), early_finish=max(d.early_finish[i] for i in idx),
            late_start=min(d.late_start[i] for i in idx), late_finish=max(d.late_finish[i] for i in idx),
            duration_minutes=int(work[1] - work[0]), work_minutes=int(net.work[idx].sum()),
            total_float_minutes=int(d.total_float[idx].min()),
            free_float_minutes=int(d.free_float[idx].min()),
            critical=bool((d.total_float[idx] <= 0).any()), calendar=net.calendar_names[0],
            resources=tuple(a.resource for a in task.assignments),
            driver=Driver(DriverKind.SUMMARY, d.start[first], via=net.ids[first])))
    return out
