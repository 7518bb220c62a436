"""Forecast CDF: the chance of finishing by each date, with P50, P80 and the deadline."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from headway.engine.forecast import CdfPoint
from headway.reports.charts.style import DEADLINE, FONT_PT, HEIGHT_IN, PV, WIDTH_IN, date_axis
from headway.reports.charts.svg import figure_svg

CHART_ID = "forecast-cdf"


def cdf_figure(points: tuple[CdfPoint, ...], percentiles: dict[int, dt.datetime],
               deadline: dt.datetime | None) -> Figure:
    """The cumulative distribution of the project finish."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
    ax = fig.add_subplot()
    ax.plot([mdates.date2num(p.finish) for p in points], [p.percent for p in points], color=PV,
            label="chance to finish by", gid="cdf")
    for p in (50, 80):
        if p in percentiles:
            x = mdates.date2num(percentiles[p])
            ax.plot([x], [p], "o", color="#222222", gid=f"p{p}")
            ax.annotate(f"P{p} {percentiles[p]:%d %b}", (x, p), xytext=(6, -10), textcoords="offset points",
                        fontsize=FONT_PT)
    if deadline is not None:
        line = ax.axvline(mdates.date2num(deadline), color=DEADLINE, linestyle="--", label="deadline")
        line.set_gid("deadline")
    if not points:
        ax.text(0.5, 0.5, "no forecast", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of runs finished", fontsize=FONT_PT)
    ax.set_title("Forecast finish (Monte Carlo)", fontsize=FONT_PT + 1, loc="left")
    date_axis(ax)
    ax.legend(fontsize=FONT_PT, loc="lower right")
    return fig


def cdf_chart(points: tuple[CdfPoint, ...], percentiles: dict[int, dt.datetime], deadline: dt.datetime | None) -> str:
    """The forecast CDF as an inline ``<svg>``."""
    return figure_svg(cdf_figure(points, percentiles, deadline), CHART_ID)
