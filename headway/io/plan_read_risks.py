"""Reading a plan file's ``risks:`` register; impacts must name existing leaf tasks."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import yaml

from headway.io.plan_nodes import Context, is_null
from headway.io.plan_read_tasks import read_amount, read_estimate
from headway.model import Correlation, Duration, Estimate, Risk, RiskImpact, RiskStatus, did_you_mean

RISK_KEYS = ("id", "title", "owner", "probability", "impacts", "mitigation", "status")
IMPACT_KEYS = ("task", "delay", "cost")
STATUSES = {s.value: s for s in RiskStatus}


def read_risks(ctx: Context, node: yaml.Node, task_ids: Collection[str], summaries: Collection[str]) -> list[Risk]:
    """Every readable risk, in file order; impacts are checked against ``task_ids`` and ``summaries``."""
    out: list[Risk] = []
    seen: set[str] = set()
    for item in ctx.items(node, "risks"):
        risk = _risk(ctx, item, task_ids, summaries)
        if risk is not None and risk.id in seen:
            ctx.report("duplicate_risk_id", f"risk id {risk.id!r} is used more than once", item, risk.id,
                       "ids must be unique; rename one of them")
        elif risk is not None:
            seen.add(risk.id)
            out.append(risk)
    return out


def _risk(ctx: Context, node: yaml.Node, task_ids: Collection[str], summaries: Collection[str]) -> Risk | None:
    fields = ctx.fields(node, RISK_KEYS, "a risk")
    if fields is None:
        return None
    found = [ctx.require(fields, key, node, "a risk", example) for key, example in
             (("id", "id: R-1"), ("title", "title: Vendor late"), ("probability", "probability: 30%"))]
    id_node, title_node, p_node = found
    rid = ctx.ident(id_node, "risk id") if id_node is not None else None
    title = ctx.text(title_node, "risk title", rid) if title_node is not None else None
    probability = _probability(ctx, p_node, rid) if p_node is not None else None
    values: dict[str, Any] = {}
    failed = False
    for key, value_node in fields.items():
        if key in ("id", "title", "probability") or is_null(value_node):
            continue
        if key == "impacts":
            value: Any = _impacts(ctx, value_node, rid, task_ids, summaries)
        elif key == "status":
            value = _status(ctx, value_node, rid)
        else:
            value = ctx.text(value_node, key, rid)
        failed |= value is None
        values[key] = value
    if rid is None or title is None or probability is None or failed:
        return None
    return Risk(rid, title, probability, origin=ctx.loc(id_node or node), **values)


def _probability(ctx: Context, node: yaml.Node, rid: str | None) -> float | None:
    value = ctx.percentage(node, "risk probability", rid)
    if value is not None and not 0 <= value <= 1:
        ctx.report("bad_probability", f"risk probability {value:.0%} is outside 0..100%", node, rid,
                   "write the chance the risk happens, e.g. 30%")
        return None
    return value


def _status(ctx: Context, node: yaml.Node, rid: str | None) -> RiskStatus | None:
    text = ctx.text(node, "risk status", rid)
    if text is None:
        return None
    value = STATUSES.get(text.strip().lower())
    if value is None:
        hint = did_you_mean(text.lower(), STATUSES) or "use one of " + ", ".join(STATUSES)
        ctx.report("bad_risk_status", f"unknown risk status {text!r}", node, rid, hint)
    return value


def _impacts(ctx: Context, node: yaml.Node, rid: str | None, task_ids: Collection[str],
             summaries: Collection[str]) -> tuple[RiskImpact, ...] | None:
    out = [_impact(ctx, item, rid, task_ids, summaries) for item in ctx.items(node, "risk impacts", rid)]
    return tuple(i for i in out if i is not None) if all(i is not None for i in out) else None


def _impact(ctx: Context, node: yaml.Node, rid: str | None, task_ids: Collection[str],
            summaries: Collection[str]) -> RiskImpact | None:
    fields = ctx.fields(node, IMPACT_KEYS, "a risk impact", rid)
    if fields is None:
        return None
    task_node = ctx.require(fields, "task", node, "a risk impact", "task: build", rid)
    tid = ctx.ident(task_node, "impacted task", rid) if task_node is not None else None
    if task_node is not None and tid is not None and tid not in task_ids:
        ctx.report("unknown_task", f"impacted task {tid!r} does not exist", task_node, rid,
                   did_you_mean(tid, task_ids) or "list ids from 'tasks:'")
        tid = None
    elif task_node is not None and tid in summaries:
        ctx.report("risk_on_summary", f"impacted task {tid!r} is a summary task", task_node, rid,
                   "name the subtask the risk delays")
        tid = None
    delay = _delay(ctx, fields["delay"], rid) if "delay" in fields else None
    cost = read_amount(ctx, fields["cost"], "risk cost", rid) if "cost" in fields else 0.0
    if tid is None or ("delay" in fields and delay is None) or cost is None:
        return None
    return RiskImpact(tid, delay, cost, origin=ctx.loc(node))


def _delay(ctx: Context, node: yaml.Node, rid: str | None) -> Estimate | Duration | None:
    """A fixed duration (``3d``) or a three-point estimate (``1d/3d/8d`` or a mapping)."""
    if isinstance(node, yaml.ScalarNode) and "/" not in str(node.value):
        return ctx.duration(node, "risk delay", rid)
    return read_estimate(ctx, node, rid)


CORRELATION_KEYS = ("tasks", "coefficient")


def read_correlations(ctx: Context, node: yaml.Node, task_ids: Collection[str]) -> list[Correlation]:
    """Every readable ``correlations:`` group: ``{tasks: [a, b], coefficient: 0.5}``."""
    out: list[Correlation] = []
    for number, item in enumerate(ctx.items(node, "correlations"), start=1):
        entity = f"correlation {number}"
        fields = ctx.fields(item, CORRELATION_KEYS, "a correlation group", entity)
        if fields is None:
            continue
        tasks_node = ctx.require(fields, "tasks", item, "a correlation group", "tasks: [api, ui]", entity)
        rho_node = ctx.require(fields, "coefficient", item, "a correlation group", "coefficient: 0.5", entity)
        tasks: list[str] = []
        ok = tasks_node is not None and rho_node is not None
        for task_node in ctx.items(tasks_node, "correlated tasks", entity) if tasks_node is not None else []:
            tid = ctx.ident(task_node, "correlated task", entity)
            if tid is not None and tid not in task_ids:
                ctx.report("unknown_task", f"correlated task {tid!r} does not exist", task_node, entity,
                           did_you_mean(tid, task_ids) or "list ids from 'tasks:'")
                tid = None
            ok &= tid is not None
            tasks.append(tid or "")
        rho = ctx.number(rho_node, "correlation coefficient", entity) if rho_node is not None else None
        if rho is not None and rho_node is not None and not 0 <= rho < 1:
            ctx.report("bad_correlation", f"correlation {rho:g} is outside 0 ≤ ρ < 1", rho_node, entity,
                       "write how strongly the tasks err together, e.g. 0.5")
            rho = None
        if ok and rho is not None:
            out.append(Correlation(tuple(tasks), rho, origin=ctx.loc(item)))
    return out
