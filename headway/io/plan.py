"""Plan files (YAML or JSON): ``load``/``loads`` to a Project with every problem, ``dumps``/``save`` back."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from headway.engine.collector import collector_paused
from headway.io.plan_nodes import Context, compose
from headway.io.plan_read import read_plan
from headway.io.plan_write import dumps
from headway.model import PlanError, Problem, Project, validate
from headway.model.portfolio import Pool
from headway.model.roles import fill_roles

__all__ = ["ReadResult", "dumps", "load", "loads", "save"]

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
    found = list(ctx.problems)
    if project is not None:
        everyone = pool.complete(project).resources if pool is not None else project.resources
        project, unfilled = fill_roles(project, everyone)
        found += unfilled
        checked = pool.complete(project) if pool is not None else project
        found += [p for p in validate(checked) if not _consequence(p, ctx.failed) and not _elsewhere(p, path)]
    found.sort(key=_place)
    return project, found


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
