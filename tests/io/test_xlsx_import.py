"""Excel import: a simple task sheet becomes a plan; bad rows give sheet, row and column and import nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from headway.engine.cpm import schedule
from headway.io import xlsx
from headway.model import ConstraintType, Duration, LinkType, PlanError, TimeUnit


def workbook(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def test_simple_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", {"Sheet1": [
        ["Launch plan, draft 3"],
        ["WBS", "Task Name", "Duration", "Predecessors", "Resource Names", "Milestone", "Deadline", "Start"],
        ["1", "Design", None, None, None, None, None, dt.datetime(2027, 1, 4, 8)],
        ["1.1", "Sketch", 2, None, "Ana", None, None, None],
        ["1.2", "Review", "4 hrs", "Sketch SS+1d", "Ana, Ben Ng:50%", None, None, None],
        ["2", "Ship", 0, "Design", None, True, dt.date(2027, 1, 15), None],
    ]})
    result = xlsx.read(path)
    project = result.project
    assert project.name == "plan" and project.start == dt.date(2027, 1, 4)
    assert [(t.id, t.name, t.parent) for t in project.tasks] == [
        ("design", "Design", None), ("sketch", "Sketch", "design"), ("review", "Review", "design"),
        ("ship", "Ship", None)]
    review, ship = project.task("review"), project.task("ship")
    assert project.task("sketch").duration == Duration(2)
    assert review.duration == Duration(4, TimeUnit.HOUR)
    assert (review.links[0].predecessor, review.links[0].type, review.links[0].lag) == ("sketch", LinkType.SS,
                                                                                        Duration(1))
    assert [(a.resource, a.units) for a in review.assignments] == [("Ana", None), ("ben-ng", 0.5)]
    assert [(r.id, r.name) for r in project.resources] == [("Ana", ""), ("ben-ng", "Ben Ng")]
    assert ship.milestone and ship.duration is None and ship.deadline == dt.date(2027, 1, 15)
    assert not [p for p in result.problems if p.is_error]
    assert schedule(project).task("ship").start == dt.datetime(2027, 1, 5, 17)


def test_tasks_sheet_by_name_with_resources_outline_levels_and_constraints(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", {
        "Notes": [["nothing to see"]],
        "Tasks": [["ID", "Name", "Outline Level", "Work", "Resources", "Start No Earlier Than", "Start"],
                  ["p", "Phase", 1, None, None, None, "2027-01-04"],
                  ["a", "A", 2, "3d", "Alice Liu", dt.date(2027, 1, 6), None],
                  ["b", "B", 2, "16h", "alice[50%]", None, None],
                  ["c", "C", 1, None, None, None, None]],
        "Resources": [["ID", "Name", "Max Units", "Rate"], ["alice", "Alice Liu", 0.5, 120]],
    })
    project = xlsx.read(path).project
    assert [(t.id, t.parent) for t in project.tasks] == [("p", None), ("a", "p"), ("b", "p"), ("c", None)]
    a, b = project.task("a"), project.task("b")
    assert a.effort == Duration(3) and a.duration is None and a.assignments[0].resource == "alice"
    assert a.constraint is not None and a.constraint.type is ConstraintType.SNET
    assert a.constraint.date == dt.date(2027, 1, 6)
    assert b.assignments[0].units == 0.5
    assert [(r.id, r.units, r.rates.standard) for r in project.resources] == [("alice", 0.5, 120.0)]


def test_parent_column_in_any_order(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", {"Tasks": [
        ["ID", "Parent", "Duration", "Start"], ["child", "top", 1, dt.datetime(2027, 1, 4)],
        ["top", None, None, None]]})
    assert [(t.id, t.parent) for t in xlsx.read(path).project.tasks] == [("top", None), ("child", "top")]


def test_bad_rows_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = workbook(tmp_path / "bad.xlsx", {"Tasks": [
        ["ID", "Name", "WBS", "Duration", "Predecessors", "Milestone", "Deadline", "Priority", "Start"],
        ["a", "A", "1", "3 dayz", None, None, None, None, dt.datetime(2027, 1, 4)],
        ["b", "B", "2.1", 1, None, "maybe", None, None, None],
        ["c", "C", "3", 1, "a XX", None, "next week", 2000, None],
        ["d", "D", "4", -1, "c", None, None, None, None],
    ]})
    with pytest.raises(PlanError) as err:
        xlsx.read(path)
    where = f"{path}[Tasks]"
    found = [(p.code, p.location.path, p.location.line, p.location.column)
             for p in err.value.problems if p.location is not None]
    assert found == [
        ("bad_duration", where, 2, 4), ("bad_wbs", where, 3, 3), ("wrong_type", where, 3, 6),
        ("unknown_predecessor", where, 4, 5), ("bad_date", where, 4, 7), ("bad_priority", where, 4, 8),
        ("negative_duration", where, 5, 1)]
    text = str(err.value)
    assert f"{where}:2:4: error[bad_duration] \"a\": column D (Duration): '3 dayz' is not a duration" in text
    assert "column F (Milestone): 'maybe' is not yes or no" in text


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        xlsx.read(path)
    assert [p.code for p in err.value.problems] == ["unreadable_file"]


def test_resource_sheet_problems(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", {
        "Tasks": [["Name", "Duration", "Resources", "Start"], ["A", 1, "x y", "2027-01-04"]],
        "Resources": [["ID", "Name", "Max Units"], ["x y", "X", 1], ["ok", "Ok", "lots"], ["big", "Big", 100]],
        "Project": [["Field", "Value"], ["Name", "Big launch"], ["Hours per Day", 0], ["Time Zone", "Mars/Base"]],
    })
    with pytest.raises(PlanError) as err:
        xlsx.read(path)
    found = {(p.code, p.location.path.rsplit("[", 1)[-1], p.location.line, p.severity.value)
             for p in err.value.problems if p.location is not None}
    assert found == {("bad_id", "Resources]", 2, "error"), ("bad_percentage", "Resources]", 3, "error"),
                     ("suspicious_units", "Resources]", 4, "warning"), ("bad_working_time", "Project]", 3, "error"),
                     ("unknown_timezone", "Project]", 4, "error")}


def test_outline_from_indented_names(tmp_path: Path) -> None:
    from openpyxl.styles import Alignment  # type: ignore[import-untyped]

    path = tmp_path / "indented.xlsx"
    book = Workbook()
    sheet = book.active
    for row in (["Task", "Days", "Start"], ["Phase", None, dt.date(2027, 1, 4)], ["Step 1", 1, None],
                ["Detail", 1, None], ["Step 2", 2, None], ["Wrap up", 1, None]):
        sheet.append(row)
    for r, indent in ((3, 1), (4, 2), (5, 1)):
        sheet.cell(r, 1).alignment = Alignment(indent=indent)
    book.save(path)
    project = xlsx.read(path).project
    assert [(t.id, t.parent) for t in project.tasks] == [
        ("phase", None), ("step-1", "phase"), ("detail", "step-1"), ("step-2", "phase"), ("wrap-up", None)]
