"""Plan files (YAML or JSON): ``load``/``loads`` to a Project with every problem, ``dumps``/``save`` back."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from headway.engine.collector import collector_paused
from headway.io.plan_nodes import NUL_MESSAGE, Context, Loader, compose
from headway.io.plan_read import read_plan
from headway.io.plan_read_tasks import read_tasks
from headway.io.plan_write import dumps, plan_data, task_item
from headway.model import PlanError, Problem, Project, validate
from headway.model.portfolio import Pool
from headway.model.roles import fill_roles

__all__ = ["ReadResult", "dumps", "load", "loads", "loads_data", "plan_data", "save", "task_item", "with_task"]

# Checks of the model whose finding is only a consequence of a field the reader already
# reported and skipped (a bad `duration:` need not also be "no estimate").
_CONSEQUENCES: dict[str, tuple[str, ...]] = {
    "no_estimate": ("duration", "effort", "milestone"),
    "effort_without_resources": ("assign",),
    "milestone_with_duration": ("milestone",),
    "constraint_without_date": ("constraint",),
    "constraint_date_ignored": ("constraint",),
}


@dataclass(frozen=True)
class ReadResult:
    """A plan read without errors, and the warnings found on the way."""

    project: Project
    problems: tuple[Problem, ...]


def load(path: str | Path, *, pool: Pool | None = None) -> ReadResult:
    """Read a .yaml/.yml/.json plan file; PlanError lists every problem found.

    With a ``pool``, the plan may use the pool's calendars and resources (it is checked with
    them; the project returned is the plan as written).
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    return loads(text, str(path), pool=pool)


def loads(text: str, path: str = "<string>", *, pool: Pool | None = None) -> ReadResult:
    """Read a plan from text; ``path`` only names the source in problem locations."""
    with collector_paused():
        project, found = _read(text, path, pool)
    if any(p.is_error for p in found):
        raise PlanError(found)
    assert project is not None
    return ReadResult(project, tuple(found))


def _read(text: str, path: str, pool: Pool | None) -> tuple[Project | None, list[Problem]]:
    """The project (None if unreadable) and every problem, in file order."""
    root, loader, problems = compose(text, path)
    if problems:
        return None, problems
    ctx = Context(path, loader)
    project = read_plan(ctx, root)
    loader.constructed_objects.clear()  # so the node tree is freed as soon as this returns
    return _checked(project, ctx, path, pool)


def _checked(project: Project | None, ctx: Context, path: str,
             pool: Pool | None) -> tuple[Project | None, list[Problem]]:
    """The project read in ``ctx`` with its roles filled, and every problem of the reader and the model."""
    found = list(ctx.problems)
    if project is not None:
        everyone = pool.complete(project).resources if pool is not None else project.resources
        project, unfilled = fill_roles(project, everyone)
        found += unfilled
        checked = pool.complete(project) if pool is not None else project
        found += [p for p in validate(checked) if not _consequence(p, ctx.failed) and not _elsewhere(p, path)]
    found.sort(key=_place)
    return project, found


def loads_data(data: Mapping[str, Any], path: str = "<data>") -> ReadResult:
    """Read a plan given as plain data (what ``plan_data`` gives, or a plan parsed from JSON) with
    exactly the rules of a file, without writing and parsing YAML text; problems point at ``path``."""
    ctx = Context(path, Loader(""))
    with collector_paused():
        project, found = _checked(read_plan(ctx, data_node(data, path)), ctx, path, None)
    if any(p.is_error for p in found):
        raise PlanError(found)
    assert project is not None
    return ReadResult(project, tuple(found))


def with_task(project: Project, entry: Mapping[str, Any], path: str = "<data>", *,
              validate_plan: bool = True) -> ReadResult:
    """``project`` with its task ``entry["id"]`` replaced by ``entry`` (a plan-file entry without
    subtasks; the task keeps its place and parent), read and checked as if the file were edited.

    Only the entry is read; the rest of the plan is the model already read, so an edit of one
    task costs one validation of the project rather than a full re-read. Without
    ``validate_plan``, only the entry's own fields are checked: for a caller that schedules the
    result next (which validates) and asks again with validation when that fails.
    """
    ctx = Context(path, Loader(""))
    with collector_paused():
        read = read_tasks(ctx, yaml.SequenceNode(_SEQ, [data_node(entry, path)], _MARK, _MARK))
        new = read[0] if len(read) == 1 else None
        old = next((t for t in project.tasks if new is not None and t.id == new.id), None)
        edited = None
        if new is not None and old is not None:
            edited = project.replace(tasks=tuple(replace(new, parent=old.parent) if t is old else t
                                                 for t in project.tasks))
        found = list(ctx.problems)
        if edited is not None and not validate_plan and not any(p.is_error for p in found):
            edited, unfilled = fill_roles(edited, edited.resources)
            if not any(p.is_error for p in unfilled):
                return ReadResult(edited, tuple(found + unfilled))
        if edited is not None:
            edited, found = _checked(edited, ctx, path, None)
    if edited is None or any(p.is_error for p in found):
        raise PlanError(found or [Problem("unknown_task", f"no task {entry.get('id')!r} to change")])
    return ReadResult(edited, tuple(found))


_MARK = yaml.Mark("<data>", 0, 0, 0, "", 0)
_SEQ, _MAP, _STR = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:str"
_SCALAR_TAGS: dict[type, str] = {bool: "tag:yaml.org,2002:bool", int: "tag:yaml.org,2002:int",
                                 float: "tag:yaml.org,2002:float", dt.date: "tag:yaml.org,2002:timestamp",
                                 dt.datetime: "tag:yaml.org,2002:timestamp"}


def data_node(value: Any, path: str = "<data>") -> yaml.Node:
    """Plain data as the YAML node tree a file with that content composes to (places are all line 1);
    ValueError for a value a plan file cannot hold."""
    mark = _MARK if path == "<data>" else yaml.Mark(path, 0, 0, 0, "", 0)
    return _node(value, mark)


def _node(value: Any, mark: yaml.Mark) -> yaml.Node:
    if isinstance(value, Mapping):
        return yaml.MappingNode(_MAP, [(_node(k, mark), _node(v, mark)) for k, v in value.items()], mark, mark)
    if isinstance(value, list | tuple):
        return yaml.SequenceNode(_SEQ, [_node(v, mark) for v in value], mark, mark)
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{NUL_MESSAGE}: {value[:40]!r}")
        return yaml.ScalarNode(_STR, value, mark, mark)
    if value is None:
        return yaml.ScalarNode("tag:yaml.org,2002:null", "null", mark, mark)
    tag = _SCALAR_TAGS.get(type(value))
    if tag is None or (isinstance(value, float) and value != value):
        raise ValueError(f"{value!r} cannot be written in a plan")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = repr(value) if abs(value) != float("inf") else (".inf" if value > 0 else "-.inf")
    else:
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return yaml.ScalarNode(tag, text, mark, mark)


def save(project: Project, path: str | Path) -> None:
    """Write ``project`` as canonical YAML, replacing ``path`` atomically."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(dumps(project))
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _consequence(problem: Problem, failed: set[tuple[str | None, str]]) -> bool:
    keys = _CONSEQUENCES.get(problem.code, ())
    return any((problem.entity_id, key) in failed for key in keys)


def _elsewhere(problem: Problem, path: str) -> bool:
    """A finding in another file (the pool's own calendars and people, which it reports itself)."""
    return problem.location is not None and problem.location.path != path


def _place(problem: Problem) -> tuple[int, int, int]:
    where = problem.location
    return (0, where.line, where.column) if where is not None else (1, 0, 0)
