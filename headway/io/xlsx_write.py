"""A schedule as an Excel workbook a manager can send as is: Tasks (WBS-indented, dated, critical
and late rows coloured), Resources, Assignments and Project sheets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.formatting.rule import FormulaRule  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from headway.engine.results import Schedule
from headway.io.sheet_values import CellValue
from headway.io.task_table import RESOURCE_COLUMNS, Column, project_rows, resource_rows, task_columns, task_rows
from headway.model import Project

DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd hh:mm"
FORMATS = {"datetime": DATE_TIME, "days": "0.0#", "percent": "0%", "number": "General", "money": "#,##0.00"}
HEADER_FILL = PatternFill("solid", start_color="FF1F3864", end_color="FF1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFFFF")
CRITICAL_FILL = PatternFill("solid", start_color="FFFFC7CE", end_color="FFFFC7CE")  # Excel's light red
CRITICAL_FONT = Font(color="FF9C0006")
LATE_FILL = PatternFill("solid", start_color="FFF8CBAD", end_color="FFF8CBAD")  # orange
LATE_FONT = Font(color="FF843C0C")
BOLD = Font(bold=True)
MAX_WIDTH = 60

ASSIGNMENT_COLUMNS = (
    Column("task", "Task ID", width=14), Column("task_name", "Task", width=36),
    Column("resource", "Resource ID", width=14), Column("resource_name", "Resource", width=24),
    Column("units", "Units", "percent", width=9), Column("work", "Work (hours)", "days", width=12),
)
PROJECT_COLUMNS = (Column("field", "Field", width=16), Column("value", "Value", width=30))


def write(project: Project, schedule: Schedule, path: str | Path) -> None:
    """Write the workbook; the Tasks sheet reads back with ``headway.io.xlsx.read``."""
    book = Workbook()
    _tasks(book.active, project, schedule)
    _table(book.create_sheet("Resources"), RESOURCE_COLUMNS, resource_rows(project), freeze="B2")
    _table(book.create_sheet("Assignments"), ASSIGNMENT_COLUMNS, _assignment_rows(project, schedule), freeze="A2")
    _table(book.create_sheet("Project"), PROJECT_COLUMNS, project_rows(project, schedule), freeze="A2")
    book.save(path)


def _tasks(sheet: Any, project: Project, schedule: Schedule) -> None:
    columns = task_columns(project)
    rows = task_rows(project, schedule, columns)
    sheet.title = "Tasks"
    _table(sheet, columns, [row.cells for row in rows], freeze="C2")
    name_col = 1 + next(i for i, c in enumerate(columns) if c.key == "name")
    for r, row in enumerate(rows, start=2):
        sheet.cell(r, name_col).alignment = Alignment(indent=row.level)
        if row.summary:
            for c in range(1, len(columns) + 1):
                sheet.cell(r, c).font = BOLD
    if rows:
        _highlight(sheet, columns, len(rows) + 1)
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _highlight(sheet: Any, columns: Sequence[Column], last: int) -> None:
    """Orange rows finish after their deadline (a date alone means the end of that day), red rows
    are critical."""
    letter = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    cells = f"A2:{get_column_letter(len(columns))}{last}"
    deadline, finish, critical = (f"${letter[k]}2" for k in ("deadline", "finish", "critical"))
    late = f"AND(ISNUMBER({deadline}),{finish}>IF({deadline}=INT({deadline}),{deadline}+1,{deadline}))"
    sheet.conditional_formatting.add(cells, FormulaRule(formula=[late], fill=LATE_FILL, font=LATE_FONT,
                                                        stopIfTrue=True))
    sheet.conditional_formatting.add(cells, FormulaRule(formula=[f'{critical}="Yes"'], fill=CRITICAL_FILL,
                                                        font=CRITICAL_FONT))


def _table(sheet: Any, columns: Sequence[Column], rows: Sequence[Sequence[CellValue]], freeze: str) -> None:
    """A header row and data rows with formats, widths, a filter and frozen panes."""
    for c, column in enumerate(columns, start=1):
        cell = sheet.cell(1, c, column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [max(column.width, len(column.header) + 3) for column in columns]
    for r, row in enumerate(rows, start=2):
        for c, (value, column) in enumerate(zip(row, columns, strict=True), start=1):
            if value is None:
                continue
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
            cell = sheet.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                widths[c - 1] = max(widths[c - 1], min(MAX_WIDTH, len(value) + (6 if column.key == "name" else 2)))
            number_format = _format(value, column)
            if number_format:
                cell.number_format = number_format
            if column.kind == "flag":
                cell.alignment = Alignment(horizontal="center")
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = freeze
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _format(value: CellValue, column: Column) -> str | None:
    if isinstance(value, dt.datetime):
        return DATE_TIME if value.second == value.microsecond == 0 else "yyyy-mm-dd hh:mm:ss"
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, int | float) and not isinstance(value, bool):
        return FORMATS.get(column.kind)
    return None


def _assignment_rows(project: Project, schedule: Schedule) -> list[tuple[CellValue, ...]]:
    """Each assignment with its units and its share of the task's work (split by units)."""
    people = project.resources_by_id()
    out: list[tuple[CellValue, ...]] = []
    for task in project.tasks:
        if not task.assignments or task.id not in schedule:
            continue
        scheduled = schedule.task(task.id)
        units = [a.units if a.units is not None else (people[a.resource].units if a.resource in people else 1.0)
                 for a in task.assignments]
        total = sum(units) or 1.0
        for asg, share in zip(task.assignments, units, strict=True):
            person = people.get(asg.resource)
            out.append((task.id, task.label, asg.resource, person.name or None if person else None, share,
                        round(scheduled.work_minutes * share / total / 60, 4)))
    return out
