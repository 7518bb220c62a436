"""Monte Carlo schedule risk: ``forecast(project) -> Forecast``, a pure function of the plan.

Every leaf task's duration is sampled for all iterations at once from its three-point
estimate; a forward pass over the topological levels, vectorised over iterations, gives the
project duration per iteration, and a backward pass gives each task's total float, hence its
criticality index (share of iterations with zero float).

Approximations of this first slice, on purpose: time is counted in working minutes of the
project calendar (task calendars, elapsed durations and elapsed lags are scaled to it, at
``hours_per_day`` per 24 hours for the elapsed ones); every link is a start-to-start offset
(lag, + the predecessor's duration from a finish, − the successor's to a finish); earliest
starts honour the project start, start- and finish-no-earlier-than, but not must-start-on,
deadlines as constraints, leveling or progress; people's calendars are not sampled (an
effort-driven task keeps its planned duration unless it has an estimate). A task without an
estimate keeps its planned duration, unless the project sets ``default_uncertainty`` (low, high):
then it is triangular (duration × (1 + low), duration, duration × (1 + high)). Open risks add
their delays in the iterations where they fire (``forecast_risks``). Lognormal estimates are
fitted so the median is ``likely`` and the 90th percentile ``pessimistic``, since those two pin
both parameters: μ = ln likely, σ = ln(pessimistic / likely) / z₀.₉₀; ``optimistic``
is not used.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from headway.engine.clock import ProjectClock
from headway.engine.forecast_risks import RiskDraws, draw_risks
from headway.engine.forecast_sensitivity import sensitivity
from headway.engine.network import NONE, Network, as_datetime, build_structure
from headway.engine.passes import Levels, grouped, segments, topological_levels
from headway.engine.worktime import IntArray
from headway.model import Distribution, PlanError, Problem, Project, validate
from headway.model.graph import find_cycles, summary_leaves, without_external_links

FloatArray = npt.NDArray[np.float64]
PERCENTILES = (10, 50, 80, 90)
Z90 = 1.2815515655446004  # standard normal 90th percentile


@dataclass(frozen=True, slots=True)
class DeadlineOdds:
    """Chance that a task finishes by its deadline."""

    task: str
    deadline: dt.date | dt.datetime
    probability: float


@dataclass(frozen=True, slots=True)
class RiskEffect:
    """How often an open risk fired, and the P80 duration (working minutes) with the risk removed."""

    risk: str
    fired_share: float
    p80_without_minutes: int
    p80_delta_minutes: int  # P80 with the risk − P80 without it


@dataclass(frozen=True, slots=True)
class Forecast:
    """Project duration percentiles (working minutes from the start), their finish dates, odds."""

    iterations: int
    mean_minutes: float
    percentile_minutes: dict[int, int]
    percentile_finish: dict[int, dt.datetime]
    criticality: dict[str, float]  # leaf task id -> share of iterations on a longest path
    deadlines: tuple[DeadlineOdds, ...]
    minutes_per_day: int
    sensitivity: dict[str, float] = field(default_factory=dict)  # leaf task id -> Spearman ρ with the finish
    risks: tuple[RiskEffect, ...] = ()


def forecast(project: Project, *, iterations: int = 10_000, seed: int = 0) -> Forecast:
    """Sample ``iterations`` schedules of ``project`` (reproducible for a given ``seed``)."""
    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    problems = validate(project, cycles=False)
    if any(p.is_error for p in problems):
        raise PlanError(problems)
    project = without_external_links(project)
    leaves = summary_leaves(project)
    net = build_structure(project, leaves)
    levels = topological_levels(len(net.ids), net.src, net.dst)
    if levels is None:
        raise PlanError([Problem("link_cycle", "dependency cycle: " + " -> ".join(c), entity_id=c[0],
                                 location=project.task(c[0]).origin, hint="remove or reverse one of these links")
                         for c in find_cycles(project)])
    per_day = round(project.working_time.hours_per_day * 60)
    dur = sample_durations(project, net, iterations, np.random.default_rng(seed))
    risks = draw_risks(project, net, iterations, seed, _SAMPLERS)
    if risks.impacts:
        dur = _with_risks(dur, risks, net)
    clock = _clock(project, net, 0, per_day)
    floor, fnet = _floors(net, clock)
    offset = _offsets(net, per_day)
    es, finish = _schedule(net, levels, offset, floor, fnet, dur)
    clock = _clock(project, net, int(finish.max(initial=0)), per_day)
    odds = _deadlines(project, net, leaves, clock, es, dur)
    criticality = _criticality(net, levels, offset, dur, es, finish)
    pct = {p: _percentile(finish, p) for p in PERCENTILES}
    effects = tuple(_effect(net, levels, offset, floor, fnet, dur, risks, k, pct[80]) for k in range(len(risks.ids)))
    return Forecast(
        iterations=iterations, mean_minutes=float(finish.mean()), percentile_minutes=pct,
        percentile_finish={p: _finish_at(clock, m) for p, m in pct.items()},
        criticality=dict(zip(net.ids, criticality.tolist(), strict=True)), deadlines=odds, minutes_per_day=per_day,
        sensitivity=dict(zip(net.ids, sensitivity(dur, finish).tolist(), strict=True)), risks=effects)


def _percentile(finish: IntArray, p: int) -> int:
    return int(np.percentile(finish, p, method="inverted_cdf"))


def _schedule(net: Network, levels: Levels, offset: IntArray, floor: IntArray, fnet: IntArray,
              dur: IntArray) -> tuple[IntArray, IntArray]:
    """Early starts (tasks × iterations) and the project duration per iteration."""
    es = np.repeat(floor[:, None].astype(dur.dtype), dur.shape[1], axis=1)
    limited = np.flatnonzero(fnet != NONE)
    es[limited] = np.maximum(es[limited], fnet[limited, None] - dur[limited])
    forward(net, levels, offset, dur, es)
    return es, _finishes(es, dur)


def _with_risks(dur: IntArray, risks: RiskDraws, net: Network) -> IntArray:
    """``dur`` plus every fired risk's delays (64-bit if 32 could overflow on some path)."""
    bound = int(np.abs(dur).max(axis=1).sum(dtype=np.int64)) + risks.longest()
    if dur.dtype == np.int32 and bound + int(np.abs(net.wlag).sum() + np.abs(net.elag).sum()) >= 2**31 - 1:
        dur = dur.astype(np.int64)
    risks.add(dur)
    return dur


