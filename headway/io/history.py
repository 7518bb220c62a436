"""A team's estimate history as CSV: one finished (or open) task per row, for calibration.

Columns (header required, any order, extra columns ignored)::

    person,project,task,estimate,actual,estimated_on,finished_on
    ana,web,login,3d,4.5d,2025-01-06,2025-01-10
    ben,web,search,6h,,2025-01-08,

``estimate`` and ``actual`` are durations (``3d``, ``4h``, ``90m``) or plain numbers of hours,
turned into working hours with the working-time settings (default 8 h a day). ``actual`` and
``finished_on`` are empty while a task is open. Every problem is collected, with file, line and
column, and raised together as one ``PlanError``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from headway.io.durations import DURATION_HINT, parse_duration
from headway.model import EstimateRecord, PlanError, Problem, Severity, SourceLocation, WorkingTimeSettings

COLUMNS = ("person", "project", "task", "estimate", "actual", "estimated_on", "finished_on")
REQUIRED = ("person", "task", "estimate", "estimated_on")
DATE_HINT = "write dates as YYYY-MM-DD"


def read(path: str | Path, settings: WorkingTimeSettings | None = None) -> list[EstimateRecord]:
    """The records of the history file at ``path``; PlanError listing every problem."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise PlanError([Problem("unreadable_file", f"cannot read the file: {err}",
                                 location=SourceLocation(where, 1))]) from err
    return parse(text, where, settings)


def parse(text: str, path: str = "<history>", settings: WorkingTimeSettings | None = None) -> list[EstimateRecord]:
    """The records of CSV ``text`` (``path`` names it in problems)."""
    reader = _Reader(path, settings or WorkingTimeSettings())
    records = reader.parse(text)
    if any(p.is_error for p in reader.problems):
        raise PlanError(reader.problems)
    return records


class _Reader:
    def __init__(self, path: str, settings: WorkingTimeSettings) -> None:
        self.path = path
        self.settings = settings
        self.problems: list[Problem] = []

    def problem(self, code: str, message: str, line: int, column: int = 1, entity: str | None = None,
                hint: str | None = None, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(code, message, severity, entity, SourceLocation(self.path, line, column), hint))

    def parse(self, text: str) -> list[EstimateRecord]:
        lines = text.splitlines()
        rows = csv.reader(io.StringIO(text))
        header = next(rows, None)
        if header is None:
            self.problem("history_empty", "the file has no header row", 1, hint=f"start with: {','.join(COLUMNS)}")
            return []
        names = [h.strip().lower() for h in header]
        missing = [c for c in REQUIRED if c not in names]
        for column in missing:
            self.problem("history_missing_column", f"no {column!r} column", 1,
                         hint=f"the header should read: {','.join(COLUMNS)}")
        if missing:
            return []
        index = {name: i for i, name in enumerate(names) if name in COLUMNS}
        out: list[EstimateRecord] = []
        start = 2
        for row in rows:
            line, start = start, rows.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                self.problem("history_bad_row", f"{len(row)} fields where the header has {len(header)}", line)
                continue
            record = self.record(row, index, line, _field_columns(lines[line - 1] if line <= len(lines) else ""))
            if record is not None:
                out.append(record)
        return out

    def record(self, row: list[str], index: dict[str, int], line: int, columns: list[int]) -> EstimateRecord | None:
        before = len(self.problems)

        def cell(name: str) -> tuple[str, int]:
            i = index.get(name)
            if i is None:
                return "", 1
            return row[i].strip(), columns[i] if i < len(columns) else 1

        person, task = cell("person"), cell("task")
        entity = task[0] or None
        for name, (value, column) in (("person", person), ("task", task)):
            if not value:
                self.problem("history_missing_value", f"{name} is empty", line, column, entity)
        estimate = self.hours(*cell("estimate"), line, "estimate", entity, required=True)
        actual = self.hours(*cell("actual"), line, "actual", entity, required=False)
        estimated_on = self.date(*cell("estimated_on"), line, "estimated_on", entity, required=True)
        finished_on = self.date(*cell("finished_on"), line, "finished_on", entity, required=False)
        finished_text, finished_column = cell("finished_on")
        if (finished_on is None) != (actual is None) and len(self.problems) == before:
            missing = "actual" if actual is None else "finished_on"
            self.problem("history_incomplete", f"a finished task needs both actual and finished_on; {missing} is empty",
                         line, cell(missing)[1], entity)
        if finished_on is not None and estimated_on is not None and finished_on < estimated_on:
            self.problem("history_finished_before_estimated",
                         f"finished_on {finished_text} is before estimated_on {estimated_on}", line, finished_column,
                         entity)
        if len(self.problems) > before or estimate is None or estimated_on is None:
            return None
        return EstimateRecord(person[0], cell("project")[0], task[0], estimate, actual, estimated_on, finished_on,
                              SourceLocation(self.path, line))

    def hours(self, text: str, column: int, line: int, name: str, entity: str | None, *,
              required: bool) -> float | None:
        if not text:
            if required:
                self.problem("history_missing_value", f"{name} is empty", line, column, entity)
            return None
        try:
            hours = float(text)
        except ValueError:
            try:
                duration = parse_duration(text)
            except ValueError:
                self.problem("history_bad_duration", f"{name} {text!r} is not a duration", line, column, entity,
                             DURATION_HINT + ", or a plain number of hours")
                return None
            hours = self.settings.unit_minutes(duration.unit) * duration.amount / 60
        if not hours > 0 or hours == float("inf"):
            self.problem("history_bad_duration", f"{name} {text!r} must be a positive, finite amount", line, column,
                         entity)
            return None
        return hours

    def date(self, text: str, column: int, line: int, name: str, entity: str | None, *,
             required: bool) -> dt.date | None:
        if not text:
            if required:
                self.problem("history_missing_value", f"{name} is empty", line, column, entity, DATE_HINT)
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem("history_bad_date", f"{name} {text!r} is not a date", line, column, entity, DATE_HINT)
            return None


def _field_columns(line: str) -> list[int]:
    """1-based character column where each comma-separated field of ``line`` starts (quotes honoured)."""
    columns = [1]
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            columns.append(i + 2)
    return columns
