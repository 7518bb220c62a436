"""Calibration from history: quantiles, shrinkage toward the pool, the size effect, the copula,
and records taken from a plan's progress. Oracles: closed forms (lognormal quantiles, the normal
distribution of the standard library) and hand-worked mixtures."""

from __future__ import annotations

import datetime as dt
import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headway.engine.calibration import (
    Calibration,
    Sample,
    calibrate,
    correlated_uniforms,
    intraclass_correlation,
    mixture_table,
    normal_cdf,
    normal_ppf,
    records_from_project,
)
from headway.io.plan import loads
from headway.model import EstimateRecord

DAY0 = dt.date(2025, 1, 6)
Z80 = NormalDist().inv_cdf(0.8)


def rec(person: str, estimate: float, actual: float, day: int = 0, project: str = "p") -> EstimateRecord:
    return EstimateRecord(person, project, f"t{day}", estimate, actual, DAY0, DAY0 + dt.timedelta(days=day))


def plain(records: list[EstimateRecord], **kw: float) -> Calibration:
    """No recency weighting and no size effect: the distribution is the plain (mixed) empirical one."""
    return calibrate(records, half_life_days=None, size_effect=False, correlation=0.0, **kw)


def test_normal_helpers_match_the_standard_library() -> None:
    x = np.linspace(-6, 6, 241)
    assert np.allclose(normal_cdf(x), [NormalDist().cdf(v) for v in x], atol=2e-7)
    p = np.concatenate([np.linspace(1e-6, 0.02, 50), np.linspace(0.02, 0.98, 97), 1 - np.linspace(1e-6, 0.02, 50)])
    assert np.allclose(normal_ppf(p), [NormalDist().inv_cdf(v) for v in p], rtol=1e-8, atol=1e-8)


def test_without_history_the_estimate_is_trusted() -> None:
    cal = calibrate([])
    assert cal.points("ana") == 0
    assert np.array_equal(cal.quantile("ana", np.array([0.1, 0.9])), [1.0, 1.0])


def test_a_person_with_ties_gets_the_tie_as_a_flat_step() -> None:
    cal = plain([rec("ana", 2, 2, d) for d in range(40)])
    assert np.allclose(cal.quantile("ana", np.array([0.01, 0.5, 0.8, 0.99])), 1.0)


def test_quantile_is_vectorised_over_any_shape_and_monotone() -> None:
    records = [rec("ana", 1, r, d) for d, r in enumerate(np.linspace(0.5, 3, 30))]
    cal = plain(records)
    u = np.linspace(0.01, 0.99, 24).reshape(2, 3, 4)
    out = cal.quantile("ana", u)
    assert out.shape == (2, 3, 4)
    assert np.all(np.diff(out.ravel()) >= 0)


def test_hazen_interpolation_between_atoms() -> None:
    # atoms 1, 2, 4 (log ratios 0, ln2, ln4) at mid-cumulative 1/6, 1/2, 5/6; the median is the middle atom
    cal = plain([rec("ana", 1, r, d) for d, r in enumerate([1.0, 2.0, 4.0])], shrinkage=0)
    assert cal.quantile("ana", np.array([0.5]))[0] == pytest.approx(2.0)
    assert cal.quantile("ana", np.array([2 / 3]))[0] == pytest.approx(math.exp(1.5 * math.log(2)))
    assert cal.quantile("ana", np.array([0.99]))[0] == pytest.approx(4.0)


def test_shrinkage_weight_is_n_over_n_plus_k_and_unknown_people_get_the_pool() -> None:
    records = [rec("ana", 1, 2, d) for d in range(10)] + [rec("ben", 1, 1, d) for d in range(30)]
    cal = plain(records, shrinkage=10)
    assert (cal.points("ana"), cal.points("ben"), cal.points("cy"), cal.points(None)) == (10, 30, 0, 0)
    assert cal.weight("ana") == pytest.approx(0.5)
    assert cal.weight("ben") == pytest.approx(0.75)
    # ana: ½ own (all ratio 2) + ½ pool (10/40 at 2, 30/40 at 1) → P(ratio 2) = 0.5 + 0.125
    assert cal.cdf("ana", np.array([1.5]))[0] == pytest.approx(0.375)
    assert cal.cdf("cy", np.array([1.5]))[0] == pytest.approx(0.75)
    assert np.array_equal(cal.quantile("cy", np.array([0.3, 0.9])), cal.quantile(None, np.array([0.3, 0.9])))


def test_mixture_table_matches_a_direct_weighted_cdf() -> None:
    rng = np.random.default_rng(1)
    own, pool = Sample.of(rng.normal(0.3, 0.2, 25)), Sample.of(rng.normal(0, 0.5, 400))
    table = mixture_table(own, pool, 0.4)
    x = np.linspace(-1, 1, 17)
    direct = 0.4 * (own.values[:, None] <= x).mean(axis=0) + 0.6 * (pool.values[:, None] <= x).mean(axis=0)
    assert np.allclose(table.mid_cdf(x), direct)  # no ties: the mid-CDF is the CDF
    assert np.all(np.diff(table.values) >= 0)


def test_as_of_keeps_only_tasks_finished_by_then() -> None:
    records = [rec("ana", 1, 1, d) for d in range(10)] + [rec("ana", 1, 5, 20 + d) for d in range(10)]
    cal = plain(records, as_of=DAY0 + dt.timedelta(days=9))
    assert cal.points("ana") == 10
    assert cal.quantile("ana", np.array([0.9]))[0] == pytest.approx(1.0)


