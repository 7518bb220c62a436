"""The report's lists: key milestones, top risks, open issues, what is next, who is over-allocated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from headway.engine.forecast import Forecast
from headway.engine.results import Schedule
from headway.engine.usage import Usage, overallocations
from headway.engine.variance import Variance
from headway.model import Duration, IssueSeverity, IssueStatus, Project, RiskStatus
from headway.model.task import Estimate
from headway.reports.status_report.rows import IssueRow, LoadRow, MilestoneRow, RiskRow, TaskRow

NEXT_DAYS = 14  # "what is next": tasks starting within this many calendar days of the status date
URGENT = (IssueSeverity.HIGH, IssueSeverity.BLOCKER)


def milestones(result: Schedule, variance: Variance | None, p80: Mapping[str, dt.datetime]) -> tuple[MilestoneRow, ...]:
    """Every milestone of the plan in WBS order, with its baseline finish and slip when there is one."""
    saved = {v.id: v for v in variance.tasks} if variance is not None else {}
    out = []
    for task in result.tasks:
        if not task.milestone or task.summary:
            continue
        v = saved.get(task.id)
        out.append(MilestoneRow(task.id, task.name or task.id, task.finish, v.baseline_finish if v else None,
                                v.finish_slip_days if v else None, p80.get(task.id), task.critical,
                                task.percent_complete >= 1 or task.actual_finish is not None))
    return tuple(out)


def top_risks(project: Project, forecast: Forecast | None, limit: int) -> tuple[RiskRow, ...]:
    """Open risks, largest effect on the forecast P80 first (else probability × impact)."""
    per_day = project.working_time.hours_per_day * 60
    effect = {r.risk: r.p80_delta_minutes / per_day for r in forecast.risks} if forecast is not None else {}
    rows = []
    for risk in project.risks:
        if risk.status is not RiskStatus.OPEN:
            continue
        delays = [_likely_minutes(project, i.delay) for i in risk.impacts]
        impact = round(max(delays, default=0) / per_day, 2)
        rows.append(RiskRow(risk.id, risk.title, risk.probability, impact, sum(i.cost for i in risk.impacts),
                            round(effect[risk.id], 2) if risk.id in effect else None, risk.owner, risk.mitigation))
    rows.sort(key=lambda r: (-(r.p80_effect_days or 0.0), -r.probability * r.impact_days, -r.probability, r.id))
    return tuple(rows[:limit])


def _likely_minutes(project: Project, delay: Estimate | Duration | None) -> int:
    if delay is None:
        return 0
    return (delay.most_likely if isinstance(delay, Estimate) else delay).minutes(project.working_time)


def open_issues(project: Project, *, urgent_only: bool = False) -> tuple[IssueRow, ...]:
    """Open issues, blockers and high severity first; ``urgent_only`` keeps high and blocker ones."""
    order = {IssueSeverity.BLOCKER: 0, IssueSeverity.HIGH: 1, IssueSeverity.MEDIUM: 2, IssueSeverity.LOW: 3}
    chosen = [i for i in project.issues if i.status is IssueStatus.OPEN and (not urgent_only or i.severity in URGENT)]
    chosen.sort(key=lambda i: order[i.severity])
    return tuple(IssueRow(i.id, i.title, i.severity.value, i.owner, i.due.isoformat() if i.due else None, i.blocking,
                          i.tasks) for i in chosen)


def next_tasks(result: Schedule, status: dt.datetime, *, person: str | None = None,
               days: int = NEXT_DAYS) -> tuple[TaskRow, ...]:
    """Unfinished leaf tasks starting between ``status`` and ``days`` later (with ``person``: also
    their tasks under way), critical first, then by start."""
    until = status + dt.timedelta(days=days)
    out = []
    for task in result.tasks:
        if task.summary or task.percent_complete >= 1 or task.actual_finish is not None:
            continue
        if person is not None and person not in task.resources:
            continue
        upcoming = status <= task.start < until
        under_way = person is not None and task.start < status < task.finish
        if upcoming or under_way:
            out.append(TaskRow(task.id, task.name or task.id, task.start, task.finish, task.critical,
                               round(task.total_float_minutes / result.minutes_per_day, 2), task.resources,
                               task.percent_complete))
    out.sort(key=lambda t: (not t.critical, t.start, t.id))
    return tuple(out)


def overallocated(project: Project, result: Schedule, usage: Usage) -> tuple[LoadRow, ...]:
    """People loaded above 100% in some period or asked for more than their units at some instant."""
    detail = {p.entity_id: p.message for p in overallocations(project, result)}
    out = []
    for person in usage.resources:
        if not person.over_allocated:
            continue
        peak, period = person.peak
        out.append(LoadRow(person.id, person.name, round(peak, 4), period.label if period else "",
                           int(person.over.sum()), detail.get(person.id, "")))
    out.sort(key=lambda r: -r.peak)
    return tuple(out)
