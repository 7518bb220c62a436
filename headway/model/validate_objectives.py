"""Checks on objectives and the stakeholder register: unique ids and references that resolve."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from headway.model.objectives import Objective, Stakeholder
from headway.model.problems import Problem, SourceLocation, did_you_mean
from headway.model.project import Project


def objective_problems(project: Project) -> list[Problem]:
    """Every problem of the objectives and stakeholders, at the place of the entry that has it.

    Codes: ``duplicate_objective_id``, ``duplicate_stakeholder_id``, ``unknown_task``
    (deliverables, criterion milestones, consulted, informed), ``unknown_resource`` (a
    stakeholder's resource) and ``unknown_owner`` (an objective owner that is neither a resource
    nor a stakeholder).
    """
    tasks = {t.id for t in project.tasks}
    resources = {r.id for r in project.resources}
    people = resources | {s.id for s in project.stakeholders}
    out = _duplicates("objective", project.objectives) + _duplicates("stakeholder", project.stakeholders)
    for objective in project.objectives:
        out += _objective(objective, tasks, people)
    for stakeholder in project.stakeholders:
        out += _stakeholder(stakeholder, tasks, resources)
    return out


def _duplicates(kind: str, items: Iterable[Objective | Stakeholder]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id in seen:
            out.append(Problem(f"duplicate_{kind}_id", f"{kind} id {item.id!r} is used more than once",
                               entity_id=item.id, location=item.origin, hint="ids must be unique; rename one of them"))
        seen.add(item.id)
    return out


def _objective(objective: Objective, tasks: Collection[str], people: Collection[str]) -> list[Problem]:
    where = objective.origin
    out = _unknown_tasks("deliverable", objective.deliverables, tasks, objective.id, where)
    for criterion in objective.criteria:
        if criterion.milestone is not None:
            out += _unknown_tasks("criterion milestone", (criterion.milestone,), tasks, objective.id,
                                  criterion.origin or where)
    if objective.owner is not None and objective.owner not in people:
        out.append(Problem("unknown_owner", f"objective owner {objective.owner!r} is neither a resource nor a "
                           "stakeholder", entity_id=objective.id, location=where,
                           hint=did_you_mean(objective.owner, people) or "name an id from 'resources:' or "
                           "'stakeholders:'"))
    return out


def _stakeholder(stakeholder: Stakeholder, tasks: Collection[str], resources: Collection[str]) -> list[Problem]:
    where = stakeholder.origin
    out = _unknown_tasks("consulted task", stakeholder.consulted, tasks, stakeholder.id, where)
    out += _unknown_tasks("informed task", stakeholder.informed, tasks, stakeholder.id, where)
    if stakeholder.resource is not None and stakeholder.resource not in resources:
        out.append(Problem("unknown_resource", f"stakeholder resource {stakeholder.resource!r} is not defined",
                           entity_id=stakeholder.id, location=where,
                           hint=did_you_mean(stakeholder.resource, resources) or "name an id from 'resources:'"))
    return out


def _unknown_tasks(what: str, ids: Iterable[str], tasks: Collection[str], entity: str,
                   where: SourceLocation | None) -> list[Problem]:
    return [Problem("unknown_task", f"{what} {tid!r} does not exist", entity_id=entity, location=where,
                    hint=did_you_mean(tid, tasks) or "list ids from 'tasks:'")
            for tid in ids if tid not in tasks]
