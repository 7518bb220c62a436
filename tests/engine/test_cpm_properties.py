"""CPM on random networks against independent oracles (a textbook CPM and networkx)."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
from hypothesis import HealthCheck, given, settings

from headway.engine.cpm import schedule
from headway.model import LinkType, Project, Task
from tests.engine.oracles import DAY, working_minutes
from tests.engine.strategies import START, networks


def textbook_cpm(project: Project) -> dict[str, dict[str, int]]:
    """Early/late dates in working minutes, the way the textbooks compute them."""
    dur = {t.id: (t.duration.minutes(project.working_time) if t.duration else 0) for t in project.tasks}
    r: dict[str, dict[str, int]] = {}
    for t in project.tasks:
        es = 0
        for link in t.links:
            p, lag = r[link.predecessor], link.lag.minutes(project.working_time)
            es = max(es, {LinkType.FS: p["ef"] + lag, LinkType.SS: p["es"] + lag,
                          LinkType.FF: p["ef"] + lag - dur[t.id], LinkType.SF: p["es"] + lag - dur[t.id]}[link.type])
        r[t.id] = {"es": es, "ef": es + dur[t.id]}
    finish = max(v["ef"] for v in r.values())
    succs: dict[str, list[tuple[Task, LinkType, int]]] = {t.id: [] for t in project.tasks}
    for t in project.tasks:
        for link in t.links:
            succs[link.predecessor].append((t, link.type, link.lag.minutes(project.working_time)))
    for t in reversed(project.tasks):
        lf, d = finish, dur[t.id]
        for s, kind, lag in succs[t.id]:
            sv = r[s.id]
            lf = min(lf, {LinkType.FS: sv["ls"] - lag, LinkType.SS: sv["ls"] - lag + d,
                          LinkType.FF: sv["lf"] - lag, LinkType.SF: sv["lf"] - lag + d}[kind])
        r[t.id].update(lf=lf, ls=lf - d)
    return r


def networkx_early_starts(project: Project) -> dict[str, int]:
    """Early starts as longest paths from a source node, in a graph of start events."""
    g = nx.DiGraph()
    dur = {t.id: (t.duration.minutes(project.working_time) if t.duration else 0) for t in project.tasks}
    for t in project.tasks:
        g.add_edge("source", t.id, weight=0)
        for link in t.links:
            lag = link.lag.minutes(project.working_time)
            w = lag + (dur[link.predecessor] if link.type.from_finish else 0)
            w -= dur[t.id] if link.type.to_finish else 0
            if g.has_edge(link.predecessor, t.id):
                w = max(w, g[link.predecessor][t.id]["weight"])
            g.add_edge(link.predecessor, t.id, weight=w)
    dist = {"source": 0}
    for node in nx.topological_sort(g):
        for succ in g.successors(node):
            dist[succ] = max(dist.get(succ, -10**9), dist[node] + g[node][succ]["weight"])
    return {k: v for k, v in dist.items() if k != "source"}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_matches_textbook_cpm_and_networkx(project: Project) -> None:
    result = schedule(project)
    oracle = textbook_cpm(project)
    longest = networkx_early_starts(project)
    for t in result.tasks:
        got = {"es": working_minutes(t.early_start), "ef": working_minutes(t.early_finish),
               "ls": working_minutes(t.late_start), "lf": working_minutes(t.late_finish)}
        assert got == oracle[t.id], t.id
        assert got["es"] == longest[t.id]
        assert t.total_float_minutes == oracle[t.id]["ls"] - oracle[t.id]["es"] >= 0
        assert 0 <= t.free_float_minutes <= t.total_float_minutes
        assert t.critical == (t.total_float_minutes == 0)
    assert result.duration_minutes == max(v["ef"] for v in oracle.values())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_critical_path_is_a_tight_chain_as_long_as_the_project(project: Project) -> None:
    result = schedule(project)
    chain = [result.task(tid) for tid in result.critical_path]
    assert working_minutes(chain[0].early_start) == 0
    assert chain[-1].early_finish == max(t.early_finish for t in result.tasks) or chain[-1].milestone
    assert working_minutes(chain[-1].early_finish) == result.duration_minutes
    for prev, task in itertools.pairwise(chain):
        assert task.driver is not None and task.driver.via == prev.id
        assert task.critical


def minutes_on(t: dt.datetime, days_off: set[dt.date]) -> int:
    """Working minutes from START to t on the default calendar less ``days_off`` (a person's)."""
    total = working_minutes(t)
    for day in days_off:
        if day.weekday() < 5 and day >= START:
            if day < t.date():
                total -= DAY
            elif day == t.date():
                total -= working_minutes(t) - working_minutes(dt.datetime.combine(day, dt.time()))
    return total


def end_of_default(w: int) -> dt.datetime:
    """The instant ``w`` working minutes of the default calendar are done (w > 0)."""
    day = START
    while True:
        if day.weekday() < 5:
            if w <= 240:
                return dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=w)
            if w <= DAY:
                return dt.datetime.combine(day, dt.time(13)) + dt.timedelta(minutes=w - 240)
            w -= DAY
        day += dt.timedelta(days=1)


def days_off(project: Project, task: Task) -> set[dt.date]:
    people = project.resources_by_id()
    out: set[dt.date] = set()
    for a in task.assignments:
        for vac in people[a.resource].vacations:
            out |= {vac.start + dt.timedelta(days=i) for i in range((vac.end - vac.start).days + 1)}
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(people=True, elapsed=True))
def test_general_mode_equals_uniform_mode_and_links_hold(project: Project) -> None:
    """With vacations and elapsed lags every link holds in the successor's working time.

    Working lags count on the project calendar; the successor then needs the shifted
    instant in its own calendar's working time.
    """
    fast = schedule(project)
    general = schedule(project, force_general=True)
    if all(not t.assignments for t in project.tasks) and all(
            not link.lag.elapsed for t in project.tasks for link in t.links):
        assert fast == general
    by_id = {t.id: t for t in general.tasks}
    for task in project.tasks:
        succ = by_id[task.id]
        assert succ.early_start <= succ.late_start and succ.total_float_minutes >= 0
        off = days_off(project, task)
        for link in task.links:
            pred = by_id[link.predecessor]
            ref = pred.early_finish if link.type.from_finish else pred.early_start
            field = succ.early_finish if link.type.to_finish else succ.early_start
            if link.lag.elapsed:
                ref += dt.timedelta(days=link.lag.amount)
                if ref.date() < START:
                    continue  # before the project start, which every task respects
            elif link.lag.amount:
                shifted = working_minutes(ref) + link.lag.minutes(project.working_time)
                if shifted <= 0:
                    continue  # before the project start, which every task respects
                ref = end_of_default(shifted)
            assert minutes_on(field, off) >= minutes_on(ref, off), (task.id, link)
