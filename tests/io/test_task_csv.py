"""Task lists as CSV: written from a schedule, read back into the same plan, every problem placed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from headway.engine.cpm import schedule
from headway.io import task_csv
from headway.io.plan import loads
from headway.model import Duration, LinkType, PlanError, Project, TimeUnit
from tests.strategies import projects

PLAN = """
project: {name: Demo, start: 2027-01-04}
resources:
  - {id: alice, name: Alice Liu}
  - {id: bob, name: Bob Ng, units: 50%}
tasks:
  - id: design
    name: Design
    tasks:
      - {id: spec, name: Write the spec, duration: 3d, assign: [alice], notes: "=SUM(A1:A3), not a formula"}
      - {id: review, duration: 4h, after: [{task: spec, type: SS, lag: 1d}], deadline: 2027-01-04}
  - id: build
    name: Build, test
    effort: 5d
    assign: [alice, {resource: bob, units: 50%}]
    after: [design, {task: review, type: FF, lag: -2h}]
    constraint: {type: start-no-earlier-than, date: 2027-01-11}
  - {id: soak, duration: 3ed, after: [{task: build, type: SF, lag: 1ew}], priority: 800}
  - {id: release, milestone: true, after: [soak], deadline: 2027-01-29T12:00}
"""


def carried(project: Project) -> list[tuple[object, ...]]:
    """What a task table keeps of each task (names as labels; blank text as none)."""
    def blank(text: str | None) -> str | None:
        return text if text and text.strip() else None
    return [(t.id, t.label, t.parent, t.duration, t.effort, t.milestone,
             [(k.predecessor, k.type, k.lag, k.project) for k in t.links],
             [(a.resource, a.units, a.alternatives) for a in t.assignments],
             t.constraint, t.deadline, t.priority, blank(t.owner), blank(t.notes), t.source_uid)
            for t in project.tasks]


def write_read(project: Project, path: Path) -> Project:
    task_csv.write(project, schedule(project), path)
    return task_csv.read(path).project


def test_round_trip(tmp_path: Path) -> None:
    plan = loads(PLAN).project
    back = write_read(plan, tmp_path / "demo.csv")
    assert carried(back) == carried(plan)
    assert [r.id for r in back.resources] == ["alice", "bob"]
    assert back.name == "demo" and back.start == dt.date(2027, 1, 4)
    assert schedule(back).finish == schedule(plan).finish


def test_columns_and_values(tmp_path: Path) -> None:
    plan = loads(PLAN).project
    sched = schedule(plan)
    rows = task_csv.dumps(plan, sched)
    header = rows[0]
    assert header[:6] == ["WBS", "Name", "ID", "Start", "Finish", "Duration"]
    table = {row[header.index("ID")]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    build = table["build"]
    st = sched.task("build")
    assert build["Start"] == st.start.strftime("%Y-%m-%d %H:%M")
    assert build["Finish"] == st.finish.strftime("%Y-%m-%d %H:%M")
    assert build["Effort"] == "5" and float(build["Duration"]) == pytest.approx(st.duration_minutes / 480, abs=1e-4)
    assert build["Predecessors"] == "design, review FF-2h"
    assert build["Resources"] == "alice, bob:50%"
    assert build["Constraint"] == "Start No Earlier Than" and build["Constraint Date"] == "2027-01-11"
    assert table["review"]["Duration"] == "4h" and table["review"]["Predecessors"] == "spec SS+1d"
    assert table["soak"]["Predecessors"] == "build SF+1ew" and table["soak"]["Priority"] == "800"
    assert table["release"]["Milestone"] == "Yes" and table["release"]["Deadline"] == "2027-01-29 12:00:00"
    assert table["spec"]["WBS"] == "1.1" and table["design"]["WBS"] == "1"
    for tid, row in table.items():
        st = sched.task(tid)
        assert float(row["Total Float (days)"]) == pytest.approx(st.total_float_minutes / 480, abs=1e-4)
        assert row["Critical"] == ("Yes" if st.critical else "")


def test_reads_a_simple_sheet_with_synonyms_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Task Name;Duration;Predecessors;Resource Names;Outline Level;Start\n"
                    "Phase 1;;;;1;2027-01-04\n"
                    "Design the API;3 days;;Alice Liu;2;\n"
                    "Build it;2 wks;Design the API FS+2 days;Alice Liu[50%], bob;2;\n"
                    "Done;0;Build it;;1;\n", encoding="utf-8")
    result = task_csv.read(path)
    project = result.project
    assert [t.id for t in project.tasks] == ["phase-1", "design-the-api", "build-it", "done"]
    assert [t.parent for t in project.tasks] == [None, "phase-1", "phase-1", None]
    build = project.task("build-it")
    assert build.duration == Duration(2, TimeUnit.WEEK)
    assert build.links[0].predecessor == "design-the-api" and build.links[0].lag == Duration(2, TimeUnit.DAY)
    assert [(a.resource, a.units) for a in build.assignments] == [("alice-liu", 0.5), ("bob", None)]
    assert [(r.id, r.name) for r in project.resources] == [("alice-liu", "Alice Liu"), ("bob", "")]
    assert project.start == dt.date(2027, 1, 4)
    assert project.task("done").duration == Duration(0)
    assert not [p for p in result.problems if p.is_error]


def test_ms_project_style_predecessors_by_row_id(tmp_path: Path) -> None:
    path = tmp_path / "msp.csv"
    path.write_text("ID,Name,Duration,Predecessors,Start\n1,A,1 day,,2027-01-04\n2,B,2 days,1FS+1 day,\n"
                    "3,C,1 day?,\"1SS,2FF-4 hrs\",\n", encoding="utf-8")
    tasks = task_csv.read(path).project.tasks
    assert [(k.predecessor, k.type, k.lag) for k in tasks[2].links] == [
        ("1", LinkType.SS, Duration(0)), ("2", LinkType.FF, Duration(-4, TimeUnit.HOUR))]
    assert tasks[1].links[0].lag == Duration(1)


def test_percent_lags_are_shares_of_the_predecessor(tmp_path: Path) -> None:
    path = tmp_path / "pct.csv"
    path.write_text("ID,Duration,Predecessors,Start\na,4 days,,2027-01-04\nb,1,a SS+50%,\nc,1,\"d FS-25%\",\n"
                    "d,,,\n", encoding="utf-8")
    result = task_csv.read(path)
    tasks = result.project.tasks
    assert tasks[1].links[0].lag == Duration(2)
    assert tasks[2].links[0].lag == Duration(0)
    assert [(p.code, p.location.line if p.location else 0) for p in result.problems if p.code == "percent_lag"] == [
        ("percent_lag", 4)]


def test_every_problem_with_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("ID,Name,Duration,Predecessors,Resources,Deadline,Start\n"
                    "a,A,3x,,,,2027-01-04\n"
                    "b c,B,1d,,,,\n"
                    "c,C,1d,biuld,bob:lots,soon,\n"
                    "build,D,1d,c FS+2q,,,\n", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        task_csv.read(path)
    found = [(p.code, p.location.line, p.location.column) for p in err.value.problems if p.location]
    assert found == [("bad_duration", 2, 3), ("bad_id", 3, 1), ("unknown_predecessor", 4, 4),
                     ("bad_percentage", 4, 5), ("bad_date", 4, 6), ("bad_duration", 5, 4)]
    text = str(err.value)
    assert f"{path}:2:3: error[bad_duration]" in text and "column C (Duration)" in text
    assert "did you mean" in text


def test_duplicate_ids(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("ID,Duration,Start\na,1,2027-01-04\nb,1,\na,2,\n", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        task_csv.read(path)
    assert [(p.code, p.location.line if p.location else 0) for p in err.value.problems] == [("duplicate_task_id", 4)]
    assert "also on row 2" in str(err.value)


def test_unknown_and_duplicate_columns(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("Name,Duraton,Colour\nA,1d,red\n", encoding="utf-8")
    result = task_csv.read(path)
    codes = [(p.code, p.severity.value) for p in result.problems]
    assert ("unknown_column", "warning") in codes and ("no_start_date", "warning") in codes
    assert "did you mean 'duration'" in str([p.hint for p in result.problems])
    path.write_text("Name,Duration,Days\nA,1d,2\n", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        task_csv.read(path)
    assert [p.code for p in err.value.errors] == ["duplicate_column"]


def test_windows_excel_csv(tmp_path: Path) -> None:
    path = tmp_path / "win.csv"
    path.write_bytes("Name;Dauer;Ressourcen\r\nEntwurf prüfen;2;Jürgen\r\n".encode("cp1252"))
    result = task_csv.read(path)
    assert result.project.tasks[0].name == "Entwurf prüfen"


def test_no_header(tmp_path: Path) -> None:
    path = tmp_path / "none.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        task_csv.read(path)
    assert [p.code for p in err.value.problems] == ["no_header"]


def without_calendars(project: Project) -> Project:
    """The plan without calendars (a task table does not carry them), so it schedules quickly."""
    return project.replace(calendar=None, calendars=(), resources=tuple(
        replace(r, calendar=None, week=None, vacations=()) for r in project.resources),
        tasks=tuple(replace(t, calendar=None) for t in project.tasks))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(projects())
def test_random_plans_round_trip(tmp_path: Path, project: Project) -> None:
    plan = without_calendars(project)
    assert carried(write_read(plan, tmp_path / "plan.csv")) == carried(plan)
