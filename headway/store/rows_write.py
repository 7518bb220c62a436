"""Model to rows: the tables' rows for one project, ready to add to a session."""

from __future__ import annotations

from headway.model import Calendar, Project, Resource, Task
from headway.model.risk import Risk
from headway.model.tracking import Baseline
from headway.store.rows_purpose import objective_rows, stakeholder_rows, statement_rows
from headway.store.tables import (
    AssignmentRow,
    Base,
    CalendarExceptionRow,
    CalendarRow,
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
from headway.store.values import (
    delay_json,
    estimate_json,
    holidays_json,
    hours_json,
    ranges_json,
    week_json,
)


def project_row(project: Project) -> ProjectRow:
    """The ``projects`` row alone; its children need its id (``child_rows``)."""
    low, high = project.default_uncertainty or (None, None)
    wt = project.working_time
    return ProjectRow(
        name=project.name, start=project.start, status_date=project.status_date, calendar=project.calendar,
        currency=project.currency, timezone=project.timezone, hours_per_day=wt.hours_per_day,
        days_per_week=wt.days_per_week, days_per_month=wt.days_per_month, description=project.description,
        priority=project.priority, budget=project.budget, uncertainty_low=low, uncertainty_high=high)


def child_rows(project: Project, pid: int) -> list[Base]:
    """Every other row of ``project`` (stored as project ``pid``), parents before children."""
    rows: list[Base] = []
    for section in SECTIONS:
        rows += section_rows(project, pid, section)
    return rows


SECTIONS = ("calendars", "resources", "tasks", "progress", "timesheets", "baselines", "risks", "correlations", "issues",
            "objectives", "stakeholders", "statements")


def section_rows(project: Project, pid: int, section: str) -> list[Base]:
    """The rows of one section of the plan (one of ``SECTIONS``), parents before children."""
    rows: list[Base] = []
    if section == "calendars":
        for i, calendar in enumerate(project.calendars):
            rows += _calendar_rows(calendar, pid, i)
    elif section == "resources":
        rows += [_resource_row(r, pid, i) for i, r in enumerate(project.resources)]
    elif section == "tasks":
        by_key: dict[str, TaskRow] = {}
        for i, task in enumerate(project.tasks):
            rows.append(task_row_of(task, pid, i, by_key))
        for task in project.tasks:
            rows += link_and_assignment_rows(task, pid, by_key)
    elif section == "progress":
        rows += [ProgressRow(project_id=pid, position=i, date=p.date, task=p.task, done=p.done,
                             remaining=p.remaining, actual_start=p.actual_start, actual_finish=p.actual_finish,
                             actual_cost=p.actual_cost, note=p.note)
                 for i, p in enumerate(project.progress)]
    elif section == "timesheets":
        rows += [TimesheetRow(project_id=pid, position=i, date=t.date, resource=t.resource, task=t.task,
                              work=t.work, overtime=t.overtime)
                 for i, t in enumerate(project.timesheets)]
    elif section == "baselines":
        for i, baseline in enumerate(project.baselines):
            rows += _baseline_rows(baseline, pid, i)
    elif section == "risks":
        for i, risk in enumerate(project.risks):
            rows += _risk_rows(risk, pid, i)
    elif section == "correlations":
        rows += [CorrelationRow(project_id=pid, position=i, tasks=list(c.tasks), coefficient=c.coefficient)
                 for i, c in enumerate(project.correlations)]
    elif section == "issues":
        rows += [IssueRow(project_id=pid, position=i, key=x.id, title=x.title, severity=x.severity.value,
                          status=x.status.value, owner=x.owner, tasks=list(x.tasks), opened=x.opened, due=x.due,
                          resolved=x.resolved, resolution=x.resolution)
                 for i, x in enumerate(project.issues)]
    elif section in _PURPOSE:
        rows += _PURPOSE[section](project, pid)
    else:
        raise ValueError(f"no section {section!r}")
    return rows


_PURPOSE = {"objectives": objective_rows, "stakeholders": stakeholder_rows, "statements": statement_rows}


def _calendar_rows(calendar: Calendar, pid: int, position: int) -> list[Base]:
    row = CalendarRow(project_id=pid, position=position, key=calendar.id, name=calendar.name,
                      week=week_json(calendar.week), base=calendar.base, holidays=holidays_json(calendar.holidays))
    row.exceptions = [CalendarExceptionRow(project_id=pid, position=i, first_day=x.days.start, last_day=x.days.end,
                                           hours=hours_json(x.hours), name=x.name)
                      for i, x in enumerate(calendar.exceptions)]
    return [row, *row.exceptions]


def _resource_row(r: Resource, pid: int, position: int) -> ResourceRow:
    return ResourceRow(project_id=pid, position=position, key=r.id, name=r.name, role=r.role, units=r.units,
                       rate_standard=r.rates.standard, rate_overtime=r.rates.overtime, rate_per_use=r.rates.per_use,
                       calendar=r.calendar, week=week_json(r.week), vacations=ranges_json(r.vacations),
                       email=r.email, tags=list(r.tags), source_uid=r.source_uid)


def task_row_of(task: Task, pid: int, position: int, by_key: dict[str, TaskRow]) -> TaskRow:
    constraint = task.constraint
    row = TaskRow(
        project_id=pid, position=position, key=task.id, name=task.name,
        duration=task.duration, effort=task.effort, milestone=task.milestone,
        constraint_type=constraint.type.value if constraint else None,
        constraint_date=constraint.date if constraint else None, deadline=task.deadline, priority=task.priority,
        cost=task.cost, budget=task.budget, level=task.level, leveling_delay=task.leveling_delay,
        estimate=estimate_json(task.estimate), calendar=task.calendar, owner=task.owner, tags=list(task.tags),
        notes=task.notes, source_uid=task.source_uid)
    if task.parent is not None:
        if task.parent not in by_key:
            raise UnknownTask(task.parent, f"task {task.id!r} has parent {task.parent!r}, not listed before it")
        row.parent = by_key[task.parent]
    by_key[task.id] = row
    return row


def link_and_assignment_rows(task: Task, pid: int, by_key: dict[str, TaskRow]) -> list[Base]:
    row = by_key[task.id]
    for i, link in enumerate(task.links):
        link_row = LinkRow(project_id=pid, position=i, type=link.type.value, lag=link.lag)
        if link.project is not None:
            link_row.external_project, link_row.external_task = link.project, link.predecessor
        elif link.predecessor in by_key:
            link_row.predecessor = by_key[link.predecessor]
        else:
            raise UnknownTask(link.predecessor, f"task {task.id!r} depends on {link.predecessor!r}, not in the plan")
        row.links.append(link_row)
    row.assignments = [AssignmentRow(project_id=pid, position=i, resource=a.resource, units=a.units,
                                     alternatives=list(a.alternatives), role=a.role)
                       for i, a in enumerate(task.assignments)]
    return [*row.links, *row.assignments]


class UnknownTask(KeyError):
    """A task named (as a parent or predecessor) that the plan does not have (where needed)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key)
        self.message = message


def _baseline_rows(baseline: Baseline, pid: int, position: int) -> list[Base]:
    row = BaselineRow(project_id=pid, position=position, name=baseline.name, saved=baseline.saved,
                      finish=baseline.finish, cost=baseline.cost)
    row.tasks = [BaselineTaskRow(project_id=pid, position=i, task=key, start=b.start, finish=b.finish,
                                 work_minutes=b.work_minutes, cost=b.cost, duration_minutes=b.duration_minutes)
                 for i, (key, b) in enumerate(baseline.tasks.items())]
    return [row, *row.tasks]


def _risk_rows(risk: Risk, pid: int, position: int) -> list[Base]:
    row = RiskRow(project_id=pid, position=position, key=risk.id, title=risk.title, probability=risk.probability,
                  owner=risk.owner, mitigation=risk.mitigation, status=risk.status.value)
    row.impacts = [RiskImpactRow(project_id=pid, position=i, task=x.task, delay=delay_json(x.delay), cost=x.cost)
                   for i, x in enumerate(risk.impacts)]
    return [row, *row.impacts]
