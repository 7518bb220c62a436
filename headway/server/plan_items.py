"""Edits of the items inside entities, as edits of the plan file's data: a link or an assignment is an
item of a task's entry (so changing one is a checked edit of that task), a progress entry, a baseline,
a timesheet line or a correlation group an item of its section."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from headway.engine.baselines import capture, with_baseline
from headway.engine.cost import task_costs
from headway.engine.cpm import schedule as compute_schedule
from headway.engine.progress import actuals_out_of_order, end_of, progress_as_of
from headway.io import plan as plan_file
from headway.io.plan_nodes import Context, Loader
from headway.io.plan_read_risks import read_correlations
from headway.io.plan_read_tracking import read_timesheets
from headway.io.plan_write_tracking import timesheet_item
from headway.model import Problem, Project, Task, TimesheetLine
from headway.model.validate_risks import correlation_problems
from headway.model.validate_tracking import tracking_problems
from headway.server.errors import ApiProblem
from headway.server.plans import find_task, jsonable, patched, reread


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


# --- timesheet lines: each named by its (date, resource, task) ------------------------------------------

_LINE_FIELDS = {"unknown_task": "task", "unknown_resource": "resource", "bad_date": "date"}


def timesheet_entry(line: TimesheetLine) -> dict[str, Any]:
    """A timesheet line as in the plan file: ``date``, ``resource``, ``task``, ``work``, ``overtime``."""
    entry: dict[str, Any] = jsonable(timesheet_item(line))
    return entry


def line_key(line: TimesheetLine) -> tuple[dt.date, str, str]:
    return line.date, line.resource, line.task


def read_lines(project: Project, items: Sequence[Mapping[str, Any]]) -> list[TimesheetLine]:
    """``items`` read and checked as a plan file's ``timesheets:`` lines on ``project``: 422 naming every
    bad line (``item``, 1-based) and field at once, or 409 if a line's (date, resource, task) is taken."""
    lines: list[TimesheetLine] = []
    problems: list[dict[str, Any]] = []
    for number, item in enumerate(items, start=1):
        ctx = Context(str(number), Loader(""))
        try:
            lines += read_timesheets(ctx, plan_file.data_node([dict(item)]))
        except ValueError as err:
            problems.append(_line_problem(number, Problem("bad_value", str(err))))
        problems += [_line_problem(number, p) for p in ctx.problems if p.is_error]
    checked_lines = replace(project, progress=(), timesheets=tuple(lines))
    problems += [_line_problem(int(p.location.path) if p.location else 0, p)
                 for p in tracking_problems(checked_lines) if p.is_error]
    taken = {line_key(line) for line in project.timesheets}
    first: dict[tuple[dt.date, str, str], int] = {}
    conflicts: list[dict[str, Any]] = []
    for line in lines:
        number = int(line.origin.path) if line.origin else 0
        key = line_key(line)
        if key in taken:
            conflicts.append(_line_problem(number, Problem(
                "timesheet_line_exists", f"there is already a line for {_key_text(key)}", entity_id=line.task,
                hint="correct it with PUT or PATCH on /timesheets/DATE/RESOURCE/TASK")))
        elif first.setdefault(key, number) != number:
            problems.append(_line_problem(number, Problem(
                "duplicate_timesheet_line", f"line {number} repeats line {first[key]}'s date, resource and task",
                entity_id=line.task, hint="send one line with their total work")))
    if problems or conflicts:
        status, what = (422, "not valid") if problems else (409, "already recorded")
        listed = sorted(problems + conflicts, key=lambda p: p["item"])
        raise ApiProblem(status, f"{len(listed)} problem(s): timesheet lines {what}; nothing was saved",
                         kind="timesheet_invalid" if problems else "conflict", extra={"problems": listed})
    return [replace(line, origin=None) for line in lines]


def _line_problem(number: int, problem: Problem) -> dict[str, Any]:
    """A problem of posted line ``number``, with the ``field`` it is about (when one is)."""
    field = _LINE_FIELDS.get(problem.code)
    if field is None:
        quoted = re.search(r"'(\w+)'", problem.message) if problem.code in ("missing_key", "unknown_key") else None
        first_word = problem.message.split(" ", 1)[0]
        field = quoted.group(1) if quoted else first_word if first_word in ("work", "overtime") else None
    return {"item": number, "field": field, "code": problem.code, "severity": problem.severity.value,
            "message": problem.message, "id": problem.entity_id, "hint": problem.hint}


def _key_text(key: tuple[dt.date, str, str]) -> str:
    return f"{key[0].isoformat()}, resource {key[1]!r}, task {key[2]!r}"


def with_lines(project: Project, lines: Sequence[TimesheetLine]) -> Project:
    """The project with checked (``read_lines``) timesheet lines added at the end."""
    return replace(project, timesheets=project.timesheets + tuple(lines))


def with_line(project: Project, key: tuple[dt.date, str, str], line: TimesheetLine | None) -> Project:
    """The project with every line of ``key`` replaced by ``line`` (in the first one's place) or removed."""
    kept = [old for old in project.timesheets if line_key(old) != key]
    if line is not None:  # the first line of ``key`` has as many other lines before it in ``kept``
        kept.insert(next(i for i, old in enumerate(project.timesheets) if line_key(old) == key), line)
    return replace(project, timesheets=tuple(kept))


# --- correlation groups: each named by its 1-based place in the plan's list ----------------------------

def correlation_entries(project: Project) -> list[dict[str, Any]]:
    """Every correlation group as in the plan file, with its ``number`` (1-based, as problems name it)."""
    return [{"number": n, "tasks": list(c.tasks), "coefficient": c.coefficient}
            for n, c in enumerate(project.correlations, start=1)]


def with_correlation(project: Project, number: int | None, body: Mapping[str, Any] | None) -> Project:
    """The project with a group added (``number`` None), group ``number`` replaced by ``body`` or removed
    (``body`` None; later groups move up one). The new list is read and checked with the plan file's
    rules for it (422 with every problem); the rest of the plan is unchanged, so it is not read again."""
    groups: list[Any] = [{"tasks": list(c.tasks), "coefficient": c.coefficient} for c in project.correlations]
    item = {k: v for k, v in (body or {}).items() if k != "number"}
    if number is None:
        groups.append(item)
    elif body is None:
        del groups[number - 1]
    else:
        groups[number - 1] = item
    ctx = Context("edited plan", Loader(""))
    try:
        read = read_correlations(ctx, plan_file.data_node(groups), {t.id for t in project.tasks})
    except ValueError as err:
        raise ApiProblem(422, f"a value cannot be stored in a plan: {err}", kind="invalid_request") from err
    new = replace(project, correlations=tuple(replace(c, origin=None) for c in read))
    problems = [p for p in ctx.problems + correlation_problems(new) if p.is_error]
    if problems:
        raise ApiProblem(422, f"the change makes the plan invalid ({len(problems)} error(s)); nothing was saved",
                         kind="plan_invalid", problems=problems)
    return new
