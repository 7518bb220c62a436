"""From a plan to the integer leveling problem, calendars and all.

The plan is first scheduled without resources (CPM). The grid counts slots of project working
time from the project start; a slot is the largest length (15 minutes to a day) that every
duration, lag and calendar boundary is a multiple of, so rounding is rare, and where it
happens it only makes tasks longer. Each leaf task becomes a job that works ``duration``
slots in the slots its calendar (its people's weeks, vacations and holidays) works; each
person is a resource of ``units`` × 100; links keep their type and lag; must-start/finish-on
and "do not level" tasks stay where CPM put them; a start-no-earlier-than or a leveling delay
is a release; leveling within float gives each task its late start as the latest.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from headway.engine.calendars import resolve
from headway.engine.clock import ProjectClock
from headway.engine.cpm import schedule
from headway.engine.leveling.problem import Choice, RcpspProblem
from headway.engine.leveling.slots import CONTINUOUS, SlotCalendars
from headway.engine.network import as_datetime
from headway.engine.progress import progress_as_of
from headway.engine.results import Schedule
from headway.model import DayHours, Project, Resource, Task, TimeRange
from headway.model.graph import LeafLink, leaf_links

UNITS = 100  # capacity and demand are whole percentages


@dataclass(frozen=True)
class PlanProblem:
    """The integer problem of a plan and how to read its slots back."""

    problem: RcpspProblem
    slot: int  # project working minutes per slot
    clock: ProjectClock
    baseline: Schedule  # the resource-free schedule it came from
    choices: tuple[tuple[str, int], ...] = ()  # per problem choice: (task id, assignment index)


def plan_problem(project: Project, priority: Mapping[str, int] | None = None, *, within_float: bool = False,
                 base: Schedule | None = None, stretch: int = 1) -> PlanProblem:
    """The leveling problem of ``project`` (raises PlanError for plans that cannot schedule).

    ``priority`` overrides task priorities by id (a portfolio ranks whole projects this way);
    higher goes first, and the scale is free. ``stretch`` multiplies the room the grid leaves
    after the unleveled finish (the caller retries with more when a plan needs it).
    """
    base = base if base is not None else schedule(project)
    by_id = project.tasks_by_id()
    leaves = [t for t in base.tasks if not t.summary]
    tasks = [by_id[t.id] for t in leaves]
    early_clock = ProjectClock(project, base.finish.date() + dt.timedelta(days=30))
    starts = early_clock.minutes_of([t.early_start for t in leaves]).tolist()
    finishes = early_clock.minutes_of([t.early_finish for t in leaves]).tolist()
    spans = [max(f - s, 0) for f, s in zip(finishes, starts, strict=True)]
    elapsed = [t.duration is not None and t.duration.elapsed for t in tasks]
    begun = _started(project)  # work that has started stays where it is, as progress says
    work = [0 if st.milestone else (span if el else st.duration_minutes)
            for st, span, el in zip(leaves, spans, elapsed, strict=True)]
    links = leaf_links(project)
    lags = [_lag_minutes(project, link.link.lag.minutes(project.working_time), link.link.lag.elapsed)
            for link in links]
    per_day = round(project.working_time.hours_per_day * 60)
    slot = _slot([*(w for w, st in zip(work, leaves, strict=True) if st.id not in begun), *lags,
                  *_boundaries(project)], per_day)
    # a started task holds its people over its whole span: first to last slot it touches
    duration = np.array([-(-(s + span) // slot) - s // slot if st.id in begun and not st.milestone
                         else math.ceil(w / slot)
                         for st, s, span, w in zip(leaves, starts, spans, work, strict=True)], np.int64)
    people = project.resources_by_id()
    ids = tuple(people)
    capacity = np.array([round(people[r].units * UNITS) for r in ids], np.int64)
    horizon = _horizon(starts, duration, tasks, project, slot, stretch)
    week = max(_week_minutes(resolve(project, None).week), 60)
    until = base.start.date() + dt.timedelta(days=math.ceil(horizon * slot * 7 / week * 1.1) + 60)
    clock = ProjectClock(project, until)  # holidays only shorten the weeks: 10% and two months spare
    calendars = SlotCalendars(project, clock, slot, horizon)
    calendar = np.array([calendars.index_for(t) if d and not el and t.id not in begun else CONTINUOUS
                         for t, d, el in zip(tasks, duration.tolist(), elapsed, strict=True)], np.int64)
    index = {t.id: i for i, t in enumerate(leaves)}
    pred, succ, lag, from_finish, to_finish = _links(links, index, lags, slot)
    delay = lag + np.where(from_finish, duration[pred], 0) - np.where(to_finish, duration[succ], 0)
    choices, where = _choices(tasks, ids, people, calendars, duration, elapsed)
    demand = _demand(tasks, ids, capacity, people, set(where))
    fixed = np.array([s // slot if is_fixed(t) or t.id in begun else -1 for t, s in zip(tasks, starts, strict=True)],
                     np.int64)
    release = np.array([_release(project, t, clock, s, slot) for t, s in zip(tasks, starts, strict=True)], np.int64)
    due = _due(tasks, clock, slot)
    latest = (clock.minutes_of([st.late_start for st in leaves]) // slot if within_float
              else np.full(len(leaves), -1, np.int64))
    problem = RcpspProblem(
        names=tuple(t.id for t in leaves), duration=duration, demand=demand, resources=ids,
        capacity=np.repeat(capacity[:, None], horizon, axis=1), pred=pred, succ=succ, delay=delay,
        release=release, priority=np.array([_priority(t, priority) for t in tasks], np.int64), fixed=fixed,
        calendar=calendar, work=tuple(calendars.work), lag=lag, from_finish=from_finish, to_finish=to_finish,
        choices=choices, latest=latest, due=due)
    return PlanProblem(problem, slot, clock, base, where)


def _priority(task: Task, override: Mapping[str, int] | None) -> int:
    return override.get(task.id, task.priority) if override is not None else task.priority


def _lag_minutes(project: Project, minutes: int, elapsed: bool) -> int:
    """A lag in project working minutes (elapsed time counts at the working share of a day)."""
    if not elapsed:
        return minutes
    per_day = project.working_time.hours_per_day * 60
    return math.ceil(minutes * per_day / 1440) if minutes > 0 else math.floor(minutes * per_day / 1440)


def _boundaries(project: Project) -> list[int]:
    """Where calendars start or stop work, in project working minutes into a day."""
    day = resolve(project, None).week
    hours = [rng for d in day for rng in d]
    weeks = [resolve(project, c.id).week for c in project.calendars]
    weeks += [r.week for r in project.resources if r.week is not None]
    ranges: list[TimeRange] = [rng for week in weeks for d in week for rng in d]
    ranges += [rng for c in project.calendars for e in c.exceptions for rng in e.hours]
    out = []
    for minute in sorted({m for rng in ranges for m in (rng.start, rng.end)}):
        out.append(sum(max(0, min(h.end, minute) - h.start) for h in hours))
    return out


def _slot(minutes: Iterable[int], per_day: int) -> int:
    """The largest slot (at most a day, at least 15 minutes) that divides every length."""
    g = per_day
    for m in minutes:
        g = math.gcd(g, abs(m))
    return max(g, 15)


def _horizon(starts: list[int], duration: np.ndarray, tasks: list[Task], project: Project, slot: int,
             stretch: int) -> int:
    """Slots enough for the unleveled finish plus the busiest person's work done one task after
    another at their weekly hours, with room to spare."""
    finish = max((s // slot + int(d) for s, d in zip(starts, duration.tolist(), strict=True)), default=0)
    people = project.resources_by_id()
    load = dict.fromkeys(people, 0)
    for task, d in zip(tasks, duration.tolist(), strict=True):
        for a in task.assignments:
            for rid in a.candidates:
                if rid in load:
                    load[rid] += d
    week = _week_minutes(resolve(project, None).week)
    busiest = max((n * week / max(_week_minutes(_week_of(project, people[r])), week * 0.05)
                   for r, n in load.items()), default=0.0)
    return int(finish + 2 * busiest * stretch + 8 * 64)


def _week_of(project: Project, person: Resource) -> tuple[DayHours, ...]:
    return person.week if person.week is not None else resolve(project, person.calendar).week


def _week_minutes(week: tuple[DayHours, ...]) -> int:
    return sum(rng.minutes for day in week for rng in day)


def _links(links: list[LeafLink], index: dict[str, int], lags: list[int], slot: int) -> tuple[np.ndarray, ...]:
    pred = np.array([index[link.predecessor] for link in links], np.int64)
    succ = np.array([index[link.successor] for link in links], np.int64)
    lag = np.array([math.ceil(m / slot) for m in lags], np.int64)  # rounded towards later: safe
    from_finish = np.array([link.link.type.from_finish for link in links], bool)
    to_finish = np.array([link.link.type.to_finish for link in links], bool)
    return pred, succ, lag, from_finish, to_finish


def _units(assignment_units: float | None, person_units: float) -> int:
    return round((assignment_units if assignment_units is not None else person_units) * UNITS)


def _demand(tasks: list[Task], ids: tuple[str, ...], capacity: np.ndarray, people: Mapping[str, object],
            chosen: set[tuple[str, int]]) -> np.ndarray:
    """Units per task and person of the assignments leveling does not choose for."""
    col = {rid: k for k, rid in enumerate(ids)}
    demand = np.zeros((len(tasks), len(ids)), np.int64)
    for i, task in enumerate(tasks):
        for j, a in enumerate(task.assignments):
            if (task.id, j) not in chosen and a.resource in col:
                demand[i, col[a.resource]] += _units(a.units, getattr(people[a.resource], "units", 1.0))
    out: np.ndarray = np.minimum(demand, capacity[None, :]) if len(ids) else demand  # over-asking: a plan error
    return out


def _choices(tasks: list[Task], ids: tuple[str, ...], people: Mapping[str, object], calendars: SlotCalendars,
             duration: np.ndarray, elapsed: list[bool]) -> tuple[tuple[Choice, ...], tuple[tuple[str, int], ...]]:
    """One choice per assignment with alternatives; each option brings the task's calendar with it."""
    col = {rid: k for k, rid in enumerate(ids)}
    out: list[Choice] = []
    where: list[tuple[str, int]] = []
    for i, task in enumerate(tasks):
        for j, a in enumerate(task.assignments):
            if not a.alternatives:
                continue
            names = [r for r in a.candidates if r in col]
            cals = []
            for rid in names:
                picked = replace(task, assignments=tuple(replace(b, resource=rid, alternatives=()) if n == j else b
                                                         for n, b in enumerate(task.assignments)))
                cals.append(calendars.index_for(picked) if duration[i] and not elapsed[i] else CONTINUOUS)
            units = [min(_units(a.units, getattr(people[r], "units", 1.0)),
                         round(getattr(people[r], "units", 1.0) * UNITS)) for r in names]
            out.append(Choice(i, tuple(col[r] for r in names), tuple(units), tuple(cals)))
            where.append((task.id, j))
            break  # one choice per task: further alternatives stay with their default person
    return tuple(out), tuple(where)