def _effect(net: Network, levels: Levels, offset: IntArray, floor: IntArray, fnet: IntArray, dur: IntArray,
            risks: RiskDraws, k: int, p80: int) -> RiskEffect:
    """Risk ``k``'s share of firing iterations, and P80 re-run on the same draws with its delays removed."""
    without = p80
    if any(risk == k for risk, _, _ in risks.impacts):
        risks.add(dur, -1, k)
        try:
            without = _percentile(_schedule(net, levels, offset, floor, fnet, dur)[1], 80)
        finally:
            risks.add(dur, 1, k)
    return RiskEffect(risks.ids[k], float(risks.fired[k].mean()), without, p80 - without)


def sample_durations(project: Project, net: Network, iterations: int, rng: np.random.Generator) -> IntArray:
    """Durations in working minutes, shape tasks × iterations (rows are contiguous per task), from each
    task's estimate or, without one, the project's default uncertainty.

    32-bit integers when no path can reach 2³¹ minutes (half the memory traffic), else 64-bit.
    """
    settings = project.working_time
    per_day = round(settings.hours_per_day * 60)
    base = np.where(net.elapsed, net.dur * per_day // 1440, net.dur).astype(np.int64)
    points: dict[Distribution, tuple[list[int], list[tuple[int, ...]]]] = {d: ([], []) for d in Distribution}
    spread = project.default_uncertainty
    for i, task in enumerate(net.tasks):
        if task.estimate is not None:
            e = task.estimate
            rows, values = points[e.distribution]
            rows.append(i)
            values.append(tuple(d.minutes(settings) * (per_day if d.elapsed else 1440) // 1440
                                for d in (e.optimistic, e.most_likely, e.pessimistic)))
        elif spread is not None and base[i] > 0:
            rows, values = points[Distribution.TRIANGULAR]
            rows.append(i)
            values.append((round(base[i] * (1 + spread[0])), int(base[i]), round(base[i] * (1 + spread[1]))))
    drawn = []
    longest = base.copy()
    for distribution, (rows, values) in points.items():
        if rows:
            a, m, b = (np.array(v, np.float64)[:, None] for v in zip(*values, strict=True))
            sample = _SAMPLERS[distribution](rng, a, m, b, iterations)
            np.rint(sample, out=sample)
            longest[rows] = sample.max(axis=1)
            drawn.append((rows, sample))
    bound = float(longest.astype(np.float64).sum() + np.abs(net.wlag).sum() + np.abs(net.elag).sum())
    out: IntArray = np.repeat(base[:, None].astype(np.int32 if bound < 2**31 - 1 else np.int64), iterations, axis=1)
    for rows, sample in drawn:
        out[rows] = sample
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


_SAMPLERS = {Distribution.TRIANGULAR: _triangular, Distribution.PERT: _pert, Distribution.LOGNORMAL: _lognormal}


def _clock(project: Project, net: Network, minutes: int, per_day: int) -> ProjectClock:
    """A project clock reaching every date constraint, deadline and ``minutes`` of work past the start."""
    start = as_datetime(project.start).date()
    dates = [(net.origin + dt.timedelta(minutes=int(t))).date() for t in (net.floor_abs.max(initial=0),
                                                                          net.fnet_abs.max(initial=NONE)) if t > 0]
    latest = max([as_datetime(t.deadline).date() for t in net.tasks if t.deadline is not None] + dates + [start])
    days = math.ceil(minutes / max(per_day, 1) * 7 / 5) + 60
    while True:
        clock = ProjectClock(project, max(start + dt.timedelta(days=days), latest))
        if not clock.axis.beyond(np.zeros(1, np.int64), np.array([clock.base + minutes])):
            return clock
        days *= 2


def _floors(net: Network, clock: ProjectClock) -> tuple[IntArray, IntArray]:
    """Earliest start and finish-no-earlier-than (or NONE) in project working minutes."""
    def minutes(instants: IntArray) -> IntArray:
        whens = [net.origin + dt.timedelta(minutes=int(t)) for t in instants]
        out: IntArray = np.maximum(clock.minutes_of(whens), 0)
        return out

    floor = minutes(net.floor_abs)
    fnet = np.full(len(net.ids), NONE)
    has = net.fnet_abs != NONE
    if has.any():
        fnet[has] = minutes(net.fnet_abs[has])
    return floor, fnet


def _offsets(net: Network, per_day: int) -> IntArray:
    """Each link's lag in project working minutes (elapsed lags scaled)."""
    out: IntArray = net.wlag + net.elag * per_day // 1440
    return out


def _add_gap(out: IntArray, scratch: IntArray, net: Network, links: IntArray, lag: IntArray, dur: IntArray,
             sign: int) -> None:
    """Add ``sign`` × each link's start-to-start offset per iteration to ``out``, in place.

    The offset is the lag, plus the predecessor's duration for a link from its finish, minus the
    successor's for a link to its finish. ``scratch`` is a buffer the size of ``out``.
    """
    out += (sign * lag[links]).astype(out.dtype)[:, None]
    ends = ((net.src[links], net.from_finish[links], sign), (net.dst[links], net.to_finish[links], -sign))
    for rows, into, add in ends:
        if into.any():
            np.take(dur, rows, axis=0, out=scratch)
            (np.add if add > 0 else np.subtract)(out, scratch, out=out, where=into[:, None])


def _reduce(ufunc: np.ufunc, cand: IntArray, seg: IntArray) -> IntArray:
    """``ufunc.reduceat(cand, seg, axis=0)``, a rank at a time: the k-th row of every segment
    together (several times faster than ``reduceat`` along rows, which runs row by row)."""
    if len(seg) == len(cand):
        return cand
    size = np.diff(np.append(seg, len(cand)))
    best: IntArray = cand[seg]
    for k in range(1, int(size.max())):
        longer = np.flatnonzero(size > k)
        if len(longer) == len(seg):
            ufunc(best, cand[seg + k], out=best)
        else:
            best[longer] = ufunc(best[longer], cand[seg[longer] + k])
    return best


def _buffers(keys: IntArray, bounds: IntArray, dur: IntArray) -> tuple[IntArray, IntArray]:
    """Two scratch arrays for the largest level's links, reused to spare allocations."""
    widest = int(np.diff(bounds).max(initial=0))
    return np.empty((widest, dur.shape[1]), dur.dtype), np.empty((widest, dur.shape[1]), dur.dtype)


def forward(net: Network, lv: Levels, lag: IntArray, dur: IntArray, es: IntArray) -> None:
    """Raise early starts ``es`` (tasks × iterations, holding the floors) level by level."""
    order, bounds = grouped(net.dst, lv.level)
    buf, scratch = _buffers(net.dst, bounds, dur)
    for k in range(1, len(lv.bounds) - 1):
        if bounds[k] < bounds[k + 1]:
            links = order[bounds[k]:bounds[k + 1]]
            cand = buf[:len(links)]
            np.take(es, net.src[links], axis=0, out=cand)
            _add_gap(cand, scratch[:len(links)], net, links, lag, dur, 1)
            seg = segments(net.dst[links])
            target = net.dst[links][seg]
            best = _reduce(np.maximum, cand, seg)
            es[target] = np.maximum(best, es[target], out=best)


def _criticality(net: Network, lv: Levels, lag: IntArray, dur: IntArray, es: IntArray,
                 finish: IntArray) -> FloatArray:
    """Share of iterations in which each task has no total float (backward pass per iteration)."""
    ls = finish[None, :] - dur
    order, bounds = grouped(net.src, lv.level)
    buf, scratch = _buffers(net.src, bounds, dur)
    for k in range(len(lv.bounds) - 2, -1, -1):
        if bounds[k] < bounds[k + 1]:
            links = order[bounds[k]:bounds[k + 1]]
            cand = buf[:len(links)]
            np.take(ls, net.dst[links], axis=0, out=cand)
            _add_gap(cand, scratch[:len(links)], net, links, lag, dur, -1)
            seg = segments(net.src[links])
            source = net.src[links][seg]
            best = _reduce(np.minimum, cand, seg)
            ls[source] = np.minimum(best, ls[source], out=best)
    ls -= es
    out: FloatArray = np.count_nonzero(ls <= 0, axis=1) / dur.shape[1]
    return out


def _finishes(es: IntArray, dur: IntArray) -> IntArray:
    """Project duration per iteration: the latest early finish, a block of tasks at a time."""
    out = np.zeros(dur.shape[1], dur.dtype)
    for first in range(0, len(dur), 512):
        block = es[first:first + 512] + dur[first:first + 512]
        np.maximum(out, block.max(axis=0), out=out)
    return out


def _finish_at(clock: ProjectClock, minutes: int) -> dt.datetime:
    """The end instant of working minute ``minutes`` − 1 (the project start for no work)."""
    if minutes <= 0:
        return clock.start_at(0)
    return clock.start_at(minutes - 1) + dt.timedelta(minutes=1)


def _deadlines(project: Project, net: Network, leaves: dict[str, list[str]], clock: ProjectClock,
               es: IntArray, dur: IntArray) -> tuple[DeadlineOdds, ...]:
    """Share of iterations in which each task with a deadline (its leaves, for a summary) finishes by it."""
    index = {tid: i for i, tid in enumerate(net.ids)}
    out = []
    for task in project.tasks:
        rows = [index[leaf] for leaf in leaves.get(task.id, [task.id]) if leaf in index]
        if task.deadline is None or not rows:
            continue
        limit = clock.minutes(as_datetime(task.deadline, end_of_day=True))
        done = (es[rows] + dur[rows]).max(axis=0)
        out.append(DeadlineOdds(task.id, task.deadline, float((done <= limit).mean())))
    return tuple(out)
