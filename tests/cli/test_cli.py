"""The ``headway`` command line: exit codes, output contracts and messages, in-process and as a process."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from headway.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INVALID = sorted((ROOT / "tests" / "plans" / "invalid").glob("*.yaml"))
ERRORS = [p for p in INVALID if p.stem != "warnings_only"]
HEADWAY = Path(sys.executable).parent / "headway"
PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning)\[(?P<code>[a-z_]+)\] ")

TASK_FIELDS = {"id", "name", "parent", "summary", "milestone", "start", "finish", "early_start", "early_finish",
               "late_start", "late_finish", "duration_minutes", "total_float_minutes", "free_float_minutes",
               "critical"}
PROJECT_FIELDS = {"name", "start", "finish", "duration_minutes"}

CONTRACT = """\
project:
  name: Demo
  start: 2027-01-04
resources:
  - {id: alice, name: Alice Liu, role: backend}
  - {id: bob, name: Bob Ng, role: backend, units: 50%}
tasks:
  - id: design
    duration: 3d
  - id: build
    duration: 5d
    after: [design]
  - id: docs
    duration: 2d
    after: [{task: design, type: SS, lag: 1d}]
  - id: release
    milestone: true
    after: [build, docs]
    deadline: DEADLINE
  - {id: api, effort: 5d, assign: [alice]}
  - {id: jobs, effort: 4d, assign: [{resource: bob, units: 50%}]}
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)


def ok(*args: str | Path) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def failed_cleanly(result: Result, code: int) -> None:
    """Exit ``code`` through SystemExit, never an escaped exception or a traceback."""
    assert result.exit_code == code, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def tasks_of(result: Result) -> dict[str, dict[str, object]]:
    data = json.loads(result.stdout)
    return {t["id"]: t for t in data["tasks"]}


def write_contract(tmp_path: Path, deadline: str = "2027-01-29") -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(CONTRACT.replace("DEADLINE", deadline), encoding="utf-8")
    return path


# --- new, check, schedule ----------------------------------------------------------------------


