"""Rows to model: one stored project back as a ``Project`` (one query per table, no lazy loads)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from headway.model import (
    Assignment,
    Baseline,
    BaselineTask,
    Calendar,
    CalendarException,
    Constraint,
    ConstraintType,
    Correlation,
    DateRange,
    Issue,
    IssueSeverity,
    IssueStatus,
    Link,
    LinkType,
    ProgressEntry,
    Project,
    Rates,
    Resource,
    Risk,
    RiskImpact,
    RiskStatus,
    Task,
    TimesheetLine,
    WorkingTimeSettings,
)
from headway.store.rows_purpose import read_objectives, read_stakeholders, read_statements
from headway.store.tables import (
    AssignmentRow,
    CalendarExceptionRow,
    CalendarRow,
    InProject,
    LinkRow,
    ProjectRow,
    ResourceRow,
    TaskRow,
)
from headway.store.tables_tracking import (
    BaselineRow,
    BaselineTaskRow,
    CorrelationRow,
    IssueRow,
    ProgressRow,
    RiskImpactRow,
    RiskRow,
    TimesheetRow,
)
from headway.store.values import delay_value, estimate_value, holidays_value, hours_value, ranges_value, week_value

R = TypeVar("R", bound=InProject)


def read_project(session: Session, row: ProjectRow) -> Project:
    """The project stored as ``row``, equal (``==``) to the one that was imported."""
    pid = row.id
    low, high = row.uncertainty_low, row.uncertainty_high
    scope, out_of_scope, assumptions = read_statements(session, pid)
    return Project(
        name=row.name, start=row.start, status_date=row.status_date, calendar=row.calendar, currency=row.currency,
        timezone=row.timezone, working_time=WorkingTimeSettings(row.hours_per_day, row.days_per_week,
                                                                row.days_per_month),
        description=row.description, priority=row.priority, budget=row.budget,
        default_uncertainty=(low, high) if low is not None and high is not None else None,
        calendars=_calendars(session, pid), resources=tuple(_resource(r) for r in _rows(session, ResourceRow, pid)),
        tasks=_tasks(session, pid),
        progress=tuple(ProgressEntry(p.date, p.task, p.done, p.remaining, p.actual_start, p.actual_finish,
                                     p.actual_cost, p.note) for p in _rows(session, ProgressRow, pid)),
        timesheets=tuple(TimesheetLine(t.date, t.resource, t.task, t.work, t.overtime)
                         for t in _rows(session, TimesheetRow, pid)),
        baselines=_baselines(session, pid), issues=tuple(_issue(x) for x in _rows(session, IssueRow, pid)),
        risks=_risks(session, pid),
        correlations=tuple(Correlation(tuple(c.tasks), c.coefficient) for c in _rows(session, CorrelationRow, pid)),
        objectives=read_objectives(session, pid), stakeholders=read_stakeholders(session, pid),
        scope=scope, out_of_scope=out_of_scope, assumptions=assumptions)


def _rows(session: Session, table: type[R], pid: int) -> Sequence[Any]:
    """The project's rows of ``table`` in order, as named tuples with the mapped attributes' names. Not ORM
    instances: their identity map and state cost twice the query (a cold 1,000-task project read)."""
    query = select(*_columns(table)).where(table.project_id == pid).order_by(table.position)
    return session.execute(query).all()


def _columns(table: type[InProject]) -> tuple[Any, ...]:
    found = _COLUMNS.get(table)
    if found is None:
        found = _COLUMNS[table] = tuple(getattr(table, column.key) for column in inspect(table).column_attrs)
    return found


_COLUMNS: dict[type[InProject], tuple[Any, ...]] = {}


def _grouped(rows: Sequence[Any], key: str) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        out[getattr(row, key)].append(row)
    return out


def _calendars(session: Session, pid: int) -> tuple[Calendar, ...]:
    exceptions = _grouped(_rows(session, CalendarExceptionRow, pid), "calendar_id")
    return tuple(
        Calendar(c.key, c.name, week_value(c.week), c.base, holidays_value(c.holidays),
                 tuple(CalendarException(DateRange(x.first_day, x.last_day), hours_value(x.hours), x.name)
                       for x in exceptions[c.id]))
        for c in _rows(session, CalendarRow, pid))


def _resource(r: ResourceRow) -> Resource:
    return Resource(r.key, r.name, r.role, r.units, Rates(r.rate_standard, r.rate_overtime, r.rate_per_use),
                    r.calendar, week_value(r.week), ranges_value(r.vacations), r.email, tuple(r.tags), r.source_uid)


def _tasks(session: Session, pid: int) -> tuple[Task, ...]:
    links = _grouped(_rows(session, LinkRow, pid), "task_id")
    assignments = _grouped(_rows(session, AssignmentRow, pid), "task_id")
    rows = _rows(session, TaskRow, pid)
    keys = {t.id: t.key for t in rows}
    return tuple(
        Task(t.key, t.name, keys[t.parent_id] if t.parent_id is not None else None, t.duration, t.effort,
             t.milestone,
             tuple(_link(x, keys) for x in links[t.id]),
             tuple(Assignment(a.resource, a.units, alternatives=tuple(a.alternatives), role=a.role)
                   for a in assignments[t.id]),
             Constraint(ConstraintType(t.constraint_type), t.constraint_date) if t.constraint_type else None,
             t.deadline, t.priority, t.cost, t.budget, t.level, t.leveling_delay, estimate_value(t.estimate),
             t.calendar, t.owner, tuple(t.tags), t.notes, t.source_uid)
        for t in rows)


def _link(x: LinkRow, keys: dict[int, str]) -> Link:
    if x.predecessor_id is None:
        return Link(x.external_task or "", LinkType(x.type), x.lag, project=x.external_project)
    return Link(keys[x.predecessor_id], LinkType(x.type), x.lag)


def _baselines(session: Session, pid: int) -> tuple[Baseline, ...]:
    tasks = _grouped(_rows(session, BaselineTaskRow, pid), "baseline_id")
    return tuple(
        Baseline(b.name, b.saved, {t.task: BaselineTask(t.start, t.finish, t.work_minutes, t.cost, t.duration_minutes)
                                   for t in tasks[b.id]}, b.finish, b.cost)
        for b in _rows(session, BaselineRow, pid))


def _risks(session: Session, pid: int) -> tuple[Risk, ...]:
    impacts = _grouped(_rows(session, RiskImpactRow, pid), "risk_id")
    return tuple(
        Risk(r.key, r.title, r.probability,
             tuple(RiskImpact(x.task, delay_value(x.delay), x.cost) for x in impacts[r.id]),
             r.owner, r.mitigation, RiskStatus(r.status))
        for r in _rows(session, RiskRow, pid))


def _issue(x: IssueRow) -> Issue:
    return Issue(x.key, x.title, IssueSeverity(x.severity), IssueStatus(x.status), x.owner, tuple(x.tasks),
                 x.opened, x.due, x.resolved, x.resolution)
