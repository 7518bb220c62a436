"""S-curve: cumulative planned value, earned value and actual cost per period."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from headway.engine.evm import CurvePoint
from headway.reports.charts.style import AC, EV, FONT_PT, HEIGHT_IN, PV, WIDTH_IN, date_axis, status_line
from headway.reports.charts.svg import figure_svg

CHART_ID = "s-curve"


def s_curve_figure(points: tuple[CurvePoint, ...], currency: str, status: dt.datetime | None) -> Figure:
    """PV over the whole plan; EV and AC up to the status date."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
    ax = fig.add_subplot()
    ends = [mdates.date2num(p.period.end) for p in points]
    ax.plot(ends, [p.pv for p in points], color=PV, label="PV (planned value)", gid="pv")
    earned = [(x, p.ev) for x, p in zip(ends, points, strict=True) if p.ev is not None]
    ax.plot([x for x, _ in earned], [v for _, v in earned], color=EV, label="EV (earned value)", gid="ev")
    spent = [(x, p.ac) for x, p in zip(ends, points, strict=True) if p.ac is not None]
    ax.plot([x for x, _ in spent], [v for _, v in spent], color=AC, label="AC (actual cost)", gid="ac")
    status_line(ax, status)
    if not points:
        ax.text(0.5, 0.5, "nothing costed in this plan", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylabel(currency, fontsize=FONT_PT)
    ax.set_title("S-curve", fontsize=FONT_PT + 1, loc="left")
    date_axis(ax)
    ax.legend(fontsize=FONT_PT, loc="upper left")
    return fig


def s_curve_chart(points: tuple[CurvePoint, ...], currency: str, status: dt.datetime | None) -> str:
    """The S-curve as an inline ``<svg>``."""
    return figure_svg(s_curve_figure(points, currency, status), CHART_ID)
