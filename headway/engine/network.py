"""The plan as arrays for the passes: leaf tasks, durations, calendars, links, constraints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from headway.engine.calendars import (
    DayPlan,
    DayPlanBuilder,
    HolidayCache,
    continuous,
    intersect,
    intervals,
    resolve,
    resource_plan,
)
from headway.engine.worktime import CalendarAxis, Intervals, IntArray
from headway.model import (
    ConstraintType,
    DateOrTime,
    Problem,
    Project,
    Severity,
    Task,
)
from headway.model.graph import LeafLink, leaf_descendants, leaf_links

PRE_DAYS = 400  # calendar days kept before the project start, for negative float
NONE = np.iinfo(np.int64).min // 4  # "no value" in constraint arrays


def as_datetime(value: DateOrTime, end_of_day: bool = False) -> dt.datetime:
    """A date-time as written, or a date's start (or end) as midnight."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time()) + (dt.timedelta(days=1) if end_of_day else dt.timedelta())


@dataclass
class Network:
    """Leaf tasks (and milestones) in WBS order with everything the passes need."""

    ids: list[str]
    tasks: list[Task]
    origin: dt.datetime
    start_abs: int
    axis: CalendarAxis
    calendar_names: list[str]
    cal: IntArray
    dur: IntArray
    work: IntArray
    floor_abs: IntArray       # earliest start instant (project start or SNET)
    floor_kind: list[str]     # "project_start" or the constraint giving the floor, per task
    fnet_abs: IntArray        # finish-no-earlier-than instant or NONE
    fixed_kind: IntArray      # 0 none, 1 must-start-on, 2 must-finish-on
    fixed_abs: IntArray
    snlt_abs: IntArray        # start limits (NONE when absent); snlt_is_date: date-only value
    snlt_is_date: IntArray
    finish_limit_abs: IntArray  # min of FNLT and deadline, NONE when absent
    links: list[LeafLink]
    src: IntArray
    dst: IntArray
    from_finish: np.ndarray
    to_finish: np.ndarray
    wlag: IntArray
    elag: IntArray
    problems: list[Problem]

    def to_abs(self, when: dt.datetime) -> int:
        return int((when - self.origin) // dt.timedelta(minutes=1))


def horizon_days(project: Project) -> int:
    """Calendar days to precompute after the start: three years or a year past the last date."""
    start = as_datetime(project.start).date()
    dates = [start]
    for task in project.tasks:
        if task.deadline is not None:
            dates.append(as_datetime(task.deadline).date())
        if task.constraint is not None and task.constraint.date is not None:
            dates.append(as_datetime(task.constraint.date).date())
    return max(3 * 366, (max(dates) - start).days + 366)


def build_network(project: Project, days_after: int) -> Network:
    """Arrays for ``project`` with calendars precomputed ``days_after`` days past its start."""
    start = as_datetime(project.start)
    day0 = start.date() - dt.timedelta(days=PRE_DAYS)
    ndays = PRE_DAYS + days_after
    origin = dt.datetime.combine(day0, dt.time())
    builder = DayPlanBuilder(day0, ndays, HolidayCache(range(day0.year, day0.year + ndays // 365 + 2)))
    leaves = leaf_descendants(project)
    summaries = project.summary_ids()
    tasks = [t for t in project.tasks if t.id not in summaries]
    calendars = _TaskCalendars(project, builder, origin.date(), ndays)
    settings = project.working_time
    resources = project.resources_by_id()
    cal_idx, dur, work = [], [], []
    for task in tasks:
        units = sum((a.units if a.units is not None else resources[a.resource].units)
                    for a in task.assignments if a.resource in resources)
        if task.milestone:
            minutes = 0
        elif task.effort is not None and units > 0:
            minutes = round(task.effort.minutes(settings) / units)
        elif task.duration is not None:
            minutes = task.duration.minutes(settings)
        else:
            minutes = 0
        elapsed = task.duration is not None and task.duration.elapsed and not task.milestone
        cal_idx.append(calendars.index_for(task, elapsed))
        dur.append(max(minutes, 0))
        work.append(task.effort.minutes(settings) if task.effort is not None else round(minutes * units))
    axis = CalendarAxis(calendars.intervals, ndays * 1440)
    net = Network(
        ids=[t.id for t in tasks], tasks=tasks, origin=origin,
        start_abs=int((start - origin) // dt.timedelta(minutes=1)), axis=axis,
        calendar_names=calendars.names, cal=np.array(cal_idx, np.int64),
        dur=np.array(dur, np.int64), work=np.array(work, np.int64),
        floor_abs=np.zeros(len(tasks), np.int64), floor_kind=["project_start"] * len(tasks),
        fnet_abs=np.full(len(tasks), NONE), fixed_kind=np.zeros(len(tasks), np.int64),
        fixed_abs=np.full(len(tasks), NONE), snlt_abs=np.full(len(tasks), NONE),
        snlt_is_date=np.zeros(len(tasks), np.int64), finish_limit_abs=np.full(len(tasks), NONE),
        links=[], src=np.zeros(0, np.int64), dst=np.zeros(0, np.int64),
        from_finish=np.zeros(0, bool), to_finish=np.zeros(0, bool),
        wlag=np.zeros(0, np.int64), elag=np.zeros(0, np.int64), problems=[])
    net.floor_abs[:] = net.start_abs
    _apply_constraints(project, net, leaves, summaries)
    _apply_links(project, net)
    return net


class _TaskCalendars:
    """Gives each task the index of its calendar, building each distinct calendar once."""

    def __init__(self, project: Project, builder: DayPlanBuilder, origin: dt.date, ndays: int) -> None:
        self.project, self.builder, self.origin, self.ndays = project, builder, origin, ndays
        self.names: list[str] = []
        self.intervals: list[Intervals] = []
        self._keys: dict[tuple[str, ...], int] = {}
        self._plans: dict[str, DayPlan] = {}
        self.index_for_key(("calendar", project.calendar or "standard"), lambda: self._calendar(project.calendar))

    def _calendar(self, cal_id: str | None) -> Intervals:
        return intervals(self.builder.build(resolve(self.project, cal_id)), self.origin)

    def _person(self, rid: str) -> DayPlan:
        if rid not in self._plans:
            res = self.project.resources_by_id()[rid]
            self._plans[rid] = resource_plan(self.builder, self.project, res)
        return self._plans[rid]

    def index_for_key(self, key: tuple[str, ...], make: object) -> int:
        if key not in self._keys:
            self._keys[key] = len(self.names)
            self.names.append("+".join(key[1:]) or key[0])
            self.intervals.append(make())  # type: ignore[operator]
        return self._keys[key]

    def index_for(self, task: Task, elapsed: bool) -> int:
        if elapsed:
            return self.index_for_key(("24h",), lambda: continuous(self.ndays))
        if task.calendar is not None:
            return self.index_for_key(("calendar", task.calendar), lambda: self._calendar(task.calendar))
        people = sorted({a.resource for a in task.assignments
                         if a.resource in self.project.resources_by_id()})
        if not people:
            return 0
        key = ("people", *people)
        return self.index_for_key(
            key, lambda: intervals(intersect([self._person(r) for r in people]), self.origin))


def _apply_constraints(project: Project, net: Network, leaves: dict[str, list[str]],
                       summaries: set[str]) -> None:
    index = {tid: i for i, tid in enumerate(net.ids)}
    for task in project.tasks:
        targets = [index[x] for x in leaves[task.id] if x in index]
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
        for i in targets:
            if kind is ConstraintType.SNET and when > net.floor_abs[i]:
                net.floor_abs[i] = when
                net.floor_kind[i] = f"{kind.value} {con.date}"
            elif kind is ConstraintType.FNET:
                net.fnet_abs[i] = max(net.fnet_abs[i], when)
                net.floor_kind[i] = f"{kind.value} {con.date}"
            elif kind in (ConstraintType.MSO, ConstraintType.MFO):
                net.fixed_kind[i] = 1 if kind is ConstraintType.MSO else 2
                net.fixed_abs[i] = when
                net.floor_kind[i] = f"{kind.value} {con.date}"
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


def _apply_links(project: Project, net: Network) -> None:
    index = {tid: i for i, tid in enumerate(net.ids)}
    settings = project.working_time
    links = [ll for ll in leaf_links(project) if ll.predecessor in index and ll.successor in index]
    net.links = links
    net.src = np.array([index[ll.predecessor] for ll in links], np.int64)
    net.dst = np.array([index[ll.successor] for ll in links], np.int64)
    net.from_finish = np.array([ll.link.type.from_finish for ll in links], bool)
    net.to_finish = np.array([ll.link.type.to_finish for ll in links], bool)
    lags = [ll.link.lag.minutes(settings) for ll in links]
    elapsed = [ll.link.lag.elapsed for ll in links]
    net.wlag = np.array([0 if e else m for m, e in zip(lags, elapsed, strict=True)], np.int64)
    net.elag = np.array([m if e else 0 for m, e in zip(lags, elapsed, strict=True)], np.int64)
