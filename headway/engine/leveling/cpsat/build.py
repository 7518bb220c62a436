"""Wire variables, constraints and objective into one CP-SAT model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from headway.engine.leveling.cpsat import constraints
from headway.engine.leveling.cpsat import objective as objectives
from headway.engine.leveling.cpsat.bounds import critical_path_bound, earliest_starts, is_valid_schedule, makespan_of
from headway.engine.leveling.cpsat.variables import TaskVars, start_domains, task_vars
from headway.engine.leveling.problem import RcpspProblem
from headway.engine.worktime import IntArray

Score = Callable[[RcpspProblem, IntArray], int]


@dataclass(frozen=True)
class Built:
    """A model ready to solve, with what is needed to read its answer."""

    model: cp_model.CpModel
    vars: TaskVars
    critical_path: int


def score_of(objective: str) -> Score:
    """How a schedule is scored under ``objective`` (lower is better), as the model scores it."""
    return makespan_of if objective == "makespan" else objectives.lateness_value


def build(
    problem: RcpspProblem,
    objective: str,
    *,
    hint: IntArray | None = None,
    ceiling: int | None = None,
    upper_bound: int | None = None,
) -> Built | None:
    """The CP-SAT model of ``problem``, or None when it is infeasible before any search.

    ``ceiling`` caps the objective (a known schedule's score), ``upper_bound`` the makespan.
    """
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
        expr: cp_model.LinearExprT = v.makespan
    else:
        expr = objectives.minimise_lateness(model, problem, v)
    if ceiling is not None:
        model.add(expr <= ceiling)
    if hint is not None:
        _add_hint(model, problem, v, hint)
    return Built(model, v, critical_path)


def hint_ceiling(problem: RcpspProblem, hint: IntArray | None, score: Score) -> int | None:
    """The objective value of a valid hint, which the search must not exceed; else None."""
    if hint is None or not is_valid_schedule(problem, hint):
        return None
    return score(problem, hint)


def _add_hint(model: cp_model.CpModel, problem: RcpspProblem, v: TaskVars, hint: IntArray) -> None:
    """Hint every start and the makespan."""
    for var, value in zip(v.start, hint.tolist(), strict=True):
        model.add_hint(var, value)
    model.add_hint(v.makespan, makespan_of(problem, hint))
