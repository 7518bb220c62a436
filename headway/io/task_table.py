"""The task table that Excel and CSV share: its columns, the names they are recognised by, and the
rows a schedule writes. Reading the table back is ``task_table_read``.

Plan values are written as the plan states them (a duration in days as a number, other units as
text such as ``4h`` or ``5ed``), so a written table reads back into the same plan; computed
columns (dates, float, critical, % complete) are there for people and are ignored on reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from headway.engine.results import Schedule, ScheduledTask
from headway.io.durations import format_percentage
from headway.io.sheet_values import CONSTRAINT_LABELS, CellValue, format_link_lag
from headway.model import Assignment, Duration, Link, Project, Task, TimeUnit


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``key`` is what it holds, ``header`` what is written, ``kind`` how cells look
    (text, datetime, date, days, duration, percent, flag, number, money), ``names`` what else reads as it."""

    key: str
    header: str
    kind: str = "text"
    names: tuple[str, ...] = ()
    width: int = 12


TASK_COLUMNS: tuple[Column, ...] = (
    Column("wbs", "WBS", names=("wbs code", "outline number"), width=8),
    Column("name", "Name", names=("task name", "task", "title", "activity", "activity name", "summary"), width=36),
    Column("id", "ID", names=("task id", "key"), width=14),
    Column("start", "Start", "datetime", ("start date", "scheduled start"), 17),
    Column("finish", "Finish", "datetime", ("end", "finish date", "end date", "scheduled finish"), 17),
    Column("duration", "Duration", "duration", ("dur", "days", "length"), 10),
    Column("effort", "Effort", "duration", ("work",), 10),
    Column("total_float", "Total Float (days)", "days", ("total float", "total slack", "float", "slack"), 12),
    Column("critical", "Critical", "flag", ("is critical",), 9),
    Column("percent_complete", "% Complete", "percent", ("percent complete", "% done", "progress"), 11),
    Column("predecessors", "Predecessors", names=("predecessor", "depends on", "dependencies", "after",
                                                  "prerequisites"), width=22),
    Column("resources", "Resources", names=("resource names", "resource", "assigned to", "assignees",
                                            "assignee", "assign", "people"), width=22),
    Column("deadline", "Deadline", "date", ("due", "due date"), 12),
    Column("milestone", "Milestone", "flag", ("is milestone",), 10),
    Column("constraint", "Constraint", names=("constraint type",), width=22),
    Column("constraint_date", "Constraint Date", "date", (), 15),
    Column("priority", "Priority", "number", (), 9),
    Column("owner", "Owner", width=14),
    Column("notes", "Notes", names=("note", "comments", "comment", "description"), width=40),
    Column("source_uid", "Source UID", names=("unique id", "uid"), width=11),
)
# Read only: ways of stating the outline, and a start constraint in a column of its own.
READ_COLUMNS: tuple[Column, ...] = (
    Column("parent", "Parent", names=("parent id", "parent task", "summary task")),
    Column("outline_level", "Outline Level", "number", ("level", "outline", "indent")),
    Column("start_no_earlier_than", "Start No Earlier Than", "date", ("snet", "not before", "earliest start")),
)
# Computed by scheduling: written for people, never read.
COMPUTED = frozenset({"start", "finish", "total_float", "critical", "percent_complete"}) | {
    "free float", "free slack", "early start", "early finish", "late start", "late finish", "baseline start",
    "baseline finish", "cost", "actual start", "actual finish", "% work complete", "remaining duration",
    "actual duration", "work complete", "slack", "task mode", "indicators"}

RESOURCE_COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", names=("resource id", "key"), width=14),
    Column("name", "Name", names=("resource name", "resource", "person"), width=24),
    Column("role", "Role", names=("group", "team"), width=16),
    Column("units", "Max Units", "percent", ("units", "max. units", "capacity"), 10),
    Column("rate", "Standard Rate", "money", ("rate", "std. rate", "cost rate"), 13),
    Column("overtime", "Overtime Rate", "money", ("ovt. rate", "overtime"), 13),
    Column("per_use", "Cost/Use", "money", ("cost per use", "per use"), 10),
    Column("email", "Email", names=("email address", "e-mail"), width=24),
)


