"""Assignments by role: "anyone with this role" becomes a choice among the people who have it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from headway.model.problems import Problem, Severity
from headway.model.project import Project
from headway.model.resource import Resource
from headway.model.validate import did_you_mean


def fill_roles(project: Project, people: Sequence[Resource] | None = None) -> tuple[Project, list[Problem]]:
    """``project`` with each role assignment given its candidates (from ``people``, default the
    plan's), the first as the default; an ``unknown_role`` error where nobody has the role."""
    staff = list(people) if people is not None else list(project.resources)
    roles: dict[str, list[str]] = {}
    for person in staff:
        if person.role:
            roles.setdefault(person.role, []).append(person.id)
    problems: list[Problem] = []
    tasks = []
    changed = False
    for task in project.tasks:
        if not any(a.role is not None and not a.resource for a in task.assignments):
            tasks.append(task)
            continue
        filled = []
        for a in task.assignments:
            if a.role is None or a.resource:
                filled.append(a)
                continue
            who = roles.get(a.role, [])
            if not who:
                problems.append(Problem("unknown_role", f"nobody has the role {a.role!r}", Severity.ERROR, task.id,
                                        a.origin or task.origin, did_you_mean(a.role, roles)
                                        or "give someone this 'role:' under resources"))
                continue
            filled.append(replace(a, resource=who[0], alternatives=tuple(who[1:])))
        tasks.append(replace(task, assignments=tuple(filled)))
        changed = True
    return (replace(project, tasks=tuple(tasks)) if changed else project), problems
