"""The default leveler: priority-rule schedules, justification, and biased sampling.

1. Serial and parallel schedule-generation schemes under several priority rules (latest
   finish, latest start, most total successors, greatest rank positional weight, resource
   weighted), each improved by forward-backward justification.
2. A genetic search over activity lists (Hartmann's one-point crossover and swap mutation),
   seeded with biased random samples around the latest-finish rule; every child is decoded
   by the serial scheme and justified. It stops when the schedule budget or the time limit
   is spent, or the lower bound is reached. Seeded, so runs are repeatable.
The best schedule wins; the result carries a proven lower bound (critical path and
resource work) so the gap to the optimum is known.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import numpy as np

from headway.engine.leveling.bounds import critical_path, lower_bound, time_windows, topological_order
from headway.engine.leveling.exact import ExactNetwork, ExactSchedule, justify_exact, reversed_exact, serial_exact
from headway.engine.leveling.problem import LevelResult, RcpspProblem, SolveStatus, weighted_lateness
from headway.engine.leveling.sgs import FloatArray, Network, parallel, serial
from headway.engine.worktime import IntArray


def makespan(problem: RcpspProblem, start: IntArray) -> int:
    """Finish of the last task."""
    return int((start + problem.duration).max(initial=0))


def priority_rules(problem: RcpspProblem) -> dict[str, FloatArray]:
    """Keys per rule (lower = sooner); ties broken by task index."""
    es, lf = time_windows(problem)
    dur = problem.duration.astype(float)
    ls = lf - dur
    total_succ = _total_successors(problem)
    grpw = dur.copy()
    np.add.at(grpw, problem.pred, dur[problem.succ])
    work = (problem.demand * problem.duration[:, None]).sum(axis=1).astype(float)
    tie = np.arange(problem.tasks) * 1e-6
    urgency = problem.priority.astype(float)  # higher priority levels first on ties
    return {
        "lft": lf + tie - urgency * 1e-9,
        "lst": ls + tie,
        "mts": -total_succ + tie,
        "grpw": -grpw + tie,
        "work": ls - work / max(work.max(initial=1.0), 1.0) + tie,
        "es": es + tie,
    }


def _total_successors(problem: RcpspProblem) -> FloatArray:
    """How many tasks follow each task, directly or not (bitsets, fine for a few thousand)."""
    n = problem.tasks
    if n > 5000:
        counts = np.bincount(problem.pred, minlength=n)
        return counts.astype(float)
    reach = [0] * n
    succs: list[list[int]] = [[] for _ in range(n)]
    for p, s in zip(problem.pred.tolist(), problem.succ.tolist(), strict=True):
        succs[p].append(s)
    order = topological_order(problem)
    for i in reversed(order):
        bits = 0
        for s in succs[i]:
            bits |= reach[s] | (1 << s)
        reach[i] = bits
    return np.array([bin(b).count("1") for b in reach], float)


def reversed_problem(problem: RcpspProblem, horizon: int) -> RcpspProblem:
    """Time runs backwards from ``horizon``: finishes become starts (for justification)."""
    d = problem.duration
    cap = problem.capacity[:, :horizon][:, ::-1] if horizon <= problem.horizon else np.concatenate(
        [np.zeros((problem.capacity.shape[0], horizon - problem.horizon), np.int64), problem.capacity],
        axis=1)[:, ::-1]
    peak = problem.capacity.max(axis=1, initial=0)[:, None]
    cap = np.concatenate([cap, np.repeat(peak, max(problem.horizon, 1), axis=1)], axis=1)
    fixed = np.where(problem.fixed >= 0, horizon - problem.fixed - d, -1)
    return RcpspProblem(
        names=problem.names, duration=d, demand=problem.demand, resources=problem.resources,
        capacity=np.ascontiguousarray(cap), pred=problem.succ, succ=problem.pred,
        delay=problem.delay + d[problem.succ] - d[problem.pred], release=np.zeros(problem.tasks, np.int64),
        priority=problem.priority, fixed=fixed, due=problem.due)


def justify(problem: RcpspProblem, net: Network, back: RcpspProblem | None, back_net: Network | None,
            start: IntArray, rounds: int = 3) -> IntArray:
    """Forward-backward improvement: right-justify, then left-justify, while it helps."""
    best, best_span = start, makespan(problem, start)
    for _ in range(rounds):
        if back is None or back_net is None:
            break
        span = makespan(problem, best)
        finish = best + problem.duration
        try:
            rev = serial(back, back_net, -finish.astype(float) + np.arange(problem.tasks) * 1e-6)
            right = span - rev - problem.duration
            left = serial(problem, net, right.astype(float) + np.arange(problem.tasks) * 1e-6)
        except ValueError:  # no room within the horizon this way round
            break
        new_span = makespan(problem, left)
        if new_span >= best_span:
            break
        best, best_span = left, new_span
    return best


POPULATION = 60


def _as_list(start: IntArray) -> FloatArray:
    """An activity list (as sort keys) that the serial scheme turns back into this schedule."""
    keys: FloatArray = start.astype(float) + np.arange(len(start)) * 1e-6
    return keys


def _generation(population: list[tuple[int, FloatArray]], rng: np.random.Generator,
                decode: Callable[[FloatArray], tuple[int, FloatArray]],
                stop: Callable[[], bool]) -> list[tuple[int, FloatArray]]:
    """One round: pair parents at random, one-point crossover, swap mutation, keep the best."""
    children = []
    order = rng.permutation(len(population))
    for a, b in zip(order[::2], order[1::2], strict=False):
        if stop():
            break
        mother, father = population[a][1], population[b][1]
        for first, second in ((mother, father), (father, mother)):
            children.append(decode(_mutate(_crossover(first, second, rng), rng)))
    pool = sorted(population + children, key=lambda item: item[0])
    return pool[:len(population)]


def _evolve(population: list[tuple[int, FloatArray]], lft: FloatArray, rng: np.random.Generator,
            decode: Callable[[FloatArray], tuple[int, FloatArray]], stop: Callable[[], bool]) -> None:
    """Fill the population with biased samples around the latest-finish order, then breed it
    until ``stop``; ``decode`` keeps track of the best schedule it sees."""
    spread = max(float(np.ptp(lft)), 1.0)
    while len(population) < POPULATION and not stop():
        population.append(decode(lft + rng.gumbel(0.0, spread * 0.1, len(lft))))
    while not stop():
        population[:] = _generation(population, rng, decode, stop)


def _crossover(mother: FloatArray, father: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Mother's first q tasks in her order, then the rest in father's order."""
    n = len(mother)
    m_order, f_order = np.argsort(mother, kind="stable"), np.argsort(father, kind="stable")
    q = int(rng.integers(1, n)) if n > 1 else 0
    head = m_order[:q]
    taken = np.zeros(n, bool)
    taken[head] = True
    child = np.concatenate([head, f_order[~taken[f_order]]])
    keys = np.empty(n)
    keys[child] = np.arange(n)
    return keys


