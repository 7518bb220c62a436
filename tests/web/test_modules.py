"""The app's pure functions, run in the browser against independent oracles: working days between two
dates (NumPy's business-day count), the dependency arrow geometry, and the WBS tree's visible rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.web.conftest import Server

EPOCH = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def modules(browser: Any, server: Server) -> Any:
    """A page with the Gantt's modules loaded as ``window.m``."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.base}/static/index.html")
    page.evaluate("""async () => { window.m = { ...(await import('/static/js/gantt/model.js')),
                                                ...(await import('/static/js/gantt/arrows.js')) }; }""")
    yield page
    context.close()


@settings(max_examples=60, deadline=None)
@given(a=st.integers(0, 800), b=st.integers(0, 800))
def test_weekdays_between_matches_numpy_busday_count(modules: Any, a: int, b: int) -> None:
    first, second = EPOCH + dt.timedelta(days=a), EPOCH + dt.timedelta(days=b)
    got = modules.evaluate("([a, b]) => m.weekdaysBetween(Date.parse(a + 'T00:00:00Z'), Date.parse(b + 'T00:00:00Z'))",
                           [first.isoformat(), second.isoformat()])
    # weekdays in (a, b] when b is later, negated otherwise: busday_count counts [start, end)
    lo, hi = sorted((first, second))
    expected = int(np.busday_count(lo + dt.timedelta(days=1), hi + dt.timedelta(days=1)))
    assert got == (expected if second >= first else -expected)


@settings(max_examples=60, deadline=None)
@given(x1=st.integers(0, 2000), x2=st.integers(0, 2000), y1=st.integers(0, 60), y2=st.integers(0, 60),
       kind=st.sampled_from(["FS", "SS", "FF", "SF"]))
def test_arrow_runs_from_the_predecessor_end_to_the_successor_end_in_right_angles(
        modules: Any, x1: int, x2: int, y1: int, y2: int, kind: str) -> None:
    path = modules.evaluate("([a, b, c, d, s, f]) => m.arrowPath(a, b, c, d, s, f)",
                            [x1, y1 * 28 + 14, x2, y2 * 28 + 14, kind[0] == "S", kind[1] == "F"])
    assert path.startswith(f"M{x1},{y1 * 28 + 14}")
    x, y = x1, y1 * 28 + 14
    for step in path[path.index("H"):].replace("H", " H").replace("V", " V").split():
        if step[0] == "H":
            x = int(float(step[1:]))
        else:
            y = int(float(step[1:]))
    assert (x, y) == (x2, y2 * 28 + 14)  # it ends on the successor's end, having moved only across or down
    assert path.endswith(f"H{x2}")  # and arrives horizontally, so the arrowhead points along the bar


def test_tree_rows_hide_collapsed_subtrees(modules: Any) -> None:
    tasks = [{"id": "a", "parent": None}, {"id": "a1", "parent": "a"}, {"id": "a2", "parent": "a"},
             {"id": "a2x", "parent": "a2"}, {"id": "b", "parent": None}]
    rows = modules.evaluate("""(tasks) => { const t = new m.Tree({tasks}); const all = t.rows.map((r) => r.id);
        t.toggle('a2'); const some = t.rows.map((r) => r.id); t.toggle('a'); const top = t.rows.map((r) => r.id);
        t.setAll(true); return [all, some, top, t.rows.map((r) => r.id)]; }""", tasks)
    assert rows == [["a", "a1", "a2", "a2x", "b"], ["a", "a1", "a2", "b"], ["a", "b"], ["a", "a1", "a2", "a2x", "b"]]
