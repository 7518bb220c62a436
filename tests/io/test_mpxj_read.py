"""Reading real .mpp, .mpx, Primavera, GanttProject and Planner files through MPXJ.

The files are the shared interop corpus (never copied here); tests skip when it is absent or when
Java or the mpxj/JPype1 packages are missing. Each format is checked against the others where
the corpus holds the same plan twice.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import Any

import pytest

from headway.engine.cpm import schedule
from headway.io import mpxj_jvm, mpxj_read
from headway.model import PlanError, Project

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "interop"
FOLDERS = ("mpp", "mpx", "xer", "pmxml", "gan", "planner")
FILES = sorted(p for folder in FOLDERS for p in (CORPUS / folder).glob("*") if p.is_file())


@pytest.fixture(scope="module", autouse=True)
def _java() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"interop corpus not found at {CORPUS}")
    try:
        mpxj_jvm.start()
    except mpxj_jvm.MpxjUnavailable as err:
        pytest.skip(str(err))


def _read(name: str) -> Project:
    return mpxj_read.read(CORPUS / name).project


def test_the_corpus_has_every_format() -> None:
    assert {p.parent.name for p in FILES} == set(FOLDERS) and len(FILES) == 33


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_reads_without_error(path: Path) -> None:
    result = mpxj_read.read(path)
    assert not [p for p in result.problems if p.is_error]
    for problem in result.problems:  # listed when run with -s
        print(problem.format())
    assert result.project.tasks
    schedule(result.project)


def _shape(project: Project, leaves_only: bool = False) -> list[tuple[Any, ...]]:
    """Name, parent's name, duration and links (by name) of every task, in file order."""
    by_id = project.tasks_by_id()
    summaries = project.summary_ids()
    out = []
    for task in project.tasks:
        if leaves_only and task.id in summaries:
            continue
        links = sorted((by_id[link.predecessor].name, link.type.value, link.lag.minutes(project.working_time))
                       for link in task.links)
        parent = by_id[task.parent].name if task.parent and not leaves_only else None
        minutes = task.duration.minutes(project.working_time) if task.duration else 0
        out.append((task.name, parent, minutes, tuple(links)))
    return out


def test_sample_plan_is_the_same_in_mpp9_mpp8_mpx_and_german_mpx_as_in_mspdi() -> None:
    reference = _shape(_read("mspdi/sample.xml"))
    mpp = _shape(_read("mpp/sample.mpp"))
    assert [row for row in mpp if row[0] not in {"Resource Assignments", "Assigned Task 1", "Assigned Task 2"}] \
        == reference  # the .mpp has a third group the XML lacks
    assert _shape(_read("mpp/sample98.mpp")) == reference
    assert _shape(_read("mpx/sample.de.mpx")) == reference
    mpx = _shape(_read("mpx/sample.mpx"))
    # sample.mpx has one more link (README: 7 links, the others 6)
    extra = [(a, b) for a, b in zip(mpx, reference, strict=True) if a != b]
    assert [(a[0], set(a[3]) - set(b[3])) for a, b in extra] == [("Related Task 2b", {("Related Task 1b", "FS", 0)})]


@pytest.mark.parametrize("other", ["mpp/task-links-project2019-mpp14.mpp", "mpx/task-links-project98.mpx"])
def test_task_links_are_the_same_in_every_format(other: str) -> None:
    reference = _shape(_read("mspdi/task-links-project2003-mspdi.xml"))
    assert _shape(_read(other)) == reference
    assert sum(len(row[3]) for row in reference) == 8


@pytest.mark.parametrize(("xer", "pmxml"), [("percent-complete-8.4.xer", "percent-complete-8.4.pmxml"),
                                            ("resource-rates-test.xer", "resource-rates-test.xml")])
def test_primavera_xer_and_xml_give_the_same_activities(xer: str, pmxml: str) -> None:
    a, b = _read(f"xer/{xer}"), _read(f"pmxml/{pmxml}")
    assert _shape(a, leaves_only=True) == _shape(b, leaves_only=True)
    leaves = a.summary_ids()
    assert sorted(t.source_uid or "" for t in a.tasks if t.id not in leaves) == \
        sorted(t.source_uid or "" for t in b.tasks if t.id not in b.summary_ids())


