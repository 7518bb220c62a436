"""Earned value of whole plans: properties on random plans, a PV oracle, summaries and instants."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.engine.evm import earned_value
from headway.model import Assignment, Duration, Link, ProgressEntry, Project, Rates, Resource, Task

D = dt.date
START = D(2027, 1, 4)


@st.composite
def tracked_plans(draw: st.DrawFn) -> Project:
    """Up to 8 leaf tasks (whole days, some milestones) in up to two summaries, chained or parallel,
    with fixed costs, rates, budgets, progress entries and a status date."""
    n = draw(st.integers(1, 8))
    tasks: list[Task] = [Task("s1"), Task("s2")]
    for i in range(n):
        milestone = draw(st.booleans()) and i > 0 and draw(st.booleans())
        links = (Link(f"t{draw(st.integers(0, i - 1))}"),) if i and draw(st.booleans()) else ()
        tasks.append(Task(f"t{i}", parent=draw(st.sampled_from([None, "s1", "s2"])), milestone=milestone,
                          duration=None if milestone else Duration(draw(st.integers(1, 6))), links=links,
                          cost=draw(st.sampled_from([None, 0.0, 100.0, 250.0])),
                          budget=draw(st.sampled_from([None, None, 300.0])),
                          assignments=(Assignment("ann"),) if draw(st.booleans()) else ()))
    used = {t.parent for t in tasks if t.parent}
    tasks = [t for t in tasks if not t.id.startswith("s") or t.id in used]
    progress = tuple(ProgressEntry(START + dt.timedelta(days=draw(st.integers(0, 30))), f"t{i}",
                                   done=draw(st.sampled_from([0.0, 0.3, 0.5, 1.0])),
                                   actual_cost=draw(st.sampled_from([None, 80.0])))
                     for i in range(n) if draw(st.booleans()))
    status = START + dt.timedelta(days=draw(st.integers(0, 40)))
    return Project("P", START, status_date=status, resources=(Resource("ann", rates=Rates(30, 0, 5)),),
                   tasks=tuple(tasks), budget=draw(st.sampled_from([None, 5000.0])), progress=progress)


@settings(max_examples=60, deadline=None)
@given(tracked_plans(), st.sampled_from(["day", "week", "month"]))
def test_properties(project: Project, by: str) -> None:
    result = schedule(project)
    value = earned_value(project, result, by=by)  # type: ignore[arg-type]
    m = value.project
    c, t = m.cost, m.time
    tol = 1e-6 * max(1.0, c.bac)
    assert 0 <= c.ev <= c.bac + tol and 0 <= c.pv <= c.bac + tol
    assert all(0 <= v.ev <= v.bac + tol for v in value.tasks)
    for s in value.summaries:
        assert s.cost.ev <= s.cost.bac + tol
    if project.budget is not None and all(t.budget is None for t in project.tasks):
        assert c.bac == pytest.approx(project.budget)
    curve = m.s_curve
    assert curve[-1].pv == pytest.approx(c.bac)  # PV at completion = BAC
    assert all(a.pv <= b.pv + tol for a, b in itertools.pairwise(curve))
    assert sum(p.cost for p in curve) == pytest.approx(m.planned_cost)
    assert 0 <= t.es <= t.pd + 1e-6
    if c.spi is not None and c.spi < 1:
        assert t.es <= t.at + 1e-6
    # PV follows the plan without progress, which may finish later than the progressed schedule
    last = max(result.finish, schedule(project.replace(progress=())).finish)
    after = earned_value(project, result, status=dt.datetime.combine(last.date(), dt.time()) + dt.timedelta(days=1))
    assert after.project.cost.pv == pytest.approx(after.project.cost.bac)


def test_pv_oracle_working_days() -> None:
    """PV of whole-day tasks on the standard calendar = cost × elapsed ÷ total business days
    (numpy), for every status date across the plan."""
    tasks = (Task("a", duration=Duration(3), cost=300), Task("b", duration=Duration(5), cost=1000, links=(Link("a"),)),
             Task("c", duration=Duration(7), cost=70, links=(Link("a"),)))
    project = Project("P", START, tasks=tasks)
    result = schedule(project)
    for day in range(25):
        status = START + dt.timedelta(days=day)
        want = 0.0
        for t in tasks:
            st_ = result.task(t.id)
            whole = np.busday_count(st_.start.date(), st_.finish.date() + dt.timedelta(days=1))
            done = np.clip(np.busday_count(st_.start.date(), status + dt.timedelta(days=1)), 0, whole)
            want += (t.cost or 0) * done / whole
        got = earned_value(project, result, status=dt.datetime.combine(status + dt.timedelta(days=1), dt.time()))
        assert got.project.cost.pv == pytest.approx(want), status


def test_status_as_an_instant_and_summary_origin() -> None:
    """A date-time status counts the working minutes up to it; a summary counts time from its
    planned start, so a late phase on plan has SPI(t) 1."""
    tasks = (Task("first", duration=Duration(2), cost=160),
             Task("phase"), Task("x", parent="phase", duration=Duration(2), cost=320, links=(Link("first"),)))
    noon = dt.datetime(2027, 1, 6, 12, 0)
    project = Project("P", START, tasks=tasks, progress=(ProgressEntry(D(2027, 1, 5), "first", done=1.0),
                                                         ProgressEntry(noon, "x", done=0.25),
                                                         ProgressEntry(D(2027, 1, 6), "x", done=0.5)))
    result = schedule(project.replace(progress=()))  # the plan as it was, whatever progress does to it
    value = earned_value(project, result, status=noon)  # the end-of-day entry is not known yet
    assert value.project.cost.pv == pytest.approx(160 + 320 * 240 / 960)  # Wed 08:00-12:00 of x
    [phase] = value.summaries
    assert phase.origin_minutes == 960 and phase.time.at == 240
    assert phase.cost.ev == pytest.approx(80) and phase.time.es == pytest.approx(240)
    assert phase.time.spi_t == pytest.approx(1.0) and phase.time.pd == 960
