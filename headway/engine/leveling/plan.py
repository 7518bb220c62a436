"""Leveling a plan: from a project to the integer problem and back to a leveled schedule.

The plan is first scheduled without resources (CPM). Each leaf task becomes a job whose
length is its span in project working time there (so part-time people and vacations
stretch it as their calendars say); each person is a resource of capacity ``units`` × 100;
links become start-to-start delays and must-start/finish-on tasks stay where they are.
The leveled start slots then hold tasks back in a second CPM run, which puts every date back
on the real calendars and records, for each delayed task, whom it waited for.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from headway.engine.clock import ProjectClock
from headway.engine.cpm import schedule
from headway.engine.leveling import Method, level
from headway.engine.leveling.problem import LevelResult, RcpspProblem
from headway.engine.results import Schedule
from headway.engine.usage import assignment_spans
from headway.model import Project, Task
from headway.model.graph import LeafLink, leaf_links

UNITS = 100  # capacity and demand are whole percentages


@dataclass(frozen=True)
class PlanProblem:
    """The integer problem of a plan and how to read its slots back."""

    problem: RcpspProblem
    slot: int  # project working minutes per slot
    clock: ProjectClock
    baseline: Schedule  # the resource-free schedule it came from


@dataclass(frozen=True)
class LeveledPlan:
    """A leveled schedule with what leveling did to each task."""

    schedule: Schedule
    result: LevelResult
    delay_minutes: dict[str, int]
    waited_for: dict[str, str]
    slot: int


def plan_problem(project: Project) -> PlanProblem:
    """The leveling problem of ``project`` (raises PlanError for plans that cannot schedule)."""
    base = schedule(project)
    leaves = [t for t in base.tasks if not t.summary]
    clock = ProjectClock(project, base.finish.date() + dt.timedelta(days=30))
    starts = [clock.minutes(t.early_start) for t in leaves]
    spans = [max(clock.minutes(t.early_finish) - s, 0) if not t.milestone else 0
             for t, s in zip(leaves, starts, strict=True)]
    per_day = round(project.working_time.hours_per_day * 60)
    links = leaf_links(project)
    lags = {id(link.link): _lag_minutes(project, link.link.lag.minutes(project.working_time),
                                        link.link.lag.elapsed) for link in links}
    slot = _slot(spans + list(lags.values()), per_day)
    index = {t.id: i for i, t in enumerate(leaves)}
    duration = np.array([math.ceil(s / slot) for s in spans], np.int64)
    pred, succ, delay = _delays(links, index, duration, lags, slot)
    demand, resources, capacity = _resources(project, [project.task(t.id) for t in leaves], duration)
    horizon = int(duration.sum() + max(starts, default=0) // slot + 2)
    fixed = np.array([starts[i] // slot if _is_fixed(project.task(t.id)) else -1
                      for i, t in enumerate(leaves)], np.int64)
    release = np.array([_release(project.task(t.id), clock, slot) for t in leaves], np.int64)
    problem = RcpspProblem(
        names=tuple(t.id for t in leaves), duration=duration, demand=demand, resources=resources,
        capacity=np.repeat(capacity[:, None], horizon, axis=1), pred=pred, succ=succ, delay=delay,
        release=release, priority=np.array([project.task(t.id).priority for t in leaves], np.int64),
        fixed=fixed)
    return PlanProblem(problem, slot, clock, base)


def _lag_minutes(project: Project, minutes: int, elapsed: bool) -> int:
    """A lag in project working minutes (elapsed time counts at the working share of a day)."""
    if not elapsed:
        return minutes
    per_day = project.working_time.hours_per_day * 60
    return math.ceil(minutes * per_day / 1440) if minutes > 0 else math.floor(minutes * per_day / 1440)


def _slot(minutes: list[int], per_day: int) -> int:
    """The largest slot (at most a day, at least 15 minutes) that divides every length."""
    g = per_day
    for m in minutes:
        g = math.gcd(g, abs(m))
    return max(g, 15)


def _delays(links: list[LeafLink], index: dict[str, int], duration: np.ndarray, lags: dict[int, int],
            slot: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pred, succ, delay = [], [], []
    for link in links:
        p, s = index[link.predecessor], index[link.successor]
        lag = lags[id(link.link)]
        lag_slots = math.ceil(lag / slot) if lag > 0 else -math.floor(-lag / slot)
        kind = link.link.type
        d = lag_slots + (int(duration[p]) if kind.from_finish else 0) - (int(duration[s]) if kind.to_finish else 0)
        pred.append(p)
        succ.append(s)
        delay.append(d)
    return np.array(pred, np.int64), np.array(succ, np.int64), np.array(delay, np.int64)


def _resources(project: Project, tasks: list[Task], duration: np.ndarray) -> tuple[np.ndarray, tuple[str, ...],
                                                                                   np.ndarray]:
    people = project.resources_by_id()
    ids = tuple(people)
    col = {rid: k for k, rid in enumerate(ids)}
    demand = np.zeros((len(tasks), len(ids)), np.int64)
    for i, task in enumerate(tasks):
        for a in task.assignments:
            units = a.units if a.units is not None else people[a.resource].units
            demand[i, col[a.resource]] += round(units * UNITS)
    capacity = np.array([round(people[r].units * UNITS) for r in ids], np.int64)
    demand = np.minimum(demand, capacity[None, :]) if len(ids) else demand  # over-asking is a plan error
    return demand, ids, capacity


def _is_fixed(task: Task) -> bool:
    return task.constraint is not None and task.constraint.type.value in ("must-start-on", "must-finish-on")


def _release(task: Task, clock: ProjectClock, slot: int) -> int:
    con = task.constraint
    if con is None or con.date is None or con.type.value != "start-no-earlier-than":
        return 0
    when = con.date if isinstance(con.date, dt.datetime) else dt.datetime.combine(con.date, dt.time())
    return max(clock.minutes(when), 0) // slot


def level_plan(project: Project, *, method: Method = "heuristic", time_limit: float = 10.0,
               workers: int = 2, seed: int = 0) -> LeveledPlan:
    """Level ``project``: nobody over-allocated, every link kept, delays explained."""
    pp = plan_problem(project)
    result = level(pp.problem, method=method, time_limit=time_limit, workers=workers, seed=seed)
    problem, base = pp.problem, pp.baseline
    reasons = _waited_for(problem, result.start, _early_slots(pp))
    hold = {}
    for i, tid in enumerate(problem.names):
        when = pp.clock.start_at(int(result.start[i]) * pp.slot)
        if when > base.task(tid).early_start:
            hold[tid] = (when, reasons.get(tid, "its predecessors, which leveling delayed"))
    leveled = _repair(project, hold)
    delays = {t.id: pp.clock.minutes(t.start) - pp.clock.minutes(base.task(t.id).start)
              for t in leveled.tasks if not t.summary}
    return LeveledPlan(leveled, result, delays, {k: v for k, (_, v) in hold.items()}, pp.slot)


MAX_REPAIRS = 500


def _repair(project: Project, hold: dict[str, tuple[dt.datetime, str]]) -> Schedule:
    """Reschedule with the holds; where real calendars still overlap two tasks, push the later one.

    Slots see each person at full capacity; on the real calendars a vacation can stretch a
    moved task into another. Each round moves one task strictly later, so this ends.
    """
    result = schedule(project, start_after=hold)
    for _ in range(MAX_REPAIRS):
        clash = first_overload(project, result)
        if clash is None:
            break
        tid, when, why = clash
        hold[tid] = (when, why)
        result = schedule(project, start_after=hold)
    return result


def first_overload(project: Project, result: Schedule) -> tuple[str, dt.datetime, str] | None:
    """The earliest moment someone is over-allocated: the task to move, where to, and why."""
    people = project.resources_by_id()
    fixed = {t.id for t in project.tasks if _is_fixed(t)}
    found: list[tuple[dt.datetime, str, str, dt.datetime, str]] = []
    for rid, spans in assignment_spans(project, result).items():
        running: list[tuple[dt.datetime, dt.datetime, float, str]] = []
        for start, finish, units, tid in sorted(spans):
            running = [r for r in running if r[1] > start]
            load_now = units + sum(r[2] for r in running)
            if load_now > people[rid].units + 1e-9 and running:  # alone, moving it cannot help
                movable = [r for r in [*running, (start, finish, units, tid)] if r[3] not in fixed]
                if not movable:
                    continue
                mover = max(movable, key=lambda r: (r[0], r[3]))
                others = [r for r in running if r[3] != mover[3]] or running
                free_at = min(r[1] for r in others)
                names = ", ".join(r[3] for r in others[:4])
                found.append((start, mover[3], rid, free_at, f"{rid} (busy with {names})"))
                break
            running.append((start, finish, units, tid))
    if not found:
        return None
    _, tid, _, when, why = min(found)
    return tid, when, why


def _early_slots(pp: PlanProblem) -> np.ndarray:
    return np.array([pp.clock.minutes(pp.baseline.task(t).early_start) // pp.slot for t in pp.problem.names],
                    np.int64)


def _waited_for(problem: RcpspProblem, start: np.ndarray, early: np.ndarray) -> dict[str, str]:
    """For each task leveling moved: the people it needed and the tasks holding them meanwhile."""
    out: dict[str, str] = {}
    finish = start + problem.duration
    for i in np.flatnonzero(start > early).tolist():
        parts = []
        for k in np.flatnonzero(problem.demand[i] > 0).tolist():
            busy = [problem.names[j] for j in np.flatnonzero(problem.demand[:, k] > 0).tolist()
                    if j != i and start[j] <= start[i] and finish[j] > early[i]]
            if busy:
                parts.append(f"{problem.resources[k]} (busy with {', '.join(busy[:4])}"
                             f"{' and more' if len(busy) > 4 else ''})")
        if parts:
            out[problem.names[i]] = "; ".join(parts)
    return out

