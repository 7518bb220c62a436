"""Edits of the items inside entities, as edits of the plan file's data: a link or an assignment is an
item of a task's entry (so changing one is a checked edit of that task), a progress entry or a baseline
an item of its section."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from headway.engine.baselines import capture, with_baseline
from headway.engine.cost import task_costs
from headway.engine.cpm import schedule as compute_schedule
from headway.engine.progress import actuals_out_of_order, end_of, progress_as_of
from headway.io import plan as plan_file
from headway.model import Project, Task
from headway.server.errors import ApiProblem
from headway.server.plans import find_task, patched, reread


def link_entries(project: Project) -> list[dict[str, Any]]:
    """Every link of the project: ``predecessor``, ``successor``, ``type``, ``lag`` (as in plan files)."""
    return [{"predecessor": link.written, "successor": task.id, "type": link.type.value, "lag": str(link.lag)}
            for task in project.tasks for link in task.links]


def link_entry(project: Project, pred: str, succ: str) -> dict[str, Any] | None:
    return next((e for e in link_entries(project) if e["predecessor"] == pred and e["successor"] == succ), None)


def with_link(project: Project, pred: str, succ: str, body: Mapping[str, Any] | None, *,
              create: bool = False) -> Project:
    """The project with the link ``pred`` → ``succ`` added (``create``), changed (``body``: type, lag) or
    removed (``body`` None): an edit of the successor's ``after`` list, checked as a task edit."""
    task = find_task(project, succ)
    assert task is not None
    items = list(plan_file.task_item(task).get("after") or [])
    at = next((i for i, link in enumerate(task.links) if link.written == pred), None)
    if body is None:
        assert at is not None
        del items[at]
    else:
        unknown = set(body) - {"predecessor", "successor", "type", "lag"}
        if unknown:
            raise ApiProblem(422, f"a link has no field {sorted(unknown)[0]!r} (type, lag)", kind="invalid_request")
        item = {"task": pred} if create or at is None else {"task": pred, **_as_map(items[at])}
        item.update({k: v for k, v in body.items() if k in ("type", "lag")})
        item = {k: v for k, v in item.items() if v is not None}
        if create:
            items.append(item)
        else:
            assert at is not None
            items[at] = item
    return patched(project, succ, {"after": items or None})[0]


def _as_map(item: Any) -> dict[str, Any]:
    return dict(item) if isinstance(item, Mapping) else {"task": item}


def assignment_entries(task: Task) -> list[dict[str, Any]]:
    """A task's assignments: ``resource``, ``units`` (a fraction; null: the resource's own), ``role``, ``any_of``."""
    return [{"resource": a.resource, "units": a.units, "role": a.role, "any_of": list(a.alternatives) or None}
            for a in task.assignments]


def with_assignment(project: Project, key: str, resource: str, body: Mapping[str, Any] | None, *,
                    create: bool = False) -> Project:
    """The project with ``resource``'s assignment to task ``key`` added, changed or removed (``body`` None)."""
    task = find_task(project, key)
    assert task is not None
    items = list(plan_file.task_item(task).get("assign") or [])
    at = next((i for i, a in enumerate(task.assignments) if a.resource == resource), None)
    if body is None:
        assert at is not None
        del items[at]
    else:
        unknown = set(body) - {"resource", "units", "role", "any_of"}
        if unknown:
            raise ApiProblem(422, f"an assignment has no field {sorted(unknown)[0]!r}", kind="invalid_request")
        base = {"resource": resource} if create or at is None else _as_assignment(items[at])
        item = {k: v for k, v in {**base, **body}.items() if v is not None}
        if create:
            items.append(item)
        else:
            assert at is not None
            items[at] = item
    return patched(project, key, {"assign": items or None})[0]


def _as_assignment(item: Any) -> dict[str, Any]:
    return dict(item) if isinstance(item, Mapping) else {"resource": item}


# --- tracking: progress entries and baselines ------------------------------------------------------------

def with_progress(project: Project, body: Mapping[str, Any], today: dt.date) -> Project:
    """The project with a progress entry (a plan file's ``progress:`` item) recorded as ``headway update``
    does: dated the status date (else today) unless ``date`` is given; a finish alone means 100% done."""
    task = body.get("task")
    if not isinstance(task, str) or find_task(project, task) is None:
        raise ApiProblem(422, f"no task {task!r} to record progress on", kind="invalid_request")
    if task in project.summary_ids():
        raise ApiProblem(422, f"{task!r} is a summary task; record progress on its subtasks", kind="invalid_request")
    item = {k: v for k, v in body.items() if v is not None}
    if len(set(item) - {"task", "date"}) == 0:
        raise ApiProblem(422, "nothing to record: give done, remaining, actual_start, actual_finish or actual_cost",
                         kind="invalid_request")
    item.setdefault("date", project.status_date or today)
    if "actual_finish" in item and "done" not in item and "remaining" not in item:
        item["done"] = 1.0
    data = plan_file.plan_data(project)
    data.setdefault("progress", []).append({"date": item.pop("date"), **item})
    new = reread(data)
    clash = actuals_out_of_order(progress_as_of(new, end_of(new.progress[-1].date)).get(task))
    if clash is not None:
        raise ApiProblem(422, clash, kind="invalid_request")
    return new


def with_saved_baseline(project: Project, name: str, saved: dt.datetime) -> Project:
    """The project with its current schedule saved as baseline ``name`` (replacing one of that name),
    as ``headway baseline save`` does."""
    result = compute_schedule(project)
    return with_baseline(project, capture(result, name, saved, task_costs(project, result)))
