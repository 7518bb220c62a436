"""Who works on what, when: assignment spans, over-allocation findings and time-phased usage.

Usage spreads each assignment's work over the working minutes of its task's span on the task's
own calendar (× the assignment's units), so a full-time 5-day task gives 480 minutes a day;
availability is each person's working minutes (calendar, personal week, vacations) × units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from headway.engine.cpm import schedule
from headway.engine.daily_work import EPOCH, Assigned, Window, assigned, day_of
from headway.engine.periods import Granularity, Period, day_to_period, periods
from headway.engine.results import Schedule
from headway.engine.worktime import IntArray
from headway.model import Problem, Project, Severity

FloatArray = npt.NDArray[np.float64]
UNIT_SCALE = 10_000  # units as integers for the exact instantaneous sweep
TOLERANCE = 1e-9

Span = tuple[dt.datetime, dt.datetime, float, str]  # start, finish, units, task id


def assignment_spans(project: Project, result: Schedule) -> dict[str, list[Span]]:
    """Per person: (start, finish, units, task) of every assignment that takes time."""
    people = project.resources_by_id()
    out: dict[str, list[Span]] = {}
    for task in project.tasks:
        if not task.assignments:
            continue
        st = result.task(task.id)
        if st.summary or st.finish <= st.start:
            continue
        for a in task.assignments:
            units = a.units if a.units is not None else people[a.resource].units
            out.setdefault(a.resource, []).append((st.start, st.finish, units, task.id))
    return out


def overallocations(project: Project, result: Schedule) -> list[Problem]:
    """One warning per person who is ever asked for more than their units, at the worst moment."""
    people = project.resources_by_id()
    found = []
    for rid, spans in assignment_spans(project, result).items():
        events = sorted([(s, u, t) for s, _, u, t in spans] + [(f, -u, t) for _, f, u, t in spans],
                        key=lambda e: (e[0], e[1]))
        load = 0.0
        running: set[str] = set()
        worst: tuple[float, dt.datetime, list[str]] | None = None
        for when, change, tid in events:
            load += change
            if change > 0:
                running.add(tid)
            else:
                running.discard(tid)
            if load > people[rid].units + 1e-9 and (worst is None or load > worst[0]):
                worst = (load, when, sorted(running))
        if worst is not None:
            load_peak, when, tasks = worst
            found.append(Problem(
                "over_allocated", f"asked for {load_peak:.0%} of {people[rid].units:.0%} at {when:%Y-%m-%d %H:%M} "
                f"({', '.join(tasks[:5])}{' and more' if len(tasks) > 5 else ''})", Severity.WARNING, rid,
                people[rid].origin, "run 'headway level' to move tasks, or assign someone else"))
    return found


def findings(project: Project) -> list[Problem]:
    """Everything worth telling about a plan once scheduled: its problems and over-allocations.

    Raises ``PlanError`` when the plan cannot be scheduled.
    """
    result = schedule(project)
    return [*result.problems, *overallocations(project, result)]


@dataclass(frozen=True, eq=False)
class ResourceUsage:
    """One person's assigned work and available working time per period, in minutes."""

    id: str
    name: str
    units: float
    periods: tuple[Period, ...]
    work: FloatArray
    available: FloatArray  # working minutes of their calendar × units
    overlapping: bool  # asked for more than their units at some instant of the range

    @property
    def load(self) -> FloatArray:
        """Work ÷ available per period (infinite for work where they have no working time)."""
        idle = np.where(self.work > TOLERANCE, np.inf, 0.0)
        out: FloatArray = np.divide(self.work, self.available, out=idle, where=self.available > 0)
        return out

    @property
    def over(self) -> npt.NDArray[np.bool_]:
        """Periods with more work than available time."""
        out: npt.NDArray[np.bool_] = self.work > self.available * (1 + TOLERANCE) + 1e-6
        return out

    @property
    def total_work(self) -> float:
        return float(self.work.sum())

    @property
    def total_available(self) -> float:
        return float(self.available.sum())

    @property
    def peak(self) -> tuple[float, Period | None]:
        """The highest load and the first period with it (None when there is no work)."""
        load = self.load
        if not load.size or load.max() <= 0:
            return 0.0, None
        i = int(np.argmax(load))
        return float(load[i]), self.periods[i]

    @property
    def over_allocated(self) -> bool:
        """Loaded above 100% in some period, or asked for more than their units at some instant."""
        return self.overlapping or bool(self.over.any())


