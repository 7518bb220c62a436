"""Resource histograms of a ``Usage``: one panel per person, work per period against capacity (SVG or PNG).

Bars show work in hours (the part above capacity in red); a step line shows capacity (their
working hours × units). Drawn elements carry SVG ids (``work-<person>-<n>``, ``over-<person>-<n>``,
``capacity-<person>``) so tests and pages can find them.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from headway.engine.usage import ResourceUsage, Usage

WORK = "#4c78a8"
OVER = "#d62728"
CAPACITY = "#222222"
PANEL_IN = 1.5  # inches per person
WIDTH_IN = 12.0
FONT_PT = 8.0


def usage_figure(usage: Usage, *, title: str | None = None) -> Figure:
    """One histogram per person, sharing the time axis."""
    rows = max(len(usage.resources), 1)
    fig = Figure(figsize=(WIDTH_IN, 1.3 + PANEL_IN * rows))
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    for ax, person in zip(axes, usage.resources, strict=False):
        _draw_person(ax, usage, person)
    if not usage.resources:
        axes[0].text(0.5, 0.5, "no people in this plan", ha="center", va="center", transform=axes[0].transAxes)
    _format_time_axis(axes[-1], usage)
    axes[-1].tick_params(axis="x", labelsize=FONT_PT)
    first, last = usage.periods[0], usage.periods[-1]
    fig.suptitle(title or f"Resource usage by {usage.by}, {first.start:%d %b %Y} – {last.end:%d %b %Y}",
                 fontsize=FONT_PT + 3, x=0.01, ha="left")
    fig.legend(handles=[Patch(facecolor=WORK, label="work"), Patch(facecolor=OVER, label="over capacity"),
                        Line2D([], [], color=CAPACITY, linewidth=1, label="capacity")],
               loc="upper right", ncol=3, fontsize=FONT_PT, frameon=False)
    fig.subplots_adjust(left=0.06, right=0.99, top=1 - 0.9 / fig.get_figheight(), bottom=0.5 / fig.get_figheight(),
                        hspace=0.55)
    return fig


def _draw_person(ax: Axes, usage: Usage, person: ResourceUsage) -> None:
    x = mdates.date2num([p.start for p in usage.periods])
    width = np.array([p.days for p in usage.periods], float) * (0.8 if usage.by == "day" else 0.9)
    work, capacity = person.work / 60, person.available / 60
    within = np.minimum(work, capacity)
    for n, bar in enumerate(ax.bar(x, within, width, align="edge", color=WORK, zorder=2)):
        bar.set_gid(f"work-{person.id}-{n}")
    excess = work - within
    over = np.flatnonzero(excess > 1e-9)
    for n, bar in zip(over.tolist(), ax.bar(x[over], excess[over], width[over], bottom=within[over], align="edge",
                                            color=OVER, zorder=2), strict=True):
        bar.set_gid(f"over-{person.id}-{n}")
    edges = np.append(x, mdates.date2num(usage.periods[-1].end))
    (line,) = ax.step(edges, np.append(capacity, capacity[-1:]), where="post", color=CAPACITY, linewidth=1, zorder=3)
    line.set_gid(f"capacity-{person.id}")
    peak, at = person.peak
    peak_text = f"peak {peak:.0%} ({at.label})" if at is not None and np.isfinite(peak) else (
        f"work on days off ({at.label})" if at is not None else "no work")
    ax.set_title(f"{person.name} ({person.id}) · {person.units:.0%} · {person.total_work / 60:g} h · {peak_text}",
                 fontsize=FONT_PT + 1, loc="left", color=OVER if person.over_allocated else "black")
    ax.set_ylabel("hours", fontsize=FONT_PT)
    ax.tick_params(axis="y", labelsize=FONT_PT)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6, zorder=0)
    ax.set_xlim(edges[0], edges[-1])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _format_time_axis(ax: Axes, usage: Usage) -> None:
    """Day ticks for short ranges (never hours), automatic dates otherwise."""
    days = (usage.periods[-1].end - usage.periods[0].start).days
    locator: mdates.DateLocator = (mdates.DayLocator(interval=max(days // 12, 1)) if days <= 60
                                   else mdates.AutoDateLocator(minticks=4, maxticks=12))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def render_usage_chart(usage: Usage, path: str | Path, *, title: str | None = None) -> None:
    """Write the histograms to ``path``: ``.svg`` or ``.png``."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise ValueError(f"cannot write a usage chart as {suffix or 'a file without extension'}: use .svg or .png")
    fig = usage_figure(usage, title=title)
    if suffix == ".png":
        fig.savefig(target, format="png", dpi=100)
        return
    buf = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "headway"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "Headway"})
    target.write_text(buf.getvalue(), encoding="utf-8")
