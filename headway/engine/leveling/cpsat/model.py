"""Solve the CP-SAT model in two phases: improve the schedule, then prove a bound searching up from below.

Measured on PSPLIB (2 workers): CP-SAT's default search with its large-neighbourhood worker
finds far better schedules than its objective lower-bound search (j60 hard cases: 1.7 % above
the best known instead of 3.2 % in 30 s), while the lower-bound search proves far better
bounds (j60: 92 instead of 73 on j6013_1; j30: within ~8 % instead of ~25 %). So the first
phase improves the warm start, the second searches up from the bound with the first phase's
best schedule as hint and ceiling; either phase may prove optimality and end the solve.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from headway.engine.leveling.cpsat.bounds import makespan_of
from headway.engine.leveling.cpsat.build import Built, build, hint_ceiling, score_of
from headway.engine.leveling.cpsat.stopping import ShouldStop, stopped_when
from headway.engine.leveling.problem import LevelResult, RcpspProblem, SolveStatus
from headway.engine.worktime import IntArray

Progress = Callable[[int, int], None]
OBJECTIVES = ("makespan", "lateness")
IMPROVE_SHARE = 0.5  # of the time limit for the first phase, when there is a warm start


@dataclass
class _Best:
    """The best schedule over both phases, and how many improvements were reported."""

    start: IntArray | None
    score: float
    reported: int = 0


class _Solutions(cp_model.CpSolverSolutionCallback):
    """Keeps each better solution and reports it as ``on_progress(improvements, makespan)``."""

    def __init__(self, problem: RcpspProblem, built: Built, objective: str, best: _Best,
                 on_progress: Progress | None) -> None:
        super().__init__()
        self._problem, self._built, self._best, self._on_progress = problem, built, best, on_progress
        self._score = score_of(objective)

    def on_solution_callback(self) -> None:
        start = np.asarray([self.value(s) for s in self._built.vars.start], np.int64)
        score = self._score(self._problem, start)
        if score >= self._best.score:
            return
        self._best.start, self._best.score = start, score
        self._best.reported += 1
        if self._on_progress is not None:
            self._on_progress(self._best.reported, makespan_of(self._problem, start))


def solve_cpsat(
    problem: RcpspProblem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    hint: IntArray | None = None,
    objective: str = "makespan",
    on_progress: Progress | None = None,
    upper_bound: int | None = None,
    should_stop: ShouldStop | None = None,
) -> LevelResult:
    """Level ``problem`` with CP-SAT: best schedule found, proven lower bound, status.

    Parameters
    ----------
    problem : the integer problem.
    time_limit : wall-clock seconds for the search.
    workers : parallel CP-SAT workers.
    hint : start slots of a known schedule (e.g. the heuristic's). When valid, the result is
        never worse: if nothing better is found in time, it comes back with status FEASIBLE.
        Without a valid hint there is one phase, the lower-bound search.
    objective : ``"makespan"`` or ``"lateness"`` (priority-weighted tardiness against
        ``problem.due``, then makespan). With ``"lateness"`` the lower bound is the critical path.
    on_progress : called as ``on_progress(solutions_found, makespan)`` at each better schedule.
    upper_bound : only schedules with a makespan at most this are sought.
    should_stop : asked a few times a second; once it says True the search ends with the best so far.

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
    best = _Best(None, math.inf)
    ceiling = hint_ceiling(problem, hint_start, score_of(objective))
    if ceiling is not None and hint_start is not None:
        best = _Best(hint_start, ceiling)
    searches = (False, True) if best.start is not None else (True,)
    status, bound, critical_path = _search(problem, objective, best, searches, began + time_limit, workers,
                                           upper_bound, on_progress, should_stop)
    if critical_path is None:
        return _without_solution(problem, SolveStatus.INFEASIBLE, None, 0, began)
    lower = critical_path
    if objective == "makespan" and bound > -math.inf:
        lower = max(critical_path, math.ceil(bound - 1e-6))
    if best.start is not None:
        proven = status == cp_model.OPTIMAL or best.score <= math.ceil(bound - 1e-6)
        return _result(problem, SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE, best.start, lower, began,
                       best.reported)
    solved = SolveStatus.INFEASIBLE if status == cp_model.INFEASIBLE else SolveStatus.UNKNOWN
    return _without_solution(problem, solved, None if solved is SolveStatus.INFEASIBLE else hint_start, lower, began)


def _search(
    problem: RcpspProblem, objective: str, best: _Best, searches: tuple[bool, ...], deadline: float, workers: int,
    upper_bound: int | None, on_progress: Progress | None, should_stop: ShouldStop | None = None,
) -> tuple[cp_model.CpSolverStatus, float, int | None]:
    """Run the phases (False: improve, True: lower-bound search) until one proves optimality or time is out.

    Returns the last status, the best objective bound, and the critical path (None: infeasible model).
    """
    status, bound, critical_path = cp_model.UNKNOWN, -math.inf, None
    for k, lower_bound_search in enumerate(searches):
        ceiling = None if best.start is None else int(best.score)
        built = build(problem, objective, hint=best.start, ceiling=ceiling, upper_bound=upper_bound)
        if built is None:
            return cp_model.INFEASIBLE, bound, None
        critical_path = built.critical_path
        remaining = deadline - time.perf_counter()
        share = IMPROVE_SHARE if k < len(searches) - 1 else 1.0
        solver = _solver(max(remaining * share, 0.0), workers, lower_bound_search)
        with stopped_when(solver, should_stop) as stopped:
            status = solver.solve(built.model, _Solutions(problem, built, objective, best, on_progress))
        if status != cp_model.INFEASIBLE:
            bound = max(bound, solver.best_objective_bound)
        if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or best.score <= math.ceil(bound - 1e-6) \
                or stopped.is_set():
            break
    return status, bound, critical_path


def _solver(time_limit: float, workers: int, lower_bound_search: bool) -> cp_model.CpSolver:
    """A solver with named parameters and a fixed seed (runs with one worker repeat exactly)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    solver.parameters.use_objective_lb_search = lower_bound_search
    return solver


def _result(
    problem: RcpspProblem, status: SolveStatus, start: IntArray, bound: int, began: float, solutions: int
) -> LevelResult:
    """A result carrying a schedule."""
    makespan = int((start + problem.duration).max()) if problem.tasks else 0
    return LevelResult(status, start, makespan, min(bound, makespan), time.perf_counter() - began, "optimal", solutions)


def _without_solution(
    problem: RcpspProblem, status: SolveStatus, hint: IntArray | None, bound: int, began: float
) -> LevelResult:
    """A result without a valid schedule: all -1 starts, or the (invalid) hint handed back."""
    start = np.full(problem.tasks, -1, np.int64) if hint is None else hint
    makespan = 0 if hint is None else int((hint + problem.duration).max(initial=0))
    return LevelResult(status, start, makespan, bound, time.perf_counter() - began, "optimal")
