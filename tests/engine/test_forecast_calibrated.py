"""The forecast with a calibration: likely × the person's multiplier, correlated within the project."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from headway.engine.calibration import calibrate
from headway.engine.forecast import forecast
from headway.io.plan import loads
from headway.model import EstimateRecord

N = 20_000
DAY = 480
PLAN = """\
project: {name: Cal, start: 2027-01-04}
resources: [{id: al}, {id: bo}]
tasks:
  - {id: a, duration: 10d, estimate: 9d/10d/11d, assign: [al]}
  - {id: b, duration: 10d, assign: [bo]}
"""


def history(person: str, mu: float, n: int, seed: int) -> list[EstimateRecord]:
    rng = np.random.default_rng(seed)
    return [EstimateRecord(person, f"p{i % 7}", f"t{i}", 80.0, 80.0 * math.exp(rng.normal(mu, 0.25)),
                           dt.date(2026, 1, 1), dt.date(2026, 3, 1)) for i in range(n)]


def test_each_task_draws_its_persons_multiplier_on_its_likely_duration() -> None:
    cal = calibrate(history("al", 0.5, 400, 1) + history("bo", 0.0, 400, 2), size_effect=False, correlation=0.0)
    result = forecast(loads(PLAN).project, iterations=N, seed=3, calibration=cal)
    # a and b run in parallel: the finish is the later of likely × al's and likely × bo's multiplier
    u = np.random.default_rng(9).random((2, N))
    a = 10 * DAY * cal.quantile("al", u[0])
    b = 10 * DAY * cal.quantile("bo", u[1])
    expected = np.percentile(np.maximum(a, b), 80)
    assert abs(result.percentile_minutes[80] - expected) < 0.02 * expected
    assert result.criticality["a"] > 0.85  # al overruns by about e^0.5 ≈ 1.65×, bo not


def test_without_any_history_the_estimates_stand() -> None:
    project = loads(PLAN).project
    plain = forecast(project, iterations=2_000, seed=1)
    assert forecast(project, iterations=2_000, seed=1, calibration=calibrate([])).percentile_minutes == \
        plain.percentile_minutes
