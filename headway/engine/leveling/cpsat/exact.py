"""CP-SAT for exact problems: task calendars by element constraints, choices by optional intervals.

A task on a calendar picks a position ``p`` among its calendar's working slots; its start is
``work[p]`` and its finish ``work[p + d - 1] + 1`` (two element constraints), so its interval
stretches over gaps exactly as the serial scheme's does and holds its people throughout. A
task with a choice has one optional interval per option (its own calendar and units) and
exactly one of them is present. Links use the same rule as the problem: into a start,
``start >= t``; into a finish, ``start + duration >= t``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from headway.engine.leveling.bounds import lower_bound
from headway.engine.leveling.cpsat.stopping import ShouldStop, stopped_when
from headway.engine.leveling.problem import LevelResult, RcpspProblem, SolveStatus, weighted_lateness
from headway.engine.worktime import IntArray

Progress = Callable[[int, int], None]


@dataclass
class _Task:
    start: cp_model.IntVar
    end: cp_model.IntVar
    interval: cp_model.IntervalVar | None
    options: list[tuple[cp_model.IntVar, cp_model.IntervalVar, int, int]] = field(default_factory=list)
    # per option of a choice: (present, interval, resource, units)


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, makespan: cp_model.IntVar, on_progress: Progress | None) -> None:
        super().__init__()
        self._makespan, self._on_progress, self.solutions = makespan, on_progress, 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self._on_progress is not None:
            self._on_progress(self.solutions, self.value(self._makespan))


def solve_exact_cpsat(problem: RcpspProblem, *, time_limit: float = 10.0, workers: int = 2,
                      warm: LevelResult | None = None, objective: str = "makespan",
                      on_progress: Progress | None = None, seed: int = 0,
                      should_stop: ShouldStop | None = None) -> LevelResult:
    """Level an exact ``problem`` with CP-SAT; never worse than a valid ``warm`` start. ``should_stop``:
    as for ``solve_cpsat``."""
    began = time.perf_counter()
    model = cp_model.CpModel()
    horizon = problem.horizon
    chosen = {c.task for c in problem.choices}
    tasks = [_task(model, problem, i, horizon, i in chosen) for i in range(problem.tasks)]
    _choices(model, problem, tasks, horizon)
    _links(model, problem, tasks)
    _resources(model, problem, tasks)
    makespan = model.new_int_var(0, horizon, "makespan")
    for t in tasks:
        model.add(makespan >= t.end)
    if objective == "lateness":
        tardy = []
        for i in np.flatnonzero((problem.due >= 0) & (problem.priority > 0)).tolist():
            late = model.new_int_var(0, horizon, f"late{i}")
            model.add(late >= tasks[i].end - int(problem.due[i]))
            tardy.append(int(problem.priority[i]) * late)
        model.minimize((horizon + 1) * cp_model.LinearExpr.sum(tardy) + makespan)
    else:
        model.minimize(makespan)
    if warm is not None and warm.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL):
        _hint(model, problem, tasks, warm)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit - (time.perf_counter() - began), 0.1)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    callback = _Callback(makespan, on_progress)
    with stopped_when(solver, should_stop):
        status = solver.solve(model, callback)
    bound = lower_bound(problem)
    runtime = time.perf_counter() - began
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if warm is not None and warm.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL):
            proven = SolveStatus.OPTIMAL if status == cp_model.INFEASIBLE else warm.status
            return _result(warm, proven, bound, runtime, callback.solutions)
        kind = SolveStatus.INFEASIBLE if status == cp_model.INFEASIBLE else SolveStatus.UNKNOWN
        return LevelResult(kind, np.full(problem.tasks, -1, np.int64), 0, bound, runtime, "optimal",
                           callback.solutions)
    start = np.array([solver.value(t.start) for t in tasks], np.int64)
    pick = np.array([next(k for present, _, k, _ in t.options if solver.value(present))
                     for t in (tasks[c.task] for c in problem.choices)], np.int64)
    span = int(solver.value(makespan))
    if objective == "makespan":
        bound = max(bound, int(np.ceil(solver.best_objective_bound)))
    found = LevelResult(SolveStatus.OPTIMAL if status == cp_model.OPTIMAL else SolveStatus.FEASIBLE, start,
                        span, min(bound, span), runtime, "optimal", callback.solutions, pick)
    if warm is not None and warm.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL) and _score(
            problem, warm, objective) < _score(problem, found, objective):
        return _result(warm, warm.status, found.lower_bound, runtime, callback.solutions)
    return found


def _result(warm: LevelResult, status: SolveStatus, bound: int, runtime: float, solutions: int) -> LevelResult:
    return LevelResult(status, warm.start, warm.makespan, min(max(bound, warm.lower_bound), warm.makespan), runtime,
                       "optimal", solutions, warm.pick, warm.unresolved)


def _score(problem: RcpspProblem, result: LevelResult, objective: str) -> int:
    if objective != "lateness":
        return result.makespan
    return weighted_lateness(problem, problem.finish(result.start, problem.picked_calendar(result.pick)))


def _placement(model: cp_model.CpModel, problem: RcpspProblem, cal: int, duration: int, horizon: int,
               name: str, low: int) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    """Start and end variables of ``duration`` working slots on ``cal`` starting at or after ``low``."""
    if duration == 0:
        start = model.new_int_var(low, horizon, f"s{name}")
        return start, start
    if cal < 0:
        start = model.new_int_var(low, max(low, horizon - duration), f"s{name}")
        return start, start + duration  # type: ignore[return-value]
    work = problem.work[cal]
    work = work[work < horizon]
    count = len(work) - duration + 1
    if count <= 0:
        raise ValueError(f"task {name} has too few working slots before the horizon")
    ends = work[duration - 1:] + 1
    position = model.new_int_var(0, count - 1, f"p{name}")
    start = model.new_int_var_from_domain(cp_model.Domain.from_values(work[:count].tolist()), f"s{name}")
    end = model.new_int_var_from_domain(cp_model.Domain.from_values(ends.tolist()), f"e{name}")
    model.add_element(position, work[:count].tolist(), start)
    model.add_element(position, ends.tolist(), end)
    model.add(start >= low)
    return start, end


def _interval(model: cp_model.CpModel, start: cp_model.IntVar, end: cp_model.IntVar, duration: int, cal: int,
              horizon: int, name: str, present: cp_model.IntVar | None = None) -> cp_model.IntervalVar:
    """An interval from ``start`` to ``end``: fixed size off calendars, a size variable on one."""
    if cal < 0:
        size: cp_model.IntVar | int = duration
    else:
        size = model.new_int_var(duration, max(horizon, duration), f"z{name}")
        model.add(size == end - start)
    if present is None:
        return model.new_interval_var(start, size, end, f"i{name}")
    return model.new_optional_interval_var(start, size, end, present, f"i{name}")


def _task(model: cp_model.CpModel, problem: RcpspProblem, i: int, horizon: int, chosen: bool) -> _Task:
    d, low = int(problem.duration[i]), int(problem.release[i])
    if chosen:  # placed by its options (see _choices)
        start = model.new_int_var(low, horizon, f"cs{i}")
        end = model.new_int_var(low, horizon, f"ce{i}") if d else start
        interval = _interval(model, start, end, d, 0, horizon, f"c{i}") if d else None
        return _Task(start, end, interval)
    start, end = _placement(model, problem, int(problem.calendar[i]), d, horizon, str(i), low)
    if problem.fixed[i] >= 0:
        model.add(start == int(problem.fixed[i]))
    interval = _interval(model, start, end, d, int(problem.calendar[i]), horizon, str(i)) if d else None
    return _Task(start, end, interval)


def _choices(model: cp_model.CpModel, problem: RcpspProblem, tasks: list[_Task], horizon: int) -> None:
    for c, choice in enumerate(problem.choices):
        i, d = choice.task, int(problem.duration[choice.task])
        task = tasks[i]
        present = []
        for j, (k, units, cal) in enumerate(zip(choice.resources, choice.units, choice.calendars, strict=True)):
            lit = model.new_bool_var(f"x{c}_{j}")
            start, end = _placement(model, problem, cal, d, horizon, f"{i}_{j}", int(problem.release[i]))
            model.add(task.start == start).only_enforce_if(lit)
            model.add(task.end == end).only_enforce_if(lit)
            interval = _interval(model, start, end, d, cal, horizon, f"o{i}_{j}", lit)
            task.options.append((lit, interval, k, units))
            present.append(lit)
        model.add_exactly_one(present)
        if problem.fixed[i] >= 0:
            model.add(task.start == int(problem.fixed[i]))


def _links(model: cp_model.CpModel, problem: RcpspProblem, tasks: list[_Task]) -> None:
    for p, s, ff, tf, lag in zip(problem.pred.tolist(), problem.succ.tolist(), problem.from_finish.tolist(),
                                 problem.to_finish.tolist(), problem.lag.tolist(), strict=True):
        before = (tasks[p].end if ff else tasks[p].start) + lag
        model.add(tasks[s].start + (int(problem.duration[s]) if tf else 0) >= before)


def _resources(model: cp_model.CpModel, problem: RcpspProblem, tasks: list[_Task]) -> None:
    for k in range(len(problem.resources)):
        intervals: list[cp_model.IntervalVar] = []
        demands: list[int] = []
        for i in np.flatnonzero(problem.demand[:, k] > 0).tolist():
            interval = tasks[i].interval
            if interval is not None:
                intervals.append(interval)
                demands.append(int(problem.demand[i, k]))
        for t in tasks:
            for _, interval, r, units in t.options:
                if r == k:
                    intervals.append(interval)
                    demands.append(units)
        if not intervals:
            continue
        capacity = problem.capacity[k]
        peak = int(capacity.max(initial=0))
        for lo, hi, gap in _dips(capacity, peak):  # less room for a while: a fixed blocker takes it
            intervals.append(model.new_fixed_size_interval_var(lo, hi - lo, f"dip{k}_{lo}"))
            demands.append(gap)
        model.add_cumulative(intervals, demands, peak)


def _dips(capacity: IntArray, peak: int) -> list[tuple[int, int, int]]:
    """Runs of slots where capacity is below its peak: (first, end, how much below)."""
    out = []
    change = np.flatnonzero(np.diff(capacity)) + 1
    bounds = [0, *change.tolist(), len(capacity)]
    for lo, hi in itertools.pairwise(bounds):
        gap = peak - int(capacity[lo])
        if gap > 0:
            out.append((lo, hi, gap))
    return out


def _hint(model: cp_model.CpModel, problem: RcpspProblem, tasks: list[_Task], warm: LevelResult) -> None:
    for i, t in enumerate(tasks):
        model.add_hint(t.start, int(warm.start[i]))
    for choice, k in zip(problem.choices, warm.pick.tolist(), strict=False):
        for lit, _, r, _ in tasks[choice.task].options:
            model.add_hint(lit, r == k)
