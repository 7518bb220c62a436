"""MS Project XML export: schema-valid, dates as scheduled, and round trips that keep the plan."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from headway.engine.cpm import schedule
from headway.io import mspdi_read, mspdi_write, plan
from headway.model import Project

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "interop" / "mspdi"
XSD = CORPUS / "mspdi_pj12.xsd"
FILES = sorted(CORPUS.glob("*.xml")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not FILES, reason="interop corpus ../shared/data/interop absent")
needs_xsd = pytest.mark.skipif(not XSD.is_file(), reason="MSPDI schema in ../shared/data/interop absent")
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))

SYNTHETIC = """\
project: {name: Synthetic, start: 2027-01-04, calendar: office}
calendars:
  - id: office
    week: {fri: ['08:00-12:00']}
    exceptions:
      - {date: 2027-01-06}
      - {from: 2027-01-18, to: 2027-01-19}
      - {date: 2027-01-23, hours: ['09:00-13:00']}
  - {id: nights, week: {mon: ['22:00-24:00'], tue: ['00:00-06:00', '22:00-24:00'], wed: ['00:00-06:00']}}
resources:
  - {id: ana, name: Ana, rate: 80, units: 50%}
  - {id: ben, name: Ben, calendar: nights, rates: {standard: 60, overtime: 90, per_use: 25}}
tasks:
  - id: phase
    tasks:
      - {id: a, duration: 3d, assign: [ana]}
      - {id: b, duration: 2d, after: [{task: a, type: SS, lag: 5ed}]}
      - {id: c, duration: 4h, after: [{task: b, type: FF, lag: 30eh}], assign: [{resource: ben, units: 50%}]}
      - {id: d, duration: 1d, after: [{task: a, type: SF, lag: -2h}]}
      - {id: e, duration: 2ed, after: [{task: c, lag: 1w}]}
  - {id: snet, duration: 1d, constraint: {type: start-no-earlier-than, date: 2027-01-12}}
  - {id: snlt, duration: 1d, constraint: {type: start-no-later-than, date: 2027-02-12}}
  - {id: fnet, duration: 1d, constraint: {type: finish-no-earlier-than, date: 2027-01-14}}
  - {id: fnlt, duration: 1d, constraint: {type: finish-no-later-than, date: 2027-02-26}}
  - {id: mso, duration: 1d, constraint: {type: must-start-on, date: 2027-01-13}}
  - {id: mfo, duration: 1d, constraint: {type: must-finish-on, date: 2027-01-21}}
  - {id: late, duration: 1d, constraint: alap, after: [a]}
  - {id: done, milestone: true, after: [phase, snet, fnet, mso, mfo], deadline: 2027-03-01}
"""


def _shape(project: Project) -> list[tuple[object, ...]]:
    """What a round trip must keep, per task."""
    return [(t.id, t.parent, t.milestone, t.links, t.constraint, t.deadline, t.source_uid,
             tuple((a.resource, a.units) for a in t.assignments)) for t in project.tasks]


def _dates(project: Project) -> list[tuple[str, object, object]]:
    return [(t.id, t.start, t.finish) for t in schedule(project).tasks]


def _export(project: Project, tmp_path: Path, name: str = "out.xml") -> Path:
    path = tmp_path / name
    mspdi_write.write(project, schedule(project), path)
    return path


@needs_xsd
def test_synthetic_plan_validates_and_round_trips(tmp_path: Path) -> None:
    project = plan.loads(SYNTHETIC).project
    path = _export(project, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(path))), schema.error_log.last_error
    again = mspdi_read.read(path).project
    assert _dates(again) == _dates(project)
    assert [(t.id, t.parent, t.links, t.constraint) for t in again.tasks] == [
        (t.id, t.parent, t.links, t.constraint) for t in project.tasks]
    assert {r.id: (r.units, r.rates) for r in again.resources} == {r.id: (r.units, r.rates) for r in project.resources}


def test_exported_dates_are_the_scheduled_ones(tmp_path: Path) -> None:
    project = plan.loads(SYNTHETIC).project
    path = _export(project, tmp_path)
    recorded = mspdi_read.recorded_dates(path)
    assert {tid: (s, f) for tid, (s, f, _) in recorded.items()} == {t: (s, f) for t, s, f in _dates(project)}


@needs_corpus
@needs_xsd
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_round_trip_is_schema_valid_and_keeps_the_plan(path: Path, tmp_path: Path) -> None:
    first = mspdi_read.read(path).project
    out = _export(first, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(out))), schema.error_log.last_error
    second = mspdi_read.read(out).project
    assert _shape(second) == _shape(first)
    assert _dates(second) == _dates(first)
    assert len(second.resources) == len(first.resources)


@needs_corpus
def test_source_uid_survives_import_plan_file_and_export(tmp_path: Path) -> None:
    imported = mspdi_read.read(CORPUS / "sample.xml").project
    plan.save(imported, tmp_path / "sample.yaml")
    loaded = plan.load(tmp_path / "sample.yaml").project
    out = _export(loaded, tmp_path)
    root = etree.parse(str(out)).getroot()
    ns = "{http://schemas.microsoft.com/project}"
    written = {t.findtext(f"{ns}Name"): t.findtext(f"{ns}UID") for t in root.iter(f"{ns}Task")}
    assert written == {t.name: t.source_uid for t in imported.tasks}
    assert _dates(loaded) == _dates(imported)


MPXJ_CHECK = """
import sys, jpype, mpxj
jpype.startJVM()
from org.mpxj.reader import UniversalProjectReader
for path in sys.argv[1:]:
    project = UniversalProjectReader().read(path)
    for task in project.getTasks():
        if task.getUniqueID() is not None and int(task.getUniqueID()) > 0:
            print(path, task.getName(), task.getStart(), task.getFinish(), sep="|")
