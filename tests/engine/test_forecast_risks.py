"""Risks and sensitivity in the Monte Carlo forecast, with tolerances of 5 standard errors."""

from __future__ import annotations

import math

import numpy as np

from headway.engine.forecast import forecast
from headway.engine.forecast_passes import forward
from headway.engine.forecast_risks import draw_risks
from headway.engine.forecast_sampling import SAMPLERS, sample_durations
from headway.engine.forecast_sensitivity import midranks
from headway.engine.network import build_structure
from headway.engine.passes import topological_levels
from headway.io.plan import loads
from headway.model import Project
from headway.model.graph import summary_leaves

N = 20_000
DAY = 480
HEAD = "project: {name: Risks, start: 2027-01-04}\ntasks:\n"
CHAIN = HEAD + """\
  - {id: a, duration: 5d, estimate: 4d/5d/9d}
  - {id: b, duration: 3d, estimate: 2d/3d/4d, after: [a]}
  - {id: side, duration: 1d, estimate: 1d/1d/2d}
"""


def plan(text: str) -> Project:
    return loads(text).project


def test_a_risk_fires_in_about_p_of_iterations() -> None:
    project = plan(CHAIN + "risks:\n  - {id: R-1, title: x, probability: 30%, impacts: [{task: a, delay: 1d}]}\n"
                           "  - {id: R-2, title: y, probability: 0.7%, impacts: [{task: b, delay: 1d}]}\n")
    one, two = forecast(project, iterations=N, seed=1).risks
    for effect, p in ((one, 0.3), (two, 0.007)):
        assert abs(effect.fired_share - p) < 5 * math.sqrt(p * (1 - p) / N)


def _finishes(project: Project, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-iteration durations without and with the risks, and which risks fired, on the same draws."""
    net = build_structure(project, summary_leaves(project))
    levels = topological_levels(len(net.ids), net.src, net.dst)
    assert levels is not None
    out = []
    draws = draw_risks(project, net, N, seed, SAMPLERS)
    for with_risks in (False, True):
        dur = sample_durations(project, net, N, np.random.default_rng(seed)).astype(np.int64)
        if with_risks:
            draws.add(dur)
        es = np.zeros_like(dur)
        forward(net, levels, net.wlag, dur, es)
        out.append((es + dur).max(axis=0))
    return out[0], out[1], draws.fired


def test_a_firing_risk_on_the_critical_path_shifts_the_finish_by_its_delay() -> None:
    project = plan(CHAIN + "risks:\n  - {id: R-1, title: x, probability: 40%, impacts: [{task: b, delay: 2d}]}\n")
    without, with_risk, fired = _finishes(project, seed=2)
    assert np.array_equal(with_risk - without, np.where(fired[0], 2 * DAY, 0))
    result = forecast(project, iterations=N, seed=2)
    (effect,) = result.risks
    riskless = forecast(project.replace(risks=()), iterations=N, seed=2)
    assert effect.p80_without_minutes == riskless.percentile_minutes[80]
    assert effect.p80_delta_minutes == result.percentile_minutes[80] - effect.p80_without_minutes > 0


def test_a_three_point_delay_is_sampled_within_its_range_and_closed_risks_never_fire() -> None:
    project = plan(CHAIN + "risks:\n  - {id: R-1, title: x, probability: 50%, impacts: [{task: a, delay: 1d/2d/6d}]}\n"
                           "  - {id: R-2, title: y, probability: 1, status: closed, impacts: [{task: a, delay: 9d}]}\n")
    without, with_risk, fired = _finishes(project, seed=3)
    shift = (with_risk - without)[fired[0]]
    assert len(fired) == 1 and (shift >= DAY).all() and (shift <= 6 * DAY).all()
    mean, var = 3 * DAY, (1 + 4 + 36 - 2 - 6 - 12) / 18 * DAY**2  # triangular (1, 2, 6) days
    assert abs(shift.mean() - mean) < 5 * math.sqrt(var / len(shift))
    assert (with_risk == without)[~fired[0]].all()


def test_a_risk_off_the_critical_path_moves_nothing() -> None:
    project = plan(CHAIN + "risks:\n  - {id: R-1, title: x, probability: 100%, impacts: [{task: side, delay: 1d}]}\n")
    (effect,) = forecast(project, iterations=2_000).risks
    assert effect.fired_share == 1 and effect.p80_delta_minutes == 0


def test_sensitivity_of_a_dominant_task_is_one_and_of_a_task_off_the_path_zero() -> None:
    project = plan(HEAD + "  - {id: long, duration: 20d, estimate: 18d/20d/30d}\n"
                          "  - {id: short, duration: 3d, estimate: 2d/3d/5d}\n"
                          "  - {id: fixed, duration: 2d, after: [long]}\n")
    result = forecast(project, iterations=N, seed=4)
    assert abs(result.sensitivity["long"] - 1) < 1e-9
    assert abs(result.sensitivity["short"]) < 5 / math.sqrt(N)  # ρ's standard error under independence
    assert result.sensitivity["fixed"] == 0  # its duration never varies


def test_midranks_average_ties_like_a_sort() -> None:
    rng = np.random.default_rng(6)
    values = rng.integers(0, 8, (4, 200))
    values[1] = rng.integers(0, 10**9, 200)  # a long tail takes the distinct-values path
    for row, ranks in zip(values, midranks(values), strict=True):
        order = np.sort(row)
        expected = (np.searchsorted(order, row, "left") + np.searchsorted(order, row, "right") + 1) / 2
        assert np.array_equal(ranks, expected)


def test_default_uncertainty_widens_only_tasks_without_an_estimate() -> None:
    text = HEAD + "  - {id: e, duration: 10d, estimate: 9d/10d/12d}\n  - {id: f, duration: 10d}\n" \
                  "  - {id: m, milestone: true, after: [e, f]}\n"
    project = plan(text.replace("start: 2027-01-04}", "start: 2027-01-04, default_uncertainty: [-10%, +30%]}", 1))
    assert project.default_uncertainty == (-0.1, 0.3)
    net = build_structure(project, summary_leaves(project))
    rows = {tid: i for i, tid in enumerate(net.ids)}
    wide = sample_durations(project, net, N, np.random.default_rng(7))
    plain = sample_durations(project.replace(default_uncertainty=None), net, N, np.random.default_rng(7))
    assert np.array_equal(wide[rows["e"]], plain[rows["e"]])  # the estimate wins
    assert (plain[rows["f"]] == 10 * DAY).all() and (wide[rows["m"]] == 0).all()
    f = wide[rows["f"]]
    a, m, b = 9 * DAY, 10 * DAY, 13 * DAY
    mean, var = (a + m + b) / 3, (a * a + m * m + b * b - a * m - a * b - m * b) / 18
    assert f.min() >= a and f.max() <= b and abs(f.mean() - mean) < 5 * math.sqrt(var / N)
    widened, planned = (forecast(p, iterations=N, seed=7) for p in (project, project.replace(default_uncertainty=None)))
    assert widened.percentile_minutes[90] > planned.percentile_minutes[90]
    assert widened.criticality["f"] > planned.criticality["f"]
