"""Canonical YAML items for what happened: one flow mapping per progress entry and timesheet line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from headway.io.durations import format_percentage
from headway.model import DateOrTime, ProgressEntry, TimesheetLine


def progress_item(entry: ProgressEntry) -> dict[str, Any]:
    """``{date, task, done, remaining, actual_start, actual_finish, actual_cost, note}``, unset keys left out."""
    out: dict[str, Any] = {"date": _when(entry.date), "task": entry.task}
    if entry.done is not None:
        out["done"] = format_percentage(entry.done)
    if entry.remaining is not None:
        out["remaining"] = str(entry.remaining)
    for key in ("actual_start", "actual_finish"):
        if getattr(entry, key) is not None:
            out[key] = _when(getattr(entry, key))
    if entry.actual_cost is not None:
        out["actual_cost"] = _number(entry.actual_cost)
    if entry.note:
        out["note"] = entry.note
    return out


def timesheet_item(line: TimesheetLine) -> dict[str, Any]:
    """``{date, resource, task, work, overtime}``."""
    out: dict[str, Any] = {"date": line.date, "resource": line.resource, "task": line.task,
                           "work": str(line.work)}
    if line.overtime is not None:
        out["overtime"] = str(line.overtime)
    return out


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _when(value: DateOrTime) -> DateOrTime | str:
    """A date as is; a date-time as ``2027-01-11T10:00`` (YAML would tag it ``!!timestamp`` in a flow map)."""
    if not isinstance(value, dt.datetime):
        return value
    return value.isoformat(timespec="minutes" if value.second == value.microsecond == 0 else "auto")
