"""Budget at completion per leaf task, from task, summary and project budgets and planned cost.

A leaf task with a ``budget`` keeps it. A summary (or the project) with a ``budget`` hands
what its budgeted subtasks leave over to its other leaves, in proportion to their planned
cost (or their working time where nothing is costed, or evenly). Elsewhere a leaf's budget
is its planned cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from headway.model import Project


@dataclass
class _Scope:
    claimed: float = 0.0
    free: list[str] = field(default_factory=list)
    nested: list[str] = field(default_factory=list)


def budgets_at_completion(project: Project, planned: Mapping[str, float],
                          weight: Mapping[str, float]) -> dict[str, float]:
    """BAC of every leaf task in ``planned`` (planned cost per leaf); ``weight`` breaks ties at zero cost."""
    tasks = project.tasks_by_id()
    children: dict[str | None, list[str]] = {}
    for task in project.tasks:
        children.setdefault(task.parent, []).append(task.id)
    out: dict[str, float] = {}

    def collect(node: str | None, scope: _Scope) -> _Scope:
        for cid in children.get(node, []):
            budget = tasks[cid].budget
            if cid not in children:  # a leaf
                if budget is not None:
                    out[cid] = budget
                    scope.claimed += budget
                elif cid in planned:
                    scope.free.append(cid)
            elif budget is not None:
                scope.claimed += budget
                scope.nested.append(cid)
            else:
                collect(cid, scope)
        return scope

    def allot(node: str | None, budget: float | None) -> None:
        scope = collect(node, _Scope())
        if budget is None:
            out.update({tid: planned[tid] for tid in scope.free})
        else:
            out.update(_share(max(budget - scope.claimed, 0.0), scope.free, planned, weight))
        for sub in scope.nested:
            allot(sub, tasks[sub].budget)

    allot(None, project.budget)
    return out


def _share(amount: float, ids: list[str], planned: Mapping[str, float],
           weight: Mapping[str, float]) -> dict[str, float]:
    for basis in (planned, weight):
        total = sum(basis.get(tid, 0.0) for tid in ids)
        if total > 0:
            return {tid: amount * basis.get(tid, 0.0) / total for tid in ids}
    return {tid: amount / len(ids) for tid in ids}
