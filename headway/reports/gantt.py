"""Gantt charts of a ``Schedule``: a matplotlib figure, written as SVG or a self-contained HTML page.

Every drawn element carries an SVG id (``bar-<task>``, ``summary-<task>``, ``milestone-<task>``,
``float-<task>``, ``deadline-<task>``, ``link-<n>``, ``status-date``, ``today``) so pages can add
tooltips and tests can count what was drawn.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Polygon, Rectangle

from headway.engine.results import Schedule, ScheduledLink, ScheduledTask
from headway.reports.render.gantt_html import gantt_page

NORMAL = "#4c78a8"
CRITICAL = "#d62728"
SUMMARY = "#222222"
MILESTONE = "#222222"
FLOAT = "#c9c9c9"
DEADLINE = "#e07b00"
STATUS = "#2ca02c"
TODAY = "#9467bd"
WEEKEND = "#f3f3f3"
DAY_OFF = "#e4e4e4"
STRIPE = "#f7f9fc"
LINK_DRIVING = "#3a3a3a"
LINK_OTHER = "#a8a8a8"
MAX_ROWS_WITH_LINKS = 300

ROW_IN = 0.25  # inches per task row
LABEL_IN = 4.8  # width of the WBS / name panel
CHART_IN = 11.0
TOP_IN, BOTTOM_IN = 0.95, 0.95
FONT_PT = 8.0


@dataclass(frozen=True, slots=True)
class _Layout:
    """Figure size and the two panels' positions, all from the number of rows."""

    rows: int

    @property
    def height(self) -> float:
        return TOP_IN + BOTTOM_IN + ROW_IN * max(self.rows, 4)

    @property
    def width(self) -> float:
        return LABEL_IN + CHART_IN + 0.4

    def panel(self, left_in: float, width_in: float) -> tuple[float, float, float, float]:
        """An axes rectangle in figure fractions for a panel ``left_in`` inches from the left."""
        h = self.height
        return (left_in / self.width, BOTTOM_IN / h, width_in / self.width, (h - TOP_IN - BOTTOM_IN) / h)


def gantt_figure(schedule: Schedule, *, title: str | None = None, today: dt.date | None = None) -> Figure:
    """A Gantt chart of ``schedule``: one row per task in WBS order, links, lines and a legend."""
    layout = _Layout(len(schedule.tasks))
    fig = Figure(figsize=(layout.width, layout.height))
    labels = fig.add_axes(layout.panel(0.1, LABEL_IN - 0.1))
    chart = fig.add_axes(layout.panel(LABEL_IN + 0.1, CHART_IN), sharey=labels)
    lo, hi = _x_range(schedule)
    rows = max(len(schedule.tasks), 1)
    for ax in (labels, chart):
        ax.set_ylim(rows - 0.5, -0.5)
        ax.barh(range(0, rows, 2), 1 if ax is labels else _num(hi) - _num(lo), left=0 if ax is labels
                else _num(lo), height=1.0, color=STRIPE, zorder=0)
    chart.set_xlim(_num(lo), _num(hi))
    _shade_days(chart, schedule, lo, hi)
    _draw_labels(labels, schedule.tasks)
    for row, task in enumerate(schedule.tasks):
        _draw_task(chart, task, row)
    if len(schedule.tasks) <= MAX_ROWS_WITH_LINKS:
        _draw_links(chart, schedule)
    _draw_lines(chart, schedule, today if today is not None else dt.date.today(), lo, hi)
    _format_time_axis(chart, lo, hi)
    fig.text(0.1 / layout.width, 1 - 0.3 / layout.height, title or schedule.project_name,
             fontsize=14, fontweight="bold", va="top")
    fig.text(1 - 0.3 / layout.width, 1 - 0.33 / layout.height, _subtitle(schedule),
             fontsize=FONT_PT, ha="right", va="top", color="#555555")
    _add_legend(fig, layout, chart, schedule)
    return fig


def gantt_svg(schedule: Schedule, *, title: str | None = None, today: dt.date | None = None) -> str:
    """The Gantt chart as an SVG document, with a ``<title>`` tooltip on every task shape."""
    fig = gantt_figure(schedule, title=title, today=today)
    buf = io.StringIO()
    # Real <text> (not glyph paths) keeps labels searchable; a fixed salt keeps ids reproducible.
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "headway"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "Headway"})
    return _add_tooltips(buf.getvalue(), schedule)


