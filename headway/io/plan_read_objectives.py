"""Reading a plan file's ``objectives:``, ``stakeholders:`` and the scope statements.

Task references are checked here against the file's tasks, at the node that names them (as the
risk register does); owners and linked resources are checked by the model's validation, which
sees a pool's people too.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from typing import Any, TypeVar

import yaml

from headway.io.plan_nodes import Context, is_null
from headway.model import did_you_mean
from headway.model.objectives import Cadence, Level, Objective, ReportKind, Stakeholder, SuccessCriterion

OBJECTIVE_KEYS = ("id", "title", "description", "deliverables", "criteria", "owner")
CRITERION_KEYS = ("metric", "target", "milestone", "met")
STAKEHOLDER_KEYS = ("id", "name", "role", "organisation", "interest", "influence", "report", "cadence", "email",
                    "resource", "consulted", "informed", "notes")
STATEMENT_KEYS = ("scope", "out_of_scope", "assumptions")

E = TypeVar("E", bound=enum.Enum)


def read_objectives(ctx: Context, node: yaml.Node, task_ids: Collection[str]) -> list[Objective]:
    """Every readable objective, in file order; deliverables and milestones must name tasks."""
    out: list[Objective] = []
    seen: set[str] = set()
    for item in ctx.items(node, "objectives"):
        oid, objective = _objective(ctx, item, task_ids)
        if oid is not None and oid in seen:
            ctx.report("duplicate_objective_id", f"objective id {oid!r} is used more than once", item, oid,
                       "ids must be unique; rename one of them")
            continue
        if oid is not None:
            seen.add(oid)
        if objective is not None:
            out.append(objective)
    return out


def read_stakeholders(ctx: Context, node: yaml.Node, task_ids: Collection[str]) -> list[Stakeholder]:
    """Every readable stakeholder, in file order; consulted/informed must name tasks."""
    out: list[Stakeholder] = []
    seen: set[str] = set()
    for item in ctx.items(node, "stakeholders"):
        sid, stakeholder = _stakeholder(ctx, item, task_ids)
        if sid is not None and sid in seen:
            ctx.report("duplicate_stakeholder_id", f"stakeholder id {sid!r} is used more than once", item, sid,
                       "ids must be unique; rename one of them")
            continue
        if sid is not None:
            seen.add(sid)
        if stakeholder is not None:
            out.append(stakeholder)
    return out


def read_statements(ctx: Context, node: yaml.Node, key: str) -> tuple[str, ...]:
    """A list of plain statements (``scope:``, ``out_of_scope:``, ``assumptions:``); one text counts as one."""
    what = key.replace("_", " ")
    return tuple(text for item in ctx.items(node, what) if (text := ctx.text(item, f"a {what} statement")) is not None)


def _objective(ctx: Context, node: yaml.Node, task_ids: Collection[str]) -> tuple[str | None, Objective | None]:
    fields = ctx.fields(node, OBJECTIVE_KEYS, "an objective")
    if fields is None:
        return None, None
    id_node = ctx.require(fields, "id", node, "an objective", "id: O-1")
    oid = ctx.ident(id_node, "objective id") if id_node is not None else None
    title_node = ctx.require(fields, "title", node, "an objective", "title: Launch on time", oid)
    title = ctx.text(title_node, "objective title", oid) if title_node is not None else None
    values: dict[str, Any] = {}
    failed = False
    for key, value_node in fields.items():
        if key in ("id", "title") or is_null(value_node):
            continue
        value: Any
        if key == "deliverables":
            value = _task_refs(ctx, value_node, "deliverable", oid, task_ids)
        elif key == "criteria":
            value = _criteria(ctx, value_node, oid, task_ids)
        elif key == "owner":
            value = ctx.ident(value_node, "objective owner", oid)
        else:
            value = ctx.text(value_node, key, oid)
        failed |= value is None
        values[key] = value
    if oid is None or title is None or failed:
        return oid, None
    where = ctx.loc(id_node) if id_node is not None else ctx.loc(node)
    return oid, Objective(oid, title, origin=where, **values)


def _criteria(ctx: Context, node: yaml.Node, oid: str | None,
              task_ids: Collection[str]) -> tuple[SuccessCriterion, ...] | None:
    out = [_criterion(ctx, item, oid, task_ids) for item in ctx.items(node, "success criteria", oid)]
    return tuple(c for c in out if c is not None) if all(c is not None for c in out) else None


def _criterion(ctx: Context, node: yaml.Node, oid: str | None,
               task_ids: Collection[str]) -> SuccessCriterion | None:
    fields = ctx.fields(node, CRITERION_KEYS, "a success criterion", oid)
    if fields is None:
        return None
    metric_node = ctx.require(fields, "metric", node, "a success criterion", "metric: weekly active users", oid)
    target_node = ctx.require(fields, "target", node, "a success criterion", "target: '>= 500'", oid)
    metric = ctx.text(metric_node, "criterion metric", oid) if metric_node is not None else None
    target = ctx.text(target_node, "criterion target", oid) if target_node is not None else None
    ok = metric is not None and target is not None
    milestone = None
    if "milestone" in fields and not is_null(fields["milestone"]):
        milestone = _task_ref(ctx, fields["milestone"], "criterion milestone", oid, task_ids)
        ok &= milestone is not None
    met = None
    if "met" in fields and not is_null(fields["met"]):
        met = ctx.boolean(fields["met"], "criterion met", oid)
        ok &= met is not None
    if not ok or metric is None or target is None:
        return None
    return SuccessCriterion(metric, target, milestone, met, origin=ctx.loc(node))


def _stakeholder(ctx: Context, node: yaml.Node, task_ids: Collection[str]) -> tuple[str | None, Stakeholder | None]:
    fields = ctx.fields(node, STAKEHOLDER_KEYS, "a stakeholder")
    if fields is None:
        return None, None
    id_node = ctx.require(fields, "id", node, "a stakeholder", "id: sponsor")
    sid = ctx.ident(id_node, "stakeholder id") if id_node is not None else None
    name_node = ctx.require(fields, "name", node, "a stakeholder", "name: Dana Whitfield", sid)
    name = ctx.text(name_node, "stakeholder name", sid) if name_node is not None else None
    values: dict[str, Any] = {}
    failed = False
    for key, value_node in fields.items():
        if key in ("id", "name") or is_null(value_node):
            continue
        value: Any
        if key in ("interest", "influence"):
            value = _choice(ctx, value_node, Level, "bad_level", f"stakeholder {key}", sid)
        elif key == "report":
            value = _choice(ctx, value_node, ReportKind, "bad_report_kind", "report kind", sid)
        elif key == "cadence":
            value = _choice(ctx, value_node, Cadence, "bad_cadence", "report cadence", sid)
        elif key == "resource":
            value = ctx.ident(value_node, "stakeholder resource", sid)
        elif key in ("consulted", "informed"):
            value = _task_refs(ctx, value_node, f"{key} task", sid, task_ids)
        else:
            value = ctx.text(value_node, f"stakeholder {key}", sid)
        failed |= value is None
        values[key] = value
    if sid is None or name is None or failed:
        return sid, None
    where = ctx.loc(id_node) if id_node is not None else ctx.loc(node)
    return sid, Stakeholder(sid, name, origin=where, **values)


def _choice(ctx: Context, node: yaml.Node, kind: type[E], code: str, what: str, entity: str | None) -> E | None:
    text = ctx.text(node, what, entity)
    if text is None:
        return None
    choices = {member.value: member for member in kind}
    value = choices.get(text.strip().lower())
    if value is None:
        hint = did_you_mean(text.strip().lower(), choices) or "use one of " + ", ".join(choices)
        ctx.report(code, f"unknown {what} {text!r}", node, entity, hint)
    return value


def _task_refs(ctx: Context, node: yaml.Node, what: str, entity: str | None,
               task_ids: Collection[str]) -> tuple[str, ...] | None:
    refs = [_task_ref(ctx, item, what, entity, task_ids) for item in ctx.items(node, what + "s", entity)]
    return tuple(r for r in refs if r is not None) if all(r is not None for r in refs) else None


def _task_ref(ctx: Context, node: yaml.Node, what: str, entity: str | None, task_ids: Collection[str]) -> str | None:
    tid = ctx.ident(node, what, entity)
    if tid is not None and tid not in task_ids:
        ctx.report("unknown_task", f"{what} {tid!r} does not exist", node, entity,
                   did_you_mean(tid, task_ids) or "list ids from 'tasks:'")
        return None
    return tid
