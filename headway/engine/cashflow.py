"""Amounts spread evenly over tasks' working time, per day: the cash flow behind PV and cost curves.

Each task's amount accrues in proportion to the working minutes of its span on its own
calendar (the scheduler's choice: elapsed, its own, its people's or the project's), per day
as ``daily_work`` counts them. A task without working time in its span (a milestone) accrues
its whole amount at its finish.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.calendars import DAY
from headway.engine.daily_work import EPOCH, Assigned, Window
from headway.model import Project, Task

FloatArray = npt.NDArray[np.float64]
_MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Spread:
    """Amounts of each item on each day from ``day0``: ``amount[item, day]`` (a dense grid), and
    per item what had accrued by the instant asked for (None when none was)."""

    day0: dt.date
    amount: FloatArray
    accrued: FloatArray | None = None


def _minutes(when: Sequence[dt.datetime]) -> npt.NDArray[np.int64]:
    return np.fromiter(((w - EPOCH) // _MINUTE for w in when), np.int64, len(when))


class CashFlow:
    """Spreads amounts over tasks' working time on the days ``first`` to ``last``."""

    def __init__(self, project: Project, first: dt.date, last: dt.date) -> None:
        self.first, self.ndays = first, (last - first).days + 1
        self.window = Window(project, first, self.ndays)

    def spread(self, tasks: Sequence[Task], starts: Sequence[dt.datetime], finishes: Sequence[dt.datetime],
               amounts: Sequence[float] | FloatArray, until: dt.datetime | None = None) -> Spread:
        """Each task's amount over its working minutes per day; with ``until``, also what each
        task had accrued by then."""
        n, window = len(tasks), self.window
        start, finish = _minutes(starts), _minutes(finishes)
        out = np.zeros((n, self.ndays), np.float64)
        value = np.asarray(amounts, np.float64)
        if n == 0:
            return Spread(self.first, out, np.zeros(0) if until is not None else None)
        jobs = Assigned(tuple(tasks), start, finish, np.arange(n, dtype=np.int64), np.zeros(n, np.int64), np.ones(n))
        job, day, minutes = _daily(window, jobs)
        total = np.bincount(job, weights=minutes, minlength=n).astype(np.float64)
        share = np.divide(value[job] * minutes, total[job], out=np.zeros(len(job)), where=total[job] > 0)
        np.add.at(out, (job, day), share)
        point = np.flatnonzero(total <= 0)  # no working time: the whole amount at the finish
        at = (finish[point] - window.origin) // DAY
        # a finish at midnight belongs to the day it ends
        at = np.where((finish[point] - window.origin) % DAY == 0, at - 1, at).clip(0, self.ndays - 1)
        np.add.at(out, (point, at), value[point])
        if until is None:
            return Spread(self.first, out)
        cut = _minutes([until])[0]
        part, _, part_minutes = _daily(window, Assigned(jobs.tasks, start, np.minimum(finish, cut), jobs.task,
                                                        jobs.person, jobs.units))
        done = np.bincount(part, weights=part_minutes, minlength=n).astype(np.float64)
        accrued = np.divide(value * done, total, out=np.zeros(n), where=total > 0)
        accrued[point] = np.where(finish[point] <= cut, value[point], 0.0)
        return Spread(self.first, out, accrued)


def spread(project: Project, tasks: Sequence[Task], starts: Sequence[dt.datetime], finishes: Sequence[dt.datetime],
           amounts: Sequence[float] | FloatArray, first: dt.date, last: dt.date,
           until: dt.datetime | None = None) -> Spread:
    """Each task's amount spread over its working minutes per day, days ``first`` to ``last``
    (which must hold every task's span); with ``until``, ``accrued`` is what had accrued by then."""
    return CashFlow(project, first, last).spread(tasks, starts, finishes, amounts, until)


def _daily(window: Window, jobs: Assigned) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
    """(task, day, working minutes) of every task-day, tasks numbered as in ``jobs``."""
    s = np.clip(jobs.start - window.origin, 0, window.ndays * DAY)
    f = np.clip(jobs.finish - window.origin, 0, window.ndays * DAY)
    keep = np.flatnonzero(s < f)
    if not keep.size:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    clipped = window.clip(jobs)  # renumbers the kept tasks 0..k-1 in order
    job, day, minutes = window.daily_minutes(clipped)
    return keep[clipped.task[job]], day, minutes.astype(np.float64)
