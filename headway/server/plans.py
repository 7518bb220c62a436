"""Plans in requests, and every API edit as an edit of the plan file's data.

An edit (a task's fields, a new resource, a removed link…) is applied to the plain data of the
project's plan file, which is then read and checked exactly as a plan file is (``loads_data``), so an
edit through the API obeys the rules of an edit in the file. A one-task edit re-reads only that
task's entry and checks the whole project (``with_task``): the same rules, without a full re-read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from headway.engine.cpm import schedule as compute_schedule
from headway.io import plan as plan_file
from headway.model import PlanError, Project, Task
from headway.server.errors import ApiProblem

PLAN_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json")
JSON_TYPES = ("application/json", "application/merge-patch+json")
FIXED_FIELDS = ("id", "tasks")  # a task's place in the plan is not changed by a patch


@dataclass(frozen=True, slots=True)
class Kind:
    """An entity kept as a list in one section of the plan file, named by its ``key`` field."""

    entity: str
    section: str
    key: str = "id"


KINDS = {k.section: k for k in (Kind("resource", "resources"), Kind("calendar", "calendars"),
                                Kind("risk", "risks"), Kind("issue", "issues"), Kind("baseline", "baselines", "name"),
                                Kind("objective", "objectives"), Kind("stakeholder", "stakeholders"))}


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
    except (MemoryError, OverflowError) as err:
        raise _too_big(err) from err
    return project


def read_patch(body: bytes, content_type: str | None) -> dict[str, Any]:
    """The changed fields of an entity (a JSON object; ``null`` removes a field)."""
    if media_type(content_type) not in JSON_TYPES:
        raise ApiProblem(415, "send the changed fields as application/json", kind="unsupported_media_type")
    try:
        changes = json.loads(body_text(body))
    except json.JSONDecodeError as err:
        raise ApiProblem(400, f"the body is not valid JSON: {err}", kind="invalid_json") from err
    if not isinstance(changes, dict):
        raise ApiProblem(422, "send a JSON object of the fields to change", kind="invalid_request")
    return changes


def jsonable(value: Any) -> Any:
    """Plan-file data as JSON data (dates as ISO 8601)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def content_etag(entry: Any) -> str:
    """A strong ETag from an entity's content (for entities without a row version of their own)."""
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), default=str)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:20] + '"'


def checked(read: Any) -> Project:
    """Run a read of plan data (``loads_data``/``with_task``) and schedule the result: 422 with every
    problem if the edit leaves a plan that does not validate or cannot be scheduled."""
    try:
        project: Project = read().project
        compute_schedule(project)
    except PlanError as err:
        raise ApiProblem(422, f"the change makes the plan invalid ({len(err.errors)} error(s)); nothing was saved",
                         kind="plan_invalid", problems=err.problems) from err
    except (ValueError, RecursionError) as err:
        raise ApiProblem(422, f"a value cannot be stored in a plan: {err}", kind="invalid_request") from err
    except (MemoryError, OverflowError) as err:
        raise _too_big(err) from err
    return project


def _too_big(err: BaseException) -> ApiProblem:
    """The engine's answer to durations or lags too long to lay on a calendar, as a request error."""
    return ApiProblem(422, f"the plan cannot be scheduled: a duration or lag is far too long ({type(err).__name__}); "
                           "nothing was saved", kind="plan_invalid")


def reread(data: Mapping[str, Any]) -> Project:
    """The plan in ``data``, read and scheduled as a file would be."""
    return checked(lambda: plan_file.loads_data(data, "edited plan"))


# --- tasks -----------------------------------------------------------------------------------------

def task_entry(project: Project, key: str) -> dict[str, Any] | None:
    """The task's plan-file entry without its subtasks, with ``id`` and ``parent``; None if no such task."""
    task = find_task(project, key)
    if task is None:
        return None
    return {**jsonable(plan_file.task_item(task)), "id": key, "parent": task.parent}


def find_task(project: Project, key: str) -> Task | None:
    return next((t for t in project.tasks if t.id == key), None)


def patched(project: Project, key: str, changes: Mapping[str, Any]) -> tuple[Project, Task]:
    """The project with ``changes`` applied to task ``key``, checked as a plan file would be (422 with
    every problem if it no longer validates)."""
    for field in FIXED_FIELDS:
        if field in changes and not (field == "id" and changes[field] == key):
            raise ApiProblem(422, f"{field!r} cannot be changed by a patch", kind="invalid_request")
    old = find_task(project, key)
    assert old is not None
    if "parent" in changes and changes["parent"] != old.parent:
        raise ApiProblem(422, "'parent' cannot be changed by a patch", kind="invalid_request")
    entry = dict(plan_file.task_item(old))
    for field, value in changes.items():
        if field == "parent":
            continue  # shown with the task, but fixed by the plan's nesting
        if value is None:
            entry.pop(field, None)
        else:
            entry[field] = value
    new = _fast_edit(project, entry) or checked(lambda: plan_file.with_task(project, entry, "edited task"))
    task = find_task(new, key)
    assert task is not None
    return new, task


