"""The plan as arrays for the passes: leaf tasks, durations, links, constraints, calendars.

The structure (tasks, links, constraint instants) is built once; calendars are attached for
a horizon of days and rebuilt only if the schedule runs past it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import attrgetter

import numpy as np

from headway.engine.calendars import (
    DayPlan,
    DayPlanBuilder,
    continuous,
    intersect,
    intervals,
    resolve,
    resource_plan,
)
from headway.engine.schedule_memo import Same, reused
from headway.engine.worktime import CalendarAxis, IntArray, Intervals
from headway.model import (
    ConstraintType,
    DateOrTime,
    Link,
    LinkType,
    PlanError,
    Problem,
    Project,
    Severity,
    Task,
    TimeUnit,
    WorkingTimeSettings,
)
from headway.model.graph import leaves_of

PRE_DAYS = 400  # calendar days kept before the project start, for negative float
NONE = np.iinfo(np.int64).min // 4  # "no value" in constraint arrays
PROJECT_CALENDAR = 0  # index of the project calendar on every axis


def as_datetime(value: DateOrTime, end_of_day: bool = False) -> dt.datetime:
    """A date-time as written, or a date's start (or end) as midnight."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time()) + (dt.timedelta(days=1) if end_of_day else dt.timedelta())


@dataclass(frozen=True, slots=True)
class WrittenLink:
    """A link as the plan states it, between tasks that may be summaries."""

    predecessor: str
    successor: str
    link: Link


