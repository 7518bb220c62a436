"""Reading what happened from a plan file: the ``progress:`` entries and ``timesheets:`` lines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from headway.io.plan_nodes import Context, is_null
from headway.model import ProgressEntry, TimesheetLine

PROGRESS_KEYS = ("date", "task", "done", "remaining", "actual_start", "actual_finish", "actual_cost", "note")
TIMESHEET_KEYS = ("date", "resource", "task", "work", "overtime")
PROGRESS_EXAMPLE = "{date: 2027-01-15, task: build, done: 40%}"
TIMESHEET_EXAMPLE = "{date: 2027-01-15, resource: alice, task: build, work: 6h}"


def read_progress(ctx: Context, node: yaml.Node) -> list[ProgressEntry]:
    """Every readable progress entry, in file order (the history is kept as written)."""
    out = []
    for item in ctx.items(node, "progress"):
        entry = _progress_entry(ctx, item)
        if entry is not None:
            out.append(entry)
    return out


def read_timesheets(ctx: Context, node: yaml.Node) -> list[TimesheetLine]:
    """Every readable timesheet line, in file order."""
    out = []
    for item in ctx.items(node, "timesheets"):
        line = _timesheet_line(ctx, item)
        if line is not None:
            out.append(line)
    return out


def _progress_entry(ctx: Context, node: yaml.Node) -> ProgressEntry | None:
    fields = ctx.fields(node, PROGRESS_KEYS, "a progress entry")
    if fields is None:
        return None
    task_node = ctx.require(fields, "task", node, "a progress entry", "task: build")
    tid = ctx.ident(task_node, "progress task") if task_node is not None else None
    date_node = ctx.require(fields, "date", node, "a progress entry", "date: 2027-01-15", tid)
    date = ctx.date(date_node, "progress date", tid) if date_node is not None else None
    values: dict[str, Any] = {}
    ok = True
    for key, value_node in fields.items():
        reader = _PROGRESS_FIELDS.get(key)
        if reader is None or is_null(value_node):
            continue
        value = reader(ctx, value_node, tid)
        ok = ok and value is not None
        values[key] = value
    if tid is None or date is None or not ok:
        return None
    return ProgressEntry(date=date, task=tid, origin=ctx.loc(node), **values)


def _timesheet_line(ctx: Context, node: yaml.Node) -> TimesheetLine | None:
    fields = ctx.fields(node, TIMESHEET_KEYS, "a timesheet line")
    if fields is None:
        return None
    found = {key: ctx.require(fields, key, node, "a timesheet line", example)
             for key, example in (("date", "date: 2027-01-15"), ("resource", "resource: alice"),
                                  ("task", "task: build"), ("work", "work: 6h"))}
    tid = ctx.ident(found["task"], "timesheet task") if found["task"] is not None else None
    rid = ctx.ident(found["resource"], "timesheet resource", tid) if found["resource"] is not None else None
    day = _day(ctx, found["date"], tid) if found["date"] is not None else None
    work = ctx.duration(found["work"], "work", tid) if found["work"] is not None else None
    overtime = None
    if "overtime" in fields and not is_null(fields["overtime"]):
        overtime = ctx.duration(fields["overtime"], "overtime", tid)
        if overtime is None:
            return None
    if tid is None or rid is None or day is None or work is None:
        return None
    return TimesheetLine(day, rid, tid, work, overtime, ctx.loc(node))


def _day(ctx: Context, node: yaml.Node, tid: str | None) -> dt.date | None:
    value = ctx.date(node, "timesheet date", tid)
    if isinstance(value, dt.datetime):
        ctx.report("bad_date", f"a timesheet line is for a whole day, not {node.value!r}", node, tid,
                   "write the day alone, e.g. 2027-01-15")
        return None
    return value


_PROGRESS_FIELDS: dict[str, Any] = {
    "done": lambda ctx, n, tid: ctx.percentage(n, "done", tid),
    "remaining": lambda ctx, n, tid: ctx.duration(n, "remaining", tid),
    "actual_start": lambda ctx, n, tid: ctx.date(n, "actual start", tid),
    "actual_finish": lambda ctx, n, tid: ctx.date(n, "actual finish", tid),
    "actual_cost": lambda ctx, n, tid: ctx.number(n, "actual cost", tid),
    "note": lambda ctx, n, tid: ctx.text(n, "note", tid),
}