def _mutate(keys: FloatArray, rng: np.random.Generator, rate: float = 0.05) -> FloatArray:
    """Swap neighbours in the list now and then (the scheme keeps precedence whatever the list)."""
    order = np.argsort(keys, kind="stable")
    for pos in np.flatnonzero(rng.random(len(order) - 1) < rate).tolist():
        order[pos], order[pos + 1] = order[pos + 1], order[pos]
    out = np.empty(len(order))
    out[order] = np.arange(len(order))
    return out


def by_priority(problem: RcpspProblem, key: FloatArray) -> FloatArray:
    """``key`` with task priority first: a higher priority is always taken sooner, ties by ``key``."""
    if not len(problem.priority) or int(problem.priority.min()) == int(problem.priority.max()):
        return key
    levels = np.unique(-problem.priority, return_inverse=True)[1].astype(float)
    rank = np.empty(len(key))
    rank[np.argsort(key, kind="stable")] = np.arange(len(key)) / max(len(key), 1)
    out: FloatArray = levels + rank
    return out


def solve_heuristic(problem: RcpspProblem, *, schedules: int = 250, time_limit: float | None = None,
                    seed: int = 0, objective: str = "makespan",
                    should_stop: Callable[[], bool] | None = None) -> LevelResult:
    """Best schedule from the priority rules, justification and ``schedules`` biased samples.

    ``objective`` is ``makespan`` (finish first) or ``lateness`` (priority-weighted lateness
    against due slots first, then the finish). ``should_stop`` (asked after each schedule) ends the
    search early with the best so far.
    """
    if problem.exact:
        return solve_exact(problem, schedules=schedules, time_limit=time_limit, seed=seed, objective=objective,
                           should_stop=should_stop)
    began = time.perf_counter()
    net = Network.of(problem)
    bound = lower_bound(problem)
    rules = priority_rules(problem)
    horizon = max(problem.horizon, int(critical_path(problem)) + int(problem.duration.sum()) + 1)
    back = reversed_problem(problem, horizon) if not (problem.fixed >= 0).any() else None
    back_net = Network.of(back) if back is not None else None
    best: IntArray | None = None
    best_span = best_score = np.iinfo(np.int64).max
    best_broken = problem.tasks + 1
    into_fixed = np.flatnonzero(problem.fixed[problem.succ] >= 0)
    count = 0

    def consider(start: IntArray) -> None:
        """Keep the best-scoring schedule, but first one that keeps the links into fixed tasks."""
        nonlocal best, best_span, best_score, best_broken
        span = makespan(problem, start)
        score = span if objective == "makespan" else weighted_lateness(problem, start + problem.duration)
        p, s = problem.pred[into_fixed], problem.succ[into_fixed]
        broken = int((start[s] < start[p] + problem.delay[into_fixed]).sum())
        if (broken, score) < (best_broken, best_score):
            best, best_span, best_score, best_broken = start, span, score, broken

    def decode(key: FloatArray) -> tuple[int, FloatArray]:
        nonlocal count
        count += 1
        try:
            start = justify(problem, net, back, back_net, serial(problem, net, by_priority(problem, key)), rounds=2)
        except ValueError:  # this order leaves a task no room before the horizon
            return np.iinfo(np.int64).max, key
        consider(start)
        span = makespan(problem, start)
        return (span if objective == "makespan" else weighted_lateness(problem, start + problem.duration)), \
            _as_list(start)

    population: list[tuple[int, FloatArray]] = []
    for key in list(rules.values())[:max(2, schedules)]:
        with contextlib.suppress(ValueError):  # this order may leave no room before the horizon
            consider(justify(problem, net, back, back_net, parallel(problem, net, by_priority(problem, key))))
        population.append(decode(key))

    def out_of_budget() -> bool:
        """Done: time is up, or the bound is met, or the budget is spent (four times over while
        links into fixed tasks are still broken)."""
        if time_limit is not None and time.perf_counter() - began > time_limit:
            return True
        if should_stop is not None and should_stop():
            return True
        if best_broken:
            return count >= 4 * schedules
        return count >= schedules or (best_span <= bound and best_score <= best_span)

    _evolve(population, rules["lft"], np.random.default_rng(seed), decode, out_of_budget)
    if best is None:  # every order ran out of room: leave it to the exact engine
        missing = np.full(problem.tasks, -1, np.int64)
        return LevelResult(SolveStatus.UNKNOWN, missing, 0, int(bound), time.perf_counter() - began,
                           "heuristic", count)
    status = SolveStatus.OPTIMAL if best_span <= bound and best_score <= best_span else SolveStatus.FEASIBLE
    return LevelResult(status, best, int(best_span), int(bound), time.perf_counter() - began, "heuristic", count)


