"""Monte Carlo forecast against closed forms, with tolerances of 5 standard errors."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from headway.engine.cpm import schedule
from headway.engine.forecast import forecast
from headway.engine.forecast_passes import forward
from headway.engine.forecast_sampling import sample_durations
from headway.engine.network import build_structure
from headway.engine.passes import topological_levels
from headway.io.plan import loads
from headway.model import Project
from headway.model.graph import summary_leaves

N = 20_000
DAY = 480
HEAD = "project: {name: Odds, start: 2027-01-04}\ntasks:\n"


def plan(tasks: str) -> Project:
    return loads(HEAD + tasks).project


def tri_mean_var(a: float, m: float, b: float) -> tuple[float, float]:
    return (a + m + b) / 3, (a * a + m * m + b * b - a * m - a * b - m * b) / 18


def tri_cdf(x: np.ndarray, a: float, m: float, b: float) -> np.ndarray:
    left = (x - a) ** 2 / ((b - a) * (m - a))
    right = 1 - (b - x) ** 2 / ((b - a) * (b - m))
    return np.where(x >= b, 1.0, np.clip(np.where(x <= m, left, right), 0, 1) * (x >= a))


def test_chain_of_triangular_tasks_sums_means_and_variances() -> None:
    points = [(2, 3, 6), (1, 4, 5), (3, 3.5, 10), (2, 5, 6)]
    tasks = "".join(f"  - {{id: t{i}, duration: {m}d, estimate: {a}d/{m}d/{b}d"
                    + (f", after: [t{i - 1}]" if i else "") + "}\n" for i, (a, m, b) in enumerate(points))
    project = plan(tasks)
    mean = sum(tri_mean_var(a, m, b)[0] for a, m, b in points) * DAY
    var = sum(tri_mean_var(a, m, b)[1] for a, m, b in points) * DAY**2
    assert abs(forecast(project, iterations=N, seed=1).mean_minutes - mean) < 5 * math.sqrt(var / N)
    samples = _finishes(project, N, seed=2)
    assert abs(samples.mean() - mean) < 5 * math.sqrt(var / N)
    assert abs(samples.var() - var) < 5 * var * math.sqrt(2 / N)


def _finishes(project: Project, iterations: int, seed: int) -> np.ndarray:
    """Per-iteration project durations, via the engine's own sampling and forward pass."""
    net = build_structure(project, summary_leaves(project))
    levels = topological_levels(len(net.ids), net.src, net.dst)
    assert levels is not None
    dur = sample_durations(project, net, iterations, np.random.default_rng(seed))
    es = np.zeros_like(dur)
    forward(net, levels, net.wlag, dur, es)
    out: np.ndarray = (es + dur).max(axis=0)
    return out


def test_parallel_paths_show_merge_bias_against_the_product_of_cdfs() -> None:
    x, y = (8, 10, 16), (6, 11, 14)
    project = plan(f"  - {{id: x, duration: 10d, estimate: {x[0]}d/{x[1]}d/{x[2]}d}}\n"
                   f"  - {{id: y, duration: 11d, estimate: {y[0]}d/{y[1]}d/{y[2]}d}}\n"
                   "  - {id: done, milestone: true, after: [x, y]}\n")
    grid = np.linspace(0, 16, 160_001)
    cdf = tri_cdf(grid, *x) * tri_cdf(grid, *y)  # P(max <= t) for independent durations
    step = grid[1] - grid[0]
    mean_max = float(((1 - cdf[:-1]) + (1 - cdf[1:])).sum() / 2 * step) * DAY
    second = float((2 * grid * (1 - cdf)).sum() * step) * DAY**2
    var_max = second - mean_max**2
    samples = _finishes(project, N, seed=3)
    assert abs(samples.mean() - mean_max) < 5 * math.sqrt(var_max / N)
    assert samples.mean() > max(tri_mean_var(*x)[0], tri_mean_var(*y)[0]) * DAY + 5 * math.sqrt(var_max / N)
    for t in (10, 11.5, 13):
        p = float(np.interp(t, grid, cdf))
        assert abs((samples <= t * DAY).mean() - p) < 5 * math.sqrt(p * (1 - p) / N)
    result = forecast(project, iterations=N, seed=3)
    assert result.mean_minutes == pytest.approx(float(samples.mean()))


