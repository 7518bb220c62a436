"""Timesheet rows written in place: a line added, corrected or removed through the API touches its own
rows, rather than the whole ``timesheets`` section being rewritten (``save_changes``), which after a few
months of daily lines costs most of a second. The rows stay what ``store.rows_write`` would write:
positions 0..n-1 in the plan's order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from headway.model import TimesheetLine
from headway.store.tables_tracking import TimesheetRow


def append_rows(session: Session, project_id: int, start: int, lines: Sequence[TimesheetLine]) -> None:
    """Rows for ``lines``, placed from ``start`` (the number of lines stored before them)."""
    session.add_all([TimesheetRow(project_id=project_id, position=start + i, date=line.date, resource=line.resource,
                                  task=line.task, work=line.work, overtime=line.overtime)
                     for i, line in enumerate(lines)])
    session.flush()


def replace_row(session: Session, project_id: int, position: int, line: TimesheetLine) -> None:
    """The row at ``position`` made into ``line`` (same date, resource and task)."""
    session.execute(update(TimesheetRow)
                    .where(TimesheetRow.project_id == project_id, TimesheetRow.position == position)
                    .values(work=line.work, overtime=line.overtime, version=TimesheetRow.version + 1)
                    .execution_options(synchronize_session=False))


def remove_row(session: Session, project_id: int, position: int) -> None:
    """The row at ``position`` removed, the rows after it moved up one place."""
    mine = TimesheetRow.project_id == project_id
    session.execute(delete(TimesheetRow).where(mine, TimesheetRow.position == position)
                    .execution_options(synchronize_session=False))
    session.execute(update(TimesheetRow).where(mine, TimesheetRow.position > position)
                    .values(position=TimesheetRow.position - 1, version=TimesheetRow.version + 1)
                    .execution_options(synchronize_session=False))
