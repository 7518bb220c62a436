"""Monte Carlo duration samples: every leaf task's duration for all iterations at once.

A task with an estimate draws from it (triangular, PERT-beta or lognormal); one without keeps
its planned duration, unless the project sets ``default_uncertainty`` (low, high): then it is
triangular (duration × (1 + low), duration, duration × (1 + high)). Lognormal estimates are
fitted so the median is ``likely`` and the 90th percentile ``pessimistic``, since those two pin
both parameters: μ = ln likely, σ = ln(pessimistic / likely) / z₀.₉₀; ``optimistic`` is not used.
Elapsed durations are scaled to project working minutes at ``hours_per_day`` per 24 hours.

Calibrated tasks (a ``Calibrated`` set of rows: the forecast was given the team's estimate
history) draw ``likely × multiplier`` instead, the multiplier from the quantile function of
their person's actual/estimate distribution; unless in a group of their own they share one
project-wide factor with the history's within-project correlation.

Tasks in a correlation group are drawn through a one-factor Gaussian copula: each gets the
normal score √ρ·F + √(1−ρ)·ε (F shared by the group in an iteration, ε its own) and goes
through its distribution's quantile function, so every task keeps its own distribution while
the group's draws rise and fall together; their rank correlation is (6/π)·asin(ρ/2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.network import Network
from headway.engine.worktime import IntArray
from headway.model import Distribution, Project

FloatArray = npt.NDArray[np.float64]
Sampler = Callable[[np.random.Generator, FloatArray, FloatArray, FloatArray, int], FloatArray]
Quantile = Callable[[FloatArray, FloatArray, FloatArray, FloatArray], FloatArray]
ThreePoints = dict[Distribution, tuple[list[int], list[tuple[int, int, int]]]]
Z90 = 1.2815515655446004  # standard normal 90th percentile


@dataclass(frozen=True)
class Calibrated:
    """Rows whose duration is ``likely`` (working minutes) × a multiplier from ``quantile(person, u,
    estimate hours)`` (the multiplier may depend on the size of the estimate)."""

    rows: IntArray
    likely: FloatArray
    people: Sequence[str | None]
    quantile: Callable[[str | None, FloatArray, FloatArray], FloatArray]
    correlation: float


def sample_durations(project: Project, net: Network, iterations: int, rng: np.random.Generator,
                     correlated: Sequence[tuple[IntArray, float]] = (),
                     scores_rng: np.random.Generator | None = None, calibrated: Calibrated | None = None) -> IntArray:
    """Durations in working minutes, shape tasks × iterations (rows are contiguous per task).

    ``correlated`` lists groups of rows with their coefficient ρ, drawn through the copula with
    normal scores from ``scores_rng`` (so the other rows' draws from ``rng`` do not change).
    32-bit integers when no path can reach 2³¹ minutes (half the memory traffic), else 64-bit.
    """
    base = planned_minutes(project, net)
    group_of = np.full(len(base), -1, np.int64)
    for g, (members, _) in enumerate(correlated):
        group_of[members] = g
    rhos = [rho for _, rho in correlated]
    scores_rng = scores_rng or rng
    factor = scores_rng.standard_normal((len(rhos), iterations)) if rhos else np.zeros((0, iterations))
    drawn = []
    longest = base.copy()
    skip = calibrated.rows if calibrated is not None else np.zeros(0, np.int64)
    if calibrated is not None and len(calibrated.rows):
        sample = _calibrated(calibrated, group_of, rhos, factor, scores_rng)
        longest[calibrated.rows] = sample.max(axis=1)
        drawn.append((calibrated.rows.tolist(), sample))
    for distribution, (rows, values) in three_points(project, net, base, skip).items():
        if not rows:
            continue
        a, m, b = (np.array(v, np.float64)[:, None] for v in zip(*values, strict=True))
        tied = group_of[rows] >= 0
        if not tied.any():
            sample = SAMPLERS[distribution](rng, a, m, b, iterations)
        else:
            sample = np.empty((len(rows), iterations))
            free = ~tied
            sample[free] = SAMPLERS[distribution](rng, a[free], m[free], b[free], iterations)
            z = normal_scores(group_of[rows][tied], rhos, factor, scores_rng)
            sample[tied] = QUANTILES[distribution](a[tied], m[tied], b[tied], z)
        np.rint(sample, out=sample)
        longest[rows] = sample.max(axis=1)
        drawn.append((rows, sample))
    bound = float(longest.astype(np.float64).sum() + np.abs(net.wlag).sum() + np.abs(net.elag).sum())
    out: IntArray = np.repeat(base[:, None].astype(np.int32 if bound < 2**31 - 1 else np.int64), iterations, axis=1)
    for rows, sample in drawn:
        out[rows] = sample
    return out


def planned_minutes(project: Project, net: Network) -> IntArray:
    """Each leaf's planned duration in project working minutes (elapsed ones scaled)."""
    per_day = round(project.working_time.hours_per_day * 60)
    out: IntArray = np.where(net.elapsed, net.dur * per_day // 1440, net.dur).astype(np.int64)
    return out


def three_points(project: Project, net: Network, base: IntArray, skip: IntArray | None = None) -> ThreePoints:
    """Rows with a range (except ``skip``), per distribution, and their (optimistic, likely, pessimistic)
    minutes."""
    settings = project.working_time
    per_day = round(settings.hours_per_day * 60)
    points: ThreePoints = {d: ([], []) for d in Distribution}
    spread = project.default_uncertainty
    skipped = set(skip.tolist()) if skip is not None else set()
    for i, task in enumerate(net.tasks):
        if i in skipped:
            continue
        if task.estimate is not None:
            e = task.estimate
            rows, values = points[e.distribution]
            rows.append(i)
            low, likely, high = (d.minutes(settings) * (per_day if d.elapsed else 1440) // 1440
                                 for d in (e.optimistic, e.most_likely, e.pessimistic))
            values.append((low, likely, high))
        elif spread is not None and base[i] > 0:
            rows, values = points[Distribution.TRIANGULAR]
            rows.append(i)
            values.append((round(base[i] * (1 + spread[0])), int(base[i]), round(base[i] * (1 + spread[1]))))
    return points


def _calibrated(cal: Calibrated, group_of: IntArray, rhos: Sequence[float], factor: FloatArray,
                rng: np.random.Generator) -> FloatArray:
    """``likely × multiplier`` per calibrated row and iteration (rounded to whole minutes); rows outside
    a correlation group share one more factor with the history's correlation."""
    from scipy import special  # imported when first needed: it costs 0.2 s at start-up
    group = group_of[cal.rows].copy()
    group[group < 0] = len(rhos)
    extra = rng.standard_normal((1, factor.shape[1]))
    z = normal_scores(group, [*rhos, cal.correlation], np.vstack([factor, extra]), rng)
    u = special.ndtr(z)
    out = np.empty_like(u)
    people = np.array([p if p is not None else "" for p in cal.people], dtype=object)
    for person in dict.fromkeys(people.tolist()):
        mine = np.flatnonzero(people == person)
        out[mine] = cal.quantile(person or None, u[mine], cal.likely[mine, None] / 60)
    out *= cal.likely[:, None]
    np.rint(out, out=out)
    return out


def normal_scores(group: IntArray, rho: Sequence[float], factor: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Standard normal scores, one row per entry of ``group`` (a group number per row):
    √ρ_g·F_g + √(1−ρ_g)·ε, with ``factor`` F one common draw per group (row) and iteration (column)."""
    iterations = factor.shape[1]
    weight = np.sqrt(np.asarray(rho, np.float64))[group][:, None]
    out: FloatArray = weight * factor[group]
    out += np.sqrt(1 - weight**2) * rng.standard_normal((len(group), iterations))
    return out


def _triangular(rng: np.random.Generator, a: FloatArray, m: FloatArray, b: FloatArray, n: int) -> FloatArray:
    flat = (b == a)[:, 0]
    if not flat.any():
        drawn: FloatArray = rng.triangular(a, m, b, (len(a), n))
        return drawn
    out = np.repeat(a, n, axis=1)
    if not flat.all():
        out[~flat] = rng.triangular(a[~flat], m[~flat], b[~flat], (int((~flat).sum()), n))
    return out


def _pert(rng: np.random.Generator, a: FloatArray, m: FloatArray, b: FloatArray, n: int) -> FloatArray:
    """PERT-beta: α = 1 + 4(m−a)/(b−a), β = 1 + 4(b−m)/(b−a), scaled to [a, b]."""
    span = np.where(b > a, b - a, 1.0)
    alpha, beta = 1 + 4 * (m - a) / span, 1 + 4 * (b - m) / span
    out: FloatArray = rng.beta(alpha, beta, (len(a), n))
    out *= b - a
    out += a
    return out


def _lognormal(rng: np.random.Generator, a: FloatArray, m: FloatArray, b: FloatArray, n: int) -> FloatArray:
    """Lognormal with median m and 90th percentile b: μ = ln m, σ = (ln b − ln m) / z₀.₉₀."""
    positive = m > 0
    mu = np.log(np.where(positive, m, 1.0))
    sigma = np.where(positive, (np.log(np.maximum(b, m) / np.where(positive, m, 1.0))) / Z90, 0.0)
    out: FloatArray = rng.lognormal(mu, sigma, (len(m), n))
    out[~positive[:, 0]] = 0.0
    return out


SAMPLERS: dict[Distribution, Sampler] = {
    Distribution.TRIANGULAR: _triangular, Distribution.PERT: _pert, Distribution.LOGNORMAL: _lognormal}


def _triangular_at(a: FloatArray, m: FloatArray, b: FloatArray, z: FloatArray) -> FloatArray:
    """Triangular quantile at u = Φ(z): a + √(u(b−a)(m−a)) up to the mode, b − √((1−u)(b−a)(b−m)) above."""
    from scipy import special  # imported when first needed: it costs 0.2 s at start-up
    u = special.ndtr(z)
    span = b - a
    left = a + np.sqrt(u * span * (m - a))
    right = b - np.sqrt((1 - u) * span * (b - m))
    out: FloatArray = np.where(u * span < m - a, left, right)
    return out


def _pert_at(a: FloatArray, m: FloatArray, b: FloatArray, z: FloatArray) -> FloatArray:
    """PERT-beta quantile at Φ(z): the inverse regularised incomplete beta function, scaled to [a, b]."""
    from scipy import special  # imported when first needed: it costs 0.2 s at start-up
    span = np.where(b > a, b - a, 1.0)
    alpha, beta = 1 + 4 * (m - a) / span, 1 + 4 * (b - m) / span
    out: FloatArray = a + (b - a) * special.betaincinv(alpha, beta, special.ndtr(z))
    return out


def _lognormal_at(a: FloatArray, m: FloatArray, b: FloatArray, z: FloatArray) -> FloatArray:
    """Lognormal with median m and 90th percentile b at normal score z: m·exp(σz)."""
    positive = m > 0
    safe = np.where(positive, m, 1.0)
    sigma = np.log(np.maximum(b, m) / safe) / Z90
    out: FloatArray = np.where(positive, safe * np.exp(sigma * z), 0.0)
    return out


QUANTILES: dict[Distribution, Quantile] = {
    Distribution.TRIANGULAR: _triangular_at, Distribution.PERT: _pert_at, Distribution.LOGNORMAL: _lognormal_at}
