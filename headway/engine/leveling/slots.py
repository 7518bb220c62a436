"""Task calendars on the leveling grid: which slots of project working time each task may use.

The grid counts slots of ``slot`` working minutes of the project calendar from the project
start. A task's calendar (its own, or its people's with their weeks and vacations) works in
a slot when it works throughout that slot; time a person works outside the project calendar
is not used, which can only make a leveled task later, never over-allocate anyone.
"""

from __future__ import annotations

import numpy as np

from headway.engine.calendars import DayPlanBuilder
from headway.engine.clock import ProjectClock
from headway.engine.leveling.problem import BoolArray
from headway.engine.network import TaskCalendars
from headway.engine.worktime import CalendarAxis, IntArray
from headway.model import Assignment, Project, Task

CONTINUOUS = -1  # the project calendar itself: every slot works


class SlotCalendars:
    """Gives tasks calendar indices on the grid, each distinct calendar's working slots built once."""

    def __init__(self, project: Project, clock: ProjectClock, slot: int, horizon: int) -> None:
        self.slot, self.horizon = slot, horizon
        total = horizon * slot
        # pieces: the grid's slots cut where the project calendar stops (lunch, nights)
        breaks = clock.axis.cum - clock.base
        cuts = np.union1d(np.arange(0, total, slot), breaks[(breaks > 0) & (breaks < total)])
        self._length = np.diff(np.append(cuts, total))
        self._start = clock.axis.start_of(np.zeros(len(cuts), np.int64), clock.base + cuts)
        self._slot_of = cuts // slot
        days = int((self._start[-1] + self._length[-1]) // 1440) + 2 if len(cuts) else 2
        day0 = clock.origin.date()
        self._calendars = TaskCalendars(project, DayPlanBuilder.spanning(day0, days), day0, days)
        self._days = days
        self._index: dict[tuple[str, ...], int] = {}
        self._masks: dict[tuple[str, ...], BoolArray] = {}
        self._people = project.resources_by_id()
        self.work: list[IntArray] = []

    def index_for(self, task: Task) -> int:
        """The grid calendar of ``task`` as planned (``CONTINUOUS`` for the project calendar).

        A task's own calendar wins; else it works when all its people do (as in CPM).
        """
        if task.calendar is not None:
            key: tuple[str, ...] = ("calendar", task.calendar)
            mask = self._mask(key, task)
        else:
            people = sorted({a.resource for a in task.assignments if a.resource in self._people})
            if not people:
                return CONTINUOUS
            key = ("people", *people)
            mask = None
        if key not in self._index:
            if mask is None:
                masks = [self._mask(("person", rid), Task("_", assignments=(Assignment(rid),))) for rid in key[1:]]
                mask = np.logical_and.reduce(masks)
            work = np.flatnonzero(mask).astype(np.int64)
            if len(work) == self.horizon:  # works whenever the project does
                self._index[key] = CONTINUOUS
            else:
                self._index[key] = len(self.work)
                self.work.append(work)
        return self._index[key]

    def _mask(self, key: tuple[str, ...], probe: Task) -> BoolArray:
        """Whether the calendar CPM would give ``probe`` works throughout each slot (cached)."""
        if key not in self._masks:
            self._masks[key] = self._working(self._calendars.index_for(probe, False))
        return self._masks[key]

    def _working(self, source: int) -> BoolArray:
        """Slots in which calendar ``source`` works throughout every piece of project time."""
        axis = CalendarAxis([self._calendars.intervals[source]], self._days * 1440)
        cal = np.zeros(len(self._start), np.int64)
        done = axis.to_work(cal, self._start + self._length) - axis.to_work(cal, self._start)
        short = np.bincount(self._slot_of, weights=(done < self._length), minlength=self.horizon)
        out: BoolArray = short == 0
        return out
