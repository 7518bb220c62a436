"""Reading a table of cells (a sheet, a CSV file) with places: header matching and typed getters that
record a Problem naming the sheet, row and column instead of raising."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from headway.io.sheet_values import CellValue, column_letter, is_blank, text_of
from headway.io.task_table import Column, normal_header
from headway.model import Problem, Severity, SourceLocation, did_you_mean

T = TypeVar("T")
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cell values as read; ``source`` names it in problems (``plan.xlsx[Tasks]``);
    ``indents`` gives each cell's indent level, where the format has them (Excel)."""

    source: str
    rows: Sequence[Sequence[CellValue]]
    indents: Sequence[Sequence[int]] = ()


@dataclass(frozen=True, slots=True)
class Cell:
    """A value and where it was: 1-based row and column, and the column's header as written."""

    value: CellValue
    row: int
    column: int
    header: str
    key: str = ""

    @property
    def text(self) -> str:
        return text_of(self.value).strip()


@dataclass
class TableReader:
    """One read of one table and every problem found so far."""

    table: Table
    problems: list[Problem] = field(default_factory=list)
    failed: set[tuple[str | None, str]] = field(default_factory=set)  # (entity, key) of cells in error

    def location(self, row: int, column: int = 1) -> SourceLocation:
        return SourceLocation(self.table.source, row, column)

    def report(self, code: str, message: str, cell: Cell | None, entity: str | None = None,
               hint: str | None = None, severity: Severity = Severity.ERROR, row: int = 1) -> None:
        """A problem at ``cell`` (its column named in the message), or at ``row``."""
        if cell is not None:
            message = f"column {column_letter(cell.column)} ({cell.header}): {message}"
            where = self.location(cell.row, cell.column)
            if severity is Severity.ERROR:
                self.failed.add((entity, cell.key))
        else:
            where = self.location(row)
        self.problems.append(Problem(code, message, severity, entity, where, hint))

    def parse(self, cell: Cell | None, parser: Callable[[CellValue], T], code: str, hint: str | None,
              entity: str | None) -> T | None:
        """``parser(cell.value)``; None for a blank cell, or after reporting ``code``."""
        if cell is None or is_blank(cell.value):
            return None
        try:
            return parser(cell.value)
        except ValueError as exc:
            self.report(code, str(exc), cell, entity, hint)
            return None

    def header(self, columns: Sequence[Column], ignored: frozenset[str] = frozenset(),
               required: tuple[str, ...] = ("name", "id")) -> tuple[int, dict[str, int], list[str]] | None:
        """The header row (0-based), the column of each key found and the headers as written.

        The header is the first of the first rows naming one of ``required``; unknown columns are
        reported as warnings, columns named twice as errors.
        """
        names: dict[str, str] = {}
        for col in columns:
            for name in (col.header, col.key.replace("_", " "), *col.names):
                names.setdefault(normal_header(name), col.key)
        for index, row in enumerate(self.table.rows[:HEADER_SEARCH_ROWS]):
            found = {names.get(normal_header(text_of(v))) for v in row if not is_blank(v)}
            if found & set(required):
                return index, self._match(index, row, names, ignored), [text_of(v).strip() for v in row]
        wanted = " or ".join(repr(next(c.header for c in columns if c.key == k)) for k in required)
        self.report("no_header", f"no header row with a {wanted} column in the first {HEADER_SEARCH_ROWS} rows",
                    None, hint="put the column names (ID, Name, Duration, Predecessors, Resources…) in the first row")
        return None

    def _match(self, index: int, row: Sequence[CellValue], names: dict[str, str],
               ignored: frozenset[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for col, value in enumerate(row, start=1):
            if is_blank(value):
                continue
            written = text_of(value).strip()
            norm = normal_header(written)
            key = names.get(norm)
            cell = Cell(value, index + 1, col, written)
            if key is None and norm in ignored:
                continue
            if key is None:
                self.report("unknown_column", "not a column Headway reads; ignored", cell,
                            hint=did_you_mean(norm, names) or "known columns: " + ", ".join(sorted(set(names))),
                            severity=Severity.WARNING)
            elif key in ignored:
                continue
            elif key in out:
                self.report("duplicate_column", f"a second column for {key.replace('_', ' ')} "
                            f"(column {column_letter(out[key])} is one already)", cell,
                            hint="delete or rename one of them")
            else:
                out[key] = col
        return out

    def records(self, start: int, columns: dict[str, int],
                headers: list[str]) -> list[tuple[int, dict[str, Cell]]]:
        """(row number, cells by key) of every row below the header that has any value."""
        out = []
        for index in range(start, len(self.table.rows)):
            row = self.table.rows[index]
            if all(is_blank(v) for v in row):
                continue
            cells = {key: Cell(row[col - 1], index + 1, col, headers[col - 1], key)
                     for key, col in columns.items() if col <= len(row)}
            out.append((index + 1, cells))
        return out
