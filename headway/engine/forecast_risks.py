"""Risk register in the Monte Carlo forecast: which open risks fire in which iteration, and their delays.

Each open risk fires in an iteration with its probability (one Bernoulli draw per risk per
iteration, all at once); when it does, each impact's delay — fixed, or sampled from its
three-point estimate — is added to that task's duration in that iteration, and its cost to
that iteration's total. Impacts on tasks already complete no longer fire. Draws come from a
stream of their own, so a run's task durations are the same with or without risks, and removing
a risk changes nothing but its own delays.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from headway.engine.network import Network
from headway.engine.worktime import IntArray
from headway.model import Distribution, Duration, Estimate, Project, RiskStatus, WorkingTimeSettings

FloatArray = npt.NDArray[np.float64]
Sampler = Callable[[np.random.Generator, FloatArray, FloatArray, FloatArray, int], FloatArray]


@dataclass(frozen=True, slots=True)
class RiskDraws:
    """Open risks in plan order; ``fired`` is risks × iterations; each impact is (risk, task row, minutes);
    ``cost`` is the cost of the risks fired in each iteration."""

    ids: tuple[str, ...]
    fired: npt.NDArray[np.bool_]
    impacts: tuple[tuple[int, int, IntArray], ...]
    cost: FloatArray

    def add(self, dur: IntArray, sign: int = 1, only: int | None = None) -> None:
        """Add (``sign`` −1: remove) the delays of every risk, or of risk ``only``, to ``dur`` in place."""
        for risk, row, minutes in self.impacts:
            if only is None or risk == only:
                dur[row] += sign * minutes.astype(dur.dtype)

    def longest(self) -> int:
        """An upper bound of the minutes all risks together add to any path."""
        return sum(int(m.max(initial=0)) for _, _, m in self.impacts)


def draw_risks(project: Project, net: Network, iterations: int, seed: int,
               samplers: Mapping[Distribution, Sampler], frozen: Collection[int] = ()) -> RiskDraws:
    """Fire the open risks of ``project`` and sample their delays on the tasks of ``net`` (except
    the ``frozen`` rows: tasks already complete)."""
    risks = [r for r in project.risks if r.status is RiskStatus.OPEN]
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    fired = rng.random((len(risks), iterations)) < np.array([r.probability for r in risks])[:, None]
    index = {tid: i for i, tid in enumerate(net.ids)}
    per_day = round(project.working_time.hours_per_day * 60)
    impacts = []
    cost = np.zeros(iterations)
    for k, risk in enumerate(risks):
        for impact in risk.impacts:
            if impact.task not in index or index[impact.task] in frozen:
                continue
            if impact.cost:
                cost += fired[k] * impact.cost
            if impact.delay is not None:
                delay = _sample(impact.delay, project.working_time, per_day, rng, iterations, samplers)
                impacts.append((k, index[impact.task], np.where(fired[k], delay, 0)))
    return RiskDraws(tuple(r.id for r in risks), fired, tuple(impacts), cost)


def _sample(delay: Estimate | Duration, settings: WorkingTimeSettings, per_day: int, rng: np.random.Generator,
            iterations: int, samplers: Mapping[Distribution, Sampler]) -> IntArray:
    """A delay in project working minutes per iteration (elapsed ones scaled like elapsed durations)."""
    def minutes(d: Duration) -> int:
        return d.minutes(settings) * (per_day if d.elapsed else 1440) // 1440

    if isinstance(delay, Duration):
        return np.full(iterations, minutes(delay), np.int64)
    a, m, b = (np.array([[minutes(d)]], np.float64) for d in (delay.optimistic, delay.most_likely, delay.pessimistic))
    drawn = samplers[delay.distribution](rng, a, m, b, iterations)[0]
    out: IntArray = np.rint(drawn).astype(np.int64)
    return out
