"""A task list from an Excel workbook: the sheet named Tasks (else the first), with people from a
Resources sheet and settings from a Project sheet when the workbook has them."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from headway.io.plan import ReadResult
from headway.io.sheet_values import CellValue
from headway.io.table_cells import Table
from headway.io.task_table_read import read_tables
from headway.model import PlanError, Problem, SourceLocation


def read(path: str | Path) -> ReadResult:
    """The plan in a workbook; PlanError names the sheet, row and column of every problem."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanError([Problem("unreadable_file", f"not an Excel workbook Headway can read: {exc}",
                                 location=SourceLocation(str(path), 1),
                                 hint="save it from Excel as .xlsx (Excel Workbook)")]) from None
    try:
        names = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
        tasks = names.get("tasks", book.worksheets[0])
        others = {key: _table(path, names[key]) for key in ("resources", "project")
                  if names.get(key) not in (None, tasks)}
        return read_tables(_table(path, tasks), Path(path).stem, others.get("resources"), others.get("project"))
    finally:
        book.close()


def _table(path: str | Path, sheet: Any) -> Table:
    rows: list[Sequence[CellValue]] = []
    indents: list[Sequence[int]] = []
    for row in sheet.iter_rows():
        rows.append([_value(cell) for cell in row])
        indents.append([int(getattr(getattr(cell, "alignment", None), "indent", 0) or 0) for cell in row])
    return Table(f"{path}[{sheet.title}]", rows, indents)


def _value(cell: Any) -> CellValue:
    """A cell's value; a date-time shown without a time of day is a date."""
    value = cell.value
    if isinstance(value, dt.datetime):
        shown = str(getattr(cell, "number_format", "") or "").lower()
        if value.time() == dt.time() and "h" not in shown and "am/pm" not in shown:
            return value.date()
        return value
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    if isinstance(value, str | int | float | bool | dt.date) or value is None:
        return value
    return str(value)
