"""Hypothesis strategies for random plans: networks with every link type and lag."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from headway.model import Assignment, DateRange, Duration, Link, LinkType, Project, Resource, Task, TimeUnit

START = dt.date(2027, 1, 4)  # a Monday


@st.composite
def networks(draw: st.DrawFn, max_tasks: int = 25, negative_lags: bool = True,
             people: bool = False, elapsed: bool = False) -> Project:
    """A random acyclic plan; links only point back to earlier tasks."""
    n = draw(st.integers(1, max_tasks))
    resources: tuple[Resource, ...] = ()
    if people:
        resources = tuple(
            Resource(f"r{i}", vacations=tuple(
                DateRange(START + dt.timedelta(days=d), START + dt.timedelta(days=d + length))
                for d, length in draw(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6)), max_size=3))))
            for i in range(3))
    tasks = []
    for i in range(n):
        days = draw(st.integers(0, 8))
        links = []
        if i:
            preds = draw(st.lists(st.integers(max(0, i - 8), i - 1), max_size=3, unique=True))
            for p in preds:
                kind = draw(st.sampled_from(list(LinkType)))
                lo = -3 if negative_lags else 0
                unit = TimeUnit.ELAPSED_DAY if elapsed and draw(st.booleans()) else TimeUnit.DAY
                lag = Duration(draw(st.integers(lo, 4)), unit)
                links.append(Link(f"t{p}", kind, lag))
        assign: tuple[Assignment, ...] = ()
        if people and draw(st.booleans()):
            assign = (Assignment(f"r{draw(st.integers(0, 2))}"),)
        tasks.append(Task(f"t{i}", duration=Duration(days) if days else None, milestone=days == 0,
                          links=tuple(links), assignments=assign))
    return Project("random", START, resources=resources, tasks=tuple(tasks))