def solve_exact(problem: RcpspProblem, *, schedules: int = 250, time_limit: float | None = None,
                seed: int = 0, objective: str = "makespan",
                should_stop: Callable[[], bool] | None = None) -> LevelResult:
    """The heuristic for exact problems (calendars, choices, latest starts): serial scheme only.

    The same priority rules and genetic search over activity lists as ``solve_heuristic``,
    decoded by the calendar-aware serial scheme; justification and the parallel scheme assume
    fixed spans, so they are left out.
    """
    began = time.perf_counter()
    net = ExactNetwork.of(problem)
    back = reversed_exact(problem) if not (problem.fixed >= 0).any() and not (problem.latest >= 0).any() else None
    back_net = ExactNetwork.of(back) if back is not None else None
    bound = lower_bound(problem)
    rules = priority_rules(problem)
    fixed_links = np.flatnonzero(problem.fixed[problem.succ] >= 0) if len(problem.succ) else np.zeros(0, np.int64)
    best: ExactSchedule | None = None
    best_rank: tuple[int, int, int] = (problem.tasks + 1, problem.tasks + 1, np.iinfo(np.int64).max)
    count = 0

    def decode(key: FloatArray) -> tuple[int, FloatArray]:
        nonlocal best, best_rank, count
        count += 1
        try:
            order = by_priority(problem, key)
            found = serial_exact(problem, net, order)
            if back is not None and back_net is not None:
                found = justify_exact(problem, net, back, back_net, found, lambda k: by_priority(problem, k),
                                      rounds=2 if problem.tasks <= 2000 else 1)
        except ValueError:  # this order leaves a task no room before the horizon
            return np.iinfo(np.int64).max, key
        span = int(found.finish.max(initial=0))
        score = span if objective == "makespan" else weighted_lateness(problem, found.finish)
        rank = (len(found.unresolved), _broken(problem, found, fixed_links), score)
        if rank < best_rank:
            best, best_rank = found, rank
        return score, _as_list(found.start)

    def out_of_budget() -> bool:
        if time_limit is not None and time.perf_counter() - began > time_limit:
            return True
        if should_stop is not None and should_stop():
            return True
        return count >= schedules or (objective == "makespan" and best_rank[2] <= bound)

    population = [decode(key) for key in list(rules.values())[:max(1, schedules)]]
    _evolve(population, rules["lft"], np.random.default_rng(seed), decode, out_of_budget)
    runtime = time.perf_counter() - began
    if best is None:
        missing = np.full(problem.tasks, -1, np.int64)
        return LevelResult(SolveStatus.UNKNOWN, missing, 0, int(bound), runtime, "heuristic", count)
    span = int(best.finish.max(initial=0))
    status = SolveStatus.OPTIMAL if span <= bound and not best.unresolved and objective == "makespan" \
        else SolveStatus.FEASIBLE
    return LevelResult(status, best.start, span, int(bound), runtime, "heuristic", count, best.pick,
                       best.unresolved)


def _broken(problem: RcpspProblem, found: ExactSchedule, links: IntArray) -> int:
    """How many of ``links`` (into fixed tasks) the schedule breaks."""
    p, s = problem.pred[links], problem.succ[links]
    before = np.where(problem.from_finish[links], found.finish[p], found.start[p]) + problem.lag[links]
    after = np.where(problem.to_finish[links], found.finish[s], found.start[s])
    return int((after < before).sum())