def _due(tasks: list[Task], clock: ProjectClock, slot: int) -> np.ndarray:
    """Each task's deadline as the slot it should finish by (-1: none); a date means its end."""
    whens = [as_datetime(t.deadline, end_of_day=True) if t.deadline is not None else None for t in tasks]
    known = [w for w in whens if w is not None]
    minutes = iter(clock.minutes_of(known).tolist()) if known else iter(())
    return np.array([max(next(minutes), 0) // slot if w is not None else -1 for w in whens], np.int64)


def _started(project: Project) -> set[str]:
    """Tasks whose progress says work has begun (or finished) by the status date."""
    if not project.progress:
        return set()
    return {tid for tid, standing in progress_as_of(project).items() if standing.started}


def is_fixed(task: Task) -> bool:
    pinned = task.constraint is not None and task.constraint.type.value in ("must-start-on", "must-finish-on")
    return pinned or not task.level


def _release(project: Project, task: Task, clock: ProjectClock, early: int, slot: int) -> int:
    """First slot the task may start: its start-no-earlier-than, or its early start plus its leveling delay."""
    out = 0
    con = task.constraint
    if con is not None and con.date is not None and con.type.value == "start-no-earlier-than":
        when = con.date if isinstance(con.date, dt.datetime) else dt.datetime.combine(con.date, dt.time())
        out = -(-max(clock.minutes(when), 0) // slot)
    if task.leveling_delay is not None:
        delay = task.leveling_delay.minutes(project.working_time)
        out = max(out, -(-(early + _lag_minutes(project, delay, task.leveling_delay.elapsed)) // slot))
    return out
