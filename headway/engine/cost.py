"""Planned cost: per task fixed cost plus its people's work × standard rate and per-use cost.

A task's cost is planned to accrue evenly over its working time (``cashflow`` spreads it);
summaries and the project add up their leaf tasks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from headway.engine.results import Schedule
from headway.model import Project, Resource, Task

MINUTES_PER_HOUR = 60.0


@dataclass(frozen=True, slots=True)
class TaskCost:
    """A leaf task's planned cost, split into its fixed part and its people's part."""

    id: str
    fixed: float
    labour: float  # work hours × standard rate, plus each person's per-use cost

    @property
    def total(self) -> float:
        return self.fixed + self.labour


def leaf_costs(project: Project, result: Schedule) -> dict[str, TaskCost]:
    """The planned cost of every leaf task on ``result``'s work figures."""
    people = project.resources_by_id()
    summaries = project.summary_ids()
    return {t.id: TaskCost(t.id, t.cost or 0.0, _labour(t, result.task(t.id).work_minutes, people))
            for t in project.tasks if t.id not in summaries}


def _labour(task: Task, work_minutes: int, people: Mapping[str, Resource]) -> float:
    """Work split over the assignments by their units, priced at each person's rates."""
    mine = [(people[a.resource], a.units) for a in task.assignments if a.resource in people]
    units = [u if u is not None else r.units for r, u in mine]
    total_units = sum(units)
    if not mine or total_units <= 0:
        return 0.0
    hours = work_minutes / MINUTES_PER_HOUR
    return sum(hours * u / total_units * r.rates.standard + r.rates.per_use
               for (r, _), u in zip(mine, units, strict=True))


def roll_up(project: Project, leaf_values: Mapping[str, float]) -> dict[str, float]:
    """``leaf_values`` with every summary set to the sum of the leaves beneath it."""
    out = dict(leaf_values)
    parents = {t.id: t.parent for t in project.tasks}
    for task in project.tasks:
        if task.id not in leaf_values:
            out.setdefault(task.id, 0.0)
    for tid, value in leaf_values.items():
        parent = parents.get(tid)
        while parent is not None:
            out[parent] = out.get(parent, 0.0) + value
            parent = parents.get(parent)
    return out


def task_costs(project: Project, result: Schedule) -> dict[str, float]:
    """Planned cost of every task, summaries included (the sum of their leaves)."""
    return roll_up(project, {tid: c.total for tid, c in leaf_costs(project, result).items()})


def project_cost(project: Project, result: Schedule) -> float:
    """The planned cost of the whole project."""
    return sum(c.total for c in leaf_costs(project, result).values())
