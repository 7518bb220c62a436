"""The advisor finds each planted problem, not its fixed twin, and every fix's gain is real.

Each plan in tests/plans/advisor/ plants one problem (``# planted: CODE ID``); ``NAME.fixed.yaml``
is the same plan with the problem removed (``# fixed: CODE``). Gains are checked against an
independent re-scheduling (leveling or CPM called directly on the changed copy) and a
minute-by-minute count of working time on the standard calendar.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from headway.engine.advisor import Diagnosis, diagnose
from headway.engine.advisor.changes import apply
from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.io import plan
from headway.model import Project

PLANS = Path(__file__).resolve().parents[2] / "plans" / "advisor"
TODAY = dt.date(2027, 3, 1)
PLANTED = sorted(p for p in PLANS.glob("*.yaml") if not p.name.endswith(".fixed.yaml"))


def header(path: Path, key: str) -> list[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].split()
    return []


@cache
def diagnosed(path: Path) -> Diagnosis:
    return diagnose(plan.load(path).project, today=TODAY, max_measured=6)


def working_minutes(start: dt.datetime, end: dt.datetime) -> int:
    """Minutes of Mon-Fri 08:00-12:00 and 13:00-17:00 in [start, end), counted one by one."""
    count, t = 0, start
    while t < end:
        minute = t.hour * 60 + t.minute
        if t.weekday() < 5 and (480 <= minute < 720 or 780 <= minute < 1020):
            count += 1
        t += dt.timedelta(minutes=1)
    return count


def finish_of(project: Project) -> dt.datetime:
    """The finish as the plan is scheduled, computed here without the advisor."""
    if any(t.assignments for t in project.tasks):
        return level_plan(project, time_limit=600).schedule.finish
    return schedule(project).finish


def test_every_planted_plan_has_a_fixed_twin() -> None:
    assert len(PLANTED) >= 13
    for path in PLANTED:
        assert header(path, "planted"), path
        assert (PLANS / f"{path.stem}.fixed.yaml").is_file(), path


@pytest.mark.parametrize("path", PLANTED, ids=lambda p: p.stem)
def test_finds_the_planted_problem(path: Path) -> None:
    code, entity = header(path, "planted")
    found = [f for f in diagnosed(path).findings if f.code == code]
    assert found, f"{code} not reported for {path.name}"
    assert any(entity in f.entity_ids for f in found)
    for finding in found:
        assert finding.message and finding.explanation
        assert finding.fixes or finding.no_fix, "a finding either has fixes or says why not"


@pytest.mark.parametrize("path", PLANTED, ids=lambda p: p.stem)
def test_not_reported_on_the_fixed_plan(path: Path) -> None:
    code = header(path, "planted")[0]
    fixed = PLANS / f"{path.stem}.fixed.yaml"
    assert header(fixed, "fixed") == [code]
    assert code not in {f.code for f in diagnosed(fixed).findings}


@pytest.mark.parametrize("path", [p for p in PLANTED if header(p, "fix") == ["yes"]], ids=lambda p: p.stem)
def test_planted_problem_gets_a_fix_that_gains(path: Path) -> None:
    code = header(path, "planted")[0]
    fixes = [fix for f in diagnosed(path).findings if f.code == code for fix in f.fixes]
    assert any(fix.gain_minutes > 0 for fix in fixes)
    gains = [fix.gain_minutes for f in diagnosed(path).findings if f.code == code for fix in f.fixes]
    assert gains == sorted(gains, reverse=True), "fixes are ranked by gain"


@pytest.mark.parametrize("path", PLANTED, ids=lambda p: p.stem)
def test_every_fix_gain_is_real(path: Path) -> None:
    project = plan.load(path).project
    before = finish_of(project)
    for finding in diagnosed(path).findings:
        for fix in finding.fixes:
            after = finish_of(apply(project, fix.change))
            assert fix.finish_before == before
            assert fix.finish_after == after, fix.text
            expected = working_minutes(after, before) if after <= before else -working_minutes(before, after)
            assert fix.gain_minutes == expected, fix.text
            assert fix.helps


def test_over_allocation_fix_names_the_free_colleague() -> None:
    finding = next(f for f in diagnosed(PLANS / "over_allocation.yaml").findings if f.code == "over_allocation")
    best = finding.fixes[0]
    assert best.text in ("reassign api from alice to carol", "reassign ui from alice to carol")
    assert best.gain_minutes == 5 * 480  # the two 5-day tasks run side by side instead of one after the other
    assert "release 5 working days earlier" in best.sentence()


def test_deadline_at_risk_uses_the_forecast() -> None:
    finding = next(f for f in diagnosed(PLANS / "deadline_at_risk.yaml").findings if f.code == "deadline_at_risk")
    assert 0 <= finding.evidence["probability"] < 0.8
    assert finding.evidence["iterations"] > 0
    no_float = [f for f in diagnosed(PLANS / "deadline_at_risk.yaml").findings if f.code == "negative_float"]
    assert not no_float, "the plan meets the deadline; only the forecast says it is at risk"


def test_stale_status_date_is_judged_against_today() -> None:
    project = plan.load(PLANS / "stale_progress.yaml").project
    recent = diagnose(project, today=dt.date(2027, 2, 15), fixes=False)
    assert not [f for f in recent.findings if f.code == "stale_progress" and not f.entity_ids]
    old = [f for f in diagnosed(PLANS / "stale_progress.yaml").findings if f.code == "stale_progress"]
    assert any(f.evidence.get("age_days") == (TODAY - dt.date(2027, 2, 12)).days for f in old)