def test_pert_mean_and_lognormal_fit() -> None:
    project = plan("  - {id: p, duration: 10d, estimate: {low: 8d, likely: 10d, high: 16d, distribution: pert}}\n")
    mean = (8 + 4 * 10 + 16) / 6 * DAY
    sd = math.sqrt((mean - 8 * DAY) * (16 * DAY - mean) / 7)  # PERT-beta variance (μ−a)(b−μ)/7
    assert abs(forecast(project, iterations=N).mean_minutes - mean) < 5 * sd / math.sqrt(N)
    project = plan("  - {id: l, duration: 10d, estimate: {low: 8d, likely: 10d, high: 16d, distribution: lognormal}}\n")
    result = forecast(project, iterations=N, seed=4)
    sigma = math.log(16 / 10) / NormalDist().inv_cdf(0.9)
    for q in (50, 90):
        se = 5 * math.sqrt(q / 100 * (1 - q / 100) / N)
        lo, hi = (10 * DAY * math.exp(sigma * NormalDist().inv_cdf(q / 100 + d)) for d in (-se, se))
        assert lo <= result.percentile_minutes[q] <= hi


def test_seeded_runs_are_reproducible() -> None:
    project = plan("  - {id: a, duration: 3d, estimate: 2d/3d/9d}\n  - {id: b, duration: 2d, estimate: 1d/2d/6d}\n")
    one, two = forecast(project, iterations=500, seed=7), forecast(project, iterations=500, seed=7)
    assert one == two
    assert forecast(project, iterations=500, seed=8).mean_minutes != one.mean_minutes


MIXED = """\
  - {id: a, duration: 3d}
  - {id: b, duration: 2d, after: [{task: a, type: SS, lag: 1d}]}
  - {id: c, duration: 4d, after: [{task: a, type: FF, lag: 2d}]}
  - {id: d, duration: 1d, after: [{task: b, type: SF}, {task: c, lag: -1d}]}
  - {id: e, duration: 2d, after: [d], constraint: {type: SNET, date: 2027-01-13}}
  - {id: f, milestone: true, after: [e]}
"""


def test_without_estimates_every_iteration_is_the_cpm_schedule() -> None:
    project = plan(MIXED)
    cpm = schedule(project)
    result = forecast(project, iterations=50)
    assert set(result.percentile_minutes.values()) == {cpm.duration_minutes}
    assert result.mean_minutes == cpm.duration_minutes
    assert result.percentile_finish[50] == cpm.finish
    critical = {tid for tid, share in result.criticality.items() if share == 1}
    assert critical == {t.id for t in cpm.tasks if t.critical}


def test_a_task_without_estimate_keeps_its_duration() -> None:
    project = plan("  - {id: a, duration: 3d, estimate: 2d/3d/9d}\n  - {id: b, duration: 2d, after: [a]}\n"
                   "  - {id: c, duration: 10d}\n")
    result = forecast(project, iterations=N, seed=5)
    assert result.percentile_minutes[10] == 10 * DAY  # c alone is 10d; a + b exceeds it in under 10% of runs
    assert result.criticality["c"] > 0.9


def test_criticality_of_a_dominant_path_is_one() -> None:
    project = plan("  - {id: long, duration: 20d, estimate: 18d/20d/30d}\n"
                   "  - {id: short, duration: 3d, estimate: 2d/3d/5d}\n"
                   "  - {id: end, milestone: true, after: [long, short]}\n")
    result = forecast(project, iterations=2_000)
    assert result.criticality == {"long": 1.0, "short": 0.0, "end": 1.0}


def test_deadline_odds_match_the_triangular_cdf() -> None:
    project = plan("  - {id: a, duration: 10d, estimate: 8d/10d/16d, deadline: 2027-01-15}\n")
    (odds,) = forecast(project, iterations=N, seed=6).deadlines
    p = float(tri_cdf(np.array([10.0]), 8, 10, 16)[0])  # 10 working days end on Friday 15 January
    assert odds.task == "a" and abs(odds.probability - p) < 5 * math.sqrt(p * (1 - p) / N)


def test_elapsed_estimates_scale_like_elapsed_durations() -> None:
    planned = forecast(plan("  - {id: a, duration: 6ed}\n"), iterations=10)
    flat = forecast(plan("  - {id: a, duration: 6ed, estimate: 6ed/6ed/6ed}\n"), iterations=10)
    assert flat.percentile_minutes == planned.percentile_minutes == dict.fromkeys((10, 50, 80, 90), 6 * DAY)
