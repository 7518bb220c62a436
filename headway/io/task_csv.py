"""Task lists as CSV, the columns of the Excel task sheet: ``write`` a schedule, ``read`` a plan back.

Written with a byte-order mark so Excel opens it as UTF-8; read in UTF-8, else Windows-1252, with
``,``, ``;`` or tab as the separator (Excel writes ``;`` in many locales). A CSV has no Resources
or Project sheet: people are created from the Resources column and the plan starts on the day of
the earliest Start.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from headway.engine.results import Schedule
from headway.io.plan import ReadResult
from headway.io.sheet_values import CellValue
from headway.io.table_cells import Table
from headway.io.task_table import Column, task_columns, task_rows
from headway.io.task_table_read import read_tables
from headway.model import Project

__all__ = ["dumps", "read", "write"]


def dumps(project: Project, schedule: Schedule) -> list[list[str]]:
    """The table as rows of text, header first."""
    columns = task_columns(project)
    out = [[c.header for c in columns]]
    for row in task_rows(project, schedule, columns):
        out.append([_text(value, column) for value, column in zip(row.cells, columns, strict=True)])
    return out


def write(project: Project, schedule: Schedule, path: str | Path) -> None:
    """One row per task in WBS order; see ``headway.io.task_table`` for the columns."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(dumps(project, schedule))


def read(path: str | Path) -> ReadResult:
    """The plan in a CSV task list; PlanError names the row and column of every problem."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # Excel on Windows saves "CSV (comma delimited)" in its ANSI code page
        text = data.decode("cp1252", errors="replace")
    return read_tables(Table(str(path), _rows(text)), Path(path).stem)


def _rows(text: str) -> Sequence[Sequence[CellValue]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _text(value: CellValue, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if column.kind == "datetime":
            return value.strftime("%Y-%m-%d %H:%M")
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if column.kind == "percent":
            return f"{round(value * 100, 2):g}%"
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