def test_recency_weighting_follows_the_latest_behaviour() -> None:
    old = [rec("ana", 1, 1, d) for d in range(50)]
    new = [rec("ana", 1, 2, 400 + d) for d in range(50)]
    recent = calibrate(old + new, half_life_days=30, size_effect=False, correlation=0.0)
    assert recent.quantile("ana", np.array([0.2]))[0] == pytest.approx(2.0)
    assert plain(old + new).quantile("ana", np.array([0.2]))[0] == pytest.approx(1.0)


def test_size_effect_recovers_the_slope_of_log_ratio_on_log_estimate() -> None:
    rng = np.random.default_rng(7)
    estimates = np.exp(rng.uniform(0, 4, 3000))
    ratios = np.exp(-0.2 * np.log(estimates) + rng.normal(0, 0.3, 3000))
    pairs = enumerate(zip(estimates, ratios, strict=True))
    records = [rec("ana", float(e), float(e * r), i % 50) for i, (e, r) in pairs]
    cal = calibrate(records, half_life_days=None, correlation=0.0)
    assert cal.size.slope == pytest.approx(-0.2, abs=0.02)
    small, large = cal.quantile("ana", np.array([0.5]), 1.0)[0], cal.quantile("ana", np.array([0.5]), 50.0)[0]
    assert small / large == pytest.approx(50**0.2, rel=0.1)


@settings(max_examples=25, deadline=None)
@given(mu=st.floats(-1, 1), sigma=st.floats(0.1, 1.5), seed=st.integers(0, 2**32 - 1))
def test_calibrated_p80_converges_to_the_true_lognormal_quantile(mu: float, sigma: float, seed: int) -> None:
    n = 4000
    rng = np.random.default_rng(seed)
    ratios = np.exp(rng.normal(mu, sigma, n))
    cal = plain([rec("ana", 1.0, float(r), i % 100) for i, r in enumerate(ratios)])
    got = math.log(cal.quantile("ana", np.array([0.8]))[0])
    # standard error of a sample quantile: √(p(1−p)/n) / density at the quantile
    se = math.sqrt(0.8 * 0.2 / n) / NormalDist().pdf(Z80) * sigma
    assert abs(got - (mu + Z80 * sigma)) < 5 * se


def test_intraclass_correlation_recovers_a_known_rho() -> None:
    rng = np.random.default_rng(3)
    groups = np.repeat(np.arange(200), 30)
    z = math.sqrt(0.3) * rng.standard_normal(200)[groups] + math.sqrt(0.7) * rng.standard_normal(len(groups))
    assert intraclass_correlation(z, groups) == pytest.approx(0.3, abs=0.06)
    assert intraclass_correlation(rng.standard_normal(6000), groups) == pytest.approx(0.0, abs=0.03)


def test_correlated_uniforms_are_uniform_and_correlate_within_groups() -> None:
    rng = np.random.default_rng(5)
    groups = np.array([0, 0, 1], np.int64)
    u = correlated_uniforms(rng, 40_000, groups, 0.5)
    assert u.shape == (40_000, 3)
    assert np.allclose(u.mean(axis=0), 0.5, atol=0.01)
    z = normal_ppf(u)
    assert np.corrcoef(z[:, 0], z[:, 1])[0, 1] == pytest.approx(0.5, abs=0.02)
    assert np.corrcoef(z[:, 0], z[:, 2])[0, 1] == pytest.approx(0.0, abs=0.02)


def test_calibration_estimates_a_within_project_correlation() -> None:
    rng = np.random.default_rng(11)
    records = []
    for project in range(60):
        shift = rng.normal(0, 0.4)
        for i in range(20):
            records.append(rec(f"p{project % 5}", 1.0, float(np.exp(shift + rng.normal(0, 0.4))), i, f"P{project}"))
    cal = calibrate(records, half_life_days=None, size_effect=False, window_days=None)
    assert 0.3 < cal.correlation < 0.7  # true ICC of the log errors is 0.5


PLAN = """\
project: {name: P, start: 2027-01-04, status_date: 2027-01-20}
resources:
  - {id: ana}
  - {id: ben}
tasks:
  - {id: a, duration: 2d, assign: [ana]}
  - {id: b, duration: 1d, owner: ben, after: [a]}
  - {id: c, effort: 10h, assign: [ben], after: [b]}
  - {id: d, duration: 5d, after: [c]}
  - {id: m, milestone: true, after: [d]}
progress:
  - {date: 2027-01-06, task: a, actual_start: 2027-01-04, actual_finish: 2027-01-06}
  - {date: 2027-01-08, task: b, actual_start: '2027-01-07T08:00', actual_finish: '2027-01-07T12:00'}
  - {date: 2027-01-12, task: c, actual_start: 2027-01-08, actual_finish: 2027-01-11}
  - {date: 2027-01-13, task: d, actual_start: 2027-01-12, done: 50%}
  - {date: 2027-01-20, task: m, actual_finish: 2027-01-20}
timesheets:
  - {date: 2027-01-08, resource: ben, task: c, work: 8h}
  - {date: 2027-01-11, resource: ben, task: c, work: 4h, overtime: 1h}
"""


def test_records_from_project_take_finished_leaf_tasks_with_actual_dates() -> None:
    records = {r.task: r for r in records_from_project(loads(PLAN).project)}
    assert set(records) == {"a", "b", "c"}  # d is unfinished, m is a milestone
    a, b, c = records["a"], records["b"], records["c"]
    assert (a.person, a.estimate, a.actual, a.finished_on) == ("ana", 16.0, 24.0, dt.date(2027, 1, 6))
    assert (b.person, b.estimate, b.actual, b.finished_on) == ("ben", 8.0, 4.0, dt.date(2027, 1, 7))
    assert (c.person, c.estimate, c.actual) == ("ben", 10.0, 13.0)  # booked work + overtime
    assert all(r.project == "P" and r.estimated_on == dt.date(2027, 1, 4) for r in records.values())
    cal = calibrate(records.values())
    assert cal.points("ben") == 2
