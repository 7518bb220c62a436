"""Gantt chart rendering: what is drawn, how it is coloured, and the files written."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from headway.engine.results import Schedule, ScheduledLink, ScheduledTask
from headway.model import ZERO, Duration, LinkType
from headway.reports.gantt import CRITICAL, NORMAL, gantt_svg, non_working_days, render_gantt

SVG = "{http://www.w3.org/2000/svg}"
DAY = 480
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def at(day: int, hour: int = 8) -> dt.datetime:
    """Monday 2027-03-01 plus ``day`` calendar days, at ``hour``."""
    return dt.datetime(2027, 3, 1, hour) + dt.timedelta(days=day)


def task(tid: str, start: dt.datetime, finish: dt.datetime, *, wbs: str, level: int = 0,
         parent: str | None = None, summary: bool = False, milestone: bool = False,
         critical: bool = False, float_days: float = 0, deadline: dt.datetime | None = None) -> ScheduledTask:
    """A scheduled task whose late dates sit ``float_days`` working days after its early ones."""
    slack = dt.timedelta(days=float_days)
    return ScheduledTask(
        id=tid, name=tid.replace("_", " ").title(), parent=parent, summary=summary, milestone=milestone,
        wbs=wbs, level=level, start=start, finish=finish, early_start=start, early_finish=finish,
        late_start=start + slack, late_finish=finish + slack, duration_minutes=0, work_minutes=0,
        total_float_minutes=round(float_days * DAY), free_float_minutes=0, critical=critical,
        calendar="standard", resources=("alice",) if not summary else (), deadline=deadline)


def link(pred: str, succ: str, kind: LinkType = LinkType.FS, *, driving: bool = True,
         lag: Duration = ZERO) -> ScheduledLink:
    return ScheduledLink(predecessor=pred, successor=succ, type=kind, lag=lag, driving=driving)


def small_schedule(status: dt.datetime | None = None) -> Schedule:
    """A release: a summary with three tasks, a finish milestone and a launch milestone with a deadline."""
    tasks = (
        task("build", at(0), at(9, 17), wbs="1", summary=True, critical=True),
        task("design", at(0), at(2, 17), wbs="1.1", level=1, parent="build", critical=True),
        task("code", at(7), at(9, 17), wbs="1.2", level=1, parent="build", critical=True),
        task("docs", at(1), at(3, 17), wbs="1.3", level=1, parent="build", float_days=4),
        task("done", at(9, 17), at(9, 17), wbs="1.4", level=1, parent="build", milestone=True, critical=True),
        task("launch", at(10), at(10), wbs="2", milestone=True, critical=True, deadline=at(11, 17)),
    )
    links = (
        link("design", "code"),
        link("design", "docs", LinkType.SS, driving=False, lag=Duration(1)),
        link("code", "done", LinkType.FF),
        link("docs", "done", driving=False),
        link("build", "launch"),
        link("launch", "docs", LinkType.SF, driving=False),
    )
    return Schedule(project_name="Release 2.0", start=at(0), finish=at(10), duration_minutes=9 * DAY,
                    tasks=tasks, links=links, critical_path=("design", "code", "done", "launch"),
                    status_date=status, days_off=frozenset({dt.date(2027, 3, 3)}), minutes_per_day=DAY)


def groups(svg: str, prefix: str) -> dict[str, ET.Element]:
    """SVG groups whose id starts with ``prefix``, by the rest of the id."""
    root = ET.fromstring(svg)
    return {g.get("id", "")[len(prefix):]: g for g in root.iter(f"{SVG}g")
            if g.get("id", "").startswith(prefix)}


def fill(group: ET.Element) -> str:
    path = group.find(f"{SVG}path")
    assert path is not None
    match = re.search(r"fill:\s*(#[0-9a-f]{6})", path.get("style", ""))
    assert match, path.get("style")
    return match.group(1)


@pytest.fixture(scope="module")
def svg() -> str:
    return gantt_svg(small_schedule(status=at(4, 12)), today=dt.date(2027, 3, 5))


def test_svg_is_xml_with_one_bar_per_leaf_task(svg: str) -> None:
    assert ET.fromstring(svg).tag == f"{SVG}svg"
    assert set(groups(svg, "bar-")) == {"design", "code", "docs"}


def test_summary_tasks_are_brackets_and_milestones_diamonds(svg: str) -> None:
    assert set(groups(svg, "summary-")) == {"build"}
    assert set(groups(svg, "milestone-")) == {"done", "launch"}


def test_critical_tasks_carry_the_critical_colour(svg: str) -> None:
    bars = groups(svg, "bar-")
    assert fill(bars["design"]) == fill(bars["code"]) == CRITICAL
    assert fill(bars["docs"]) == NORMAL


def test_one_arrow_per_link_on_small_plans(svg: str) -> None:
    assert len(groups(svg, "link-")) == len(small_schedule().links)


def test_float_tail_only_where_there_is_float(svg: str) -> None:
    assert set(groups(svg, "float-")) == {"docs"}


def test_deadline_status_date_and_today_are_marked(svg: str) -> None:
    assert set(groups(svg, "deadline-")) == {"launch"}
    assert groups(svg, "status-date") and groups(svg, "today")


def test_days_off_follow_the_schedule_where_known() -> None:
    # days_off known for Wed 3 to Sun 14 March: Sat 13 is a working Saturday, Wed 3 a holiday.
    off = {dt.date(2027, 3, 3), dt.date(2027, 3, 6), dt.date(2027, 3, 7), dt.date(2027, 3, 14)}
    plan = replace(small_schedule(), days_off=frozenset(off))
    weekends, others = non_working_days(plan, dt.date(2027, 2, 27), dt.date(2027, 3, 21))
    assert weekends == [dt.date(2027, 2, 27), dt.date(2027, 2, 28), dt.date(2027, 3, 6), dt.date(2027, 3, 7),
                        dt.date(2027, 3, 14), dt.date(2027, 3, 20)]
    assert others == [dt.date(2027, 3, 3)]
    svg = gantt_svg(plan)
    assert groups(svg, "weekends") and groups(svg, "days-off")


def test_today_outside_the_plan_is_not_drawn() -> None:
    out = gantt_svg(small_schedule(), today=dt.date(2030, 1, 1))
    assert not groups(out, "today") and not groups(out, "status-date")


def test_labels_show_wbs_and_names_and_shapes_have_tooltips(svg: str) -> None:
    texts = {t.text for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert {"1.3", "Docs", "Release 2.0"} <= texts
    title = groups(svg, "bar-")["docs"].find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert "total float 4.0d" in title.text and "(docs)" in title.text


def test_big_plans_skip_arrows() -> None:
    tasks = tuple(task(f"t{i}", at(i % 30), at(i % 30, 17), wbs=str(i + 1)) for i in range(301))
    links = tuple(link(f"t{i}", f"t{i + 1}") for i in range(300))
    big = Schedule(project_name="Big", start=at(0), finish=at(30), duration_minutes=30 * DAY, tasks=tasks,
                   links=links, critical_path=())
    out = gantt_svg(big, today=dt.date(2000, 1, 1))
    assert len(groups(out, "bar-")) == 301 and not groups(out, "link-")


def test_empty_schedule_still_renders() -> None:
    empty = Schedule(project_name="Nothing yet", start=at(0), finish=at(0), duration_minutes=0, tasks=(),
                     links=(), critical_path=())
    assert ET.fromstring(gantt_svg(empty)).tag == f"{SVG}svg"


def test_render_svg_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.svg"
    render_gantt(small_schedule(), target, title="Custom title")
    text = target.read_text(encoding="utf-8")
    assert "Custom title" in text and set(groups(text, "bar-")) == {"design", "code", "docs"}


def test_render_html_is_self_contained(tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    render_gantt(small_schedule(status=at(4)), target)
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Release 2.0</title>" in page
    assert "<h1>Release 2.0</h1>" in page and "Generated by Headway" in page
    assert "<svg" in page and "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    rows = re.findall(r"<tr class=\"([^\"]*)\"><td>([^<]*)</td><td><code>([^<]+)</code>", page)
    assert [r[2] for r in rows] == ["build", "design", "code", "docs", "done", "launch"]
    assert ("critical", "1.1", "design") in rows
    assert '<td class="num">4.0</td>' in page


@pytest.mark.parametrize("name", ["plan.png", "plan.pdf", "plan"])
def test_unsupported_suffix_raises(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match=r"\.svg or \.html"):
        render_gantt(small_schedule(), tmp_path / name)
    assert not (tmp_path / name).exists()


def _engine_ready() -> bool:
    try:
        from headway.engine.cpm import schedule  # noqa: F401
        from headway.io.plan import load  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _engine_ready(), reason="scheduler or plan reader not written yet")
@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_render(example: Path, tmp_path: Path) -> None:
    from headway.engine.cpm import schedule
    from headway.io.plan import load

    plan = schedule(load(example).project)
    target = tmp_path / f"{example.stem}.html"
    render_gantt(plan, target)
    svg = gantt_svg(plan)
    leaves = {t.id for t in plan.tasks if not t.summary and not t.milestone}
    assert set(groups(svg, "bar-")) == leaves
    assert len(groups(svg, "link-")) == len(plan.links)
