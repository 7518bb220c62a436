"""Build the status report: every figure from the engine (status and RAG, EVM, forecast, usage,
variance, objectives, plan diff), gathered once so each format renders the same numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from headway.engine.cpm import schedule
from headway.engine.evm import EarnedValue, earned_value
from headway.engine.forecast import Forecast, forecast
from headway.engine.objectives import ObjectiveStatus, objective_states
from headway.engine.results import Schedule
from headway.engine.status import status
from headway.engine.status_forecast import STATUS_ITERATIONS
from headway.engine.usage import Usage, resource_usage
from headway.model import PlanError, Project
from headway.reports.status_report.audience import Audience, audience
from headway.reports.status_report.burn_up import Series, actual_finishes, planned_finishes
from headway.reports.status_report.changes import Changes, changes_since
from headway.reports.status_report.outlook import forecast_summary, money
from headway.reports.status_report.rows import (
    ForecastSummary,
    IssueRow,
    LoadRow,
    MilestoneRow,
    Money,
    RiskRow,
    TaskRow,
)
from headway.reports.status_report.sections import milestones, next_tasks, open_issues, overallocated, top_risks

TOP_RISKS, SUMMARY_RISKS = 5, 3


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What to report: changes since ``since`` (against ``previous``, the plan at the last commit
    before it, when the caller found one), for ``stakeholder``, with a seeded forecast."""

    since: dt.date | None = None
    stakeholder: str | None = None
    iterations: int = STATUS_ITERATIONS
    seed: int = 0
    previous: Project | None = None
    previous_label: str = ""


@dataclass(frozen=True, eq=False)
class ChartData:
    """What the charts are drawn from."""

    schedule: Schedule
    evm: EarnedValue
    forecast: Forecast | None
    usage: Usage
    planned: Series
    done: Series
    scope: int
    risks: tuple[tuple[str, float, float], ...]  # id, probability, impact days (every open risk)


@dataclass(frozen=True, eq=False)
class StatusReport:
    """The status report of one project at its status date for one audience."""

    project: str
    description: str
    status_date: dt.datetime  # the instant progress is known up to
    as_of: dt.date | dt.datetime  # the status date as written (the project start without one)
    audience: Audience
    rag: str
    reasons: tuple[str, ...]
    percent_complete: float
    finish: dt.datetime
    baseline: str | None
    baseline_finish: dt.datetime | None
    finish_slip_days: float | None
    objectives: tuple[ObjectiveStatus, ...]
    milestones: tuple[MilestoneRow, ...]
    forecast: ForecastSummary
    money: Money
    risks: tuple[RiskRow, ...]
    issues: tuple[IssueRow, ...]
    decisions: tuple[IssueRow, ...]  # open high-severity issues and blockers: the asks
    changes: Changes | None
    next_tasks: tuple[TaskRow, ...]
    your_tasks: tuple[TaskRow, ...]
    overallocated: tuple[LoadRow, ...]
    charts: ChartData


def build_report(project: Project, options: ReportOptions = ReportOptions()) -> StatusReport:
    """The report of ``project`` at its status date. Raises ``UnknownStakeholder`` for an unknown
    ``options.stakeholder`` and ``PlanError`` for a plan that cannot be scheduled."""
    reader = audience(project, options.stakeholder)
    plain = schedule(project)
    now = status(project, plain=plain)
    current = now.blockers.schedule
    value = earned_value(project, plain, status=now.status_date)
    outlook, error = _forecast(project, options)
    p80 = _p80_by_task(outlook)
    usage = resource_usage(project, current, by="week")
    variance = now.variance
    changes = changes_since(project, current, options.since, previous=options.previous,
                            previous_label=options.previous_label) if options.since is not None else None
    risks = top_risks(project, outlook, len(project.risks))
    return StatusReport(
        project=project.name, description=project.description, status_date=now.status_date,
        as_of=project.status_date or project.start, audience=reader,
        rag=now.rag, reasons=now.reasons, percent_complete=now.percent_complete, finish=now.finish,
        baseline=variance.baseline if variance else None,
        baseline_finish=variance.baseline_finish if variance else None,
        finish_slip_days=variance.finish_slip_days if variance else None,
        objectives=objective_states(project, current, p80_finish=p80),
        milestones=milestones(current, variance, p80),
        forecast=forecast_summary(project, current, outlook, options.iterations, options.seed, error),
        money=money(project, value),
        risks=risks[:SUMMARY_RISKS if reader.summary else TOP_RISKS],
        issues=open_issues(project), decisions=open_issues(project, urgent_only=True), changes=changes,
        next_tasks=next_tasks(current, now.status_date),
        your_tasks=next_tasks(current, now.status_date, person=reader.resource) if reader.resource else (),
        overallocated=overallocated(project, current, usage),
        charts=_chart_data(project, plain, now.status_date, current, value, outlook, usage, risks),
    )


def _chart_data(project: Project, plain: Schedule, when: dt.datetime, current: Schedule, value: EarnedValue,
                outlook: Forecast | None, usage: Usage, risks: tuple[RiskRow, ...]) -> ChartData:
    """What the charts need; the burn-up's plan line is the schedule before any progress moved it."""
    planned = schedule(project.replace(progress=())) if project.progress else plain
    return ChartData(current, value, outlook, usage, planned_finishes(planned),
                     actual_finishes(project, current.start, when), sum(1 for t in current.tasks if not t.summary),
                     tuple((r.id, r.probability, r.impact_days) for r in risks))


def _forecast(project: Project, options: ReportOptions) -> tuple[Forecast | None, str | None]:
    """The forecast ``headway forecast --iterations N --seed S`` gives, or why there is none (the
    report still renders without it)."""
    try:
        return forecast(project, iterations=options.iterations, seed=options.seed), None
    except PlanError as err:
        return None, "; ".join(f"{p.code}: {p.message}" for p in err.problems if p.is_error) or str(err)


def _p80_by_task(outlook: Forecast | None) -> dict[str, dt.datetime]:
    if outlook is None:
        return {}
    out = {m.task: m.p80_finish for m in outlook.milestones}
    out.update({d.task: d.p80_finish for d in outlook.deadlines if d.p80_finish is not None})
    return out
