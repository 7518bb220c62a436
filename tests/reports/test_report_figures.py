"""The report's figures equal what the other commands compute on their own (``headway evm``,
``forecast``, ``status`` with --json), and its lists keep their rules (what is next, over-allocation)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from headway.engine.cpm import schedule
from headway.io import plan
from headway.reports.status_report import ReportOptions, UnknownStakeholder, build_report
from headway.reports.status_report.sections import NEXT_DAYS
from tests.reports.report_helpers import EXAMPLES, ITERATIONS, json_of

DATED = [p for p in EXAMPLES if plan.load(p).project.status_date is not None]


def _close(a: float | None, b: float | None, places: int = 3) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and round(a, places) == round(b, places))


@pytest.mark.parametrize("path", DATED, ids=lambda p: p.stem)
def test_evm_and_status_figures_match_the_commands(path: Path) -> None:
    report = build_report(plan.load(path).project, ReportOptions(iterations=int(ITERATIONS)))
    evm = json_of("evm", path)
    assert _close(report.money.spi, evm["spi"]) and _close(report.money.cpi, evm["cpi"])
    assert _close(report.money.spi_t, evm["spi_t"])
    assert _close(report.money.eac, evm["eac_cpi"], 0) and _close(report.money.ac, evm["ac"], 0)
    state = json_of("status", path, "--no-forecast")
    assert round(report.percent_complete * 100, 2) == state["percent_complete"]
    assert report.rag == state["rag"] and list(report.reasons) == state["reasons"]
    slips = {m["id"]: m["slip_days"] for m in state["milestones"]}
    assert {m.id: m.slip_days for m in report.milestones if m.id in slips} == slips


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_forecast_matches_the_forecast_command_with_the_same_seed(path: Path) -> None:
    report = build_report(plan.load(path).project, ReportOptions(iterations=int(ITERATIONS), seed=7))
    outlook = json_of("forecast", path, "--iterations", ITERATIONS, "--seed", "7")
    assert report.forecast.p80 is not None and report.forecast.p50 is not None
    assert report.forecast.p80.isoformat() == outlook["finish"]["p80"]
    assert report.forecast.p50.isoformat() == outlook["finish"]["p50"]
    odds = {d["task"]: d["probability"] for d in outlook["deadlines"]}
    assert {d.task: d.probability for d in report.forecast.deadlines} == odds


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_what_is_next_is_every_open_task_starting_within_two_weeks_critical_first(path: Path) -> None:
    project = plan.load(path).project
    report = build_report(project, ReportOptions(iterations=50))
    now, until = report.status_date, report.status_date + dt.timedelta(days=NEXT_DAYS)
    rows = json_of("schedule", path)["tasks"]
    expected = {t["id"] for t in rows if not t["summary"] and now <= dt.datetime.fromisoformat(t["start"]) < until
                and (t.get("percent_complete") or 0) < 100 and not t.get("actual_finish")}
    assert {t.id for t in report.next_tasks} == expected
    flags = [t.critical for t in report.next_tasks]
    assert flags == sorted(flags, reverse=True), "critical tasks come first"


def test_over_allocation_is_found_and_goes_away_when_the_work_is_sequenced() -> None:
    text = """
project: {name: Load, start: 2027-03-01, status_date: 2027-03-01}
resources: [{id: ann, name: Ann}, {id: bob, name: Bob}]
tasks:
  - {id: a, duration: 5d, assign: [ann]}
  - {id: b, duration: 5d, assign: [ann]}
  - {id: c, duration: 5d, assign: [bob]}
"""
    project = plan.loads(text).project
    over = build_report(project, ReportOptions(iterations=20)).overallocated
    assert [r.id for r in over] == ["ann"] and over[0].peak == pytest.approx(2.0)
    sequenced = plan.loads(text.replace("{id: b, duration: 5d,", "{id: b, duration: 5d, after: [a],")).project
    assert build_report(sequenced, ReportOptions(iterations=20)).overallocated == ()


def test_stakeholder_summary_keeps_three_risks_and_the_urgent_issues_only() -> None:
    path = next(p for p in EXAMPLES if p.name == "launch.yaml")
    project = plan.load(path).project
    sponsor = next(s for s in project.stakeholders if s.report.value == "summary")
    summary = build_report(project, ReportOptions(stakeholder=sponsor.id, iterations=50))
    full = build_report(project, ReportOptions(iterations=50))
    assert summary.audience.summary and not full.audience.summary
    assert len(summary.risks) <= 3 <= len(full.risks) or len(full.risks) < 3
    assert all(i.severity in ("high", "blocker") for i in summary.decisions)
    urgent = {i.id for i in project.issues if i.status.value == "open" and i.severity.value in ("high", "blocker")}
    assert {i.id for i in summary.decisions} == urgent


def test_unknown_stakeholder_lists_the_known_ids() -> None:
    project = plan.load(next(p for p in EXAMPLES if p.name == "launch.yaml")).project
    with pytest.raises(UnknownStakeholder) as caught:
        build_report(project, ReportOptions(stakeholder="nobody", iterations=10))
    for s in project.stakeholders:
        assert s.id in str(caught.value)


def test_team_member_gets_their_tasks_and_nobody_elses() -> None:
    path = next(p for p in EXAMPLES if p.name == "launch.yaml")
    project = plan.load(path).project
    member = next((s for s in project.stakeholders if s.resource), None)
    if member is None:
        from headway.model.objectives import Stakeholder

        person = project.resources[0].id
        member = Stakeholder("me", "Me", role="team", resource=person)
        project = dataclasses.replace(project, stakeholders=(*project.stakeholders, member))
    report = build_report(project, ReportOptions(stakeholder=member.id, iterations=20))
    result = schedule(project)
    assert report.your_tasks, "the example gives every person work in the next two weeks"
    for row in report.your_tasks:
        assert member.resource in result.task(row.id).resources


def test_status_date_option_moves_the_report_like_evm(tmp_path: Path) -> None:
    from tests.reports.report_helpers import run

    path = next(p for p in EXAMPLES if p.name == "launch.yaml")
    target = tmp_path / "r.md"
    result = run("report", path, "-o", target, "--status-date", "2027-03-01", "--iterations", "50")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "as of Mon 2027-03-01" in text
    evm = json_of("evm", path, "--status-date", "2027-03-01")
    lines = text.splitlines()
    row = lines[next(i for i, line in enumerate(lines) if line.startswith("| Budget | BAC |")) + 2]
    assert f"| {evm['spi']:.2f} | {evm['cpi']:.2f} |" in row
