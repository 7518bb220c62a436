"""`headway update`: progress recorded as dated entries, the plan otherwise unchanged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from headway.cli.main import cli
from headway.io.plan import load
from headway.model import ProgressEntry

ROOT = Path(__file__).parents[2]
TRACKED = ROOT / "tests" / "plans" / "valid" / "progress.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def copy(tmp_path: Path) -> Path:
    target = tmp_path / "plan.yaml"
    target.write_text(TRACKED.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_update_appends_an_entry_and_keeps_everything_else(tmp_path: Path) -> None:
    plan = copy(tmp_path)
    before = load(plan).project
    code, out = run("update", str(plan), "build", "--done", "60%", "--cost", "450", "--note", "faster now")
    assert code == 0, out
    after = load(plan).project
    assert after.progress[:-1] == before.progress  # the history is kept
    assert after.progress[-1] == ProgressEntry(dt.date(2027, 1, 15), "build", done=0.6, actual_cost=450.0,
                                               note="faster now")
    assert after.replace(progress=before.progress) == before
    # 60% of 5d done: 2d remain from Mon 01-18
    assert "build: 60% done, Mon 2027-01-11 08:00 → Tue 2027-01-19 17:00 (was Wed 2027-01-20 17:00)" in out


def test_update_finished_means_done_and_moves_the_successors(tmp_path: Path) -> None:
    plan = copy(tmp_path)
    code, out = run("update", str(plan), "build", "--finished", "2027-01-14", "--as-of", "2027-01-14")
    assert code == 0, out
    entry = load(plan).project.progress[-1]
    assert (entry.date, entry.done, entry.actual_finish) == (dt.date(2027, 1, 14), 1.0, dt.date(2027, 1, 14))
    code, out = run("schedule", str(plan), "--json")
    tasks = {t["id"]: t for t in json.loads(out)["tasks"]}
    assert tasks["build"]["actual_finish"] == "2027-01-14T17:00:00"
    assert tasks["build"]["percent_complete"] == 1 and tasks["build"]["remaining_minutes"] == 0


def test_update_started_and_remaining(tmp_path: Path) -> None:
    plan = copy(tmp_path)
    code, out = run("update", str(plan), "docs", "--started", "2027-01-14T13:00", "--remaining", "1d")
    assert code == 0, out
    entry = load(plan).project.progress[-1]
    assert entry.actual_start == dt.datetime(2027, 1, 14, 13) and str(entry.remaining) == "1d"
    assert "docs: " in out and "→ Mon 2027-01-18 17:00" in out


def test_bad_input_exits_2_and_leaves_the_file(tmp_path: Path) -> None:
    plan = copy(tmp_path)
    text = plan.read_text(encoding="utf-8")
    cases = [
        (("biuld", "--done", "10%"), "did you mean 'build'?"),
        (("build", "--done", "160%"), "outside 0%..100%"),
        (("build", "--done", "lots"), "not a percentage"),
        (("build", "--remaining", "soon"), "not a duration"),
        (("build", "--started", "15.01.2027"), "not a date"),
        (("build",), "nothing to record"),
        (("build", "--finished", "2027-01-02"), "before the actual start"),
    ]
    for args, message in cases:
        code, out = run("update", str(plan), *args)
        assert code == 2, (args, out)
        assert message in out, (args, out)
    assert plan.read_text(encoding="utf-8") == text


def test_plan_errors_exit_1(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("project: {name: X, start: 2027-01-04}\ntasks:\n  - {id: a, duration: 1d, after: [b]}\n")
    code, out = run("update", str(plan), "a", "--done", "10%")
    assert code == 1 and "unknown_predecessor" in out


def test_schedule_shows_percent_only_with_progress(tmp_path: Path) -> None:
    code, out = run("schedule", str(TRACKED))
    assert code == 0 and "%" in out.splitlines()[2] and "40%" in out
    plain = tmp_path / "plain.yaml"
    plain.write_text("project: {name: X, start: 2027-01-04}\ntasks:\n  - {id: a, duration: 1d}\n")
    code, out = run("schedule", str(plain))
    assert code == 0 and "%" not in out


def test_csv_carries_progress() -> None:
    code, out = run("schedule", str(TRACKED), "--csv")
    assert code == 0, out
    header, *rows = out.splitlines()
    assert header.endswith("percent_complete,actual_start,actual_finish,remaining_minutes,source_uid")
    build = next(row for row in rows if row.startswith("build,"))
    assert build.endswith(",0.4,2027-01-11T08:00:00,,1440,")
