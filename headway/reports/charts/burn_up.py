"""Burn-up: tasks finished over time against the plan's finishes and the scope (all tasks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from headway.reports.charts.style import DONE, FONT_PT, HEIGHT_IN, PLAN, SCOPE, WIDTH_IN, date_axis, status_line
from headway.reports.charts.svg import figure_svg

CHART_ID = "burn-up"
Series = Sequence[tuple[dt.datetime, int]]


def burn_up_figure(planned: Series, done: Series, scope: int, status: dt.datetime | None) -> Figure:
    """Cumulative planned and actual finishes (step lines) under the scope line."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
    ax = fig.add_subplot()
    if planned:
        xs = [mdates.date2num(w) for w, _ in planned]
        ax.step(xs, [n for _, n in planned], where="post", color=PLAN, label="planned", gid="planned")
        ax.plot([xs[0], xs[-1]], [scope, scope], color=SCOPE, linestyle=":", label=f"scope ({scope} tasks)",
                gid="scope")
    if done:
        ax.step([mdates.date2num(w) for w, _ in done], [n for _, n in done], where="post", color=DONE,
                linewidth=2, label="finished", gid="done")
    status_line(ax, status)
    ax.set_ylabel("tasks", fontsize=FONT_PT)
    ax.set_ylim(0, max(scope, 1) * 1.08)
    ax.set_title("Burn-up", fontsize=FONT_PT + 1, loc="left")
    date_axis(ax)
    ax.legend(fontsize=FONT_PT, loc="upper left")
    return fig


def burn_up_chart(planned: Series, done: Series, scope: int, status: dt.datetime | None) -> str:
    """The burn-up as an inline ``<svg>``."""
    return figure_svg(burn_up_figure(planned, done, scope, status), CHART_ID)
