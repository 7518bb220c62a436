"""Working minutes per day over a window of days: of each assigned task (on its own calendar) and of people.

Every calendar here is a day plan over the window (a pattern of hours per day). A task's
calendar is the scheduler's: round the clock for an elapsed duration, its own calendar, the
hours all its people work, or the project calendar. People's plans are intersected only on
the days each task runs, for all tasks at once, so a plan with hundreds of different teams
costs no more than one with a single team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.calendars import DAY, DayPlan, DayPlanBuilder, intersect, resolve, resource_plan
from headway.engine.results import Schedule
from headway.engine.worktime import IntArray
from headway.model import DayHours, Project, Resource, Task, TimeRange, TimeUnit

FloatArray = npt.NDArray[np.float64]
EPOCH = dt.datetime(1970, 1, 1)
ELAPSED_UNITS = frozenset(id(u) for u in TimeUnit if u.elapsed)
ALL_DAY: DayHours = (TimeRange(0, DAY),)


@dataclass(frozen=True, eq=False)
class Assigned:
    """Leaf tasks that take time and have chosen people: per task its span (minutes since
    ``EPOCH``, local wall clock); per job (a task's chosen person) the task, person and units."""

    tasks: tuple[Task, ...]
    start: IntArray
    finish: IntArray
    task: IntArray
    person: IntArray
    units: FloatArray


def assigned(project: Project, result: Schedule, chosen: dict[str, int]) -> Assigned:
    """The assignments of the people in ``chosen`` (id → person number) on ``result``'s dates."""
    people = project.resources_by_id()
    tasks: list[Task] = []
    starts: list[dt.datetime] = []
    finishes: list[dt.datetime] = []
    task: list[int] = []
    person: list[int] = []
    units: list[float] = []
    for t in project.tasks:
        mine = [a for a in t.assignments if a.resource in chosen]
        if not mine:
            continue
        st = result.task(t.id)
        if st.summary or st.finish <= st.start:
            continue
        for a in mine:
            task.append(len(tasks))
            person.append(chosen[a.resource])
            units.append(a.units if a.units is not None else people[a.resource].units)
        tasks.append(t)
        starts.append(st.start)
        finishes.append(st.finish)
    return Assigned(tuple(tasks), _minutes(starts), _minutes(finishes), np.array(task, np.int64),
                    np.array(person, np.int64), np.array(units, float))


def _minutes(when: list[dt.datetime]) -> IntArray:
    minute = dt.timedelta(minutes=1)
    return np.fromiter(((w - EPOCH) // minute for w in when), np.int64, len(when))


def day_of(minutes: int) -> dt.date:
    """The date of an instant in minutes since ``EPOCH``."""
    return (EPOCH + dt.timedelta(minutes=minutes)).date()


class Window:
    """Days ``day0`` to ``day0 + ndays`` (excluded) and the day plans of people and calendars there."""

    def __init__(self, project: Project, day0: dt.date, ndays: int) -> None:
        self.project, self.day0, self.ndays = project, day0, ndays
        self.builder = DayPlanBuilder.spanning(day0, ndays)
        self.origin = (dt.datetime.combine(day0, dt.time()) - EPOCH) // dt.timedelta(minutes=1)
        self._people = project.resources_by_id()
        self._rows: dict[tuple[str, str | None], int] = {}
        self._plans: list[DayPlan] = []

    def _row(self, kind: str, key: str | None) -> int:
        """The plan of a person, a calendar (None: the project's) or round-the-clock time ("24h")."""
        if (kind, key) not in self._rows:
            if kind == "person" and key is not None:
                plan = resource_plan(self.builder, self.project, self._people[key])
            elif kind == "calendar":
                plan = self.builder.build(resolve(self.project, key))
            else:
                plan = DayPlan(self.day0, ((), ALL_DAY), np.ones(self.ndays, np.int32))
            self._rows[kind, key] = len(self._plans)
            self._plans.append(plan)
        return self._rows[kind, key]

    def available(self, person: Resource) -> IntArray:
        """A person's working minutes on each day of the window (calendar, personal week, vacations)."""
        plan = self._plans[self._row("person", person.id)]
        per_pattern = np.array([sum(r.minutes for r in hours) for hours in plan.patterns], np.int64)
        out: IntArray = per_pattern[plan.index]
        return out

    def clip(self, jobs: Assigned) -> Assigned:
        """``jobs`` inside the window, spans clipped to it in minutes from ``day0`` midnight."""
        s = np.clip(jobs.start - self.origin, 0, self.ndays * DAY)
        f = np.clip(jobs.finish - self.origin, 0, self.ndays * DAY)
        keep = s < f
        renumber = np.cumsum(keep) - 1
        job_keep = keep[jobs.task]
        return Assigned(tuple(t for t, k in zip(jobs.tasks, keep.tolist(), strict=True) if k), s[keep], f[keep],
                        renumber[jobs.task[job_keep]], jobs.person[job_keep], jobs.units[job_keep])

    def daily_minutes(self, jobs: Assigned) -> tuple[IntArray, IntArray, IntArray]:
        """For each (job, day) its task's span touches: job, day and the task's working minutes that day.

        ``jobs`` must be clipped to the window.
        """
        members = [self._members(t) for t in jobs.tasks]
        count = (jobs.finish - 1) // DAY - jobs.start // DAY + 1
        task, k = _expand(count)
        day = jobs.start[task] // DAY + k
        lo = np.clip(jobs.start[task] - day * DAY, 0, DAY)
        hi = np.clip(jobs.finish[task] - day * DAY, 0, DAY)
        minutes = _minutes_within(self._shared_hours(members, task, day), lo, hi)
        job, k = _expand(count[jobs.task])
        pair = (np.cumsum(count) - count)[jobs.task[job]] + k
        return job, day[pair], minutes[pair]

    def _members(self, task: Task) -> list[int]:
        """The plans whose common hours are the task's calendar, as the scheduler picks it."""
        if task.duration is not None and not task.milestone and id(task.duration.unit) in ELAPSED_UNITS:
            return [self._row("24h", None)]
        if task.calendar is not None:
            return [self._row("calendar", task.calendar)]
        names = sorted({a.resource for a in task.assignments if a.resource in self._people})
        return [self._row("person", n) for n in names] or [self._row("calendar", None)]

    def _shared_hours(self, members: list[list[int]], task: IntArray, day: IntArray) -> DayPlan:
        """The hours of each (task, day) pair: its members' plans intersected on that day."""
        neutral = self._row("24h", None)
        width = max(map(len, members), default=1)
        grid = np.array([m + [neutral] * (width - len(m)) for m in members], np.int64).reshape(-1, width)
        table: dict[DayHours, int] = {}
        per_row = [np.array([table.setdefault(h, len(table)) for h in p.patterns], np.int32)[p.index]
                   for p in self._plans]
        ids = np.stack(per_row)
        patterns = tuple(table)
        # intersect() pairs plans index by index; here an index is a (task, day) pair, not a day
        return intersect([DayPlan(self.day0, patterns, ids[grid[task, c], day]) for c in range(width)])


def _expand(count: IntArray) -> tuple[IntArray, IntArray]:
    """``i`` repeated ``count[i]`` times, with each repeat's number 0, 1, …"""
    owner = np.repeat(np.arange(len(count), dtype=np.int64), count)
    k = np.arange(len(owner), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    return owner, k


def _minutes_within(plan: DayPlan, lo: IntArray, hi: IntArray) -> IntArray:
    """Working minutes of each entry's hours between minutes ``lo`` and ``hi`` of its day."""
    width = max(map(len, plan.patterns), default=1) or 1
    starts = np.zeros((len(plan.patterns), width), np.int64)
    ends = np.zeros((len(plan.patterns), width), np.int64)
    for i, hours in enumerate(plan.patterns):
        for j, rng in enumerate(hours):
            starts[i, j], ends[i, j] = rng.start, rng.end
    s, e = starts[plan.index], ends[plan.index]
    out: IntArray = np.clip(np.minimum(e, hi[:, None]) - np.maximum(s, lo[:, None]), 0, None).sum(axis=1)
    return out