@dataclass(frozen=True, eq=False)
class Usage:
    """Time-phased usage of the chosen people over whole periods, with the tasks behind each cell."""

    by: Granularity
    periods: tuple[Period, ...]
    resources: tuple[ResourceUsage, ...]
    task_ids: tuple[str, ...]
    cells: IntArray  # sorted cell (person × len(periods) + period) of each (cell, task) contribution
    tasks: IntArray  # index into task_ids
    minutes: FloatArray
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {r.id: k for k, r in enumerate(self.resources)})

    def resource(self, resource_id: str) -> ResourceUsage:
        """The usage of ``resource_id``; KeyError if it was not chosen."""
        return self.resources[self._index[resource_id]]

    def contributions(self, resource_id: str, period: int) -> list[tuple[str, float]]:
        """The tasks giving ``resource_id`` work in period number ``period``, with their minutes."""
        cell = self._index[resource_id] * len(self.periods) + period
        lo, hi = np.searchsorted(self.cells, [cell, cell + 1])
        return [(self.task_ids[t], float(m)) for t, m in
                zip(self.tasks[lo:hi].tolist(), self.minutes[lo:hi].tolist(), strict=True)]


def resource_usage(project: Project, result: Schedule, *, by: Granularity = "day", first: dt.date | None = None,
                   last: dt.date | None = None, resources: Sequence[str] | None = None) -> Usage:
    """Work, availability and load per person (all, or ``resources`` in that order) and period.

    The range covers every assignment (or ``first`` to ``last``), widened to whole periods;
    work outside it is left out. KeyError for an unknown resource id.
    """
    people = project.resources_by_id()
    chosen = [people[r] for r in resources] if resources is not None else list(project.resources)
    everything = assigned(project, result, {r.id: k for k, r in enumerate(chosen)})
    start, finish = _minute(result.start), max(_minute(result.finish), _minute(result.start) + 1)
    lo = first or min(day_of(int(everything.start.min(initial=start))), last or dt.date.max)
    hi = last or max(day_of(int(everything.finish.max(initial=finish)) - 1), lo)  # the last working minute's day
    if hi < lo:
        raise ValueError(f"the range ends ({hi}) before it starts ({lo})")
    span = periods(lo, hi, by)
    window = Window(project, span[0].start, (span[-1].end - span[0].start).days)
    jobs = window.clip(everything)
    job, day, minutes = window.daily_minutes(jobs)
    nper = len(span)
    day_period = day_to_period(span)
    cell = jobs.person[job] * nper + day_period[day]
    work = minutes * jobs.units[job]
    grid = _sum_by(cell, work, len(chosen) * nper).reshape(len(chosen), nper)
    overlapping = _overlapping(jobs, np.array([r.units for r in chosen], float))
    out = tuple(ResourceUsage(r.id, r.name or r.id, r.units, span, grid[k],
                              _sum_by(day_period, window.available(r) * r.units, nper), bool(overlapping[k]))
                for k, r in enumerate(chosen))
    return Usage(by, span, out, tuple(t.id for t in jobs.tasks), *_by_cell_and_task(cell, jobs.task[job], work))


def _minute(when: dt.datetime) -> int:
    return (when - EPOCH) // dt.timedelta(minutes=1)


def _sum_by(index: IntArray, weights: npt.NDArray[np.floating[Any]] | IntArray, size: int) -> FloatArray:
    return np.bincount(index, weights=weights, minlength=size).astype(np.float64)


def _by_cell_and_task(cell: IntArray, task: IntArray, work: FloatArray) -> tuple[IntArray, IntArray, FloatArray]:
    """Work summed per (cell, task), sorted by cell then task, without empty entries."""
    ntasks = int(task.max()) + 1 if task.size else 1
    key, inverse = np.unique(cell * ntasks + task, return_inverse=True)
    minutes = _sum_by(inverse.reshape(-1), work, len(key))
    keep = minutes > TOLERANCE
    return key[keep] // ntasks, key[keep] % ntasks, minutes[keep]


def _overlapping(jobs: Assigned, capacity: FloatArray) -> npt.NDArray[np.bool_]:
    """Per person: whether the units of their simultaneous assignments ever exceed their own.

    One sweep over everyone's start (+units) and finish (−units) events, sorted by person, time,
    finishes first; each person's events sum to zero, so one running sum serves all.
    """
    units = np.rint(jobs.units * UNIT_SCALE).astype(np.int64)
    times = np.concatenate([jobs.start[jobs.task], jobs.finish[jobs.task]])
    delta = np.concatenate([units, -units])
    who = np.concatenate([jobs.person, jobs.person])
    order = np.lexsort((delta, times, who))
    load = np.cumsum(delta[order])
    limit = np.rint(capacity * UNIT_SCALE).astype(np.int64)
    out = np.zeros(len(capacity), bool)
    out[who[order][load > limit[who[order]]]] = True
    return out
