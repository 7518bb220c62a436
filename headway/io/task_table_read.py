"""A task table (Excel sheet, CSV file) as a plan: every problem with its sheet, row and column, and
nothing imported when any of them is an error.

Ids come from an ID column, else from names (``import_ids``); the outline from a Parent, Outline
Level or WBS column, else from how far names are indented in Excel; people named under Resources
are created when no Resources sheet has them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from headway.io.durations import DURATION_HINT
from headway.io.import_ids import unique_ids
from headway.io.plan import ReadResult
from headway.io.plan_nodes import ID_HINT, ID_RE
from headway.io.sheet_values import (
    CONSTRAINT_HINT,
    CellValue,
    constraint_type_of,
    date_of,
    duration_of,
    flag_of,
    is_blank,
    link_readings,
    number_of,
    percentage_of,
    split_list,
    text_of,
)
from headway.io.table_cells import Cell, Table, TableReader
from headway.io.table_extras import ProjectInfo, read_project_info, read_resources
from headway.io.table_staff import Staff
from headway.io.task_table import COMPUTED, READ_COLUMNS, TASK_COLUMNS
from headway.model import (
    ZERO,
    Constraint,
    ConstraintType,
    Duration,
    Link,
    LinkType,
    PlanError,
    Problem,
    Project,
    Resource,
    Severity,
    Task,
    did_you_mean,
    validate,
)

DATE_HINT = "write dates as YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time of day"
LINK_HINT = "write predecessors as e.g. 'a, b FS+2d, c SS' (types FS, SS, FF, SF; a lag after the type)"
# Checks whose finding only follows from a cell already reported (a bad duration is not also "no estimate").
_CONSEQUENCES: dict[str, tuple[str, ...]] = {
    "no_estimate": ("duration", "effort", "milestone"), "effort_without_resources": ("resources",),
    "constraint_without_date": ("constraint_date",),
}


@dataclass
class _Row:
    number: int
    cells: dict[str, Cell]
    id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None


def read_tables(tasks: Table, name: str, resources: Table | None = None,
                info: Table | None = None) -> ReadResult:
    """The plan in ``tasks`` (with people from ``resources`` and settings from ``info`` when given);
    PlanError lists every problem when any is an error."""
    reader = TableReader(tasks)
    extra: list[Problem] = []
    settings = ProjectInfo(name=name)
    if info is not None:
        settings, found = read_project_info(info, name)
        extra += found
    people: list[Resource] = []
    if resources is not None:
        people, found = read_resources(resources)
        extra += found
    project = _read(reader, settings, people)
    found = extra + reader.problems
    if project is not None:
        found += [p for p in validate(project)
                  if not any((p.entity_id, key) in reader.failed for key in _CONSEQUENCES.get(p.code, ()))]
    found.sort(key=_place)
    if project is None or any(p.is_error for p in found):
        raise PlanError(found)
    return ReadResult(project, tuple(found))


def _read(reader: TableReader, settings: ProjectInfo, people: list[Resource]) -> Project | None:
    header = reader.header((*TASK_COLUMNS, *READ_COLUMNS), frozenset(COMPUTED - {"start"}))
    if header is None:
        return None
    index, columns, headers = header
    rows = [_Row(number, cells) for number, cells in reader.records(index + 1, columns, headers)]
    _ids(reader, rows)
    refs = _references(rows)
    _outline(reader, rows, refs, columns)
    staff = Staff(people)
    for row in rows:
        _fields(reader, row, staff)
    durations = {row.id: row.values.get("duration") for row in rows if row.id is not None}
    for row in rows:  # after every duration is known: a lag may be a percentage of one
        row.values["links"] = _links(reader, row.cells.get("predecessors"), refs, row.id, durations)
    start = settings.start or _earliest_start(reader, rows)
    summaries = {row.parent for row in rows if row.parent is not None}
    tasks = [_task(reader, row, row.id in summaries) for row in _tree_order(reader, rows)]
    return Project(name=settings.name, start=start, status_date=settings.status_date, currency=settings.currency,
                   timezone=settings.timezone, working_time=settings.working_time,
                   resources=tuple(staff.resources), tasks=tuple(t for t in tasks if t is not None))


def _ids(reader: TableReader, rows: list[_Row]) -> None:
    """Each row's id: as written, else from its name (unique among all ids)."""
    first: dict[str, int] = {}
    for row in rows:
        cell = row.cells.get("id")
        if cell is not None and not is_blank(cell.value):
            if cell.text in first:
                reader.report("duplicate_task_id", f"task id {cell.text!r} is also on row {first[cell.text]}", cell,
                              cell.text, "ids must be unique; rename one of them")
            elif ID_RE.fullmatch(cell.text):
                row.id = cell.text
                first[cell.text] = row.number
            else:
                reader.report("bad_id", f"task id {cell.text!r} has characters an id may not use", cell,
                              hint=ID_HINT)
    taken = {row.id for row in rows if row.id is not None}
    blank = [row for row in rows if row.id is None and not _has_bad_id(row)]
    for row, candidate in zip(blank, unique_ids([(_name(row), _uid(row)) for row in blank]), strict=True):
        if not _name(row) and not _uid(row):
            reader.report("missing_key", "a task needs a name or an id", None, row=row.number,
                          hint="fill in the Name or ID column of this row")
            continue
        base, n = candidate, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        row.id = candidate


