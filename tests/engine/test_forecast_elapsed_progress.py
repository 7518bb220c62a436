"""An elapsed-duration task under way: the forecast counts its remaining time (clock minutes in the
schedule) in project working minutes, as it does its duration, so it agrees with the schedule. And
the per-task percentiles' partial sort against NumPy's own percentiles."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from headway.engine.cpm import schedule
from headway.engine.forecast import forecast
from headway.engine.forecast_tasks import TASK_PERCENTILES, percentile_rows
from headway.io.plan import loads

PLAN = """\
project:
  name: Feedback window
  start: 2027-05-03
  status_date: 2027-05-12
  hours_per_day: {hours}
tasks:
  - id: build
    duration: 3d
  - id: window
    duration: 10ed
    after: build
  - id: ship
    duration: 1d
    after: window
progress:
  - task: build
    date: 2027-05-05
    actual_start: 2027-05-03
    actual_finish: 2027-05-05
  - task: window
    date: 2027-05-12
    actual_start: 2027-05-06
    done: 40%
"""


@pytest.mark.parametrize("hours", [2, 8])
def test_an_elapsed_task_under_way_is_forecast_as_its_working_day_twin(hours: int) -> None:
    """The forecast counts an elapsed day as a working day (its documented approximation): a 10ed task
    40 % done must forecast exactly as a 10d one, remaining time included."""
    elapsed = forecast(loads(PLAN.format(hours=hours)).project, iterations=50, seed=0, task_percentiles=True)
    working = forecast(loads(PLAN.format(hours=hours).replace("10ed", "10d")).project, iterations=50, seed=0,
                       task_percentiles=True)
    assert elapsed.percentile_finish == working.percentile_finish
    assert elapsed.task_finish == working.task_finish


def test_the_forecast_stays_near_the_schedule() -> None:
    """Without ranges every draw is the plan: within the weekend days the approximation adds, not the
    weeks that counting the remaining clock minutes as working minutes did."""
    project = loads(PLAN.format(hours=8)).project  # 8 h: the default calendar's day
    planned = schedule(project)
    result = forecast(project, iterations=50, seed=0)
    assert abs(result.percentile_finish[50] - planned.finish) <= dt.timedelta(days=4), (result.percentile_finish[50],
                                                                                       planned.finish)


@settings(max_examples=60, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(1, 300)), elements=st.integers(0, 10_000)))
def test_task_percentiles_are_numpys_inverted_cdf(values: npt.NDArray[np.int64]) -> None:
    expected = np.percentile(values, TASK_PERCENTILES, axis=1, method="inverted_cdf").T
    assert (percentile_rows(values.copy(), TASK_PERCENTILES) == expected).all()
