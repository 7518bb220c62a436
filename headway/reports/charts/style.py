"""Colours and sizes the report's charts share."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
from matplotlib.axes import Axes

PV = "#4c78a8"
EV = "#2ca02c"
AC = "#d62728"
PLAN = "#9e9e9e"
DONE = "#2ca02c"
SCOPE = "#222222"
DEADLINE = "#e07b00"
STATUS = "#2ca02c"
WIDTH_IN, HEIGHT_IN = 8.0, 3.4
FONT_PT = 8.0


def date_axis(ax: Axes) -> None:
    """Concise date ticks on the x axis."""
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(labelsize=FONT_PT)
    ax.grid(True, color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)


def status_line(ax: Axes, when: dt.datetime | None) -> None:
    """A dashed vertical line at the status date."""
    if when is not None:
        line = ax.axvline(mdates.date2num(when), color=STATUS, linestyle="--", linewidth=1, label="status date")
        line.set_gid("status-date")
