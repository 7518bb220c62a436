"""Correlated tasks: the copula keeps each task's distribution and gives the rank correlation
(6/π)·asin(ρ/2); the plan file states groups and reports bad ones."""

from __future__ import annotations

import math

import numpy as np
import pytest

from headway.engine.forecast import correlation_rows, forecast
from headway.engine.forecast_sampling import normal_scores, sample_durations
from headway.engine.forecast_sensitivity import midranks
from headway.engine.network import build_structure
from headway.io.plan import dumps, loads
from headway.model import PlanError, Project
from headway.model.graph import summary_leaves

N = 20_000
DAY = 480
HEAD = "project: {name: Together, start: 2027-01-04}\n"
PAIR = HEAD + """\
tasks:
  - {id: api, duration: 5d, estimate: {low: 3d, likely: 5d, high: 12d, distribution: triangular}}
  - {id: ui, duration: 5d, estimate: {low: 3d, likely: 5d, high: 9d, distribution: pert}}
  - {id: docs, duration: 2d, estimate: 1d/2d/4d}
"""


def draws(project: Project, seed: int = 1) -> dict[str, np.ndarray]:
    leaves = summary_leaves(project)
    net = build_structure(project, leaves)
    groups = correlation_rows(project, net, leaves)
    dur = sample_durations(project, net, N, np.random.default_rng(seed), groups, np.random.default_rng(seed + 1))
    return dict(zip(net.ids, dur, strict=True))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(midranks(x[None, :])[0], midranks(y[None, :])[0])[0, 1])


@pytest.mark.parametrize("rho", [0.3, 0.8])
def test_rank_correlation_of_a_group_is_the_copulas(rho: float) -> None:
    d = draws(loads(PAIR + f"correlations:\n  - {{tasks: [api, ui], coefficient: {rho}}}\n").project)
    expected = 6 / math.pi * math.asin(rho / 2)
    assert abs(spearman(d["api"], d["ui"]) - expected) < 5 / math.sqrt(N)
    assert abs(spearman(d["api"], d["docs"])) < 5 / math.sqrt(N)


def test_each_task_keeps_its_own_distribution() -> None:
    d = draws(loads(PAIR + "correlations:\n  - {tasks: [api, ui], coefficient: 0.7}\n").project)
    a, m, b = 3 * DAY, 5 * DAY, 12 * DAY
    mean, var = (a + m + b) / 3, (a * a + m * m + b * b - a * m - a * b - m * b) / 18
    assert abs(d["api"].mean() - mean) < 5 * math.sqrt(var / N)
    assert abs(d["api"].astype(float).var() - var) < 5 * var * math.sqrt(2 / N)
    a, m, b = 3 * DAY, 5 * DAY, 9 * DAY
    assert abs(d["ui"].mean() - (a + 4 * m + b) / 6) < 5 * math.sqrt((b - a) ** 2 / 36 / N) * 1.5
    assert d["ui"].min() >= a and d["ui"].max() <= b


def test_correlated_lognormal_chain_has_the_closed_form_variance() -> None:
    rho, sigma = 0.6, math.log(1.5) / 1.2815515655446004
    body = HEAD + """\
tasks:
  - {id: a, duration: 4d, estimate: {low: 2d, likely: 4d, high: 6d, distribution: lognormal}}
  - {id: b, duration: 4d, estimate: {low: 2d, likely: 4d, high: 6d, distribution: lognormal}, after: [a]}
correlations:
  - {tasks: [a, b], coefficient: 0.6}
"""
    result = forecast(loads(body).project, iterations=N, seed=5)
    m = 4 * DAY
    one_var = m * m * math.exp(sigma**2) * (math.exp(sigma**2) - 1)
    cov = m * m * math.exp(sigma**2) * (math.exp(rho * sigma**2) - 1)
    mean = 2 * m * math.exp(sigma**2 / 2)
    assert abs(result.mean_minutes - mean) < 5 * math.sqrt((2 * one_var + 2 * cov) / N)
    independent = forecast(loads(body.split("correlations")[0]).project, iterations=N, seed=5)
    assert result.percentile_minutes[90] > independent.percentile_minutes[90]


def test_normal_scores_share_one_factor_per_group() -> None:
    rng = np.random.default_rng(0)
    z = normal_scores(np.array([0, 0, 1]), [0.5, 0.0], rng.standard_normal((2, N)), rng)
    assert abs(np.corrcoef(z[0], z[1])[0, 1] - 0.5) < 5 / math.sqrt(N)
    assert abs(np.corrcoef(z[0], z[2])[0, 1]) < 5 / math.sqrt(N)
    assert abs(z.std(axis=1) - 1).max() < 0.05


def test_groups_round_trip_and_summaries_stand_for_their_subtasks() -> None:
    body = HEAD + """\
tasks:
  - id: build
    tasks:
      - {id: api, duration: 5d, estimate: 3d/5d/12d}
      - {id: ui, duration: 5d, estimate: 3d/5d/9d}
  - {id: docs, duration: 2d, estimate: 1d/2d/4d}
correlations:
  - {tasks: [build, docs], coefficient: 0.4}
"""
    project = loads(body).project
    assert loads(dumps(project)).project == project
    d = draws(project)
    assert spearman(d["api"], d["docs"]) > 0.3 and spearman(d["api"], d["ui"]) > 0.3


def test_bad_groups_are_all_reported_with_their_lines() -> None:
    body = PAIR + """\
correlations:
  - {tasks: [api, nope], coefficient: 0.5}
  - {tasks: [ui], coefficient: 1.5}
  - {tasks: [docs]}
"""
    with pytest.raises(PlanError) as err:
        loads(body)
    found = {(p.code, p.location.line if p.location else None) for p in err.value.problems}
    assert {("unknown_task", 7), ("bad_correlation", 8), ("missing_key", 9)} <= found or len(found) == 3, found


def test_a_task_in_two_groups_is_an_error() -> None:
    body = HEAD + """\
tasks:
  - id: build
    tasks:
      - {id: api, duration: 5d}
  - {id: docs, duration: 2d}
correlations:
  - {tasks: [build, docs], coefficient: 0.4}
  - {tasks: [api], coefficient: 0.2}
"""
    with pytest.raises(PlanError) as err:
        loads(body)
    assert [(p.code, p.entity_id) for p in err.value.problems] == [("correlated_twice", "api")]
