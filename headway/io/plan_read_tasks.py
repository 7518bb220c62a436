"""Reading the task tree of a plan file: tasks, links, assignments, constraints and estimates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from headway.io.plan_nodes import STR_TAG, Context, is_null
from headway.model import (
    ZERO,
    Assignment,
    Constraint,
    ConstraintType,
    Distribution,
    Estimate,
    Link,
    LinkType,
    Task,
    did_you_mean,
)
from headway.model.portfolio import SEPARATOR

TASK_KEYS = ("id", "name", "milestone", "duration", "effort", "after", "assign", "constraint", "deadline",
             "priority", "level", "leveling_delay", "estimate", "calendar", "owner", "tags", "notes", "cost", "budget",
             "source_uid", "tasks")
LINK_KEYS = ("task", "project", "type", "lag")
ASSIGNMENT_KEYS = ("resource", "any_of", "role", "units")
ASSIGNMENT_HINT = "write resource: alice, any_of: [alice, bob] or role: backend"
CONSTRAINT_KEYS = ("type", "date")
ESTIMATE_KEYS = ("optimistic", "likely", "pessimistic")
ESTIMATE_SYNONYMS = {"low": "optimistic", "high": "pessimistic"}
DISTRIBUTIONS = {d.value: d for d in Distribution}
_FIELD_NAMES = {"after": "links", "assign": "assignments"}  # file key -> Task field
CONSTRAINT_NAMES: dict[str, ConstraintType] = {
    **{ct.value: ct for ct in ConstraintType}, **{ct.name.lower(): ct for ct in ConstraintType}}
LINK_HINT = "link types are FS, SS, FF and SF, e.g. {task: design, type: SS, lag: 1d}"
CONSTRAINT_HINT = "use one of " + ", ".join(ct.value for ct in ConstraintType) + " (or SNET, MSO, …)"


def read_tasks(ctx: Context, node: yaml.Node) -> list[Task]:
    """All tasks in WBS order (each summary before its subtasks), with ``parent`` set."""
    out: list[Task | None] = []
    for item in ctx.items(node, "tasks"):
        _read_task(ctx, item, None, out)
    return [task for task in out if task is not None]


def _read_task(ctx: Context, node: yaml.Node, parent: str | None, out: list[Task | None]) -> None:
    fields = ctx.fields(node, TASK_KEYS, "a task")
    if fields is None:
        return
    id_node = ctx.require(fields, "id", node, "a task", "id: design")
    tid = ctx.ident(id_node, "task id") if id_node is not None else None
    values: dict[str, Any] = {}
    for key, value_node in fields.items():
        reader = _TASK_FIELDS.get(key)
        if reader is None:
            continue
        before = len(ctx.problems)
        value = reader(ctx, value_node, tid)
        if len(ctx.problems) > before:
            ctx.failed.add((tid, key))
        if value is not None:
            values[_FIELD_NAMES.get(key, key)] = value
    index = len(out)
    out.append(None)  # keeps the summary ahead of its subtasks
    if "tasks" in fields:
        for child in ctx.items(fields["tasks"], "subtasks", tid):
            _read_task(ctx, child, tid, out)
    if tid is not None:
        where = ctx.loc(id_node) if id_node is not None else ctx.loc(node)
        out[index] = Task(id=tid, parent=parent, origin=where, **values)


def _priority(ctx: Context, node: yaml.Node, tid: str | None) -> int | None:
    value = ctx.integer(node, "priority", tid)
    if value is not None and not 0 <= value <= 1000:
        ctx.report("bad_priority", f"priority {value} is outside 0..1000", node, tid,
                   "500 is normal; higher is scheduled first when leveling")
        return None
    return value


def _links(ctx: Context, node: yaml.Node, tid: str | None) -> tuple[Link, ...]:
    out = []
    for item in ctx.items(node, "after", tid):
        link = _link(ctx, item, tid)
        if link is not None:
            out.append(link)
    return tuple(out)


def _link(ctx: Context, node: yaml.Node, tid: str | None) -> Link | None:
    if not isinstance(node, yaml.MappingNode):
        ref = _predecessor(ctx, node, tid)
        return Link(ref[1], origin=ctx.loc(node), project=ref[0]) if ref is not None else None
    fields = ctx.fields(node, LINK_KEYS, "a link", tid) or {}
    pred_node = ctx.require(fields, "task", node, "a link", "task: design", tid)
    ref = _predecessor(ctx, pred_node, tid) if pred_node is not None else None
    if ref is not None and "project" in fields:
        named = ctx.ident(fields["project"], "link project", tid)
        if ref[0] is not None:
            ctx.report("conflicting_keys", "the link names its project twice, in 'task:' and 'project:'",
                       fields["project"], tid, f"write 'task: {ref[1]}, project: {ref[0]}'")
        ref = (named, ref[1]) if named is not None and ref[0] is None else None
    kind: LinkType | None = LinkType.FS
    if "type" in fields:
        text = ctx.text(fields["type"], "link type", tid)
        kind = LinkType.__members__.get(text.strip().upper()) if text is not None else None
        if kind is None and text is not None:
            ctx.report("bad_link_type", f"unknown link type {text!r}", fields["type"], tid, LINK_HINT)
    lag = ctx.duration(fields["lag"], "lag", tid) if "lag" in fields else None
    if ref is None or kind is None or ("lag" in fields and lag is None):
        return None
    return Link(ref[1], kind, lag if lag is not None else ZERO, ctx.loc(node), ref[0])


def _predecessor(ctx: Context, node: yaml.Node, tid: str | None) -> tuple[str | None, str] | None:
    """(project, task) of ``design``, or of ``infra/db-ready``: a task of another project in a portfolio."""
    if isinstance(node, yaml.ScalarNode) and SEPARATOR in str(node.value):
        project, _, task = str(node.value).partition(SEPARATOR)
        parts = [ctx.ident(yaml.ScalarNode(STR_TAG, part, node.start_mark), what, tid)
                 for part, what in ((project, "predecessor project"), (task, "predecessor"))]
        return (parts[0], parts[1]) if parts[0] is not None and parts[1] is not None else None
    pred = ctx.ident(node, "predecessor", tid)
    return (None, pred) if pred is not None else None


def _assignments(ctx: Context, node: yaml.Node, tid: str | None) -> tuple[Assignment, ...]:
    out = []
    for item in ctx.items(node, "assign", tid):
        if not isinstance(item, yaml.MappingNode):
            res = ctx.ident(item, "assigned resource", tid)
            if res is not None:
                out.append(Assignment(res, None, ctx.loc(item)))
            continue
        fields = ctx.fields(item, ASSIGNMENT_KEYS, "an assignment", tid) or {}
        units = None
        if "units" in fields and not is_null(fields["units"]):
            units = ctx.percentage(fields["units"], "units", tid)
        who = [key for key in ("resource", "any_of", "role") if key in fields]
        if len(who) != 1:
            ctx.report("bad_assignment", "an assignment names who does the work once: "
                       + ("a resource, any_of or a role" if not who else " and ".join(who) + " together"),
                       item, tid, ASSIGNMENT_HINT)
            continue
        if who == ["resource"]:
            res = ctx.ident(fields["resource"], "assigned resource", tid)
            if res is not None:
                out.append(Assignment(res, units, ctx.loc(item)))
        elif who == ["role"]:
            role = ctx.text(fields["role"], "role", tid)
            if role is not None:
                out.append(Assignment("", units, ctx.loc(item), role=role.strip()))
        else:
            people = [ctx.ident(n, "assigned resource", tid) for n in ctx.items(fields["any_of"], "any_of", tid)]
            named = [r for r in people if r is not None]
            if not named:
                ctx.report("bad_assignment", "any_of lists nobody", fields["any_of"], tid, ASSIGNMENT_HINT)
            elif len(named) == len(people):
                out.append(Assignment(named[0], units, ctx.loc(item), alternatives=tuple(named[1:])))
    return tuple(out)


def _constraint(ctx: Context, node: yaml.Node, tid: str | None) -> Constraint | None:
    if isinstance(node, yaml.MappingNode):
        fields = ctx.fields(node, CONSTRAINT_KEYS, "a constraint", tid) or {}
        type_node = ctx.require(fields, "type", node, "a constraint", "type: start-no-earlier-than", tid)
    else:
        fields, type_node = {}, node
    kind = None
    if type_node is not None:
        text = ctx.text(type_node, "constraint type", tid)
        if text is not None:
            kind = CONSTRAINT_NAMES.get(text.strip().lower().replace("_", "-").replace(" ", "-"))
            if kind is None:
                hint = did_you_mean(text.lower(), CONSTRAINT_NAMES) or CONSTRAINT_HINT
                ctx.report("bad_constraint_type", f"unknown constraint type {text!r}", type_node, tid, hint)
    date = ctx.date(fields["date"], "constraint date", tid) if "date" in fields else None
    if kind is None or ("date" in fields and date is None):
        return None
    return Constraint(kind, date)


def read_estimate(ctx: Context, node: yaml.Node, tid: str | None) -> Estimate | None:
    """A three-point estimate: ``2d/3d/6d`` (triangular) or a mapping with a distribution."""
    if isinstance(node, yaml.ScalarNode) and not is_null(node):
        parts = str(node.value).split("/")
        if len(parts) != 3:
            ctx.report("bad_estimate", f"estimate {node.value!r} is not optimistic/likely/pessimistic",
                       node, tid, "write e.g. 2d/3d/6d or {optimistic: 2d, likely: 3d, pessimistic: 6d}")
            return None
        values = [ctx.duration(yaml.ScalarNode("tag:yaml.org,2002:str", part, node.start_mark),
                               "estimate", tid) for part in parts]
        distribution: Distribution | None = Distribution.TRIANGULAR
    else:
        fields = ctx.fields(node, (*ESTIMATE_KEYS, *ESTIMATE_SYNONYMS, "distribution"), "an estimate", tid)
        if fields is None:
            return None
        distribution = _distribution(ctx, fields.pop("distribution", None), tid)
        for short, key in ESTIMATE_SYNONYMS.items():
            if short in fields and key in fields:
                ctx.report("duplicate_key", f"{short!r} and {key!r} both give the same point of an estimate",
                           fields[short], tid, "keep one of them")
            if short in fields:
                fields.setdefault(key, fields.pop(short))
        found = [ctx.require(fields, key, node, "an estimate", f"{key}: 3d", tid) for key in ESTIMATE_KEYS]
        values = [ctx.duration(n, f"{key} estimate", tid) if n is not None else None
                  for key, n in zip(ESTIMATE_KEYS, found, strict=True)]
    low, likely, high = values
    if low is None or likely is None or high is None or distribution is None:
        return None
    return Estimate(low, likely, high, distribution)


def _distribution(ctx: Context, node: yaml.Node | None, tid: str | None) -> Distribution | None:
    """The distribution named in an estimate (triangular when not given); None after a problem."""
    if node is None or is_null(node):
        return Distribution.TRIANGULAR
    text = ctx.text(node, "estimate distribution", tid)
    if text is None:
        return None
    found = DISTRIBUTIONS.get(text.lower())
    if found is None:
        hint = did_you_mean(text.lower(), DISTRIBUTIONS) or "use one of " + ", ".join(DISTRIBUTIONS)
        ctx.report("bad_distribution", f"unknown estimate distribution {text!r}", node, tid, hint)
    return found


def read_amount(ctx: Context, node: yaml.Node, what: str, entity: str | None = None) -> float | None:
    """A sum of money in the project currency: a number, 0 or more."""
    value = ctx.number(node, what, entity)
    if value is not None and value < 0:
        ctx.report("negative_cost", f"{what} {value:g} is below 0", node, entity,
                   "costs and budgets are amounts in the project currency, 0 or more")
        return None
    return value


def _tags(ctx: Context, node: yaml.Node, entity: str | None) -> tuple[str, ...]:
    return tuple(tag for item in ctx.items(node, "tags", entity)
                 if (tag := ctx.text(item, "tag", entity)) is not None)


def _optional_ident(what: str) -> Callable[[Context, yaml.Node, str | None], str | None]:
    def read(ctx: Context, node: yaml.Node, entity: str | None) -> str | None:
        return None if is_null(node) else ctx.ident(node, what, entity)
    return read


_TASK_FIELDS: dict[str, Callable[[Context, yaml.Node, str | None], Any]] = {
    "name": lambda ctx, n, tid: ctx.text(n, "task name", tid),
    "milestone": lambda ctx, n, tid: ctx.boolean(n, "milestone", tid),
    "duration": lambda ctx, n, tid: ctx.duration(n, "duration", tid),
    "effort": lambda ctx, n, tid: ctx.duration(n, "effort", tid),
    "after": _links,
    "assign": _assignments,
    "constraint": _constraint,
    "deadline": lambda ctx, n, tid: None if is_null(n) else ctx.date(n, "deadline", tid),
    "priority": _priority,
    "level": lambda ctx, n, tid: ctx.boolean(n, "level", tid),
    "leveling_delay": lambda ctx, n, tid: ctx.duration(n, "leveling delay", tid),
    "estimate": read_estimate,
    "calendar": _optional_ident("task calendar"),
    "owner": lambda ctx, n, tid: ctx.text(n, "owner", tid),
    "tags": _tags,
    "notes": lambda ctx, n, tid: ctx.text(n, "notes", tid),
    "source_uid": lambda ctx, n, tid: ctx.text(n, "source uid", tid),
    "cost": lambda ctx, n, tid: None if is_null(n) else read_amount(ctx, n, "fixed cost", tid),
    "budget": lambda ctx, n, tid: None if is_null(n) else read_amount(ctx, n, "budget", tid),
}
