"""Plan text in request bodies, and a task as its plan-file entry: read, show and patch.

A patch is applied to the plan-file form of the whole project, which is then read and checked as
any plan file is, so an edit through the API obeys exactly the rules of an edit in the file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from headway.engine.cpm import schedule as compute_schedule
from headway.io import plan as plan_file
from headway.model import PlanError, Project, Task
from headway.server.errors import ApiProblem

PLAN_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json")
JSON_TYPES = ("application/json", "application/merge-patch+json")
FIXED_FIELDS = ("id", "tasks")  # a task's place in the plan is not changed by a patch


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ApiProblem(400, f"the body is not UTF-8 text: {err}", kind="invalid_encoding") from err


def read_plan(body: bytes, content_type: str | None) -> Project:
    """The project in a plan-file body (YAML, or the same structure as JSON); 415/400/422 otherwise."""
    if media_type(content_type) not in PLAN_TYPES:
        raise ApiProblem(415, f"send the plan as one of {', '.join(PLAN_TYPES)}", kind="unsupported_media_type")
    text = body_text(body)
    try:
        project = plan_file.loads(text, "request body").project
        compute_schedule(project)  # a plan is stored only if it can be scheduled
    except PlanError as err:
        raise ApiProblem(422, f"the plan has {len(err.errors)} error(s)", kind="plan_invalid",
                         problems=err.problems) from err
    return project


def read_patch(body: bytes, content_type: str | None) -> dict[str, Any]:
    """The changed fields of a task (a JSON object; ``null`` removes a field)."""
    if media_type(content_type) not in JSON_TYPES:
        raise ApiProblem(415, "send the changed fields as application/json", kind="unsupported_media_type")
    try:
        changes = json.loads(body_text(body))
    except json.JSONDecodeError as err:
        raise ApiProblem(400, f"the body is not valid JSON: {err}", kind="invalid_json") from err
    if not isinstance(changes, dict):
        raise ApiProblem(422, "send a JSON object of the fields to change", kind="invalid_request")
    return changes


def plan_data(project: Project) -> dict[str, Any]:
    """The project as the plain data of its plan file."""
    data: dict[str, Any] = yaml.safe_load(plan_file.dumps(project))
    return data


def _entries(entries: list[dict[str, Any]], parent: str | None = None) -> Iterator[tuple[dict[str, Any], str | None]]:
    for entry in entries:
        yield entry, parent
        yield from _entries(entry.get("tasks") or [], str(entry.get("id")))


def _find(data: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    return next((e for e, _ in _entries(data.get("tasks") or []) if str(e.get("id")) == key), None)


def jsonable(value: Any) -> Any:
    """Plan-file data as JSON data (dates as ISO 8601)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def task_entry(project: Project, key: str) -> dict[str, Any] | None:
    """The task's plan-file entry without its subtasks, with ``id`` and ``parent``; None if no such task."""
    task = next((t for t in project.tasks if t.id == key), None)
    entry = _find(plan_data(project), key)
    if task is None or entry is None:
        return None
    shown: dict[str, Any] = jsonable({k: v for k, v in entry.items() if k != "tasks"})
    return {**shown, "id": key, "parent": task.parent}


def patched(project: Project, key: str, changes: Mapping[str, Any]) -> tuple[Project, Task]:
    """The project with ``changes`` applied to task ``key``, read and scheduled as a plan file
    would be (422 with every problem if it no longer validates)."""
    for field in FIXED_FIELDS:
        if field in changes and not (field == "id" and changes[field] == key):
            raise ApiProblem(422, f"{field!r} cannot be changed by a patch", kind="invalid_request")
    old = next(t for t in project.tasks if t.id == key)
    if "parent" in changes and changes["parent"] != old.parent:
        raise ApiProblem(422, "'parent' cannot be changed by a patch", kind="invalid_request")
    data = plan_data(project)
    entry = _find(data, key)
    assert entry is not None
    for field, value in changes.items():
        if field == "parent":
            continue  # shown with the task, but fixed by the plan's nesting
        if value is None:
            entry.pop(field, None)
        else:
            entry[field] = value
    try:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    except yaml.YAMLError as err:
        raise ApiProblem(422, f"a value cannot be stored in a plan: {err}", kind="invalid_request") from err
    try:
        new = plan_file.loads(text, "patched plan").project
        compute_schedule(new)
    except PlanError as err:
        raise ApiProblem(422, f"the change makes the plan invalid ({len(err.errors)} error(s)); nothing was saved",
                         kind="plan_invalid", problems=err.problems) from err
    task = next((t for t in new.tasks if t.id == key), None)
    assert task is not None
    return new, task