"""


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime")
def test_mpxj_reads_the_written_xml_with_the_same_tasks_and_dates(tmp_path: Path) -> None:
    pytest.importorskip("mpxj")
    pytest.importorskip("jpype")
    plans = [plan.loads(SYNTHETIC).project, *(plan.load(p).project for p in EXAMPLES[:2])]
    if FILES:
        plans.append(mspdi_read.read(CORPUS / "sample.xml").project)
    paths = [_export(project, tmp_path, f"out{k}.xml") for k, project in enumerate(plans)]
    # a subprocess: one JVM per process, and the test run may have started its own
    run = subprocess.run([sys.executable, "-c", MPXJ_CHECK, *map(str, paths)], capture_output=True, text=True,
                         timeout=300, check=False)
    if run.returncode != 0:
        pytest.skip(f"MPXJ could not run: {run.stderr[-300:]}")
    rows = [line.split("|") for line in run.stdout.splitlines() if line.count("|") == 3]
    for path, project in zip(paths, plans, strict=True):
        seen = [(name, start[:16], finish[:16]) for where, name, start, finish in rows if where == str(path)]
        expected = [(t.name or t.id, f"{t.start:%Y-%m-%dT%H:%M}", f"{t.finish:%Y-%m-%dT%H:%M}")
                    for t in schedule(project).tasks]
        assert seen == expected, path.name


@needs_xsd
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_export_valid_xml_with_the_same_dates(path: Path, tmp_path: Path) -> None:
    project = plan.load(path).project
    out = _export(project, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(out))), schema.error_log.last_error
    again = mspdi_read.read(out).project
    assert [(t.name or t.id, s, f) for (_, s, f), t in zip(_dates(again), again.tasks, strict=True)] == [
        (t.name or t.id, s, f) for (_, s, f), t in zip(_dates(project), project.tasks, strict=True)]


PROGRESS = """\
project: {name: Demo, start: 2027-01-04, status_date: 2027-01-13}
resources: [{id: al}]
tasks:
  - {id: design, duration: 3d}
  - {id: build, duration: 7d, after: [design], assign: [al]}
  - {id: test, duration: 3d, after: [build]}
  - {id: docs, duration: 16h}
progress:
  - {date: 2027-01-08, task: design, done: 100%, actual_start: 2027-01-04, actual_finish: 2027-01-07}
  - {date: 2027-01-13, task: build, done: 33%}
  - {date: 2027-01-12, task: docs, remaining: 5h, actual_start: 2027-01-11T13:00}
"""


@pytest.mark.parametrize("text", [PROGRESS, PROGRESS.replace(", status_date: 2027-01-13", "")],
                         ids=["status-date", "latest-entry"])
def test_progress_round_trips_with_its_dates(text: str, tmp_path: Path) -> None:
    project = plan.loads(text).project
    again = mspdi_read.read(_export(project, tmp_path)).project
    assert _dates(again) == _dates(project)
    # MSPDI keeps whole percentages; the remaining duration it also keeps is what schedules
    assert {e.task: e.done for e in again.progress} == {"design": 1.0, "build": 0.33, "docs": 0.69}


CREW_LAG = """\
project: {name: Crew, start: 2027-01-04}
resources:
  - {id: ana, vacations: [{from: 2027-01-11, to: 2027-01-12}]}
  - {id: ben}
tasks:
  - {id: a, duration: 2d}
  - {id: b, duration: 2d, assign: [ana, ben], after: [{task: a, type: SS, lag: 6d}]}
  - {id: c, duration: 1d, assign: [ana, ben], after: [{task: a, type: FS, lag: 2d}]}
"""


def test_a_lag_into_a_task_with_shared_hours_keeps_its_dates(tmp_path: Path) -> None:
    """The task gets a calendar of its people's shared hours, on which MS Project would count the
    lag; Headway counts it on the project calendar, so it is written as the elapsed time it spans."""
    project = plan.loads(CREW_LAG).project
    again = mspdi_read.read(_export(project, tmp_path)).project
    assert _dates(again) == _dates(project)
    b = next(t for t in again.tasks if t.name == "b" or t.id == "b")
    lag = b.links[0].lag
    # a starts Mon 4 08:00; 6 working days later is Mon 11 17:00, a week and 9 hours on the clock
    assert lag.elapsed and lag.minutes(project.working_time) == 7 * 1440 + 9 * 60
