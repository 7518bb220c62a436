"""Store a changed project over its old self, writing only what changed: the project's own row, the
tasks that differ (``sync_tasks``), and the other sections of the plan that differ, rewritten whole.

This is the one write path of the API's entity edits: an edit makes a new ``Project`` (read and
checked as a plan file is), and ``save_changes`` brings the rows in line with it. Functions take a
``Session``; the caller owns the transaction.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from headway.model import Project
from headway.store.repository import StoreError
from headway.store.rows_purpose import statements
from headway.store.rows_write import UnknownTask, project_row, section_rows
from headway.store.tables import Base, CalendarExceptionRow, CalendarRow, ProjectRow, ResourceRow
from headway.store.tables_purpose import ObjectiveRow, ProjectStatementRow, StakeholderRow, SuccessCriterionRow
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
from headway.store.tasks import sync_tasks

# each section of the plan besides tasks, and its tables (children first)
SECTION_TABLES: dict[str, tuple[type[Base], ...]] = {
    "calendars": (CalendarExceptionRow, CalendarRow),
    "resources": (ResourceRow,),
    "progress": (ProgressRow,),
    "timesheets": (TimesheetRow,),
    "baselines": (BaselineTaskRow, BaselineRow),
    "risks": (RiskImpactRow, RiskRow),
    "correlations": (CorrelationRow,),
    "issues": (IssueRow,),
    "objectives": (SuccessCriterionRow, ObjectiveRow),
    "stakeholders": (StakeholderRow,),
    "statements": (ProjectStatementRow,),  # scope, out_of_scope and assumptions together
}
_PROJECT_COLUMNS = ("name", "start", "status_date", "calendar", "currency", "timezone", "hours_per_day",
                    "days_per_week", "days_per_month", "description", "priority", "budget", "uncertainty_low",
                    "uncertainty_high")


def save_changes(session: Session, project_id: int, old: Project, new: Project) -> list[str]:
    """Make stored project ``project_id`` (now ``old``) into ``new``; the sections that changed."""
    row = session.get(ProjectRow, project_id)
    if row is None:
        raise StoreError(f"no project {project_id}")
    changed: list[str] = []
    fresh = project_row(new)
    columns = [c for c in _PROJECT_COLUMNS if getattr(row, c) != getattr(fresh, c)]
    for column in columns:
        setattr(row, column, getattr(fresh, column))
    if columns:
        changed.append("project")
    if old.tasks != new.tasks:
        sync_tasks(session, project_id, old.tasks, new.tasks)
        changed.append("tasks")
    for section, tables in SECTION_TABLES.items():
        if _section(old, section) == _section(new, section):
            continue
        for table in tables:
            session.execute(delete(table).where(table.project_id == project_id)  # type: ignore[attr-defined]
                            .execution_options(synchronize_session=False))
        try:
            session.add_all(section_rows(new, project_id, section))
        except UnknownTask as err:
            raise StoreError(err.message) from err
        changed.append(section)
    session.flush()
    return changed


def _section(project: Project, section: str) -> object:
    return statements(project) if section == "statements" else getattr(project, section)
