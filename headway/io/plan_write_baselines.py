"""Canonical plan-file items for baselines and the issue log (plain data; plan_write styles them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from headway.model import Baseline, BaselineTask, Issue, IssueSeverity, IssueStatus


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _when(value: dt.datetime) -> str:
    """``2027-01-04T08:00``: ISO text, which YAML leaves a plain string (no ``!!timestamp`` tags)."""
    return value.isoformat(timespec="minutes" if value.second == value.microsecond == 0 else "seconds")


def baseline_item(baseline: Baseline) -> dict[str, Any]:
    """``{name, saved, finish, cost, tasks: {id: {...}}}``, defaults left out."""
    out: dict[str, Any] = {"name": baseline.name, "saved": _when(baseline.saved)}
    if baseline.finish is not None:
        out["finish"] = _when(baseline.finish)
    if baseline.cost:
        out["cost"] = _number(baseline.cost)
    if baseline.tasks:
        out["tasks"] = {tid: baseline_task_item(task) for tid, task in baseline.tasks.items()}
    return out


def baseline_task_item(task: BaselineTask) -> dict[str, Any]:
    out: dict[str, Any] = {"start": _when(task.start), "finish": _when(task.finish)}
    if task.duration_minutes:
        out["duration_minutes"] = task.duration_minutes
    if task.work_minutes:
        out["work_minutes"] = task.work_minutes
    if task.cost:
        out["cost"] = _number(task.cost)
    return out


def issue_item(issue: Issue) -> dict[str, Any]:
    """One issue-log entry; ``tasks`` is left for the writer to put on one line."""
    out: dict[str, Any] = {"id": issue.id, "title": issue.title}
    if issue.severity is not IssueSeverity.MEDIUM:
        out["severity"] = issue.severity.value
    if issue.status is not IssueStatus.OPEN:
        out["status"] = issue.status.value
    if issue.owner is not None:
        out["owner"] = issue.owner
    if issue.tasks:
        out["tasks"] = list(issue.tasks)
    for key in ("opened", "due", "resolved"):
        if getattr(issue, key) is not None:
            out[key] = getattr(issue, key)
    if issue.resolution:
        out["resolution"] = issue.resolution
    return out
