"""MS Project XML import: every corpus file, the mapping of each feature, and clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from headway.engine.cpm import schedule
from headway.io import mspdi_read
from headway.model import ConstraintType, LinkType, PlanError, TimeUnit

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "interop" / "mspdi"
FILES = sorted(CORPUS.glob("*.xml")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not FILES, reason="interop corpus ../shared/data/interop absent")

HEAD = '<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project"><SaveVersion>14</SaveVersion>' \
       "<StartDate>2027-01-04T08:00:00</StartDate><MinutesPerDay>480</MinutesPerDay><MinutesPerWeek>2400" \
       "</MinutesPerWeek><CalendarUID>1</CalendarUID>"
CAL = ("<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>"
       + "".join(f"<WeekDay><DayType>{d}</DayType><DayWorking>{int(d not in (1, 7))}</DayWorking>"
                 + ("<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
                    "<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>"
                    if d not in (1, 7) else "") + "</WeekDay>" for d in range(1, 8))
       + "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2027-01-06T00:00:00"
         "</FromDate><ToDate>2027-01-06T23:59:00</ToDate></TimePeriod></WeekDay></WeekDays></Calendar></Calendars>")


def task(uid: int, name: str, extra: str = "", level: int = 1) -> str:
    return (f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel>"
            f"<Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat>{extra}</Task>")


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "plan.xml"
    path.write_text(HEAD + CAL + body + "</Project>", encoding="utf-8")
    return path


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_corpus_file_imports_and_schedules(path: Path) -> None:
    result = mspdi_read.read(path)
    assert all(not p.is_error for p in result.problems)
    assert all(p.location is not None and p.location.path == str(path) for p in result.problems
               if p.code not in ("progress_after_status_date",) and p.location is not None)
    schedule(result.project)


@needs_corpus
def test_sample_maps_hierarchy_links_constraints_and_resources() -> None:
    project = mspdi_read.read(CORPUS / "sample.xml").project
    assert project.task("second-task").parent == "first-task"
    assert project.task("third-task").milestone
    lagged = project.task("related-task-2b").links[0]
    assert (lagged.predecessor, lagged.type, lagged.lag.amount, lagged.lag.unit) == (
        "related-task-2a", LinkType.FS, 1, TimeUnit.DAY)
    assert project.task("related-task-5b").links[0].type is LinkType.FF
    assert project.task("related-task-6b").links[0].type is LinkType.SF
    con = project.task("recurring-task-1").constraint
    assert con is not None and con.type is ConstraintType.SNET and con.date == dt.datetime(2003, 2, 1, 8)
    first = project.resources_by_id()["first-resource"]
    assert (first.rates.standard, first.rates.overtime, first.source_uid) == (10, 20, "1")
    assert {a.resource: a.units for a in project.task("second-task").assignments} == {
        "first-resource": 0.5, "second-resource": 0.75}
    assert project.task("first-task").source_uid == "1"


@needs_corpus
def test_elapsed_durations_keep_their_unit() -> None:
    project = mspdi_read.read(CORPUS / "mspdiduration.xml").project
    units = [t.duration.unit for t in project.tasks if t.duration is not None]
    assert TimeUnit.ELAPSED_DAY in units and TimeUnit.ELAPSED_WEEK in units and TimeUnit.MONTH in units


@needs_corpus
def test_fidelity_against_ms_project_dates_is_at_least_95_percent() -> None:
    matched = total = 0
    for path in FILES:
        project = mspdi_read.read(path).project
        recorded = mspdi_read.recorded_dates(path)
        for t in schedule(project).tasks:
            start, finish, auto = recorded[t.id]
            if auto:
                total += 1
                matched += (t.start, t.finish) == (start.replace(second=0), finish.replace(second=0))
    assert total == 423
    assert matched / total >= 0.95


def test_percent_and_elapsed_lags(tmp_path: Path) -> None:
    body = ("<Tasks>" + task(1, "A") + task(2, "B", "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type>"
            "<LinkLag>50</LinkLag><LagFormat>19</LagFormat></PredecessorLink>")
            + task(3, "C", "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type>"
                   "<LinkLag>14400</LinkLag><LagFormat>8</LagFormat></PredecessorLink>") + "</Tasks>")
    result = mspdi_read.read(write(tmp_path, body))
    b, c = result.project.task("b").links[0], result.project.task("c").links[0]
    assert (b.type, b.lag.minutes(result.project.working_time)) == (LinkType.SS, 480)
    assert (c.lag.amount, c.lag.unit) == (1, TimeUnit.ELAPSED_DAY)
    assert "percent_lag_converted" in {p.code for p in result.problems}


def test_all_constraint_types_and_deadline(tmp_path: Path) -> None:
    body = "<Tasks>" + "".join(task(
        k + 1, f"T{k}", f"<ConstraintType>{k}</ConstraintType><ConstraintDate>2027-01-11T08:00:00</ConstraintDate>")
        for k in range(8)) + task(9, "D", "<Deadline>2027-01-20T17:00:00</Deadline>") + "</Tasks>"
    project = mspdi_read.read(write(tmp_path, body)).project
    kinds = [t.constraint.type if t.constraint else None for t in project.tasks[:8]]
    assert kinds == [None, ConstraintType.ALAP, ConstraintType.MSO, ConstraintType.MFO, ConstraintType.SNET,
                     ConstraintType.SNLT, ConstraintType.FNET, ConstraintType.FNLT]
    assert project.task("d").deadline == dt.datetime(2027, 1, 20, 17)


def test_calendar_exception_and_manual_task(tmp_path: Path) -> None:
    body = "<Tasks>" + task(1, "A") + task(2, "M", "<Manual>1</Manual><Start>2027-01-08T08:00:00</Start>") + "</Tasks>"
    result = mspdi_read.read(write(tmp_path, body))
    cal = result.project.calendars[0]
    assert cal.exceptions[0].days.start == dt.date(2027, 1, 6) and cal.exceptions[0].hours == ()
    done = schedule(result.project)
    assert done.task("a").finish == dt.datetime(2027, 1, 5, 17)
    assert done.task("m").start == dt.datetime(2027, 1, 8, 8)
    assert "manual_task" in {p.code for p in result.problems}


def test_malformed_xml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<Project>\n<Tasks>\n<Task></Tasks>\n", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        mspdi_read.read(path)
    problem = err.value.problems[0]
    assert problem.code == "xml_syntax" and problem.location is not None
    assert problem.location.path == str(path) and problem.location.line == 3


def _days(exceptions: object) -> set[tuple[dt.date, object]]:
    out = set()
    for exc in exceptions:  # type: ignore[attr-defined]
        day = exc.days.start
        while day <= exc.days.end:
            out.add((day, exc.hours))
            day += dt.timedelta(days=1)
    return out


@needs_corpus
@pytest.mark.parametrize("name", ["calendar-recurring-exceptions-project2010-mspdi.xml",
                                  "calendar-recurring-exceptions-project2016-mspdi.xml"])
def test_recurring_exceptions_expand_as_ms_project_expanded_them(name: str) -> None:
    """Oracle: MS Project writes every recurring exception twice, as a rule and expanded into days."""
    from lxml import etree

    from headway.io.mspdi_calendars import RawCalendar, _read_exception, _read_weekday

    ns = "{http://schemas.microsoft.com/project}"
    root = etree.parse(str(CORPUS / name)).getroot()
    cal = root.find(f"{ns}Calendars/{ns}Calendar")
    assert cal is not None
    expanded = RawCalendar("1", "Standard", None)
    for day in cal.iterfind(f"{ns}WeekDays/{ns}WeekDay"):
        _read_weekday(expanded, day, ns, lambda *_: None)
    rules = [e for el in cal.iterfind(f"{ns}Exceptions/{ns}Exception") for e in _read_exception(el, ns, "x",
                                                                                                 lambda *_: None)]
    assert len(cal.findall(f"{ns}Exceptions/{ns}Exception")) == 27
    assert _days(rules) == _days(expanded.exceptions) and len(_days(rules)) == 140


@needs_corpus
def test_baselines_priorities_and_progress() -> None:
    saved = mspdi_read.read(CORPUS / "baselines.xml").project.baselines
    assert [b.name for b in saved] == [f"baseline{n}" for n in range(1, 11)]
    assert saved[0].tasks["task-one"].duration_minutes == 450 and saved[9].cost == 10
    partial = mspdi_read.read(CORPUS / "task-baselines-project2007-mspdi.xml")
    assert "baseline_incomplete" in {p.code for p in partial.problems}
    ranked = {t.name: (t.priority, t.level) for t in mspdi_read.read(CORPUS / "mspdipriority.xml").project.tasks}
    assert ranked["Do Not Level"] == (1000, False) and ranked["Medium"] == (500, True)
    tracked = mspdi_read.read(CORPUS / "mspditimephased.xml")
    done = {e.task: e for e in tracked.project.progress}
    assert done["task-7"].done == 1.0 and done["task-7"].actual_finish == dt.datetime(2008, 12, 3, 12)
    assert done["task-4-night-shift"].done == 0.5
    assert done["task-4-night-shift"].actual_start == dt.datetime(2008, 11, 20, 23)
    assert "no_status_date" in {p.code for p in tracked.problems}


@needs_corpus
def test_split_tasks_span_their_pause_and_union_calendars() -> None:
    split = mspdi_read.read(CORPUS / "mspdisplittask.xml")
    assert [p.code for p in split.problems].count("split_task") == 2
    assert schedule(split.project).task("split-task-1").finish == dt.datetime(2006, 10, 9, 17)
    shared = mspdi_read.read(CORPUS / "sample.xml")
    assert "union_calendar" in {p.code for p in shared.problems}
    assert schedule(shared.project).task("second-task").finish == dt.datetime(2003, 3, 18, 8)


def test_bad_values_are_warnings_with_their_line(tmp_path: Path) -> None:
    body = ("<Tasks>\n" + task(1, "A", "<Priority>high</Priority>") + "\n"
            + "<Task><UID>2</UID><ID>2</ID><Name>B</Name><Duration>two days</Duration></Task>\n"
            + "<Task><UID>3</UID><ID>3</ID><Name>C</Name><IsNull>1</IsNull></Task>\n</Tasks>")
    result = mspdi_read.read(write(tmp_path, body))
    found = {(p.code, p.location.line if p.location else 0) for p in result.problems}
    assert ("bad_value", 3) in found and ("bad_value", 4) in found and ("blank_task_skipped", 5) in found
    assert [t.id for t in result.project.tasks] == ["a", "b"]


def test_not_ms_project_xml(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<svg/>", encoding="utf-8")
    with pytest.raises(PlanError) as err:
        mspdi_read.read(path)
    assert err.value.problems[0].code == "not_mspdi"


def test_inactive_tasks_are_skipped_with_their_subtasks(tmp_path: Path) -> None:
    body = ("<Tasks>" + task(1, "Phase", "<Active>0</Active>") + task(2, "Inside", level=2)
            + task(3, "Kept") + "</Tasks>")
    result = mspdi_read.read(write(tmp_path, body))
    assert [t.id for t in result.project.tasks] == ["kept"]
    assert [p.code for p in result.problems].count("inactive_task_skipped") == 2