def test_new_then_check_then_schedule(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    result = ok("new", path, "--name", "Rocket", "--start", "2027-01-04")
    assert path.is_file()
    assert "wrote" in result.stderr
    check = ok("check", path)
    assert ": ok" in check.stderr
    data = json.loads(ok("schedule", path, "--json").stdout)
    assert set(data) >= {"project", "tasks", "links", "problems"}
    assert data["project"]["name"] == "Rocket"
    tasks = {t["id"]: t for t in data["tasks"]}
    # The starter plan by hand: scope 2d Mon 4 - Tue 5; design 3d of lead's effort Wed 6 - Fri 8;
    # implement 10d Mon 11 - Fri 22; test starts 3d after implement starts (Thu 14) and takes
    # 3d of effort at 50% = 6 working days, to Thu 21; launch at implement's finish.
    expected = {
        "scope": ("2027-01-04T08:00:00", "2027-01-05T17:00:00"),
        "design": ("2027-01-06T08:00:00", "2027-01-08T17:00:00"),
        "implement": ("2027-01-11T08:00:00", "2027-01-22T17:00:00"),
        "test": ("2027-01-14T08:00:00", "2027-01-21T17:00:00"),
        "launch": ("2027-01-22T17:00:00", "2027-01-22T17:00:00"),
        "plan": ("2027-01-04T08:00:00", "2027-01-08T17:00:00"),
        "build": ("2027-01-11T08:00:00", "2027-01-22T17:00:00"),
    }
    assert {tid: (t["start"], t["finish"]) for tid, t in tasks.items()} == expected
    assert tasks["test"]["total_float_minutes"] == 480  # may slip to Fri 22
    assert tasks["launch"]["milestone"] and tasks["plan"]["summary"]
    assert data["project"]["start"] == "2027-01-04T08:00:00"
    assert data["project"]["finish"] == "2027-01-22T17:00:00"
    assert data["project"]["duration_minutes"] == 15 * 480


def test_new_defaults_to_next_monday_and_will_not_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    ok("new", path)
    text = path.read_text(encoding="utf-8")
    found = re.search(r"start: (\S+)", text)
    assert found is not None
    start = dt.date.fromisoformat(found.group(1))
    today = dt.date.today()
    assert start.weekday() == 0 and today < start <= today + dt.timedelta(days=7)
    failed_cleanly(run("new", path), 2)
    assert path.read_text(encoding="utf-8") == text
    ok("new", path, "--force", "--start", "2027-01-04")
    assert "start: 2027-01-04" in path.read_text(encoding="utf-8")


def test_schedule_json_has_every_contract_field(tmp_path: Path) -> None:
    data = json.loads(ok("schedule", write_contract(tmp_path), "--json").stdout)
    assert set(data["project"]) >= PROJECT_FIELDS
    assert data["tasks"]
    for task in data["tasks"]:
        assert set(task) >= TASK_FIELDS, TASK_FIELDS - set(task)
        for key in ("start", "finish", "early_start", "early_finish", "late_start", "late_finish"):
            dt.datetime.fromisoformat(task[key])
        for key in ("duration_minutes", "total_float_minutes", "free_float_minutes"):
            assert isinstance(task[key], int)
        for key in ("summary", "milestone", "critical"):
            assert isinstance(task[key], bool)


def test_the_readme_contract(tmp_path: Path) -> None:
    """README: a 3-day task from Mon 08:00 ends Wed 17:00; its FS successor starts Thu 08:00."""
    tasks = tasks_of(ok("schedule", write_contract(tmp_path), "--json"))
    assert (tasks["design"]["start"], tasks["design"]["finish"]) == ("2027-01-04T08:00:00", "2027-01-06T17:00:00")
    # build: Thu 7 .. Wed 13 (five working days)
    assert (tasks["build"]["start"], tasks["build"]["finish"]) == ("2027-01-07T08:00:00", "2027-01-13T17:00:00")
    # docs: one working day after design starts: Tue 5 .. Wed 6
    assert (tasks["docs"]["start"], tasks["docs"]["finish"]) == ("2027-01-05T08:00:00", "2027-01-06T17:00:00")
    assert tasks["release"]["start"] == tasks["release"]["finish"] == "2027-01-13T17:00:00"
    # api: 5d of alice's work, Mon 4 .. Fri 8; jobs: 4d at 50% = 8 days, Mon 4 .. Wed 13
    assert (tasks["api"]["start"], tasks["api"]["finish"]) == ("2027-01-04T08:00:00", "2027-01-08T17:00:00")
    assert (tasks["jobs"]["start"], tasks["jobs"]["finish"]) == ("2027-01-04T08:00:00", "2027-01-13T17:00:00")
    # late dates count back from the project finish, Wed 13 17:00
    assert (tasks["docs"]["late_start"], tasks["docs"]["late_finish"]) == ("2027-01-12T08:00:00",
                                                                           "2027-01-13T17:00:00")
    assert tasks["docs"]["total_float_minutes"] == 5 * 480  # Thu 7 .. Wed 13
    assert tasks["docs"]["free_float_minutes"] == 5 * 480
    assert (tasks["api"]["late_start"], tasks["api"]["late_finish"]) == ("2027-01-07T08:00:00",
                                                                         "2027-01-13T17:00:00")
    assert tasks["api"]["total_float_minutes"] == 3 * 480
    for tid in ("design", "build", "release", "jobs"):
        assert tasks[tid]["total_float_minutes"] == 0 and tasks[tid]["critical"], tid
    assert not tasks["docs"]["critical"] and not tasks["api"]["critical"]


def test_a_deadline_tightens_the_late_dates(tmp_path: Path) -> None:
    result = ok("schedule", write_contract(tmp_path, deadline="2027-01-12"), "--json")
    tasks = tasks_of(result)
    # release must happen by the end of Tue 12 but comes Wed 13 17:00: one working day late,
    # and so is everything driving it
    assert tasks["release"]["late_finish"] == "2027-01-12T17:00:00"
    for tid in ("release", "build", "design"):
        assert tasks[tid]["total_float_minutes"] == -480, tid
    assert tasks["build"]["late_start"] == "2027-01-06T08:00:00"
    assert tasks["design"]["late_start"] == "2027-01-01T08:00:00"  # Fri 1 Jan .. Tue 5 Jan
    assert tasks["docs"]["total_float_minutes"] == 4 * 480
    assert tasks["jobs"]["total_float_minutes"] == 0  # not linked to the release
    problems = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["task"]) for p in problems] == [("negative_float", "release")]


