"""Forecasting a leveled plan: keep leveling's order of work for each person as links.

Leveling decides who works on what first. The Monte Carlo passes know only links, so the
leveled order becomes finish-to-start links: each task follows, for each of its people, the
task that freed that person last before it started. In every iteration a task then waits for
its people as well as for its predecessors — the "leveled sequence" of schedule risk tools —
so nobody is double-booked whatever the draws, and a task that runs long pushes the next one
its people work on.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import replace

from headway.engine.leveling.plan import LeveledPlan
from headway.model import Link, Project, Task
from headway.model.graph import find_cycles


def with_leveled_sequence(leveled: LeveledPlan, project: Project) -> tuple[Project, int]:
    """``project`` (with the people leveling picked) plus a link from the task that freed each of a
    task's people last before its leveled start; returns the plan and how many links were added."""
    plan = leveled.project or project
    schedule = leveled.schedule
    summaries = plan.summary_ids()
    worked: dict[str, list[tuple[float, str]]] = {}  # person -> (finish, task) in finish order
    rows = [t for t in plan.tasks if t.id not in summaries and t.assignments]
    for task in rows:
        for a in task.assignments:
            worked.setdefault(a.resource, []).append((schedule.task(task.id).finish.timestamp(), task.id))
    for items in worked.values():
        items.sort()
    added: dict[str, list[str]] = {}
    for task in rows:
        start = schedule.task(task.id).start.timestamp()
        before = {link.predecessor for link in task.links}
        for a in task.assignments:
            items = worked[a.resource]
            k = bisect.bisect_right(items, (start, "\uffff")) - 1
            while k >= 0 and items[k][1] == task.id:
                k -= 1
            if k >= 0 and items[k][1] not in before:
                before.add(items[k][1])
                added.setdefault(task.id, []).append(items[k][1])
    return _without_cycles(plan, added)


def _without_cycles(plan: Project, added: dict[str, list[str]]) -> tuple[Project, int]:
    """Add the links, dropping any that closes a cycle with links leading back (negative lags)."""
    while True:
        tasks = tuple(_linked(t, added.get(t.id, ())) for t in plan.tasks)
        linked = plan.replace(tasks=tasks)
        cycles = find_cycles(linked) if added else []
        if not cycles:
            return linked, sum(len(v) for v in added.values())
        for cycle in cycles:
            for pred, succ in itertools.pairwise(cycle):
                if pred in added.get(succ, ()):
                    added[succ].remove(pred)
                    break
            else:
                return plan, 0  # the plan itself has a cycle: let the forecast report it


def _linked(task: Task, predecessors: tuple[str, ...] | list[str]) -> Task:
    if not predecessors:
        return task
    return replace(task, links=task.links + tuple(Link(p) for p in predecessors))