def _has_bad_id(row: _Row) -> bool:
    cell = row.cells.get("id")
    return cell is not None and not is_blank(cell.value)


def _name(row: _Row) -> str:
    """The name as written (spaces kept: only an empty cell has no name)."""
    cell = row.cells.get("name")
    if cell is None or cell.value is None or cell.value == "":
        return ""
    return cell.value if isinstance(cell.value, str) else text_of(cell.value)


def _uid(row: _Row) -> str | None:
    cell = row.cells.get("source_uid")
    return cell.text if cell is not None and not is_blank(cell.value) else None


def _references(rows: list[_Row]) -> dict[str, str]:
    """How cells may name a task: its id, else its name (when only one task has it)."""
    names: dict[str, list[str]] = {}
    for row in rows:
        if row.id is not None and _name(row).strip():
            names.setdefault(_name(row).strip(), []).append(row.id)
    refs = {name: ids[0] for name, ids in names.items() if len(ids) == 1}
    refs.update({row.id: row.id for row in rows if row.id is not None})
    return refs


def _outline(reader: TableReader, rows: list[_Row], refs: dict[str, str], columns: dict[str, int]) -> None:
    """Each row's parent, from the first of the Parent, Outline Level and WBS columns the table has,
    else from indented names."""
    if "parent" in columns:
        for row in rows:
            cell = row.cells.get("parent")
            if cell is not None and not is_blank(cell.value):
                row.parent = refs.get(cell.text)
                if row.parent is None:
                    reader.report("unknown_parent", f"parent {cell.text!r} is not a task of this table", cell,
                                  row.id, did_you_mean(cell.text, refs))
    elif "outline_level" in columns:
        _from_levels(reader, rows)
    elif "wbs" in columns:
        _from_wbs(reader, rows)
    elif "name" in columns and reader.table.indents:
        _from_indents(reader, rows, columns["name"])


def _from_levels(reader: TableReader, rows: list[_Row]) -> None:
    levels = [reader.parse(row.cells.get("outline_level"), _level_of, "bad_outline_level",
                           "outline levels are whole numbers from 1", row.id) for row in rows]
    _nest(reader, rows, levels, "outline_level")


def _from_indents(reader: TableReader, rows: list[_Row], column: int) -> None:
    """The outline from how far each name is indented (Excel's Increase Indent)."""
    indents = reader.table.indents
    levels: list[int | None] = [indents[row.number - 1][column - 1] if column <= len(indents[row.number - 1]) else 0
                                for row in rows]
    if any(levels):
        _nest(reader, rows, levels, "name")


def _nest(reader: TableReader, rows: list[_Row], levels: Sequence[int | None], key: str) -> None:
    """Parents from outline levels: each row's parent is the nearest row above one level up."""
    top = min((lv for lv in levels if lv is not None), default=1)
    stack: list[str | None] = []
    for row, level in zip(rows, levels, strict=True):
        depth = 0 if level is None else level - top
        if depth > len(stack):
            reader.report("bad_outline_level", f"outline level {level} follows level {len(stack) + top - 1}",
                          row.cells.get(key), row.id, "a row may be at most one level below the row above",
                          row=row.number)
            depth = len(stack)
        del stack[depth:]
        row.parent = stack[-1] if stack else None
        stack.append(row.id)


