"""The forecast from recorded progress: what is done is fixed, what is under way keeps its start,
and only the remaining work is sampled."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.engine.forecast import forecast
from headway.io.plan import loads
from headway.model import Duration, Link, ProgressEntry, Project, Task, TimeUnit

DAY = 480
N = 4_000
START = dt.date(2027, 1, 4)  # a Monday


def plan(body: str, status: str | None = None) -> Project:
    head = f"project: {{name: Tracked, start: 2027-01-04{', status_date: ' + status if status else ''}}}\n"
    return loads(head + body).project


CHAIN = """\
tasks:
  - {id: a, duration: 5d, estimate: 4d/5d/9d}
  - {id: b, duration: 5d, estimate: 4d/5d/10d, after: [a]}
"""


def test_a_finished_task_takes_its_actual_duration_and_is_never_critical() -> None:
    body = CHAIN + "progress:\n  - {date: 2027-01-06, task: a, actual_start: 2027-01-04, actual_finish: 2027-01-06}\n"
    result = forecast(plan(body, "2027-01-06"), iterations=N, seed=3)
    # a took 3 days; b runs from the status date with its own 4d..10d range
    assert result.percentile_minutes[10] >= 3 * DAY + 4 * DAY
    assert result.cdf[-1].minutes <= 3 * DAY + 10 * DAY
    assert result.criticality["a"] == 0.0 and result.criticality["b"] == 1.0
    assert result.status_date == dt.datetime(2027, 1, 7)


def test_in_progress_work_resumes_at_the_status_date_scaled_by_the_draw() -> None:
    body = """\
tasks:
  - {id: a, duration: 10d}
progress:
  - {date: 2027-01-08, task: a, actual_start: 2027-01-04, done: 50%}
"""
    fixed = forecast(plan(body, "2027-01-08"), iterations=200, seed=1)
    assert set(fixed.percentile_minutes.values()) == {10 * DAY}  # 5 days done + 5 left, no range
    ranged = body.replace("duration: 10d}", "duration: 10d, estimate: 10d/10d/20d}")
    result = forecast(plan(ranged, "2027-01-08"), iterations=N, seed=1)
    # the remaining 5d scale with the draw (1×..2×): 5d + 5d..10d, never the whole 10d..20d
    assert result.cdf[0].minutes >= 10 * DAY and result.cdf[-1].minutes <= 15 * DAY


def test_work_not_started_waits_for_the_status_date() -> None:
    body = "tasks:\n  - {id: a, duration: 2d}\nprogress:\n  - {date: 2027-01-15, task: a, done: 0%}\n"
    result = forecast(plan(body, "2027-01-15"), iterations=50)
    assert result.percentile_minutes[50] == 10 * DAY + 2 * DAY  # two weeks gone, then two days


def test_risks_on_finished_tasks_no_longer_fire() -> None:
    risk = "risks:\n  - {id: R, title: late, probability: 100%, impacts: [{task: a, delay: 5d, cost: 100}]}\n"
    done = CHAIN + "progress:\n  - {date: 2027-01-08, task: a, actual_start: 2027-01-04, actual_finish: 2027-01-08}\n"
    result = forecast(plan(done + risk, "2027-01-08"), iterations=500, seed=2)
    assert result.risks[0].p80_delta_minutes == 0 and result.cost is None


@st.composite
def tracked_networks(draw: st.DrawFn) -> Project:
    """A random FS network on the project calendar with consistent progress: complete tasks have
    complete predecessors, in-progress tasks start after their predecessors finished."""
    n = draw(st.integers(1, 8))
    tasks: list[Task] = []
    for i in range(n):
        preds = draw(st.sets(st.integers(0, i - 1), max_size=2)) if i else set()
        lag = draw(st.sampled_from([0, 0, 1, 2]))
        links = tuple(Link(f"t{p}", lag=Duration(lag, TimeUnit.DAY)) for p in sorted(preds))
        tasks.append(Task(f"t{i}", duration=Duration(draw(st.integers(1, 6)), TimeUnit.DAY), links=links))
    base = Project("Random", START, tasks=tuple(tasks))
    planned = schedule(base)
    status = START + dt.timedelta(days=draw(st.integers(0, 20)))
    status_at = dt.datetime.combine(status, dt.time()) + dt.timedelta(days=1)
    entries, done = [], set()
    for task in tasks:
        ready = all(link.predecessor in done for link in task.links)
        row = planned.task(task.id)
        if not ready or row.start >= status_at:
            continue
        if row.finish <= status_at and draw(st.booleans()):
            entries.append(ProgressEntry(status, task.id, actual_start=row.start, actual_finish=row.finish))
            done.add(task.id)
        elif draw(st.booleans()):
            entries.append(ProgressEntry(status, task.id, actual_start=row.start,
                                         done=draw(st.sampled_from([0.1, 0.5, 0.9]))))
    return base.replace(status_date=status, progress=tuple(entries))


@settings(max_examples=60, deadline=None)
@given(tracked_networks())
def test_without_ranges_the_forecast_is_the_progress_aware_schedule(project: Project) -> None:
    result = forecast(project, iterations=1)
    assert result.percentile_finish[50] == schedule(project).finish
