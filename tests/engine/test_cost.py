"""Planned cost, budgets at completion, cash flow and actual cost sources, by hand and by oracle."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from headway.engine.actuals import task_actuals
from headway.engine.budget import budgets_at_completion
from headway.engine.cashflow import spread
from headway.engine.cost import leaf_costs, project_cost, task_costs
from headway.engine.cpm import schedule
from headway.model import (
    Assignment,
    Duration,
    Link,
    ProgressEntry,
    Project,
    Rates,
    Resource,
    Task,
    TimesheetLine,
    TimeUnit,
)

D = dt.date
HOURS = TimeUnit.HOUR


def days(n: float) -> Duration:
    return Duration(n)


def plan(*tasks: Task, **settings: object) -> Project:
    people = (Resource("ann", rates=Rates(50, 75, 100)), Resource("bo", units=0.5, rates=Rates(40)))
    return Project("P", D(2027, 1, 4), resources=people, tasks=tasks, **settings)  # type: ignore[arg-type]


def test_labour_is_work_by_units_times_rate_plus_per_use() -> None:
    """40h of effort split by units: ann (100%) 40 × 1/1.5 h at 50 plus 100 per use, bo (50%)
    40 × 0.5/1.5 h at 40."""
    p = plan(Task("api", effort=days(5), assignments=(Assignment("ann"), Assignment("bo"))), Task("fix", cost=250))
    costs = leaf_costs(p, schedule(p))
    assert costs["api"].labour == pytest.approx(40 / 1.5 * 50 + 100 + 20 / 1.5 * 40)
    assert costs["api"].fixed == 0 and costs["fix"].total == 250
    assert project_cost(p, schedule(p)) == pytest.approx(costs["api"].total + 250)


def test_summaries_add_up_their_leaves() -> None:
    p = plan(Task("all"), Task("phase", parent="all"), Task("a", parent="phase", duration=days(1), cost=10),
             Task("b", parent="phase", duration=days(2), cost=5, assignments=(Assignment("bo"),)),
             Task("c", parent="all", milestone=True, cost=1))
    costs = task_costs(p, schedule(p))
    assert costs["b"] == pytest.approx(5 + 8 * 40)  # 2d at 50% = 8h
    assert costs["phase"] == pytest.approx(costs["a"] + costs["b"])
    assert costs["all"] == pytest.approx(costs["phase"] + 1)


def test_budgets_at_completion() -> None:
    """A summary's budget goes to its leaves by planned cost, minus what budgeted subtasks claim;
    without cost, by duration; a leaf's own budget stays; elsewhere BAC is the planned cost."""
    p = plan(Task("s", budget=1000), Task("a", parent="s"), Task("b", parent="s"), Task("c", parent="s", budget=100),
             Task("n", parent="s", budget=300), Task("n1", parent="n"), Task("n2", parent="n"), Task("free"),
             budget=None)
    planned = {"a": 100.0, "b": 300.0, "c": 5.0, "n1": 0.0, "n2": 0.0, "free": 42.0}
    weight = {"n1": 1.0, "n2": 2.0}
    bac = budgets_at_completion(p, planned, weight)
    assert bac == pytest.approx({"a": 150, "b": 450, "c": 100, "n1": 100, "n2": 200, "free": 42})
    whole = budgets_at_completion(p.replace(budget=2000), planned, weight)
    assert whole["free"] == pytest.approx(1000)  # the project budget less the budgeted summary
    nothing = budgets_at_completion(plan(Task("s", budget=90), Task("x", parent="s"), Task("y", parent="s")),
                                    {"x": 0.0, "y": 0.0}, {})
    assert nothing == {"x": 45, "y": 45}


def test_cash_flow_matches_working_days() -> None:
    """Oracle: on the standard calendar a task's cost per day is its cost ÷ its working days
    (numpy business days), nothing at weekends; a milestone's cost falls on its day."""
    p = plan(Task("a", duration=days(7), cost=700), Task("m", milestone=True, cost=50, links=(Link("a"),)))
    result = schedule(p)
    a, m = result.task("a"), result.task("m")
    grid = spread(p, [p.task("a"), p.task("m")], [a.start, m.start], [a.finish, m.finish], [700, 50],
                  D(2027, 1, 1), D(2027, 1, 20)).amount
    day = np.arange(np.datetime64("2027-01-01"), np.datetime64("2027-01-21"))
    working = np.is_busday(day) & (day >= np.datetime64(a.start.date())) & (day <= np.datetime64(a.finish.date()))
    assert grid[0] == pytest.approx(np.where(working, 100.0, 0.0))
    assert grid[1].sum() == 50 and grid[1][(m.finish.date() - D(2027, 1, 1)).days] == 50
    until = spread(p, [p.task("a")], [a.start], [a.finish], [700], D(2027, 1, 1), D(2027, 1, 20),
                   until=dt.datetime(2027, 1, 6, 10, 0)).accrued
    assert until is not None  # Mon, Tue and 2h of Wed:
    assert until.sum() == pytest.approx(700 * (2 * 480 + 120) / (7 * 480))


def test_actual_cost_sources_in_order() -> None:
    """Reported actual cost wins over timesheets, timesheets over percent complete × planned cost;
    overtime at the overtime rate; per use once per person and task; nothing after the status date."""
    p = plan(Task("a", duration=days(2)), Task("b", duration=days(2)), Task("c", duration=days(2)), Task("d"),
             progress=(ProgressEntry(D(2027, 1, 5), "a", done=0.5, actual_cost=300),
                       ProgressEntry(D(2027, 1, 5), "b", done=0.5),
                       ProgressEntry(D(2027, 1, 5), "c", done=0.25),
                       ProgressEntry(D(2027, 1, 9), "c", done=0.75)),
             timesheets=(TimesheetLine(D(2027, 1, 4), "ann", "a", Duration(8, HOURS)),
                         TimesheetLine(D(2027, 1, 4), "ann", "b", Duration(8, HOURS), Duration(2, HOURS)),
                         TimesheetLine(D(2027, 1, 5), "ann", "b", Duration(4, HOURS)),
                         TimesheetLine(D(2027, 1, 5), "bo", "b", Duration(1, HOURS)),
                         TimesheetLine(D(2027, 1, 7), "ann", "b", Duration(8, HOURS))))
    got = task_actuals(p, {"a": 1000.0, "b": 1000.0, "c": 1000.0, "d": 0.0}, dt.datetime(2027, 1, 6))
    assert got["a"].source == "progress" and sum(c for _, c in got["a"].cost) == 300
    assert got["b"].source == "timesheets"
    assert sum(c for _, c in got["b"].cost) == pytest.approx(12 * 50 + 2 * 75 + 100 + 40)
    assert got["c"].source == "estimate" and sum(c for _, c in got["c"].cost) == pytest.approx(250)
    assert "d" not in got
