"""A matplotlib figure as an SVG fragment to inline in an HTML page.

Text stays ``<text>`` (searchable, extractable from the PDF), the fixed hash salt keeps output
reproducible, and every id is prefixed with the chart's id so several charts share one page
without clashing ids.
"""

from __future__ import annotations

import io
import re

import matplotlib as mpl
from matplotlib.figure import Figure

_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_HEAD = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)
_SIZE = re.compile(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"')


def figure_svg(fig: Figure, chart_id: str) -> str:
    """``fig`` as an ``<svg>`` element (no XML prolog) whose ids all start with ``chart_id``."""
    buf = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart_id}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "Headway"})
    return inline(buf.getvalue(), chart_id)


def inline(svg: str, chart_id: str) -> str:
    """An SVG document made fit for inlining: prolog dropped, ids prefixed, size from the viewBox."""
    body = _METADATA.sub("", _HEAD.sub("", svg, count=1))
    body = _ID.sub(lambda m: f'id="{chart_id}-{m.group(1)}"', body)
    body = _REF.sub(lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", body)
    while _SIZE.search(body[:body.find(">") + 1]):
        body = _SIZE.sub(r"\1", body, count=1)
    return body.replace("<svg ", f'<svg class="chart" data-chart="{chart_id}" ', 1)
