"""Resource load: a person × week heat map of work against available time (red above 100%)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure

from headway.engine.usage import Usage
from headway.reports.charts.style import FONT_PT, WIDTH_IN
from headway.reports.charts.svg import figure_svg

CHART_ID = "resource-load"
BOUNDS = [0.0, 0.01, 0.5, 0.8, 1.0 + 1e-6, 1.25, 2.0]
COLOURS = ["#ffffff", "#dbe9f6", "#9ecae1", "#4c78a8", "#f4a582", "#d62728"]
MAX_LABELS = 26


def load_figure(usage: Usage) -> Figure:
    """One row per person, one column per period; a cell's colour is its load band."""
    rows = max(len(usage.resources), 1)
    fig = Figure(figsize=(WIDTH_IN, 1.2 + 0.28 * rows), layout="constrained")
    ax = fig.add_subplot()
    grid = np.array([np.minimum(r.load, 1.99) for r in usage.resources]) if usage.resources else np.zeros((1, 1))
    mesh = ax.pcolormesh(grid, cmap=ListedColormap(COLOURS), norm=BoundaryNorm(BOUNDS, len(COLOURS)),
                         edgecolors="#f0f0f0", linewidth=0.3)
    mesh.set_gid("load-cells")
    ax.set_yticks(np.arange(rows) + 0.5, [r.name for r in usage.resources] or ["no people"], fontsize=FONT_PT)
    ax.invert_yaxis()
    step = max(1, len(usage.periods) // MAX_LABELS)
    ticks = np.arange(0, len(usage.periods), step)
    ax.set_xticks(ticks + 0.5, [usage.periods[i].label for i in ticks], fontsize=FONT_PT - 1, rotation=90)
    bar = fig.colorbar(mesh, ax=ax, ticks=[0.25, 0.65, 0.9, 1.12, 1.6], fraction=0.04)
    bar.ax.set_yticklabels(["<50%", "50–80%", "80–100%", "100–125%", ">125%"], fontsize=FONT_PT - 1)
    ax.set_title(f"Resource load per {usage.by} (work ÷ available time)", fontsize=FONT_PT + 1, loc="left")
    return fig


def load_chart(usage: Usage) -> str:
    """The load heat map as an inline ``<svg>``."""
    return figure_svg(load_figure(usage), CHART_ID)
