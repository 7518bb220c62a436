"""``headway report --since DATE``: against the plan committed in git by that date (checked against
``headway diff --rev``), else the latest baseline saved by then, else the progress recorded since."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from headway.engine.baselines import capture, with_baseline
from headway.engine.cpm import schedule
from headway.io import plan
from headway.reports.status_report import ReportOptions, build_report
from tests.reports.report_helpers import json_of, run

V1 = """
project: {name: Since, start: 2027-03-01, status_date: 2027-03-12}
tasks:
  - {id: build, duration: 5d}
  - {id: test, duration: 3d, after: [build]}
  - {id: ship, milestone: true, after: [test]}
"""
V2 = V1.replace("{id: build, duration: 5d}", "{id: build, duration: 8d}").replace(
    "  - {id: ship,", "  - {id: docs, duration: 2d, after: [build]}\n  - {id: ship,")
PROGRESS = """
progress:
  - {date: 2027-03-04, task: build, done: 0.4, actual_start: 2027-03-01}
  - {date: 2027-03-11, task: build, done: 1.0, actual_finish: 2027-03-10}
"""


def _git(repo: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    path = tmp_path / "plan.yaml"
    path.write_text(V1, encoding="utf-8")
    _git(tmp_path, "add", "plan.yaml")
    _git(tmp_path, "commit", "-q", "-m", "v1", when="2027-03-01T12:00:00")
    path.write_text(V2, encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "v2", when="2027-03-09T12:00:00")
    return tmp_path


def test_since_compares_with_the_last_commit_by_that_date(repo: Path) -> None:
    first = _git(repo, "log", "--format=%h", "--reverse").splitlines()[0]
    target = repo / "report.md"
    result = run("report", repo / "plan.yaml", "--since", "2027-03-05", "-o", target, "--iterations", "50")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert f"last committed in git by 2027-03-05 ({first})" in text
    oracle = json_of("diff", repo / "plan.yaml", "--rev", first)
    assert oracle["added"] == ["docs"]
    assert "- Added: docs" in text
    for change in oracle["changed"]:
        assert f"Changed {change['id']}:" in text
    days = oracle["finish_delta_minutes"] / 480
    assert f"({days:+.2f}".rstrip("0").rstrip(".") in text


def test_since_after_the_last_commit_shows_no_plan_change(repo: Path) -> None:
    target = repo / "report.md"
    assert run("report", repo / "plan.yaml", "--since", "2027-03-10", "-o", target, "--iterations", "50").exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "committed in git" in text and "Added:" not in text and "Changed " not in text


def test_since_before_any_commit_falls_back_to_progress(repo: Path) -> None:
    target = repo / "report.md"
    assert run("report", repo / "plan.yaml", "--since", "2027-02-01", "-o", target, "--iterations", "50").exit_code == 0
    assert "has no history to compare with" in target.read_text(encoding="utf-8")


def test_without_git_the_latest_baseline_by_that_date_is_used() -> None:
    project = plan.loads(V1).project
    for name, day in (("early", 2), ("late", 20)):
        project = with_baseline(project, capture(schedule(project), name, dt.datetime(2027, 3, day, 9)))
    changed = plan.loads(V2).project.replace(baselines=project.baselines)
    report = build_report(changed, ReportOptions(since=dt.date(2027, 3, 10), iterations=50))
    assert report.changes is not None and report.changes.source == "baseline"
    assert report.changes.against == "early"
    assert report.changes.diff is not None and report.changes.diff.added == ("docs",)
    assert report.changes.diff.finish_delta_minutes == 3 * 480  # build 5d -> 8d drives the finish


def test_progress_since_lists_what_moved_after_the_date() -> None:
    project = plan.loads(V1 + PROGRESS).project
    report = build_report(project, ReportOptions(since=dt.date(2027, 3, 5), iterations=50))
    assert report.changes is not None and report.changes.source == "progress"
    (moved,) = report.changes.progress
    assert (moved.id, moved.before, moved.after, moved.finished) == ("build", 0.4, 1.0, True)
