"""Risk matrix: each open risk placed by probability and impact (working days of delay)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from headway.reports.charts.style import FONT_PT
from headway.reports.charts.svg import figure_svg

CHART_ID = "risk-matrix"
ZONES = ("#cfe8cf", "#fff2b3", "#f7c6c6")


def risk_figure(risks: Sequence[tuple[str, float, float]]) -> Figure:
    """``risks`` as (id, probability 0..1, impact days); the background is green/amber/red by
    probability × impact relative to the largest impact."""
    fig = Figure(figsize=(5.6, 3.8), layout="constrained")
    ax = fig.add_subplot()
    top = max([impact for _, _, impact in risks] + [1.0]) * 1.1
    xs, ys = np.meshgrid(np.linspace(0, 1, 60), np.linspace(0, top, 60))
    score = xs * ys / top
    ax.contourf(xs, ys, score, levels=[0, 0.15, 0.4, 1.01], colors=ZONES)
    for rid, probability, impact in risks:
        dot = ax.scatter([probability], [impact], s=36, color="#222222", zorder=3)
        dot.set_gid(f"risk-{rid}")
        ax.annotate(rid, (probability, impact), xytext=(4, 3), textcoords="offset points", fontsize=FONT_PT - 1)
    if not risks:
        ax.text(0.5, 0.5, "no open risks", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, top)
    ax.set_xlabel("probability", fontsize=FONT_PT)
    ax.set_ylabel("impact (working days)", fontsize=FONT_PT)
    ax.tick_params(labelsize=FONT_PT)
    ax.set_title("Risk matrix", fontsize=FONT_PT + 1, loc="left")
    return fig


def risk_chart(risks: Sequence[tuple[str, float, float]]) -> str:
    """The risk matrix as an inline ``<svg>``."""
    return figure_svg(risk_figure(risks), CHART_ID)