def render_gantt(schedule: Schedule, path: str | Path, *, title: str | None = None,
                 today: dt.date | None = None) -> None:
    """Write the Gantt chart to ``path``: ``.svg`` for the chart, ``.html`` for a page with a table."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".svg", ".html", ".htm"):
        raise ValueError(f"cannot write a Gantt chart as {suffix or 'a file without suffix'!r}; "
                         "use .svg or .html")
    svg = gantt_svg(schedule, title=title, today=today)
    if suffix == ".svg":
        target.write_text(svg, encoding="utf-8")
        return
    page = gantt_page(schedule, svg, title=title or schedule.project_name, generated=dt.datetime.now())
    target.write_text(page, encoding="utf-8")


def _num(when: dt.datetime) -> float:
    return float(mdates.date2num(when))


def _x_range(schedule: Schedule) -> tuple[dt.datetime, dt.datetime]:
    """Whole days covering every date drawn, with a little room either side."""
    points: list[dt.datetime] = [schedule.start, schedule.finish]
    for task in schedule.tasks:
        points += [task.start, task.finish, task.late_finish]
        if task.deadline is not None:
            points.append(task.deadline)
    if schedule.status_date is not None:
        points.append(schedule.status_date)
    lo = dt.datetime.combine(min(points).date(), dt.time())
    hi = dt.datetime.combine(max(points).date(), dt.time())
    pad = max(1, (hi - lo).days // 40)
    return lo - dt.timedelta(days=pad), hi + dt.timedelta(days=pad + 1)


def _shade_days(ax: Axes, schedule: Schedule, lo: dt.datetime, hi: dt.datetime) -> None:
    """Grey bands behind weekends and other days off, merged into runs of days."""
    rows = max(len(schedule.tasks), 1)
    weekends, others = non_working_days(schedule, lo.date(), hi.date())
    for colour, days in ((WEEKEND, weekends), (DAY_OFF, others)):
        spans: list[tuple[float, float]] = []
        for day in days:
            start = _num(dt.datetime.combine(day, dt.time()))
            if spans and abs(sum(spans[-1]) - start) < 1e-9:
                spans[-1] = (spans[-1][0], spans[-1][1] + 1)
            else:
                spans.append((start, 1.0))
        if spans:
            bands = ax.broken_barh(spans, (-0.5, rows), facecolors=colour, zorder=0.5, linewidth=0)
            bands.set_gid("weekends" if colour == WEEKEND else "days-off")


def non_working_days(schedule: Schedule, first: dt.date,
                     last: dt.date) -> tuple[list[dt.date], list[dt.date]]:
    """Weekend days and other days off from ``first`` up to ``last`` (excluded).

    Inside the span the schedule's ``days_off`` cover, they are the truth (a working Saturday is
    not shaded); outside it, Saturdays and Sundays are assumed off.
    """
    off = schedule.days_off
    covered = (min(off), max(off)) if off else None
    weekends: list[dt.date] = []
    others: list[dt.date] = []
    day = first
    while day < last:
        inside = covered is not None and covered[0] <= day <= covered[1]
        weekend = day.weekday() >= 5
        if (day in off) if inside else weekend:
            (weekends if weekend else others).append(day)
        day += dt.timedelta(days=1)
    return weekends, others


def _draw_labels(ax: Axes, tasks: Sequence[ScheduledTask]) -> None:
    """WBS number and name per row, names indented by level, summaries bold."""
    ax.set_xlim(0, 1)
    ax.axis("off")
    indent = 0.035
    for row, task in enumerate(tasks):
        weight = "bold" if task.summary else "normal"
        ax.text(0.01, row, task.wbs, va="center", fontsize=FONT_PT, color="#555555")
        ax.text(0.12 + indent * task.level, row, _shorten(task.name or task.id, 62 - 4 * task.level),
                va="center", fontsize=FONT_PT, fontweight=weight, color=CRITICAL if task.critical
                and not task.summary else "#111111")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def _draw_task(ax: Axes, task: ScheduledTask, row: int) -> None:
    """The task's shape (bar, bracket or diamond), float tail and deadline marker."""
    x0, x1 = _num(task.start), _num(task.finish)
    colour = CRITICAL if task.critical else NORMAL
    if task.summary:
        _draw_summary(ax, task, row)
    elif task.milestone:
        mark = Line2D([x0], [row], marker="D", markersize=7, color=CRITICAL if task.critical else MILESTONE,
                      linestyle="none", zorder=4)
        mark.set_gid(f"milestone-{task.id}")
        ax.add_line(mark)
    else:
        lo_x, hi_x = ax.get_xlim()
        width = max(x1 - x0, (hi_x - lo_x) * 0.002)  # very short tasks stay visible
        bar = Rectangle((x0, row - 0.3), width, 0.6, facecolor=colour, edgecolor="none", zorder=3)
        bar.set_gid(f"bar-{task.id}")
        ax.add_patch(bar)
    if not task.summary and task.total_float_minutes > 0 and task.late_finish > task.finish:
        tail = Rectangle((x1, row - 0.07), _num(task.late_finish) - x1, 0.14, facecolor=FLOAT,
                         edgecolor="none", zorder=2.5)
        tail.set_gid(f"float-{task.id}")
        ax.add_patch(tail)
    if task.deadline is not None:
        mark = Line2D([_num(task.deadline)], [row - 0.3], marker="v", markersize=6, color=DEADLINE,
                      markeredgecolor="white", markeredgewidth=0.5, linestyle="none", zorder=5)
        mark.set_gid(f"deadline-{task.id}")
        ax.add_line(mark)


