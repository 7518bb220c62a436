"""Decision variables: a start and a fixed-size interval per task, and the makespan."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from headway.engine.leveling.problem import RcpspProblem
from headway.engine.worktime import IntArray


@dataclass(frozen=True)
class TaskVars:
    """The CP-SAT variables of one problem, indexed like its tasks."""

    start: list[cp_model.IntVar]
    interval: list[cp_model.IntervalVar]
    makespan: cp_model.IntVar


def start_domains(problem: RcpspProblem, earliest: IntArray) -> tuple[IntArray, IntArray]:
    """Lowest and highest start per task: a fixed start, or [earliest, horizon - duration]."""
    fixed = problem.fixed >= 0
    high = problem.horizon - problem.duration
    high[fixed] = problem.fixed[fixed]
    return earliest, high


def task_vars(
    model: cp_model.CpModel, problem: RcpspProblem, low: IntArray, high: IntArray, makespan_low: int
) -> TaskVars:
    """Start and interval per task (zero durations are fine), and a makespan var."""
    start = [
        model.new_int_var(int(lo), int(hi), f"start_{i}") for i, (lo, hi) in enumerate(zip(low, high, strict=True))
    ]
    interval = [
        model.new_fixed_size_interval_var(s, int(d), f"task_{i}")
        for i, (s, d) in enumerate(zip(start, problem.duration, strict=True))
    ]
    makespan = model.new_int_var(makespan_low, max(problem.horizon, makespan_low), "makespan")
    return TaskVars(start, interval, makespan)