def normal_header(text: str) -> str:
    """``Total Float (days)`` → ``total float``; case, underscores, spacing and units do not count."""
    text = re.sub(r"\([^)]*\)", " ", text.replace("_", " ").lower())
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Row:
    """One written task row: cells in column order, with how to show it."""

    cells: tuple[CellValue, ...]
    level: int
    summary: bool


def task_columns(project: Project) -> tuple[Column, ...]:
    """The columns a table of ``project`` needs: the core ones and the optional ones it uses."""
    used = {
        "effort": any(t.effort is not None for t in project.tasks),
        "constraint": any(t.constraint is not None for t in project.tasks),
        "constraint_date": any(t.constraint is not None and t.constraint.date is not None for t in project.tasks),
        "priority": any(t.priority != 500 for t in project.tasks),
        "owner": any(t.owner for t in project.tasks),
        "notes": any(t.notes for t in project.tasks),
        "source_uid": any(t.source_uid for t in project.tasks),
    }
    return tuple(c for c in TASK_COLUMNS if used.get(c.key, True))


def task_rows(project: Project, schedule: Schedule, columns: Sequence[Column]) -> list[Row]:
    """One row per task in WBS order, with the plan's values and the schedule's dates."""
    tasks = project.tasks_by_id()
    per_day = schedule.minutes_per_day
    out = []
    for st in schedule.tasks:
        task = tasks[st.id]
        values = _values(task, st, per_day)
        out.append(Row(tuple(values.get(c.key) for c in columns), st.level, st.summary))
    return out


def _values(task: Task, st: ScheduledTask, per_day: int) -> dict[str, CellValue]:
    con = task.constraint
    if st.summary or task.effort is not None:
        duration: CellValue = round(st.duration_minutes / per_day, 4)
    elif task.milestone and task.duration is None:
        duration = 0.0
    else:
        duration = plan_duration(task.duration)
    return {
        "wbs": st.wbs, "name": task.label, "id": task.id, "start": st.start, "finish": st.finish,
        "duration": duration, "effort": plan_duration(task.effort),
        "total_float": round(st.total_float_minutes / per_day, 4), "critical": "Yes" if st.critical else None,
        "percent_complete": round(st.percent_complete, 4), "predecessors": format_links(task.links),
        "resources": format_assignments(task.assignments), "deadline": task.deadline,
        "milestone": "Yes" if task.milestone else None,
        "constraint": CONSTRAINT_LABELS[con.type] if con is not None else None,
        "constraint_date": con.date if con is not None else None, "priority": task.priority,
        "owner": task.owner, "notes": task.notes or None, "source_uid": task.source_uid,
    }


def plan_duration(duration: Duration | None) -> CellValue:
    """Days as a number; other units as text (``4h``, ``5ed``) so they read back unchanged."""
    if duration is None:
        return None
    return float(duration.amount) if duration.unit is TimeUnit.DAY else str(duration)


def format_links(links: Sequence[Link]) -> str | None:
    """``a, b FS+2d, c SS``."""
    return ", ".join(link.written + format_link_lag(link.type, link.lag) for link in links) or None


def format_assignments(assignments: Sequence[Assignment]) -> str | None:
    """``alice, bob:50%``; a choice of people is ``ana|ben``."""
    out = []
    for asg in assignments:
        who = "|".join(asg.candidates)
        out.append(who if asg.units is None else f"{who}:{format_percentage(asg.units)}")
    return ", ".join(out) or None


def resource_rows(project: Project) -> list[tuple[CellValue, ...]]:
    """One row per resource, in RESOURCE_COLUMNS order."""
    return [(r.id, r.name or None, r.role, r.units, r.rates.standard, r.rates.overtime, r.rates.per_use, r.email)
            for r in project.resources]


def project_rows(project: Project, schedule: Schedule) -> list[tuple[str, CellValue]]:
    """The project's settings and dates, as (field, value) pairs."""
    wt = project.working_time
    return [("Name", project.name), ("Start", project.start), ("Finish", schedule.finish),
            ("Status Date", project.status_date), ("Currency", project.currency),
            ("Time Zone", project.timezone), ("Hours per Day", wt.hours_per_day),
            ("Days per Week", wt.days_per_week), ("Days per Month", wt.days_per_month)]