def _draw_summary(ax: Axes, task: ScheduledTask, row: int) -> None:
    """A thin black bar with downward tips at both ends."""
    x0, x1 = _num(task.start), _num(task.finish)
    lo_x, hi_x = ax.get_xlim()
    tip = min((hi_x - lo_x) * 0.004, max(x1 - x0, 0.0) / 2)
    top, bar, drop = row - 0.2, row - 0.05, row + 0.2
    points = [(x0, top), (x1, top), (x1, drop), (x1 - tip, bar), (x0 + tip, bar), (x0, drop)]
    shape = Polygon(points, closed=True, facecolor=SUMMARY, edgecolor=SUMMARY, linewidth=0.5, zorder=3)
    shape.set_gid(f"summary-{task.id}")
    ax.add_patch(shape)


def _draw_links(ax: Axes, schedule: Schedule) -> None:
    """Elbow arrows from the predecessor's start/finish to the successor's start/finish."""
    rows = {task.id: row for row, task in enumerate(schedule.tasks)}
    for n, link in enumerate(schedule.links):
        if link.predecessor not in rows or link.successor not in rows:
            continue
        arrow = _link_arrow(link, schedule.task(link.predecessor), schedule.task(link.successor),
                            rows[link.predecessor], rows[link.successor])
        arrow.set_gid(f"link-{n}")
        ax.add_patch(arrow)


def _link_arrow(link: ScheduledLink, pred: ScheduledTask, succ: ScheduledTask,
                pred_row: int, succ_row: int) -> FancyArrowPatch:
    """One link as an arrow leaving the predecessor sideways and landing on the successor's edge."""
    x0 = _num(pred.finish if link.type.from_finish else pred.start)
    x1 = _num(succ.finish if link.type.to_finish else succ.start)
    edge = 0.3 if not succ.milestone else 0.25
    y1 = succ_row - edge if succ_row > pred_row else succ_row + edge
    return FancyArrowPatch(
        (x0, pred_row), (x1, y1), arrowstyle="-|>", mutation_scale=7,
        connectionstyle="angle,angleA=0,angleB=90,rad=0", shrinkA=0, shrinkB=0,
        color=LINK_DRIVING if link.driving else LINK_OTHER,
        linewidth=0.8 if link.driving else 0.6, zorder=2)


def _draw_lines(ax: Axes, schedule: Schedule, today: dt.date, lo: dt.datetime, hi: dt.datetime) -> None:
    """The status date and, when it falls inside the chart, today."""
    if schedule.status_date is not None:
        line = ax.axvline(_num(schedule.status_date), color=STATUS, linestyle="--", linewidth=1.2, zorder=6)
        line.set_gid("status-date")
    now = dt.datetime.combine(today, dt.time(12))
    if lo <= now <= hi:
        line = ax.axvline(_num(now), color=TODAY, linestyle=":", linewidth=1.2, zorder=6)
        line.set_gid("today")


