"""Objectives: the makespan, or priority-weighted tardiness with the makespan as tie-break."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from headway.engine.leveling.cpsat.variables import TaskVars
from headway.engine.leveling.problem import RcpspProblem
from headway.engine.worktime import IntArray


def minimise_makespan(model: cp_model.CpModel, v: TaskVars) -> None:
    """Minimise the makespan."""
    model.minimize(v.makespan)


def minimise_lateness(model: cp_model.CpModel, problem: RcpspProblem, v: TaskVars) -> cp_model.LinearExpr:
    """Minimise ``sum(priority * tardiness) * (horizon + 1) + makespan`` and return that expression.

    Tardiness is ``max(0, end - due)`` for tasks with a due slot. The factor exceeds any
    makespan, so weighted tardiness comes first and the makespan only breaks ties.
    """
    tardy = []
    for i in np.flatnonzero(problem.due >= 0).tolist():
        weight = int(problem.priority[i])
        late_max = problem.horizon - int(problem.due[i])
        if weight <= 0 or late_max <= 0:
            continue
        lateness = model.new_int_var(0, late_max, f"tardiness_{i}")
        model.add(lateness >= v.start[i] + int(problem.duration[i]) - int(problem.due[i]))
        tardy.append(weight * lateness)
    expr = (problem.horizon + 1) * cp_model.LinearExpr.sum(tardy) + v.makespan
    model.minimize(expr)
    return expr


def lateness_value(problem: RcpspProblem, start: IntArray) -> int:
    """The lateness objective of a schedule, as :func:`minimise_lateness` scores it."""
    end = start + problem.duration
    counted = (problem.due >= 0) & (problem.priority > 0)
    tardiness = np.maximum(0, end - problem.due)[counted]
    weighted = int((problem.priority[counted] * tardiness).sum())
    return weighted * (problem.horizon + 1) + int(end.max(initial=0))

