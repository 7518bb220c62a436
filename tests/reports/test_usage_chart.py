"""Resource histograms: bars per period, red above capacity, a capacity line, SVG and PNG files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from headway.engine.cpm import schedule
from headway.engine.usage import Usage, resource_usage
from headway.io.plan import loads
from headway.reports.usage_chart import render_usage_chart, usage_figure

SVG = "{http://www.w3.org/2000/svg}"
PLAN = """
project: {name: p, start: 2027-01-04}
resources: [{id: alice}, {id: bob, units: 50%}, {id: idle}]
tasks:
  - {id: a, duration: 6d, assign: [alice]}
  - {id: b, duration: 2d, assign: [alice]}
  - {id: c, duration: 3d, assign: [bob]}
"""


def usage_of(plan: str, by: str = "day") -> Usage:
    project = loads(plan).project
    return resource_usage(project, schedule(project), by=by)  # type: ignore[arg-type]


def ids(path: Path) -> list[str]:
    return [g.get("id", "") for g in ET.parse(path).getroot().iter(f"{SVG}g")]


def test_svg_draws_work_overload_and_capacity(tmp_path: Path) -> None:
    usage = usage_of(PLAN)
    out = tmp_path / "u.svg"
    render_usage_chart(usage, out, title="Team")
    found = ids(out)
    days = len(usage.periods)  # Mon 4 to Mon 11 Jan
    assert days == 8
    for person in ("alice", "bob", "idle"):
        assert len([i for i in found if i.startswith(f"work-{person}-")]) == days
        assert f"capacity-{person}" in found
    # alice has a and b on Mon and Tue only
    assert sorted(i for i in found if i.startswith("over-")) == ["over-alice-0", "over-alice-1"]
    assert "Team" in out.read_text(encoding="utf-8")


def test_weekly_png_and_the_same_svg_twice(tmp_path: Path) -> None:
    usage = usage_of(PLAN, "week")
    png = tmp_path / "u.png"
    render_usage_chart(usage, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    first, second = tmp_path / "1.svg", tmp_path / "2.svg"
    render_usage_chart(usage, first)
    render_usage_chart(usage, second)
    assert first.read_bytes() == second.read_bytes()  # deterministic output, fit for version control


def test_one_panel_per_person_and_bad_suffix(tmp_path: Path) -> None:
    usage = usage_of(PLAN)
    assert len(usage_figure(usage).axes) == 3
    empty = usage_of("project: {name: p, start: 2027-01-04}\ntasks: [{id: a, duration: 1d}]\n")
    assert len(usage_figure(empty).axes) == 1
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        render_usage_chart(usage, tmp_path / "u.pdf")