def _format_time_axis(ax: Axes, lo: dt.datetime, hi: dt.datetime) -> None:
    """Date ticks on top and bottom: days, weeks or months depending on the span."""
    days = (hi - lo).days
    major: mdates.DateLocator
    minor: mdates.DateLocator | None
    if days <= 31:
        major, minor, fmt = mdates.DayLocator(interval=1 if days <= 16 else 2), None, "%a %d %b"
    elif days <= 200:
        major, minor, fmt = mdates.WeekdayLocator(byweekday=mdates.MO), mdates.DayLocator(), "%d %b"
    elif days <= 800:
        major, minor, fmt = mdates.MonthLocator(), mdates.WeekdayLocator(byweekday=mdates.MO), "%b %Y"
    else:
        major, minor, fmt = mdates.MonthLocator(bymonth=(1, 4, 7, 10)), mdates.MonthLocator(), "%b %Y"
    ax.xaxis.set_major_locator(major)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
    if minor is not None:
        ax.xaxis.set_minor_locator(minor)
    ax.tick_params(axis="x", which="both", top=True, labeltop=True, labelsize=FONT_PT - 0.5)
    ax.tick_params(axis="x", which="minor", length=2)
    ax.tick_params(axis="y", left=False, labelleft=False)
    ax.grid(axis="x", which="major", color="#d0d0d0", linewidth=0.6, zorder=1)
    ax.set_axisbelow(True)
    for side in ("left", "right"):
        ax.spines[side].set_visible(False)


def _subtitle(schedule: Schedule) -> str:
    days = schedule.duration_minutes / max(schedule.minutes_per_day, 1)
    text = f"{schedule.start:%a %d %b %Y} – {schedule.finish:%a %d %b %Y} · {days:g} working days"
    if schedule.status_date is not None:
        text += f" · status date {schedule.status_date:%d %b %Y}"
    return text


def _add_legend(fig: Figure, layout: _Layout, chart: Axes, schedule: Schedule) -> None:
    """A legend naming only what the chart shows."""
    drawn = {(artist.get_gid() or "").split("-")[0] for artist in chart.get_children()}
    critical = any(t.critical and not t.summary for t in schedule.tasks)
    entries = [
        ("bar", Patch(facecolor=NORMAL, label="task")),
        ("bar" if critical else "", Patch(facecolor=CRITICAL, label="critical task")),
        ("summary", Line2D([], [], color=SUMMARY, linewidth=3, label="summary")),
        ("milestone", Line2D([], [], marker="D", color=MILESTONE, linestyle="none", label="milestone")),
        ("float", Patch(facecolor=FLOAT, label="total float")),
        ("deadline", Line2D([], [], marker="v", color=DEADLINE, linestyle="none", label="deadline")),
        ("link", Line2D([], [], color=LINK_DRIVING, linewidth=0.8, label="driving link")),
        ("link", Line2D([], [], color=LINK_OTHER, linewidth=0.6, label="other link")),
        ("status", Line2D([], [], color=STATUS, linestyle="--", label="status date")),
        ("today", Line2D([], [], color=TODAY, linestyle=":", label="today")),
        ("weekends", Patch(facecolor=WEEKEND, edgecolor="#cccccc", linewidth=0.5, label="weekend")),
        ("days", Patch(facecolor=DAY_OFF, label="day off")),
    ]
    handles = [handle for kind, handle in entries if kind in drawn]
    if handles:
        fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=FONT_PT, frameon=False,
                   bbox_to_anchor=(0.5, 0.08 / layout.height))


_SHAPE_ID = re.compile(r'<g id="(bar|summary|milestone)-([A-Za-z0-9_.\-]+)">')


def _add_tooltips(svg: str, schedule: Schedule) -> str:
    """Put a ``<title>`` (a native hover tooltip) inside each task shape's group."""

    def tooltip(match: re.Match[str]) -> str:
        if match.group(2) not in schedule:
            return match.group(0)
        text = escape(_describe(schedule, schedule.task(match.group(2))))
        return f"{match.group(0)}\n   <title>{text}</title>"

    return _SHAPE_ID.sub(tooltip, svg)


def _describe(schedule: Schedule, task: ScheduledTask) -> str:
    float_days = task.total_float_minutes / max(schedule.minutes_per_day, 1)
    lines = [f"{task.wbs} {task.name or task.id} ({task.id})",
             f"{task.start:%a %d %b %Y %H:%M} – {task.finish:%a %d %b %Y %H:%M}",
             f"total float {float_days:.1f}d" + (" · critical" if task.critical else "")]
    if task.resources:
        lines.append("resources: " + ", ".join(task.resources))
    if task.deadline is not None:
        lines.append(f"deadline {task.deadline:%a %d %b %Y}")
    return "\n".join(lines)
