"""Wire variables, constraints and objective into a CP-SAT model, solve it, convert back."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from headway.engine.leveling.cpsat import constraints
from headway.engine.leveling.cpsat import objective as objectives
from headway.engine.leveling.cpsat.bounds import (
    critical_path_bound,
    earliest_starts,
    is_valid_schedule,
    makespan_of,
)
from headway.engine.leveling.cpsat.variables import TaskVars, start_domains, task_vars
from headway.engine.leveling.problem import LevelResult, RcpspProblem, SolveStatus
from headway.engine.worktime import IntArray

Progress = Callable[[int, int], None]
OBJECTIVES = ("makespan", "lateness")
_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}


@dataclass(frozen=True)
class _Built:
    """A model ready to solve, with what is needed to read its answer."""

    model: cp_model.CpModel
    vars: TaskVars
    critical_path: int


class _ProgressCallback(cp_model.CpSolverSolutionCallback):
    """Counts solutions and reports each one's makespan."""

    def __init__(self, makespan: cp_model.IntVar, on_progress: Progress | None) -> None:
        super().__init__()
        self._makespan = makespan
        self._on_progress = on_progress
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self._on_progress is not None:
            self._on_progress(self.solutions, self.value(self._makespan))


def solve_cpsat(
    problem: RcpspProblem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    hint: IntArray | None = None,
    objective: str = "makespan",
    on_progress: Progress | None = None,
    upper_bound: int | None = None,
) -> LevelResult:
    """Level ``problem`` with CP-SAT: best schedule found, proven lower bound, status.

    Parameters
    ----------
    problem : the integer problem.
    time_limit : wall-clock seconds for the search.
    workers : parallel CP-SAT workers.
    hint : start slots of a known schedule (e.g. the heuristic's). When valid, the result is
        never worse: if nothing better is found in time, it comes back with status FEASIBLE.
    objective : ``"makespan"`` or ``"lateness"`` (priority-weighted tardiness against
        ``problem.due``, then makespan). With ``"lateness"`` the lower bound is the critical path.
    on_progress : called as ``on_progress(solutions_found, makespan)`` at each solution.
    upper_bound : only schedules with a makespan at most this are sought.

    Returns
    -------
    LevelResult with ``method="optimal"``; when no schedule is known, ``start`` is all -1
    (or the hint) and ``makespan`` 0 (or the hint's).

    Raises
    ------
    ValueError : for an unknown objective or a hint of the wrong length.
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}; expected one of {', '.join(OBJECTIVES)}")
    began = time.perf_counter()
    hint_start = None if hint is None else np.asarray(hint, np.int64)
    if hint_start is not None and hint_start.shape != (problem.tasks,):
        raise ValueError(f"hint has shape {hint_start.shape}; expected ({problem.tasks},)")
    built = _build(problem, objective, hint_start, upper_bound)
    if built is None:
        return _without_solution(problem, SolveStatus.INFEASIBLE, None, 0, began)
    solver = _solver(time_limit, workers)
    callback = _ProgressCallback(built.vars.makespan, on_progress)
    status = solver.solve(built.model, callback)
    bound = built.critical_path
    if objective == "makespan" and status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        bound = max(bound, math.ceil(solver.best_objective_bound - 1e-6))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        start = np.asarray([solver.value(s) for s in built.vars.start], np.int64)
        return _result(problem, _STATUS[status], start, bound, began, callback.solutions)
    if status == cp_model.INFEASIBLE or hint_start is None:
        return _without_solution(problem, _STATUS.get(status, SolveStatus.UNKNOWN), None, bound, began)
    if is_valid_schedule(problem, hint_start):
        return _result(problem, SolveStatus.FEASIBLE, hint_start, bound, began, callback.solutions)
    return _without_solution(problem, SolveStatus.UNKNOWN, hint_start, bound, began)


def _build(problem: RcpspProblem, objective: str, hint: IntArray | None, upper_bound: int | None) -> _Built | None:
    """The CP-SAT model of ``problem``, or None when it is infeasible before any search."""
    earliest = earliest_starts(problem)
    if earliest is None:
        return None
    low, high = start_domains(problem, earliest)
    if (low > high).any():
        return None
    critical_path = critical_path_bound(problem, earliest)
    model = cp_model.CpModel()
    v = task_vars(model, problem, low, high, critical_path)
    constraints.precedences(model, problem, v)
    constraints.makespan_covers_ends(model, problem, v)
    constraints.resource_capacity(model, problem, v)
    if upper_bound is not None:
        model.add(v.makespan <= upper_bound)
    if objective == "makespan":
        objectives.minimise_makespan(model, v)
        ceiling = _hint_ceiling(problem, hint, makespan_of)
        if ceiling is not None:
            model.add(v.makespan <= ceiling)
    else:
        expr = objectives.minimise_lateness(model, problem, v)
        ceiling = _hint_ceiling(problem, hint, objectives.lateness_value)
        if ceiling is not None:
            model.add(expr <= ceiling)
    if hint is not None:
        _add_hint(model, problem, v, hint)
    return _Built(model, v, critical_path)


def _hint_ceiling(
    problem: RcpspProblem, hint: IntArray | None, score: Callable[[RcpspProblem, IntArray], int]
) -> int | None:
    """The objective value of a valid hint, which the search must not exceed; else None."""
    if hint is None or not is_valid_schedule(problem, hint):
        return None
    return score(problem, hint)


def _add_hint(model: cp_model.CpModel, problem: RcpspProblem, v: TaskVars, hint: IntArray) -> None:
    """Hint every start and the makespan."""
    for var, value in zip(v.start, hint.tolist(), strict=True):
        model.add_hint(var, value)
    model.add_hint(v.makespan, makespan_of(problem, hint))


def _solver(time_limit: float, workers: int) -> cp_model.CpSolver:
    """A solver with named parameters and a fixed seed (runs with one worker repeat exactly)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    # Measured on PSPLIB j30 (2 workers, 10 s): same optima found and proven, and the bound of
    # unproven instances within ~8% instead of ~25% of the best makespan.
    solver.parameters.use_objective_lb_search = True
    return solver


def _result(
    problem: RcpspProblem, status: SolveStatus, start: IntArray, bound: int, began: float, solutions: int
) -> LevelResult:
    """A result carrying a schedule."""
    makespan = makespan_of(problem, start)
    return LevelResult(status, start, makespan, min(bound, makespan), time.perf_counter() - began, "optimal", solutions)


def _without_solution(
    problem: RcpspProblem, status: SolveStatus, hint: IntArray | None, bound: int, began: float
) -> LevelResult:
    """A result without a valid schedule: all -1 starts, or the (invalid) hint handed back."""
    start = np.full(problem.tasks, -1, np.int64) if hint is None else hint
    makespan = 0 if hint is None else makespan_of(problem, hint)
    return LevelResult(status, start, makespan, bound, time.perf_counter() - began, "optimal")
