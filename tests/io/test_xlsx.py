"""Excel export: the workbook reopens with openpyxl with the schedule's values, formats and rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook  # type: ignore[import-untyped]

from headway.engine.cpm import schedule
from headway.engine.results import Schedule
from headway.io import xlsx
from headway.io.plan import load, loads
from headway.model import DateOrTime, Project
from tests.io.test_task_csv import PLAN, carried, without_calendars
from tests.strategies import projects

EXAMPLE = Path(__file__).parents[2] / "examples" / "product-launch.yaml"


@pytest.fixture
def written(tmp_path: Path) -> tuple[Project, Schedule, Any]:
    plan = loads(PLAN).project
    sched = schedule(plan)
    path = tmp_path / "demo.xlsx"
    xlsx.write(plan, sched, path)
    return plan, sched, load_workbook(path)


def rows_of(sheet: Any) -> list[dict[str, Any]]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_sheets(written: tuple[Project, Schedule, Any]) -> None:
    assert written[2].sheetnames == ["Tasks", "Resources", "Assignments", "Project"]


def test_task_values_are_the_schedule(written: tuple[Project, Schedule, Any]) -> None:
    plan, sched, book = written
    rows = rows_of(book["Tasks"])
    assert [r["ID"] for r in rows] == [t.id for t in sched.tasks]
    for row, st in zip(rows, sched.tasks, strict=True):
        task = plan.task(st.id)
        assert row["WBS"] == st.wbs and row["Name"] == task.label
        assert row["Start"] == st.start and row["Finish"] == st.finish
        assert row["Total Float (days)"] == pytest.approx(st.total_float_minutes / sched.minutes_per_day, abs=1e-4)
        assert row["Critical"] == ("Yes" if st.critical else None)
        assert row["% Complete"] == st.percent_complete
        assert row["Milestone"] == ("Yes" if st.milestone else None)
        if st.summary or task.effort is not None:
            assert row["Duration"] == pytest.approx(st.duration_minutes / sched.minutes_per_day, abs=1e-4)
        if task.deadline is not None:
            assert row["Deadline"] == (task.deadline if isinstance(task.deadline, dt.datetime)
                                       else dt.datetime.combine(task.deadline, dt.time()))
    by_id = {r["ID"]: r for r in rows}
    assert by_id["spec"]["Duration"] == 3 and by_id["review"]["Duration"] == "4h"
    assert by_id["soak"]["Duration"] == "3ed" and by_id["build"]["Effort"] == 5
    assert by_id["build"]["Predecessors"] == "design, review FF-2h"
    assert by_id["build"]["Resources"] == "alice, bob:50%"
    assert by_id["build"]["Constraint"] == "Start No Earlier Than"
    assert by_id["spec"]["Notes"] == "=SUM(A1:A3), not a formula"
    notes = [c.value for c in book["Tasks"][1]].index("Notes") + 1
    assert book["Tasks"].cell(3, notes).data_type == "s"  # text, never a formula


def test_task_sheet_formatting(written: tuple[Project, Schedule, Any]) -> None:
    _, sched, book = written
    sheet = book["Tasks"]
    header = [c.value for c in sheet[1]]
    col = {name: i + 1 for i, name in enumerate(header)}
    last = len(sched.tasks) + 1
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{last}"
    assert all(c.font.bold for c in sheet[1])
    assert sheet.cell(2, col["Start"]).number_format == "yyyy-mm-dd hh:mm"
    assert sheet.cell(2, col["Start"]).is_date
    assert sheet.cell(3, col["Deadline"]).number_format in ("yyyy-mm-dd", "General")
    review = next(r for r in range(2, last + 1) if sheet.cell(r, col["ID"]).value == "review")
    assert sheet.cell(review, col["Deadline"]).number_format == "yyyy-mm-dd"
    assert sheet.cell(2, col["% Complete"]).number_format == "0%"
    assert sheet.cell(2, col["Total Float (days)"]).number_format == "0.0#"
    for r, st in enumerate(sched.tasks, start=2):
        assert sheet.cell(r, col["Name"]).alignment.indent == st.level
        assert bool(sheet.cell(r, col["Name"]).font.bold) == st.summary
    assert sheet.column_dimensions["B"].width >= 30
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    formulas = [rule.formula[0] for rule in rules]
    assert len(rules) == 2
    assert "ISNUMBER($M2)" in formulas[0] and "$E2>" in formulas[0]  # finishes after its deadline: orange
    assert formulas[1] == '$I2="Yes"'  # critical: red
    assert rules[0].dxf.fill.fgColor.rgb == "FFF8CBAD" and rules[1].dxf.fill.fgColor.rgb == "FFFFC7CE"
    corner = sheet.cell(last, len(header)).coordinate
    assert {str(cf.sqref) for cf in sheet.conditional_formatting} == {f"A2:{corner}"}


def test_resources_assignments_and_project(written: tuple[Project, Schedule, Any]) -> None:
    _, sched, book = written
    assert rows_of(book["Resources"]) == [
        {"ID": "alice", "Name": "Alice Liu", "Role": None, "Max Units": 1, "Standard Rate": 0,
         "Overtime Rate": 0, "Cost/Use": 0, "Email": None},
        {"ID": "bob", "Name": "Bob Ng", "Role": None, "Max Units": 0.5, "Standard Rate": 0,
         "Overtime Rate": 0, "Cost/Use": 0, "Email": None}]
    assert book["Resources"]["D3"].number_format == "0%" and book["Resources"]["E3"].number_format == "#,##0.00"
    work = sched.task("build").work_minutes / 60
    assignments = rows_of(book["Assignments"])
    assert [(a["Task ID"], a["Resource ID"], a["Units"]) for a in assignments] == [
        ("spec", "alice", 1), ("build", "alice", 1), ("build", "bob", 0.5)]
    assert assignments[1]["Work (hours)"] == pytest.approx(work / 1.5, abs=1e-4)
    assert assignments[2]["Work (hours)"] == pytest.approx(work * 0.5 / 1.5, abs=1e-4)
    info = {row[0].value: row[1].value for row in book["Project"].iter_rows(min_row=2)}
    assert info["Name"] == "Demo" and info["Finish"] == sched.finish and info["Hours per Day"] == 8


def test_round_trip(tmp_path: Path) -> None:
    plan = loads(PLAN).project
    path = tmp_path / "demo.xlsx"
    xlsx.write(plan, schedule(plan), path)
    result = xlsx.read(path)
    back = result.project
    assert carried(back) == carried(plan)
    assert [(r.id, r.name, r.units) for r in back.resources] == [(r.id, r.name, r.units) for r in plan.resources]
    assert (back.name, back.start, back.working_time) == (plan.name, plan.start, plan.working_time)
    assert schedule(back).finish == schedule(plan).finish
    assert not [p for p in result.problems if p.is_error]


def test_example_round_trip(tmp_path: Path) -> None:
    plan = load(EXAMPLE).project
    path = tmp_path / "launch.xlsx"
    xlsx.write(plan, schedule(plan), path)
    back = xlsx.read(path).project
    assert carried(back) == carried(plan)
    assert [(r.id, r.name, r.role, r.units, r.rates, r.email) for r in back.resources] == [
        (r.id, r.name, r.role, r.units, r.rates, r.email) for r in plan.resources]
    assert (back.name, back.start, back.timezone, back.currency) == (plan.name, plan.start, plan.timezone,
                                                                     plan.currency)


def to_seconds(project: Project) -> Project:
    """Date-times to the second: Excel keeps no microseconds."""
    def cut(value: DateOrTime | None) -> DateOrTime | None:
        return value.replace(microsecond=0) if isinstance(value, dt.datetime) else value
    return project.replace(tasks=tuple(
        replace(t, deadline=cut(t.deadline),
                constraint=replace(t.constraint, date=cut(t.constraint.date)) if t.constraint else None)
        for t in project.tasks))


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(projects())
def test_random_plans_round_trip(tmp_path: Path, project: Project) -> None:
    plan = to_seconds(without_calendars(project))
    xlsx.write(plan, schedule(plan), tmp_path / "plan.xlsx")
    assert carried(xlsx.read(tmp_path / "plan.xlsx").project) == carried(plan)