def test_predecessor_calendar_xer_and_xml_name_the_same_activity() -> None:
    """Not the same schedule (the XML was saved from a later copy: other dates and calendar), but
    the same activity id and name."""
    a, b = _read("xer/PredecessorCalendar.xer"), _read("pmxml/PredecessorCalendar.xml")
    leaves = [[(t.source_uid, t.name) for t in p.tasks if t.id not in p.summary_ids()] for p in (a, b)]
    assert leaves[0] == leaves[1] == [("A1000", "Test")]


def test_big_xer_imports_and_schedules() -> None:
    result = mpxj_read.read(CORPUS / "xer" / "SP10-cost-loaded.xer")
    project = result.project
    summaries = project.summary_ids()
    activities = [t for t in project.tasks if t.id not in summaries and (t.duration is not None or t.milestone)]
    assert len(activities) == 3994 and len(project.tasks) == 6260  # and 2,266 WBS nodes, some empty
    assert sum(len(t.links) for t in project.tasks) == 5966
    assert all(t.source_uid for t in activities)
    assert len({t.source_uid for t in activities}) == 3994  # Primavera activity ids
    assert project.status_date is not None and project.progress
    sched = schedule(project)
    assert sched.finish > project.status_date


def test_ids_follow_the_shared_policy_and_keep_the_tool_uid() -> None:
    project = _read("mpp/sample.mpp")
    first = project.tasks[0]
    assert (first.id, first.name, first.source_uid) == ("first-task", "First Task", "1")
    assert {r.source_uid for r in project.resources} == {"1", "2"}


def test_recorded_dates_name_headway_ids_and_flag_manual_tasks() -> None:
    dates = mpxj_read.recorded_dates(CORPUS / "mpp" / "mpxjnet-Sample1.mpp")
    project = _read("mpp/mpxjnet-Sample1.mpp")
    assert set(dates) == {t.id for t in project.tasks}
    assert dates["task-1"] == (dt.datetime(2023, 7, 28, 8), dt.datetime(2023, 8, 1, 17), True)
    assert [tid for tid, (_, _, auto) in dates.items() if not auto] == ["recurring-task-1", "recurring-task-2"]


def test_most_mpp_tasks_get_the_dates_ms_project_gave_them() -> None:
    """Regression floor for the fidelity measured in docs/interop-mpxj.md."""
    same = total = 0
    for path in sorted((CORPUS / "mpp").glob("*.mpp")):
        sched = schedule(mpxj_read.read(path).project)
        for tid, (start, finish, auto) in mpxj_read.recorded_dates(path).items():
            if auto:
                total += 1
                ours = sched.task(tid)  # to the minute: MS Project keeps seconds (09:08:24)
                same += ours.start == start.replace(second=0) and ours.finish == finish.replace(second=0)
    assert total == 209
    assert same >= 196


def test_a_missing_or_unknown_file_is_a_plan_error(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as missing:
        mpxj_read.read(tmp_path / "nope.mpp")
    assert [p.code for p in missing.value.problems] == ["unreadable_file"]
    junk = tmp_path / "junk.mpp"
    junk.write_bytes(b"\x00\x01 not a project file")
    with pytest.raises(PlanError) as unknown:
        mpxj_read.read(junk)
    assert [p.code for p in unknown.value.problems] == ["unreadable_file"]


def test_without_the_packages_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def no_jpype(name: str, package: str | None = None) -> Any:
        if name == "jpype":
            raise ImportError("No module named 'jpype'")
        return real(name, package)

    monkeypatch.setattr("headway.io.mpxj_jvm.importlib.import_module", no_jpype)
    with pytest.raises(PlanError) as err:
        mpxj_read.read(CORPUS / "mpp" / "sample.mpp")
    [problem] = err.value.problems
    assert isinstance(err.value, mpxj_jvm.MpxjUnavailable) and problem.code == "mpxj_unavailable"
    assert "pip install 'headway[mpxj]'" in (problem.hint or "") and "default-jre-headless" in (problem.hint or "")