def test_schedule_csv(tmp_path: Path) -> None:
    path = write_contract(tmp_path)
    text = ok("schedule", path, "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == ["design", "build", "docs", "release", "api", "jobs"]
    assert set(rows[0]) >= TASK_FIELDS
    as_json = tasks_of(ok("schedule", path, "--json"))
    for row in rows:
        for key in ("start", "finish", "late_start", "late_finish"):
            assert row[key] == as_json[row["id"]][key]
        assert int(row["total_float_minutes"]) == as_json[row["id"]]["total_float_minutes"]


def test_schedule_table_and_both_formats_at_once(tmp_path: Path) -> None:
    path = write_contract(tmp_path)
    table = ok("schedule", path).stdout
    assert "Mon 2027-01-04 08:00" in table and "Wed 2027-01-13 17:00" in table
    failed_cleanly(run("schedule", path, "--json", "--csv"), 2)


# --- critical, why ------------------------------------------------------------------------------


def test_critical(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("""\
project: {name: p, start: 2027-01-04}
tasks:
  - {id: design, duration: 3d}
  - {id: build, duration: 5d, after: [design]}
  - {id: docs, duration: 2d, after: [{task: design, type: SS, lag: 1d}]}
  - {id: release, milestone: true, after: [build, docs]}
""", encoding="utf-8")
    out = ok("critical", path).stdout
    head, _, table = out.partition("\n┏")
    # design 3d + build 5d: 8 working days, Mon 4 .. Wed 13 17:00
    assert head.splitlines()[0] == "Critical path (8d from Mon 2027-01-04 to Wed 2027-01-13 17:00):"
    steps = [line.split() for line in head.splitlines()[1:] if line.startswith("  ")]
    assert [(fields[1], fields[-3], fields[-1]) for fields in steps] == [
        ("design", "2027-01-04", "2027-01-06"), ("build", "2027-01-07", "2027-01-13"),
        ("release", "2027-01-13", "2027-01-13")]
    rows = [line for line in table.splitlines() if line.startswith("│")]
    assert [row.split("│")[2].strip() for row in rows] == ["design", "build", "release"]


def test_critical_lists_every_task_without_float(tmp_path: Path) -> None:
    out = ok("critical", write_contract(tmp_path)).stdout
    rows = [line for line in out.splitlines() if line.startswith("│")]
    # design, build, release and jobs have no float; docs (5d) and api (3d) have some
    assert [row.split("│")[2].strip() for row in rows] == ["design", "build", "release", "jobs"]


def test_why_reproduces_the_readme(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    plan_block = re.search(r"```yaml\n(.*?)```", readme, re.S)
    answer = re.search(r"`headway why plan.yaml release`.*?```\n(.*?)```", readme, re.S)
    assert plan_block is not None and answer is not None
    plan_text = plan_block.group(1)
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text, encoding="utf-8")
    out = ok("why", path, "release").stdout
    assert out.strip() == answer.group(1).strip()


def test_why_unknown_task_suggests_a_name(tmp_path: Path) -> None:
    result = run("why", write_contract(tmp_path), "relase")
    failed_cleanly(result, 2)
    assert "did you mean 'release'?" in result.stderr


# --- gantt, schema ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_gantt_writes_a_file(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"x{suffix}"
    ok("gantt", write_contract(tmp_path), "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text
    if suffix == ".html":
        assert "<html" in text.lower()
    for tid in ("design", "build", "docs", "api", "jobs"):
        assert f"bar-{tid}" in text


def test_gantt_rejects_other_suffixes(tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    failed_cleanly(run("gantt", write_contract(tmp_path), "-o", out), 2)
    assert not out.exists()


def test_schema_is_a_json_schema() -> None:
    schema = json.loads(ok("schema").stdout)
    Draft202012Validator.check_schema(schema)
    assert schema.get("type") == "object"
    assert "project" in schema.get("required", [])
    starter = {"project": {"name": "p", "start": "2027-01-04"}, "tasks": [{"id": "a", "duration": "3d"}]}
    assert not list(Draft202012Validator(schema).iter_errors(starter))
    assert list(Draft202012Validator(schema).iter_errors({"tasks": []}))


# --- bad input ----------------------------------------------------------------------------------


def test_bad_plan_exits_1_with_placed_problems() -> None:
    path = ROOT / "tests" / "plans" / "invalid" / "multiple_errors.yaml"
    result = run("check", path)
    failed_cleanly(result, 1)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines
    for line in lines:
        m = PROBLEM_LINE.match(line)
        assert m, line
        assert m["file"] == str(path)
    codes = {m["code"] for line in lines if (m := PROBLEM_LINE.match(line))}
    assert {"unknown_key", "bad_duration", "unknown_predecessor", "duplicate_task_id", "self_link"} <= codes
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["check", "schedule", "critical", "why"])
@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_no_traceback_for_bad_plans(path: Path, command: str) -> None:
    extra = {"schedule": ["--json"], "why": ["a"]}.get(command, [])
    result = run(command, path, *extra)
    failed_cleanly(result, 1)
    problem_lines = [line for line in result.stderr.splitlines() if PROBLEM_LINE.match(line)]
    assert problem_lines, result.stderr


def test_warnings_only_plan(tmp_path: Path) -> None:
    path = ROOT / "tests" / "plans" / "invalid" / "warnings_only.yaml"
    result = ok("check", path)
    codes = {m["code"] for line in result.stderr.splitlines() if (m := PROBLEM_LINE.match(line))}
    assert codes == {"no_estimate", "duplicate_link", "constraint_date_ignored"}
    failed_cleanly(run("check", path, "--strict"), 1)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    for command in (["check"], ["schedule"], ["critical"], ["gantt"]):
        args = [*command, tmp_path / "nope.yaml"] + (["-o", tmp_path / "x.svg"] if command == ["gantt"] else [])
        result = run(*args)
        failed_cleanly(result, 2)
        assert "does not exist" in result.stderr


def test_unreadable_bytes_are_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"project: {name: \xff\xfe, start: 2027-01-04}\n")
    failed_cleanly(run("check", path), 1)


def test_a_cycle_reported_by_the_scheduler(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("""\
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 1d, after: [b]}
  - {id: b, duration: 1d, after: [a]}
""", encoding="utf-8")
    result = run("schedule", path, "--json")
    failed_cleanly(result, 1)
    assert "link_cycle" in result.stderr and result.stdout == ""


# --- the examples --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_check_and_schedule(path: Path) -> None:
    result = ok("check", path)
    assert not [line for line in result.stderr.splitlines() if ": error[" in line]
    data = json.loads(ok("schedule", path, "--json").stdout)
    assert data["tasks"]
    for task in data["tasks"]:
        assert set(task) >= TASK_FIELDS
        assert task["early_start"] <= task["early_finish"]
        assert task["late_start"] <= task["late_finish"]
        assert task["critical"] == (task["total_float_minutes"] <= 0)
    assert data["project"]["start"] <= data["project"]["finish"]


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 3


# --- as a real process ---------------------------------------------------------------------------


def process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    if not HEADWAY.is_file():
        pytest.skip(f"{HEADWAY} is not installed")
    return subprocess.run([str(HEADWAY), *map(str, args)], capture_output=True, text=True, timeout=120,
                          check=False)


def test_process_exit_codes(tmp_path: Path) -> None:
    good = write_contract(tmp_path)
    done = process("schedule", good, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["project"]["name"] == "Demo"
    bad = process("check", ROOT / "tests" / "plans" / "invalid" / "cycle.yaml")
    assert bad.returncode == 1
    assert "error[link_cycle]" in bad.stderr and "Traceback" not in bad.stderr
    missing = process("check", tmp_path / "nope.yaml")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_process_no_traceback_on_broken_yaml(tmp_path: Path) -> None:
    for name in ("yaml_syntax", "not_a_mapping", "empty", "wrong_type"):
        done = process("schedule", ROOT / "tests" / "plans" / "invalid" / f"{name}.yaml")
        assert done.returncode == 1, (name, done.stderr)
        assert "Traceback" not in done.stderr, name
        assert done.stdout == "", name


def test_people_who_never_work_together_are_reported_at_the_task(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("""\
project: {name: p, start: 2027-01-04}
resources:
  - {id: alice, week: {weekdays: [], mon: ["08:00-12:00"]}}
  - {id: bob, week: {weekdays: [], tue: ["08:00-12:00"]}}
tasks:
  - {id: pair, effort: 2d, assign: [alice, bob]}
""", encoding="utf-8")
    result = run("check", path)
    failed_cleanly(result, 1)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines
    for line in lines:
        m = PROBLEM_LINE.match(line)
        assert m is not None, line
        assert m["file"] == str(path) and m["line"] == "6"
    assert '"pair"' in result.stderr
