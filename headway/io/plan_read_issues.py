"""Reading a plan file's ``issues:`` log; an affected task that does not exist is an error."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import yaml

from headway.io.plan_nodes import Context, is_null
from headway.model import Issue, IssueSeverity, IssueStatus, did_you_mean

ISSUE_KEYS = ("id", "title", "severity", "status", "owner", "tasks", "opened", "due", "resolved", "resolution")
SEVERITIES = {s.value: s for s in IssueSeverity}
STATUSES = {s.value: s for s in IssueStatus}


def read_issues(ctx: Context, node: yaml.Node, task_ids: Collection[str]) -> list[Issue]:
    """Every readable issue, in file order, checked against ``task_ids``."""
    out: list[Issue] = []
    seen: set[str] = set()
    for item in ctx.items(node, "issues"):
        iid, issue = _issue(ctx, item, task_ids)
        if iid in seen:
            ctx.report("duplicate_issue_id", f"issue id {iid!r} is used more than once", item, iid,
                       "ids must be unique; rename one of them")
            continue
        if iid is not None:
            seen.add(iid)
        if issue is not None:
            out.append(issue)
    return out


def _issue(ctx: Context, node: yaml.Node, task_ids: Collection[str]) -> tuple[str | None, Issue | None]:
    """The issue's id (if readable) and the issue (None if any field was bad)."""
    fields = ctx.fields(node, ISSUE_KEYS, "an issue")
    if fields is None:
        return None, None
    id_node = ctx.require(fields, "id", node, "an issue", "id: I-1")
    iid = ctx.ident(id_node, "issue id") if id_node is not None else None
    title_node = ctx.require(fields, "title", node, "an issue", "title: Vendor API not ready", iid)
    title = ctx.text(title_node, "issue title", iid) if title_node is not None else None
    values: dict[str, Any] = {}
    failed = False
    for key, value_node in fields.items():
        if key in ("id", "title") or is_null(value_node):
            continue
        value = _FIELDS[key](ctx, value_node, iid, task_ids)
        failed |= value is None
        values[key] = value
    if iid is None or title is None or failed:
        return iid, None
    where = ctx.loc(id_node) if id_node is not None else ctx.loc(node)
    return iid, Issue(iid, title, origin=where, **values)


def _choice(choices: dict[str, Any], what: str) -> Any:
    def read(ctx: Context, node: yaml.Node, iid: str | None, _: Collection[str]) -> Any:
        text = ctx.text(node, what, iid)
        if text is None:
            return None
        value = choices.get(text.strip().lower())
        if value is None:
            hint = did_you_mean(text.lower(), choices) or "use one of " + ", ".join(choices)
            ctx.report(f"bad_issue_{what}", f"unknown issue {what} {text!r}", node, iid, hint)
        return value
    return read


def _tasks(ctx: Context, node: yaml.Node, iid: str | None, task_ids: Collection[str]) -> tuple[str, ...] | None:
    out = []
    ok = True
    for item in ctx.items(node, "affected tasks", iid):
        tid = ctx.ident(item, "affected task", iid)
        if tid is not None and tid not in task_ids:
            ctx.report("unknown_task", f"affected task {tid!r} does not exist", item, iid,
                       did_you_mean(tid, task_ids) or "list ids from 'tasks:'")
            tid = None
        if tid is None:
            ok = False
        else:
            out.append(tid)
    return tuple(out) if ok else None


_FIELDS: dict[str, Any] = {
    "severity": _choice(SEVERITIES, "severity"),
    "status": _choice(STATUSES, "status"),
    "owner": lambda ctx, n, iid, _: ctx.text(n, "owner", iid),
    "tasks": _tasks,
    "opened": lambda ctx, n, iid, _: ctx.date(n, "opened date", iid),
    "due": lambda ctx, n, iid, _: ctx.date(n, "due date", iid),
    "resolved": lambda ctx, n, iid, _: ctx.date(n, "resolved date", iid),
    "resolution": lambda ctx, n, iid, _: ctx.text(n, "resolution", iid),
}
