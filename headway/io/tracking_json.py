"""Baseline variance, the issue log with its impact, and status as JSON-ready data (CLI contract)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from headway.engine.blockers import BlockerImpact, Hold, Slip
from headway.engine.status import LateTask, Status
from headway.engine.status_forecast import DeadlineOutlook, RiskOutlook, StatusForecast
from headway.engine.variance import TaskVariance, Variance
from headway.model import DateOrTime, Issue, Project


def _iso(value: DateOrTime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value.isoformat()


def task_variance_dict(v: TaskVariance) -> dict[str, Any]:
    return {
        "id": v.id, "name": v.name, "milestone": v.milestone, "summary": v.summary, "change": v.change or None,
        "baseline_start": _iso(v.baseline_start), "start": _iso(v.start),
        "baseline_finish": _iso(v.baseline_finish), "finish": _iso(v.finish),
        "start_slip_days": v.start_slip_days, "finish_slip_days": v.finish_slip_days,
        "start_slip_minutes": v.start_slip_minutes, "finish_slip_minutes": v.finish_slip_minutes,
        "work_variance_minutes": v.work_variance_minutes, "cost_variance": v.cost_variance,
    }


def variance_dict(variance: Variance) -> dict[str, Any]:
    """``{baseline, saved, baseline_finish, finish, finish_slip_days, cost_variance, tasks}``."""
    return {
        "baseline": variance.baseline, "saved": _iso(variance.saved),
        "baseline_finish": _iso(variance.baseline_finish), "finish": _iso(variance.finish),
        "finish_slip_days": variance.finish_slip_days, "cost_variance": variance.cost_variance,
        "minutes_per_day": variance.minutes_per_day,
        "tasks": [task_variance_dict(v) for v in variance.tasks],
    }


def _hold(hold: Hold) -> dict[str, Any]:
    return {"issue": hold.issue, "title": hold.title, "tasks": list(hold.tasks), "until": _iso(hold.until),
            "remaining_days": hold.remaining_days, "assumed": hold.assumed, "overdue": hold.overdue,
            "open_ended": hold.until is None, "finish_slip_days": hold.finish_slip_days,
            "in_progress": list(hold.in_progress)}


def _slip(slip: Slip) -> dict[str, Any]:
    return {"id": slip.id, "name": slip.name, "milestone": slip.milestone, "critical": slip.critical,
            "finish_without": _iso(slip.finish_without), "finish_with": _iso(slip.finish_with),
            "slip_days": slip.slip_days, "slip_minutes": slip.slip_minutes}


def impact_dict(impact: BlockerImpact) -> dict[str, Any]:
    """``{finish_without, finish_with, finish_slip_days, holds, slips}``."""
    return {
        "finish_without": _iso(impact.unblocked.finish), "finish_with": _iso(impact.schedule.finish),
        "finish_slip_days": impact.finish_slip_days, "holds": [_hold(h) for h in impact.holds],
        "slips": [_slip(s) for s in impact.slips],
    }


def issue_dict(issue: Issue, hold: Hold | None) -> dict[str, Any]:
    out = {
        "id": issue.id, "title": issue.title, "severity": issue.severity.value, "status": issue.status.value,
        "owner": issue.owner, "tasks": list(issue.tasks), "opened": _iso(issue.opened), "due": _iso(issue.due),
        "resolved": _iso(issue.resolved), "resolution": issue.resolution or None, "blocking": issue.blocking,
    }
    return out | {"impact": _hold(hold) if hold is not None else None}


def issues_dict(project: Project, impact: BlockerImpact) -> dict[str, Any]:
    """The issue log, each open blocker with what it holds, and the impact of all of them."""
    holds = {h.issue: h for h in impact.holds}
    return {"project": project.name, "status_date": _iso(project.status_date),
            "status_instant": _iso(impact.status_date),
            "issues": [issue_dict(i, holds.get(i.id)) for i in project.issues], "impact": impact_dict(impact)}


def _late(task: LateTask) -> dict[str, Any]:
    return {"id": task.id, "name": task.name, "reason": task.reason, "planned_start": _iso(task.planned_start),
            "planned_finish": _iso(task.planned_finish), "actual_start": _iso(task.actual_start),
            "percent_complete": round(task.done * 100, 2)}


def _milestone(v: TaskVariance) -> dict[str, Any]:
    return {"id": v.id, "name": v.name, "baseline_finish": _iso(v.baseline_finish), "finish": _iso(v.finish),
            "slip_days": v.finish_slip_days}


def status_dict(project: Project, status: Status) -> dict[str, Any]:
    """The status report; every key is always present (null where unknown)."""
    variance = status.variance
    baseline = None if variance is None else {
        "name": variance.baseline, "saved": _iso(variance.saved), "finish": _iso(variance.baseline_finish),
        "finish_slip_days": variance.finish_slip_days, "cost_variance": variance.cost_variance}
    return {
        "project": project.name, "status_date": _iso(project.status_date), "status_instant": _iso(status.status_date),
        "finish": _iso(status.finish),
        "percent_complete": round(status.percent_complete * 100, 2),
        "spi": status.indices.get("spi"), "cpi": status.indices.get("cpi"), "spi_t": status.indices.get("spi_t"),
        "baseline": baseline,
        "late": [_late(t) for t in status.late],
        "slipping": [task_variance_dict(v) for v in status.slipping],
        "milestones": [_milestone(v) for v in status.milestones],
        "blockers": impact_dict(status.blockers),
        "rag": status.rag, "reasons": list(status.reasons),
        "forecast": forecast_dict(status.forecast) if status.forecast is not None else None,
    }


def _deadline(d: DeadlineOutlook) -> dict[str, Any]:
    return {"task": d.task, "name": d.name, "deadline": _iso(d.deadline), "finish": _iso(d.planned_finish),
            "p50": _iso(d.p50_finish), "p80": _iso(d.p80_finish), "probability": d.probability}


def _risk(r: RiskOutlook) -> dict[str, Any]:
    return {"id": r.id, "title": r.title, "fired_share": r.fired_share, "p80_without_minutes": r.p80_without_minutes,
            "p80_delta_minutes": r.p80_delta_minutes, "p80_delta_days": r.p80_delta_days}


def forecast_dict(outlook: StatusForecast) -> dict[str, Any]:
    """``{iterations, seed, finish: {p50, p80}, duration_minutes: {p50, p80}, deadlines, risks, error}``."""
    return {
        "iterations": outlook.iterations, "seed": outlook.seed,
        "finish": {f"p{p}": _iso(outlook.percentile_finish.get(p)) for p in (50, 80)},
        "duration_minutes": {f"p{p}": outlook.percentile_minutes.get(p) for p in (50, 80)},
        "deadlines": [_deadline(d) for d in outlook.deadlines],
        "risks": [_risk(r) for r in outlook.risks],
        "error": outlook.error,
    }