def _fast_edit(project: Project, entry: dict[str, Any]) -> Project | None:
    """The edited project when it reads and schedules: validated once (by the scheduler). None when
    it does not, so the caller reads it again with every check, for the problems a file edit shows."""
    try:
        edited = plan_file.with_task(project, entry, "edited task", validate_plan=False).project
        compute_schedule(edited)
    except (PlanError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    return edited


def _tree(entries: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Every task entry with the list that holds it."""
    for entry in entries:
        yield entry, entries
        yield from _tree(entry.get("tasks") or [])


def added_task(project: Project, body: Mapping[str, Any]) -> Project:
    """The project with a new task (``parent`` nests it, last among that task's subtasks)."""
    entry = {k: v for k, v in body.items() if k != "parent"}
    if not isinstance(entry.get("id"), str):
        raise ApiProblem(422, "a new task needs an 'id' (text)", kind="invalid_request")
    if find_task(project, entry["id"]) is not None:
        raise ApiProblem(409, f"there is already a task {entry['id']!r}", kind="conflict")
    data = plan_file.plan_data(project)
    parent = body.get("parent")
    if parent is None:
        data.setdefault("tasks", []).append(entry)
    else:
        holder = next((e for e, _ in _tree(data.get("tasks") or []) if e.get("id") == parent), None)
        if holder is None:
            raise ApiProblem(422, f"no parent task {parent!r}", kind="invalid_request")
        holder.setdefault("tasks", []).append(entry)
    return reread(data)


def dependants(project: Project, key: str) -> list[str]:
    """Tasks outside ``key``'s subtree that link to a task in it."""
    gone = subtree(project, key)
    return [t.id for t in project.tasks if t.id not in gone
            and any(link.project is None and link.predecessor in gone for link in t.links)]


def subtree(project: Project, key: str) -> set[str]:
    out = {key}
    for task in project.tasks:  # WBS order: a parent comes before its subtasks
        if task.parent in out:
            out.add(task.id)
    return out


def removed_task(project: Project, key: str, *, cascade: bool) -> Project:
    """The project without task ``key`` and its subtasks; 409 naming the tasks that link to them,
    unless ``cascade`` also removes those links."""
    waiting = dependants(project, key)
    if waiting and not cascade:
        raise ApiProblem(409, f"tasks link to {key!r}: {', '.join(waiting)}; remove those links first or "
                              "send ?cascade=true", kind="has_dependants", extra={"dependants": waiting})
    gone = subtree(project, key)
    data = plan_file.plan_data(project)
    for entry, holder in list(_tree(data.get("tasks") or [])):
        if entry.get("id") == key:
            holder.remove(entry)
        elif entry.get("id") in waiting:
            kept = [item for item in entry.get("after") or [] if _link_target(item) not in gone]
            if kept:
                entry["after"] = kept
            else:
                entry.pop("after", None)
    return reread(data)


def _link_target(item: Any) -> Any:
    return item.get("task") if isinstance(item, Mapping) else item


# --- entities kept in a section of the plan ----------------------------------------------------------

def entries(project: Project, kind: Kind) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = jsonable(plan_file.plan_data(project).get(kind.section) or [])
    return items


def entry_of(project: Project, kind: Kind, key: str) -> dict[str, Any] | None:
    return next((e for e in entries(project, kind) if str(e.get(kind.key)) == key), None)


def edited(project: Project, kind: Kind, key: str | None, body: Mapping[str, Any] | None,
           *, merge: bool = True) -> Project:
    """The project with entity ``key`` of ``kind`` created (``key`` None), changed (``body`` merged:
    ``null`` removes a field) or removed (``body`` None), read and checked as a plan file."""
    data = plan_file.plan_data(project)
    items: list[Any] = data.setdefault(kind.section, [])
    if key is None:
        assert body is not None
        new_key = body.get(kind.key)
        if not isinstance(new_key, str) or not new_key:
            raise ApiProblem(422, f"a new {kind.entity} needs {kind.key!r} (text)", kind="invalid_request")
        if any(str(e.get(kind.key)) == new_key for e in items):
            raise ApiProblem(409, f"there is already a {kind.entity} {new_key!r}", kind="conflict")
        items.append(dict(body))
        return reread(data)
    at = next(i for i, e in enumerate(items) if str(e.get(kind.key)) == key)
    if body is None:
        del items[at]
    else:
        if kind.key in body and body[kind.key] != key:
            raise ApiProblem(422, f"{kind.key!r} cannot be changed", kind="invalid_request")
        entry = dict(items[at]) if merge else {kind.key: key}
        for field, value in body.items():
            if value is None:
                entry.pop(field, None)
            else:
                entry[field] = value
        items[at] = entry
    if not items:
        del data[kind.section]
    return reread(data)


def project_entry(project: Project) -> dict[str, Any]:
    data: dict[str, Any] = jsonable(plan_file.plan_data(project)["project"])
    return data


def edited_settings(project: Project, changes: Mapping[str, Any]) -> Project:
    """The project with its settings (``project:`` section of the plan) changed."""
    data = plan_file.plan_data(project)
    for field, value in changes.items():
        if value is None:
            data["project"].pop(field, None)
        else:
            data["project"][field] = value
    return reread(data)
