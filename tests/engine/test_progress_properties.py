"""Random progress on random plans, checked against a day-by-day working-minute oracle.

Whatever was recorded: completed tasks stay exactly where they happened, nothing that has not
started begins before the status date, and every link still holds for the remaining work.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.model import Duration, ProgressEntry, Project, TimeUnit
from tests.engine.oracles import DAY, START, working_minutes
from tests.engine.strategies import networks


def weekday(offset: int) -> dt.date:
    """The ``offset``-th working day from START."""
    return START + dt.timedelta(days=offset // 5 * 7 + offset % 5)


@st.composite
def tracked(draw: st.DrawFn) -> tuple[Project, int, dict[str, tuple[str, dt.date, dt.date]]]:
    """A random plan, a status date (working day index) and random progress on its tasks."""
    project = draw(networks(max_tasks=15))
    status = draw(st.integers(0, 30))
    entries, kinds = [], {}
    for task in project.tasks:
        kind = draw(st.sampled_from(["none", "none", "started", "complete"]))
        if kind == "none":
            continue
        first = draw(st.integers(0, status))
        start, finish = weekday(first), weekday(draw(st.integers(first, status)))
        if kind == "complete":
            entries.append(ProgressEntry(weekday(status), task.id, actual_start=start, actual_finish=finish))
        elif task.duration is not None:
            amount = draw(st.one_of(st.sampled_from([0.1, 0.5, 0.9]).map(lambda d: {"done": d}),
                                    st.integers(1, 6).map(lambda n: {"remaining": Duration(n, TimeUnit.DAY)})))
            entries.append(ProgressEntry(weekday(status), task.id, actual_start=start, **amount))
        else:
            continue
        kinds[task.id] = (kind, start, finish)
    return project.replace(status_date=weekday(status), progress=tuple(entries)), status, kinds


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracked())
def test_progress_is_respected(case: tuple[Project, int, dict[str, tuple[str, dt.date, dt.date]]]) -> None:
    project, status, kinds = case
    s = schedule(project)
    status_w = (status + 1) * DAY  # a date alone: the end of that day
    wm = {t.id: (working_minutes(t.start), working_minutes(t.finish)) for t in s.tasks}
    for task in project.tasks:
        result = s.task(task.id)
        kind, start, finish = kinds.get(task.id, ("none", START, START))
        if kind == "complete":
            start_w = working_minutes(dt.datetime.combine(start, dt.time(8)))
            finish_w = working_minutes(dt.datetime.combine(finish, dt.time(17)))
            assert wm[task.id][1] == finish_w
            assert result.milestone or wm[task.id][0] == start_w
            assert result.percent_complete == 1 and result.remaining_minutes == 0
        elif kind == "started":
            assert wm[task.id][0] == working_minutes(dt.datetime.combine(start, dt.time(8)))
            assert wm[task.id][1] - result.remaining_minutes >= status_w
        elif project.progress:  # a plan without progress is scheduled as planned
            assert wm[task.id][0] >= status_w, task.id
            assert result.actual_start is None and result.percent_complete == 0
    for task in project.tasks:
        kind = kinds.get(task.id, ("none",))[0]
        if kind == "complete":
            continue
        result = s.task(task.id)
        start_w = wm[task.id][1] - result.remaining_minutes if kind == "started" else wm[task.id][0]
        for link in task.links:
            pred = wm[link.predecessor]
            ref = (pred[1] if link.type.from_finish else pred[0]) + link.lag.minutes(project.working_time)
            have = wm[task.id][1] if link.type.to_finish else start_w
            assert have >= ref, (link, task.id)