def _level_of(value: CellValue) -> int:
    number = number_of(value)
    if not number.is_integer() or number < 0:
        raise ValueError(f"{text_of(value)!r} is not an outline level")
    return int(number)


def _from_wbs(reader: TableReader, rows: list[_Row]) -> None:
    codes: dict[str, str | None] = {}
    for row in rows:
        cell = row.cells.get("wbs")
        if cell is None or is_blank(cell.value):
            continue
        code = cell.text.rstrip(".")
        if code in codes:
            reader.report("duplicate_wbs", f"WBS {code!r} is on two rows", cell, row.id, "WBS codes are unique")
            continue
        codes[code] = row.id
        if "." in code:
            above = code.rsplit(".", 1)[0]
            if above in codes:
                row.parent = codes[above]
            else:
                reader.report("bad_wbs", f"no row above has WBS {above!r}, the parent of {code!r}", cell, row.id,
                              "list summary tasks before their subtasks, or use a Parent column")


def _tree_order(reader: TableReader, rows: list[_Row]) -> list[_Row]:
    """Rows with each summary before its subtasks (a Parent column may name a later row)."""
    children: dict[str | None, list[_Row]] = {}
    for row in rows:
        if row.id is not None:
            children.setdefault(row.parent, []).append(row)
    out: list[_Row] = []
    seen: set[str] = set()
    stack = list(reversed(children.get(None, [])))
    while stack:
        row = stack.pop()
        if row.id in seen:
            continue
        seen.add(row.id)  # type: ignore[arg-type]
        out.append(row)
        stack.extend(reversed(children.get(row.id, [])))
    for row in rows:
        if row.id is not None and row.id not in seen:
            reader.report("parent_cycle", "the Parent column goes round in a circle through this task",
                          row.cells.get("parent"), row.id, "one of these tasks must be at the top level")
    return out


def _fields(reader: TableReader, row: _Row, staff: Staff) -> None:
    tid, cells, values = row.id, row.cells, row.values
    if "name" in cells and _name(row):
        values["name"] = _name(row)
    for key in ("duration", "effort"):
        values[key] = reader.parse(cells.get(key), duration_of, "bad_duration", DURATION_HINT, tid)
    values["milestone"] = reader.parse(cells.get("milestone"), flag_of, "wrong_type", "write yes or no", tid)
    values["deadline"] = reader.parse(cells.get("deadline"), date_of, "bad_date", DATE_HINT, tid)
    values["priority"] = reader.parse(cells.get("priority"), _priority_of, "bad_priority",
                                      "500 is normal; higher is scheduled first when leveling", tid)
    for key in ("owner", "notes", "source_uid"):
        cell = cells.get(key)
        if cell is not None and not is_blank(cell.value):
            values[key] = cell.text if key == "source_uid" or not isinstance(cell.value, str) else cell.value
    values["constraint"] = _constraint(reader, row)
    values["assignments"] = staff.assignments(reader, cells.get("resources"), tid)


def _priority_of(value: CellValue) -> int:
    number = number_of(value)
    if not number.is_integer() or not 0 <= number <= 1000:
        raise ValueError(f"priority {text_of(value)!r} is not a whole number in 0..1000")
    return int(number)


def _constraint(reader: TableReader, row: _Row) -> Constraint | None:
    tid, cells = row.id, row.cells
    kind = reader.parse(cells.get("constraint"), constraint_type_of, "bad_constraint_type", CONSTRAINT_HINT, tid)
    when = reader.parse(cells.get("constraint_date"), date_of, "bad_date", DATE_HINT, tid)
    snet = reader.parse(cells.get("start_no_earlier_than"), date_of, "bad_date", DATE_HINT, tid)
    if snet is not None:
        if kind is not None or when is not None:
            reader.report("conflicting_keys", "a second constraint; the Constraint column gives one already",
                          cells["start_no_earlier_than"], tid, "keep one of them")
            return None
        return Constraint(ConstraintType.SNET, snet)
    if kind is None and when is not None:
        reader.report("missing_key", "a constraint date needs a constraint type", cells["constraint_date"], tid,
                      CONSTRAINT_HINT)
    return Constraint(kind, when) if kind is not None else None


