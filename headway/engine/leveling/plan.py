"""Leveling a plan: solve its integer problem, then put the result back on the real calendars.

``plan_problem`` turns the plan into slots (see there). The leveled start slots then hold
tasks back in a second CPM run, with the people leveling picked for flexible assignments,
which puts every date back on the real calendars and records, for each delayed task, whom it
waited for. A last check on the real calendars catches what slots cannot see (elapsed lags
rounded to working time) and moves the later task of any clash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from headway.engine.cpm import schedule
from headway.engine.leveling import Method, level
from headway.engine.leveling.plan_problem import PlanProblem, is_fixed, plan_problem
from headway.engine.leveling.problem import LevelResult, RcpspProblem, SolveStatus
from headway.engine.results import Schedule
from headway.engine.usage import assignment_spans
from headway.model import Assignment, Project

__all__ = ["LeveledPlan", "PlanProblem", "first_overload", "level_plan", "plan_problem"]


@dataclass(frozen=True)
class LeveledPlan:
    """A leveled schedule with what leveling did to each task.

    ``project`` is the plan with the people leveling picked written into its assignments;
    ``unresolved`` lists tasks leveling within float left over-allocated.
    """

    schedule: Schedule
    result: LevelResult
    delay_minutes: dict[str, int]
    waited_for: dict[str, str]
    slot: int
    project: Project | None = None
    picked: dict[str, str] | None = None  # task id -> who leveling picked for its flexible assignment
    unresolved: tuple[str, ...] = ()
    objective: str = "makespan"


def level_plan(project: Project, *, method: Method = "heuristic", time_limit: float = 10.0,
               workers: int = 2, seed: int = 0, priority: Mapping[str, int] | None = None,
               within_float: bool = False, on_progress: Callable[[int, int], None] | None = None,
               objective: str = "makespan", should_stop: Callable[[], bool] | None = None) -> LeveledPlan:
    """Level ``project``: nobody over-allocated, every link kept, delays explained.

    ``priority`` overrides task priorities by id (higher is served first), as ``plan_problem``.
    ``within_float`` moves tasks only within their total float; where that cannot resolve an
    over-allocation the task stays and is listed in ``unresolved``. ``on_progress`` hears of
    each better schedule the optimal search finds (count, length in slots). ``objective``
    ``lateness`` puts meeting deadlines (weighted by priority) ahead of the earliest finish.
    ``should_stop`` ends an optimal search early (a cancelled job): see ``level``.
    """
    base = schedule(project)
    pp, result = None, None
    for stretch in (1, 4, 16):  # room after the unleveled finish; rarely more than the first
        pp = plan_problem(project, priority, within_float=within_float, base=base, stretch=stretch)
        result = level(pp.problem, method=method, time_limit=time_limit, workers=workers, seed=seed,
                       on_progress=on_progress, objective=objective, should_stop=should_stop)
        if result.status is not SolveStatus.UNKNOWN or (should_stop is not None and should_stop()):
            break
    assert pp is not None and result is not None
    if result.status is SolveStatus.UNKNOWN:
        raise ValueError("leveling found no schedule: some task needs more than its people ever have")
    problem = pp.problem
    picked = {pp.choices[c][0]: problem.resources[int(k)] for c, k in enumerate(result.pick.tolist()) if k >= 0}
    chosen = _with_picks(project, pp, result)
    early = _early_slots(pp)
    reasons = _waited_for(problem, result, early)
    hold = {}
    early_minutes = pp.clock.minutes_of([base.task(tid).early_start for tid in problem.names]).tolist()
    for i, tid in enumerate(problem.names):
        minutes = int(result.start[i]) * pp.slot
        if problem.duration[i] == 0:
            continue  # a milestone needs nobody: its links alone place it, at the end of the day
        if minutes > early_minutes[i]:  # 17:00 and 08:00 next day are one working minute
            hold[tid] = (pp.clock.start_at(minutes), reasons.get(tid, "its predecessors, which leveling delayed"))
    unresolved = tuple(problem.names[i] for i in result.unresolved)
    leveled = _repair(chosen, hold, set(unresolved))
    leaves = [t for t in leveled.tasks if not t.summary]
    moved = (pp.clock.minutes_of([t.start for t in leaves])
             - pp.clock.minutes_of([base.task(t.id).start for t in leaves]))
    delays = dict(zip([t.id for t in leaves], moved.tolist(), strict=True))
    return LeveledPlan(leveled, result, delays, {k: v for k, (_, v) in hold.items()}, pp.slot, chosen, picked,
                       unresolved, objective)


def _with_picks(project: Project, pp: PlanProblem, result: LevelResult) -> Project:
    """``project`` with each flexible assignment given to the person leveling picked."""
    if not pp.choices:
        return project
    picks: dict[tuple[str, int], str] = {}
    for c, k in enumerate(result.pick.tolist()):
        if k >= 0:
            picks[pp.choices[c]] = pp.problem.resources[int(k)]
    tasks = []
    for task in project.tasks:
        if any((task.id, j) in picks for j in range(len(task.assignments))):
            task = replace(task, assignments=tuple(
                Assignment(picks[(task.id, j)], a.units, a.origin) if (task.id, j) in picks else a
                for j, a in enumerate(task.assignments)))
        tasks.append(task)
    return replace(project, tasks=tuple(tasks))


MAX_REPAIRS = 500


def _repair(project: Project, hold: dict[str, tuple[dt.datetime, str]], allowed: set[str]) -> Schedule:
    """Reschedule with the holds; where real calendars still overlap two tasks, push the later one.

    Slots see each person at full capacity; on the real calendars a vacation can stretch a
    moved task into another. Each round moves one task strictly later, so this ends.
    """
    result = schedule(project, start_after=hold)
    for _ in range(MAX_REPAIRS):
        clash = first_overload(project, result, allowed)
        if clash is None:
            break
        tid, when, why = clash
        if hold.get(tid) == (when, why):
            break  # already held there and still clashing (a started task): another round changes nothing
        hold[tid] = (when, why)
        result = schedule(project, start_after=hold)
    return result


def first_overload(project: Project, result: Schedule,
                   allowed: set[str] | None = None) -> tuple[str, dt.datetime, str] | None:
    """The earliest moment someone is over-allocated: the task to move, where to, and why.

    Tasks in ``allowed`` (left over-allocated on purpose) are not counted.
    """
    people = project.resources_by_id()
    fixed = {t.id for t in project.tasks if is_fixed(t)}
    found: list[tuple[dt.datetime, str, str, dt.datetime, str]] = []
    for rid, spans in assignment_spans(project, result).items():
        running: list[tuple[dt.datetime, dt.datetime, float, str]] = []
        for start, finish, units, tid in sorted(spans):
            if allowed and tid in allowed:
                continue
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
    early: np.ndarray = pp.clock.minutes_of([pp.baseline.task(t).early_start for t in pp.problem.names]) // pp.slot
    return early


def _waited_for(problem: RcpspProblem, result: LevelResult, early: np.ndarray) -> dict[str, str]:
    """For each task leveling moved: the people it needed and the tasks holding them meanwhile."""
    out: dict[str, str] = {}
    start = result.start
    finish = problem.finish(start, problem.picked_calendar(result.pick))
    demand = problem.picked_demand(result.pick)
    users = [np.flatnonzero(demand[:, k] > 0) for k in range(demand.shape[1])]
    for i in np.flatnonzero(start > early).tolist():
        parts = []
        for k in np.flatnonzero(demand[i] > 0).tolist():
            them = users[k]
            held = them[(them != i) & (start[them] <= start[i]) & (finish[them] > early[i])]
            busy = [problem.names[j] for j in held[np.argsort(start[held], kind="stable")].tolist()]
            if busy:
                parts.append(f"{problem.resources[k]} (busy with {', '.join(busy[:4])}"
                             f"{' and more' if len(busy) > 4 else ''})")
        if parts:
            out[problem.names[i]] = "; ".join(parts)
    return out
