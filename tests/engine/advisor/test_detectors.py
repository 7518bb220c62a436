"""Detector thresholds at their edges, and what each detector leaves alone."""

from __future__ import annotations

import datetime as dt

from headway.engine.advisor import Finding, diagnose
from headway.io import plan

HEAD = "project: {name: Edges, start: 2027-01-04}\n"


def findings(text: str, code: str, **kwargs: object) -> list[Finding]:
    result = diagnose(plan.loads(HEAD + text).project, today=dt.date(2027, 1, 4), fixes=False, **kwargs)  # type: ignore[arg-type]
    return [f for f in result.findings if f.code == code]


def chain(*durations: str) -> str:
    lines = ["tasks:", "  - {id: start, milestone: true}"]
    prev = "start"
    for k, d in enumerate(durations):
        lines.append(f"  - {{id: t{k}, duration: {d}, after: [{prev}], owner: ana}}")
        prev = f"t{k}"
    lines.append(f"  - {{id: end, milestone: true, after: [{prev}]}}")
    return "\n".join(lines) + "\n"


def test_long_task_needs_three_times_the_median_and_ten_days() -> None:
    assert [f.entity_ids for f in findings(chain("3d", "3d", "3d", "10d"), "long_task")] == [("t3",)]
    assert not findings(chain("3d", "3d", "4d", "10d"), "long_task")  # 10 < 3 × median 3.5
    assert not findings(chain("2d", "2d", "2d", "9d"), "long_task")  # 4.5× the median but under 10 days
    assert [f.entity_ids for f in findings(chain("40d", "40d", "40d"), "long_task")] == [("t0",), ("t1",), ("t2",)]


def test_lead_longer_than_predecessor_is_strict() -> None:
    text = ("tasks:\n  - {id: a, duration: 2d, owner: ana}\n"
            "  - {id: b, duration: 3d, after: [{task: a, lag: LAG}], owner: ana}\n")
    assert not findings(text.replace("LAG", "-2d"), "lead_longer_than_predecessor")
    found = findings(text.replace("LAG", "-2.5d"), "lead_longer_than_predecessor")
    assert found and found[0].evidence["lead_minutes"] == 1200 and found[0].evidence["predecessor_minutes"] == 960


def test_links_on_a_summary_count_for_dangling() -> None:
    text = ("tasks:\n  - {id: kickoff, milestone: true}\n"
            "  - id: phase\n    after: [kickoff]\n    tasks:\n      - {id: inner, duration: 2d, owner: ana}\n"
            "  - {id: done, milestone: true, after: [phase]}\n")
    assert not findings(text, "dangling_task")
    loose = text.replace("after: [phase]", "after: [kickoff]")
    assert [f.entity_ids for f in findings(loose, "dangling_task")] == [("inner",)]


def test_owner_on_a_summary_or_an_assignment_is_enough() -> None:
    text = ("resources: [{id: ana}]\ntasks:\n  - id: phase\n    owner: ana\n    tasks:\n"
            "      - {id: a, duration: 2d}\n  - {id: b, duration: 2d, assign: [ana]}\n  - {id: c, duration: 2d}\n")
    assert [f.entity_ids for f in findings(text, "missing_owner")] == [("c",)]


def test_near_critical_window() -> None:
    text = ("tasks:\n  - {id: a, duration: 10d, owner: ana}\n  - {id: b, duration: Bd, owner: ana}\n"
            "  - {id: end, milestone: true, after: [a, b]}\n")
    assert findings(text.replace("Bd", "8d"), "near_critical_path")[0].evidence["float_minutes"] == {"b": 960}
    assert not findings(text.replace("Bd", "7d"), "near_critical_path")  # 3 days of float


def test_deadline_forecast_can_be_skipped() -> None:
    text = ("tasks:\n  - {id: a, duration: 10d, owner: ana,\n"
            "     estimate: {optimistic: 9d, likely: 10d, pessimistic: 30d}}\n"
            "  - {id: m, milestone: true, after: [a], deadline: 2027-01-15}\n")
    assert findings(text, "deadline_at_risk")
    assert not findings(text, "deadline_at_risk", forecast_iterations=0)