def _links(reader: TableReader, cell: Cell | None, refs: dict[str, str], tid: str | None,
           durations: dict[str, Duration | None]) -> tuple[Link, ...]:
    if cell is None or is_blank(cell.value):
        return ()
    where = reader.location(cell.row, cell.column)
    out = []
    for token in split_list(cell.text):
        ref, kind, lag_text = _reading(token, refs)
        lag = ZERO
        if lag_text is not None and lag_text.rstrip().endswith("%"):
            lag = _percent_lag(reader, cell, tid, token, lag_text, durations.get(refs.get(ref, ref)))
        elif lag_text is not None:
            try:
                lag = duration_of(lag_text)
            except ValueError:
                reader.report("bad_duration", f"lag {lag_text!r} in {token!r} is not a duration", cell, tid,
                              LINK_HINT)
                continue
        if ref in refs:
            out.append(Link(refs[ref], kind, lag, where))
        elif "/" in ref:  # a task of another plan of a portfolio
            project, _, task = ref.rpartition("/")
            out.append(Link(task, kind, lag, where, project))
        else:  # unknown: the plan check reports it, with a did-you-mean
            out.append(Link(ref, kind, lag, where))
    return tuple(out)


def _percent_lag(reader: TableReader, cell: Cell, tid: str | None, token: str, text: str,
                 base: Duration | None) -> Duration:
    """MS Project's ``FS+50%``: that share of the predecessor's duration (nothing if it has none)."""
    try:
        share = percentage_of(text.replace(" ", ""))
    except ValueError:
        reader.report("bad_duration", f"lag {text!r} in {token!r} is not a duration", cell, tid, LINK_HINT)
        return ZERO
    if base is None:
        reader.report("percent_lag", f"lag {text} in {token!r} is a share of a duration the predecessor does not "
                      "have; the link is kept without a lag", cell, tid, "write the lag as a duration, e.g. +2d",
                      Severity.WARNING)
        return ZERO
    return Duration(round(base.amount * share, 6), base.unit)


def _reading(token: str, refs: dict[str, str]) -> tuple[str, LinkType, str | None]:
    """The reading of ``token`` that names a known task; else the one the writer most likely meant
    (a type after a space, or after a row number as in ``3FS+2 days``)."""
    readings = link_readings(token)
    known = [r for r in readings if r[0] in refs]
    if known:
        return known[0]
    typed = [r for r in readings[1:] if r[0].isdigit() or token[len(r[0]):][:1].isspace()]
    return typed[0] if typed else readings[0]


def _task(reader: TableReader, row: _Row, summary: bool) -> Task | None:
    if row.id is None:
        return None
    values = {k: v for k, v in row.values.items() if v is not None}
    duration, effort = values.pop("duration", None), values.pop("effort", None)
    milestone = bool(values.pop("milestone", False))
    if summary:  # a summary's duration and work roll up from its subtasks
        duration = effort = None
    elif effort is not None and values.get("assignments"):
        duration = None  # computed from the effort
    elif effort is not None and duration is not None:
        effort = None  # work without people: the duration stands
    if milestone and duration is not None and duration.amount == 0 and effort is None:
        duration = None
    cell = row.cells.get("id") or row.cells.get("name")
    where = reader.location(row.number, cell.column if cell is not None else 1)
    return Task(id=row.id, parent=row.parent, duration=duration, effort=effort, milestone=milestone,
                origin=where, **values)


def _earliest_start(reader: TableReader, rows: Sequence[_Row]) -> dt.date:
    """The day of the earliest Start in the table (or constraint date, if earlier), else today
    (with a warning)."""
    starts: list[dt.date | dt.datetime] = []
    for row in rows:
        cell = row.cells.get("start")
        if cell is not None and not is_blank(cell.value):
            with contextlib.suppress(ValueError):
                starts.append(date_of(cell.value))
    if starts:
        starts += [row.values["constraint"].date for row in rows
                   if row.values.get("constraint") is not None and row.values["constraint"].date is not None]
        return min(s.date() if isinstance(s, dt.datetime) else s for s in starts)
    reader.report("no_start_date", "the table gives no project start; the plan starts today", None,
                  hint="add a Start column, or set project.start in the plan", severity=Severity.WARNING)
    return dt.date.today()


def _place(problem: Problem) -> tuple[int, str, int, int]:
    where = problem.location
    return (0, where.path, where.line, where.column) if where is not None else (1, "", 0, 0)
