"""Resource pool files: the ``calendars:`` and ``resources:`` several plans share, in plan syntax."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from headway.engine.collector import collector_paused
from headway.io.plan_nodes import Context, compose
from headway.io.plan_read import read_resources
from headway.io.plan_read_calendars import read_calendars
from headway.model import PlanError, Problem, SourceLocation, validate
from headway.model.portfolio import Pool

POOL_KEYS = ("calendars", "resources", "$schema")
POOL_EXAMPLE = "resources: [{id: alice, name: Alice Liu}]"


@dataclass(frozen=True)
class PoolResult:
    """A pool read without errors, and the warnings found on the way."""

    pool: Pool
    problems: tuple[Problem, ...]


def load_pool(path: str | Path) -> PoolResult:
    """Read a pool file (.yaml/.yml/.json); PlanError lists every problem found."""
    return loads_pool(Path(path).read_text(encoding="utf-8-sig"), str(path))


def loads_pool(text: str, path: str = "<string>") -> PoolResult:
    """Read a pool from text; ``path`` only names the source in problem locations."""
    pool, found = read_pool_text(text, path)
    if pool is None or any(p.is_error for p in found):
        raise PlanError(found)
    return PoolResult(pool, tuple(found))


def read_pool_text(text: str, path: str) -> tuple[Pool | None, list[Problem]]:
    """The pool as far as it could be read (None if not at all) and every problem, in file order."""
    with collector_paused():
        root, loader, problems = compose(text, path)
        if problems:
            return None, problems
        ctx = Context(path, loader)
        pool = _read(ctx, root)
        loader.constructed_objects.clear()
    found = ctx.problems + (validate(pool.as_project()) if pool is not None else [])
    found.sort(key=lambda p: (p.location.line, p.location.column) if p.location else (0, 0))
    return pool, found


def _read(ctx: Context, root: yaml.Node | None) -> Pool | None:
    where = SourceLocation(ctx.path, 1, 1)
    if root is None:
        ctx.problems.append(Problem("empty_pool", "the pool file is empty", location=where,
                                    hint="start the file with " + POOL_EXAMPLE))
        return None
    if not isinstance(root, yaml.MappingNode):
        ctx.report("not_a_mapping", "a pool must be a mapping with 'resources:' (and 'calendars:')", root,
                   hint="start the file with " + POOL_EXAMPLE)
        return None
    fields = ctx.fields(root, POOL_KEYS, "the pool") or {}
    calendars = read_calendars(ctx, fields["calendars"]) if "calendars" in fields else []
    resources = read_resources(ctx, fields["resources"], calendars, None) if "resources" in fields else []
    return Pool(tuple(calendars), tuple(resources), where)