@dataclass
class Network:
    """Leaf tasks (and milestones) in WBS order with everything the passes need."""

    ids: list[str]
    tasks: list[Task]
    origin: dt.datetime
    start_abs: int
    dur: IntArray
    work: IntArray
    elapsed: np.ndarray        # task runs round the clock (elapsed duration)
    floor_abs: IntArray        # earliest start instant (project start or SNET)
    floor_kind: list[str]      # "project_start" or the constraint giving the floor, per task
    fnet_abs: IntArray         # finish-no-earlier-than instant or NONE
    fixed_kind: IntArray       # 0 none, 1 must-start-on, 2 must-finish-on
    fixed_abs: IntArray
    snlt_abs: IntArray         # start-no-later-than instant or NONE
    snlt_is_date: IntArray     # 1 when given as a date alone
    finish_limit_abs: IntArray  # min of finish-no-later-than and deadline, NONE when absent
    written_pred: list[str]    # each link as written: predecessor, successor (maybe summaries)
    written_succ: list[str]
    written_links: list[Link]
    src: IntArray
    dst: IntArray
    link_written: IntArray     # index into ``written`` for each leaf link
    from_finish: np.ndarray
    to_finish: np.ndarray
    wlag: IntArray             # working-time lag in minutes, counted on the successor's ``lag_cal``
    elag: IntArray             # elapsed lag in minutes
    problems: list[Problem] = field(default_factory=list)
    axis: CalendarAxis | None = None
    cal: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    lag_cal: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # per task, see attach_calendars
    calendar_names: list[str] = field(default_factory=list)

    def written_at(self, k: int) -> WrittenLink:
        """The ``k``-th link as the plan states it."""
        return WrittenLink(self.written_pred[k], self.written_succ[k], self.written_links[k])

    def to_abs(self, when: dt.datetime) -> int:
        return int((when - self.origin) // dt.timedelta(minutes=1))

    @property
    def calendars(self) -> CalendarAxis:
        assert self.axis is not None, "attach_calendars first"
        return self.axis


def build_structure(project: Project, leaves: dict[str, list[str]]) -> Network:
    """Arrays for ``project`` except calendars; ``leaves`` maps each task to its leaf tasks."""
    start = as_datetime(project.start)
    origin = dt.datetime.combine(start.date() - dt.timedelta(days=PRE_DAYS), dt.time())
    summaries = {t.parent for t in project.tasks if t.parent is not None}
    tasks = [t for t in project.tasks if t.id not in summaries]
    settings = project.working_time
    dur, work, elapsed = _durations(project, tasks)
    n = len(tasks)
    start_abs = int((start - origin) // dt.timedelta(minutes=1))
    net = Network(
        ids=[t.id for t in tasks], tasks=tasks, origin=origin, start_abs=start_abs,
        dur=dur, work=work, elapsed=elapsed,
        floor_abs=np.full(n, start_abs, np.int64), floor_kind=["project_start"] * n,
        fnet_abs=np.full(n, NONE), fixed_kind=np.zeros(n, np.int64), fixed_abs=np.full(n, NONE),
        snlt_abs=np.full(n, NONE), snlt_is_date=np.zeros(n, np.int64), finish_limit_abs=np.full(n, NONE),
        written_pred=[], written_succ=[], written_links=[], src=np.zeros(0, np.int64), dst=np.zeros(0, np.int64),
        link_written=np.zeros(0, np.int64), from_finish=np.zeros(0, bool), to_finish=np.zeros(0, bool),
        wlag=np.zeros(0, np.int64), elag=np.zeros(0, np.int64))
    _apply_constraints(project, net, leaves, summaries)
    _apply_links(project, net, leaves, settings)
    return net


def _durations(project: Project, tasks: list[Task]) -> tuple[IntArray, IntArray, np.ndarray]:
    """Working minutes, work and round-the-clock flag per leaf task.

    Effort-driven tasks last effort ÷ the sum of their assigned units.
    """
    unit = _unit_table(project.working_time)
    people = project.resources_by_id()
    none = (0.0, unit[id(TimeUnit.DAY)])
    dur_spec = [(t.duration.amount, unit[id(t.duration.unit)]) if t.duration is not None and not t.milestone
                else none for t in tasks]
    effort_spec = [(t.effort.amount, unit[id(t.effort.unit)]) if t.effort is not None and not t.milestone
                   else none for t in tasks]
    units = np.array([sum((a.units if a.units is not None else people[a.resource].units)
                          for a in t.assignments if a.resource in people) if t.assignments else 0.0
                      for t in tasks], float)
    duration = np.array([a * f for a, (f, _) in dur_spec], float)
    effort = np.array([a * f for a, (f, _) in effort_spec], float)
    has_effort = np.array([t.effort is not None and not t.milestone for t in tasks], bool)
    by_effort = has_effort & (units > 0)
    minutes = np.maximum(np.rint(np.where(by_effort, effort / np.where(by_effort, units, 1), duration)), 0)
    work = np.where(has_effort, np.rint(effort), np.rint(minutes * units))
    elapsed = np.array([e for _, (_, e) in dur_spec], bool)
    return minutes.astype(np.int64), work.astype(np.int64), elapsed


def _unit_table(settings: WorkingTimeSettings) -> dict[int, tuple[float, bool]]:
    """Minutes and elapsed flag per time unit, keyed by identity (enum hashing is slow)."""
    return {id(u): (settings.unit_minutes(u), u.elapsed) for u in TimeUnit}


def _apply_constraints(project: Project, net: Network, leaves: dict[str, list[str]],
                       summaries: set[str]) -> None:
    index = {tid: i for i, tid in enumerate(net.ids)}
    for task in project.tasks:
        if task.deadline is None and task.constraint is None:
            continue
        targets = [index[x] for x in leaves_of(leaves, task.id) if x in index]
        if task.deadline is not None:
            _limit_finish(net, targets, as_datetime(task.deadline, end_of_day=True))
        con = task.constraint
        if con is None or con.date is None:
            continue
        kind = con.type
        if task.id in summaries and kind not in (ConstraintType.SNET, ConstraintType.FNLT):
            net.problems.append(Problem(
                "summary_constraint_ignored", f"{kind.value} on a summary task is not applied to its "
                "subtasks", Severity.WARNING, task.id, task.origin,
                "use start-no-earlier-than or finish-no-later-than on a summary, or constrain a subtask"))
            continue
        when = net.to_abs(as_datetime(con.date, end_of_day=kind.on_finish))
        label = f"{kind.value} {con.date}"
        for i in targets:
            if kind is ConstraintType.SNET and when > net.floor_abs[i]:
                net.floor_abs[i], net.floor_kind[i] = when, label
            elif kind is ConstraintType.FNET:
                net.fnet_abs[i], net.floor_kind[i] = max(net.fnet_abs[i], when), label
            elif kind in (ConstraintType.MSO, ConstraintType.MFO):
                net.fixed_kind[i] = 1 if kind is ConstraintType.MSO else 2
                net.fixed_abs[i], net.floor_kind[i] = when, label
            elif kind is ConstraintType.SNLT:
                net.snlt_abs[i] = when
                net.snlt_is_date[i] = 0 if isinstance(con.date, dt.datetime) else 1
        if kind is ConstraintType.FNLT:
            _limit_finish(net, targets, as_datetime(con.date, end_of_day=True))


def _limit_finish(net: Network, targets: list[int], when: dt.datetime) -> None:
    value = net.to_abs(when)
    for i in targets:
        current = net.finish_limit_abs[i]
        net.finish_limit_abs[i] = value if current == NONE else min(current, value)


def _apply_links(project: Project, net: Network, leaves: dict[str, list[str]],
                 settings: WorkingTimeSettings) -> None:
    """Leaf links as arrays; a link on a summary task expands to each leaf beneath it."""
    index = {tid: i for i, tid in enumerate(net.ids)}
    # map/attrgetter run at C speed: this is the hot loop over every link of a big plan
    net.written_links = list(chain.from_iterable(map(attrgetter("links"), project.tasks)))
    net.written_succ = list(chain.from_iterable([t.id] * len(t.links) for t in project.tasks if t.links))
    net.written_pred = list(map(attrgetter("predecessor"), net.written_links))
    pred = np.fromiter(map(index.get, net.written_pred, repeat(-1)), np.int64, len(net.written_pred))
    succ = np.fromiter(map(index.get, net.written_succ, repeat(-1)), np.int64, len(net.written_succ))
    direct = (pred >= 0) & (succ >= 0)  # leaf to leaf, the common case
    src, dst, which = [pred[direct]], [succ[direct]], [np.flatnonzero(direct)]
    for k in np.flatnonzero(~direct).tolist():
        pairs = [(index[a], index[b]) for a in leaves_of(leaves, net.written_pred[k])
                 for b in leaves_of(leaves, net.written_succ[k])]
        src.append(np.array([a for a, _ in pairs], np.int64))
        dst.append(np.array([b for _, b in pairs], np.int64))
        which.append(np.full(len(pairs), k, np.int64))
    order = np.argsort(np.concatenate(which), kind="stable")  # links in the order they were written
    net.link_written = np.concatenate(which)[order]
    net.src, net.dst = np.concatenate(src)[order], np.concatenate(dst)[order]
    kinds = {id(t): (t.from_finish, t.to_finish) for t in LinkType}
    units = _unit_table(settings)
    lags = list(map(attrgetter("lag"), net.written_links))
    types = map(id, map(attrgetter("type"), net.written_links))
    per_kind = np.array(list(map(kinds.__getitem__, types)), bool).reshape(-1, 2)
    per_unit = list(map(units.__getitem__, map(id, map(attrgetter("unit"), lags))))
    amount = np.fromiter(map(attrgetter("amount"), lags), float, len(lags))
    factor = np.array([u[0] for u in per_unit], float)
    elapsed = np.array([u[1] for u in per_unit], bool)[net.link_written]
    minutes = np.rint(amount * factor).astype(np.int64)[net.link_written]
    net.from_finish, net.to_finish = per_kind[net.link_written, 0], per_kind[net.link_written, 1]
    net.wlag = np.where(elapsed, 0, minutes)
    net.elag = np.where(elapsed, minutes, 0)


def horizon_days(project: Project, longest_minutes: int) -> int:
    """Calendar days to precompute after the start: past every date and the longest path."""
    start = as_datetime(project.start).date()
    dates = [start]
    for task in project.tasks:
        if task.deadline is not None:
            dates.append(as_datetime(task.deadline).date())
        if task.constraint is not None and task.constraint.date is not None:
            dates.append(as_datetime(task.constraint.date).date())
    per_day = _slowest_week_minutes_per_day(project)
    path_days = int(longest_minutes / per_day * 1.1) + 30
    return max(366, (max(dates) - start).days + 120, path_days + 60)


def _slowest_week_minutes_per_day(project: Project) -> float:
    """Fewest working minutes per calendar day among the weeks in the plan (≥ 1)."""
    weeks = [resolve(project, None).week]
    weeks += [resolve(project, c.id).week for c in project.calendars]
    weeks += [r.week for r in project.resources if r.week is not None]
    per_day = [sum(rng.minutes for day in week for rng in day) / 7 for week in weeks]
    return max(min((m for m in per_day if m > 0), default=480.0) * 0.8, 1.0)


def attach_calendars(net: Network, project: Project, days_after: int) -> None:
    """Give every task its calendar: elapsed, its own, its people's, or the project's."""
    day0 = net.origin.date()
    ndays = PRE_DAYS + days_after
    builder = DayPlanBuilder.spanning(day0, ndays)
    calendars = TaskCalendars(project, builder, day0, ndays)
    net.cal = np.array([calendars.index_for(t, e) if (e or t.assignments or t.calendar is not None)
                        else PROJECT_CALENDAR for t, e in zip(net.tasks, net.elapsed.tolist(), strict=True)], np.int64)
    # lags into a task count on its own task calendar, else the project's (never people's), as in MS Project
    net.lag_cal = np.array([calendars.index_for_lags(t) for t in net.tasks], np.int64)
    parts = tuple(calendars.intervals)  # kept by the active memo, if any: then so is their stacked axis
    net.axis = reused(("axis", ndays, *map(Same, parts)), lambda: CalendarAxis(parts, ndays * 1440), built_on=parts)
    net.calendar_names = calendars.names
    _snap_dates_to_working_time(net)
    _check_working_time(net)


def _snap_dates_to_working_time(net: Network) -> None:
    """A date alone (midnight) means the project calendar's first working time that day.

    So a round-the-clock task at the project start begins with the working day, not at 00:00.
    """
    axis = net.calendars

    def snap(t: IntArray) -> IntArray:
        at_midnight = t % 1440 == 0
        cal = np.full(len(t), PROJECT_CALENDAR)
        out: IntArray = np.where(at_midnight, axis.start_of(cal, axis.to_work(cal, t)), t)
        return out

    net.start_abs = int(snap(np.array([net.start_abs]))[0])
    net.floor_abs = np.maximum(snap(net.floor_abs), net.start_abs)


def _check_working_time(net: Network) -> None:
    """Every task that takes time needs a calendar with some working time."""
    idle = np.flatnonzero((net.calendars.totals[net.cal] == 0) & (net.dur > 0))
    if idle.size:
        raise PlanError([Problem(
            "no_working_time", f"its calendar ({net.calendar_names[int(net.cal[i])]}) has no working time: "
            "the people assigned never work at the same time", Severity.ERROR, net.ids[int(i)],
            net.tasks[int(i)].origin, "assign people whose hours overlap, or split the task per person")
            for i in idle.tolist()])


class TaskCalendars:
    """Gives each task the index of its calendar, building each distinct calendar once."""

    def __init__(self, project: Project, builder: DayPlanBuilder, origin: dt.date, ndays: int) -> None:
        self.project, self.builder, self.origin, self.ndays = project, builder, origin, ndays
        self.people = project.resources_by_id()
        self.names: list[str] = []
        self.intervals: list[Intervals] = []
        self._keys: dict[tuple[str, ...], int] = {}
        self._plans: dict[str, DayPlan] = {}
        self._add(("calendar", project.calendar or "standard"), None)

    def _add(self, key: tuple[str, ...], calendar_id: str | None) -> int:
        if key not in self._keys:
            self._keys[key] = len(self.names)
            self.names.append("+".join(key[1:]) or key[0])
            if key[0] == "24h":
                self.intervals.append(continuous(self.ndays))
            elif key[0] == "people":
                plan = intersect([self._person(r) for r in key[1:]])
                self.intervals.append(intervals(plan, self.origin))
            else:
                self.intervals.append(intervals(self.builder.build(resolve(self.project, calendar_id)), self.origin))
        return self._keys[key]

    def _person(self, rid: str) -> DayPlan:
        if rid not in self._plans:
            self._plans[rid] = resource_plan(self.builder, self.project, self.people[rid])
        return self._plans[rid]

    def index_for_lags(self, task: Task) -> int:
        """The calendar a working lag into ``task`` counts on: its task calendar or the project's."""
        return PROJECT_CALENDAR if task.calendar is None else self._add(("calendar", task.calendar), task.calendar)

    def index_for(self, task: Task, elapsed: bool) -> int:
        if elapsed:
            return self._add(("24h",), None)
        if task.calendar is not None:
            return self._add(("calendar", task.calendar), task.calendar)
        people = sorted({a.resource for a in task.assignments if a.resource in self.people})
        if not people:
            return PROJECT_CALENDAR
        return self._add(("people", *people), None)
