"""Reading a plan file's ``baselines:``: named snapshots of dates, work and cost per task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from headway.io.plan_nodes import Context, is_null
from headway.model import Baseline, BaselineTask

BASELINE_KEYS = ("name", "saved", "finish", "cost", "tasks")
BASELINE_TASK_KEYS = ("start", "finish", "work_minutes", "cost", "duration_minutes")
BASELINE_EXAMPLE = "{start: 2027-01-04T08:00, finish: 2027-01-06T17:00}"


def read_baselines(ctx: Context, node: yaml.Node) -> list[Baseline]:
    """Every readable baseline, in file order; a repeated name is an error."""
    out: list[Baseline] = []
    seen: set[str] = set()
    for item in ctx.items(node, "baselines"):
        baseline = _baseline(ctx, item)
        if baseline is None:
            continue
        if baseline.name in seen:
            ctx.report("duplicate_baseline", f"baseline {baseline.name!r} appears twice", item, baseline.name,
                       "give each baseline its own name")
            continue
        seen.add(baseline.name)
        out.append(baseline)
    return out


def _baseline(ctx: Context, node: yaml.Node) -> Baseline | None:
    fields = ctx.fields(node, BASELINE_KEYS, "a baseline")
    if fields is None:
        return None
    name_node = ctx.require(fields, "name", node, "a baseline", "name: initial")
    name = ctx.text(name_node, "baseline name") if name_node is not None else None
    saved_node = ctx.require(fields, "saved", node, "a baseline", "saved: 2027-01-04T09:00", name)
    saved = _instant(ctx, saved_node, "saved", name) if saved_node is not None else None
    values: dict[str, Any] = {}
    if "finish" in fields and not is_null(fields["finish"]):
        values["finish"] = _instant(ctx, fields["finish"], "baseline finish", name)
    if "cost" in fields and not is_null(fields["cost"]):
        values["cost"] = ctx.number(fields["cost"], "baseline cost", name)
    tasks = _tasks(ctx, fields["tasks"], name) if "tasks" in fields else {}
    if name is None or saved is None or any(value is None for value in values.values()):
        return None
    return Baseline(name, saved, tasks, origin=ctx.loc(node), **values)


def _tasks(ctx: Context, node: yaml.Node, name: str | None) -> dict[str, BaselineTask]:
    if is_null(node):
        return {}
    if not isinstance(node, yaml.MappingNode):
        ctx.wrong_type(node, "baseline tasks", "a mapping of task ids to dates", name,
                       hint="write e.g. 'design: " + BASELINE_EXAMPLE + "'")
        return {}
    out: dict[str, BaselineTask] = {}
    for key_node, value_node in node.value:
        tid = ctx.ident(key_node, "baseline task id", name)
        if tid is None:
            continue
        if tid in out:
            ctx.report("duplicate_key", f"task {tid!r} appears twice in baseline {name!r}", key_node, name,
                       "keep one of them")
            continue
        task = _task(ctx, value_node, tid)
        if task is not None:
            out[tid] = task
    return out


def _task(ctx: Context, node: yaml.Node, tid: str) -> BaselineTask | None:
    fields = ctx.fields(node, BASELINE_TASK_KEYS, "a baseline task", tid)
    if fields is None:
        return None
    found = [ctx.require(fields, key, node, "a baseline task", BASELINE_EXAMPLE, tid) for key in ("start", "finish")]
    start, finish = (_instant(ctx, n, key, tid) if n is not None else None
                     for n, key in zip(found, ("start", "finish"), strict=True))
    values: dict[str, Any] = {}
    for key in ("work_minutes", "duration_minutes"):
        if key in fields:
            values[key] = ctx.integer(fields[key], key.replace("_", " "), tid)
    if "cost" in fields:
        values["cost"] = ctx.number(fields["cost"], "cost", tid)
    if start is None or finish is None or any(value is None for value in values.values()):
        return None
    return BaselineTask(start, finish, **values)


def _instant(ctx: Context, node: yaml.Node, what: str, entity: str | None) -> dt.datetime | None:
    """A date-time; a date alone is its midnight."""
    value = ctx.date(node, what, entity)
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time())
