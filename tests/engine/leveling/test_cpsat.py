"""The CP-SAT engine against hand-made optima, a brute-force oracle and PSPLIB optima and bounds.

Every schedule is checked by ``_violations``, written here from the problem's definition and
sharing no code with the engine.
"""

from __future__ import annotations

import csv
import itertools
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from headway.engine.leveling import level
from headway.engine.leveling.cpsat import solve_cpsat
from headway.engine.leveling.cpsat.constraints import capacity_blockers
from headway.engine.leveling.cpsat.objective import lateness_value
from headway.engine.leveling.problem import LevelResult, RcpspProblem, SolveStatus

PSPLIB = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "psplib"
J30_SAMPLE = ("j301_1", "j305_3", "j3010_5", "j3017_2", "j3021_7", "j3028_4", "j3033_9", "j3037_1",
              "j3042_6", "j3046_10")


def make(durations: list[int], demands: list[list[int]], capacity: list[list[int]],
         links: Sequence[tuple[int, int, int]] = (), release: list[int] | None = None,
         fixed: list[int] | None = None, due: list[int] | None = None,
         priority: list[int] | None = None) -> RcpspProblem:
    """A problem from plain lists; ``links`` are (pred, succ, delay)."""
    n = len(durations)
    arr = lambda xs: np.array(xs, np.int64)  # noqa: E731
    return RcpspProblem(
        names=tuple(f"t{i}" for i in range(n)), duration=arr(durations),
        demand=arr(demands).reshape(n, len(capacity)), resources=tuple(f"r{k}" for k in range(len(capacity))),
        capacity=arr(capacity), pred=arr([p for p, _, _ in links]), succ=arr([s for _, s, _ in links]),
        delay=arr([d for _, _, d in links]), release=arr(release or [0] * n),
        fixed=arr(fixed or []), due=arr(due or []), priority=arr(priority or []),
    )


def _violations(problem: RcpspProblem, start: np.ndarray) -> list[str]:
    """Everything wrong with a schedule, slot by slot and link by link."""
    found = []
    for i in range(problem.tasks):
        s, d = int(start[i]), int(problem.duration[i])
        if problem.fixed[i] >= 0 and s != problem.fixed[i]:
            found.append(f"{i} not at its fixed start")
        if problem.fixed[i] < 0 and s < problem.release[i]:
            found.append(f"{i} before its release")
        if s + d > problem.horizon:
            found.append(f"{i} past the horizon")
    for p, q, delay in zip(problem.pred, problem.succ, problem.delay, strict=True):
        if start[q] < start[p] + delay:
            found.append(f"link {p}->{q} broken")
    for t in range(problem.horizon):
        running = [i for i in range(problem.tasks) if start[i] <= t < start[i] + problem.duration[i]]
        for k in range(len(problem.resources)):
            if sum(int(problem.demand[i, k]) for i in running) > problem.capacity[k, t]:
                found.append(f"resource {k} over capacity in slot {t}")
    return found


def check(problem: RcpspProblem, result: LevelResult) -> LevelResult:
    """Assert a result holds a valid schedule with consistent figures, and return it."""
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    assert _violations(problem, result.start) == []
    assert result.makespan == int((result.start + problem.duration).max())
    assert result.lower_bound <= result.makespan
    assert result.method == "optimal"
    return result


def test_tasks_sharing_a_unit_resource_run_one_after_the_other() -> None:
    problem = make([3, 2], [[1], [1]], [[1] * 10])
    result = check(problem, solve_cpsat(problem))
    assert (result.status, result.makespan, result.lower_bound) == (SolveStatus.OPTIMAL, 5, 5)


def test_a_capacity_dip_makes_a_task_wait() -> None:
    problem = make([2], [[1]], [[1, 0, 0, 1, 1, 1, 1]])
    result = check(problem, solve_cpsat(problem))
    assert (result.start.tolist(), result.makespan) == ([3], 5)


def test_a_partial_dip_lets_a_small_task_through() -> None:
    problem = make([2, 2], [[1], [2]], [[2, 1, 1, 2, 2, 2, 2]])
    result = check(problem, solve_cpsat(problem))
    assert result.makespan == 5 and result.start[1] == 3


def test_capacity_blockers_cover_each_run_below_the_peak() -> None:
    capacity = np.array([3, 1, 1, 3, 0, 2, 2], np.int64)
    assert capacity_blockers(capacity) == [(1, 2, 2), (4, 1, 3), (5, 2, 1)]
    assert capacity_blockers(np.array([2, 2], np.int64)) == []


def test_a_negative_delay_pulls_the_predecessor_late() -> None:
    # t1 may start at most 2 slots after t0: start[t0] >= start[t1] - 2
    problem = make([2, 1], [[0], [0]], [[1] * 10], links=[(1, 0, -2)], release=[0, 5])
    result = check(problem, solve_cpsat(problem))
    assert result.makespan == 6 and result.start[0] >= 3


def test_a_positive_cycle_of_delays_is_infeasible() -> None:
    problem = make([2, 1], [[0], [0]], [[1] * 10], links=[(0, 1, 2), (1, 0, -1)])
    assert solve_cpsat(problem).status is SolveStatus.INFEASIBLE


def test_a_fixed_task_keeps_its_start_and_others_work_around_it() -> None:
    problem = make([2, 3], [[1], [1]], [[1] * 10], fixed=[2, -1])
    result = check(problem, solve_cpsat(problem))
    assert result.start.tolist() == [2, 4] and result.status is SolveStatus.OPTIMAL


def test_zero_duration_milestones_are_scheduled() -> None:
    problem = make([0, 2, 0], [[0], [1], [0]], [[1] * 5], links=[(0, 1, 0), (1, 2, 2)])
    result = check(problem, solve_cpsat(problem))
    assert result.start.tolist() == [0, 0, 2] and result.makespan == 2


def test_a_demand_above_every_capacity_is_infeasible() -> None:
    problem = make([1], [[3]], [[2] * 5])
    result = solve_cpsat(problem)
    assert result.status is SolveStatus.INFEASIBLE and result.start.tolist() == [-1]


def test_lateness_serves_the_higher_priority_first_then_shortens() -> None:
    problem = make([2, 2, 1], [[1], [1], [0]], [[1] * 8], due=[2, 2, -1], priority=[1, 10, 1],
                   release=[0, 0, 0])
    result = check(problem, solve_cpsat(problem, objective="lateness"))
    assert result.start[:2].tolist() == [2, 0] and result.makespan == 4
    assert result.status is SolveStatus.OPTIMAL


def test_a_valid_hint_is_never_beaten_by_a_worse_answer() -> None:
    problem = make([3, 2, 2], [[1], [1], [1]], [[1] * 12])
    hint = np.array([0, 3, 5], np.int64)
    for limit in (0.0, 5.0):
        result = check(problem, solve_cpsat(problem, hint=hint, time_limit=limit))
        assert result.makespan <= 7


def test_an_invalid_hint_is_not_returned_as_a_schedule() -> None:
    problem = make([3, 2], [[1], [1]], [[1] * 8])
    result = check(problem, solve_cpsat(problem, hint=np.array([0, 1], np.int64)))
    assert result.makespan == 5


def test_progress_reports_each_solution() -> None:
    problem = make([3, 2, 2], [[1], [1], [1]], [[1] * 12])
    seen: list[tuple[int, int]] = []
    solve_cpsat(problem, on_progress=lambda n, makespan: seen.append((n, makespan)))
    assert seen and seen[-1][1] == 7 and [n for n, _ in seen] == list(range(1, len(seen) + 1))


def test_unknown_objective_is_refused() -> None:
    with pytest.raises(ValueError, match="objective"):
        solve_cpsat(make([1], [[0]], [[1]]), objective="cost")


def _brute_force(problem: RcpspProblem) -> int | None:
    """The best makespan by trying every start vector (tiny problems only)."""
    best = None
    for start in itertools.product(range(problem.horizon + 1), repeat=problem.tasks):
        s = np.array(start, np.int64)
        if not _violations(problem, s):
            makespan = int((s + problem.duration).max())
            best = makespan if best is None else min(best, makespan)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_random_tiny_problems_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, horizon = int(rng.integers(2, 4)), 7
    links = [(int(p), int(s), int(rng.integers(-2, 3))) for p, s in itertools.permutations(range(n), 2)
             if rng.random() < 0.3]
    problem = make(rng.integers(0, 3, n).tolist(), rng.integers(0, 3, (n, 2)).tolist(),
                   rng.integers(0, 4, (2, horizon)).tolist(), links=links, release=rng.integers(0, 2, n).tolist())
    result = solve_cpsat(problem, time_limit=5.0)
    best = _brute_force(problem)
    if best is None:
        assert result.status is SolveStatus.INFEASIBLE
    else:
        assert check(problem, result).status is SolveStatus.OPTIMAL and result.makespan == best


def _read_sm(path: Path) -> RcpspProblem:
    """Just enough of a PSPLIB ``.sm`` reader for these tests (FS links, constant capacity)."""
    lines = path.read_text().splitlines()
    jobs = int(next(line for line in lines if line.startswith("jobs")).split(":")[1])
    at = {key: next(i for i, line in enumerate(lines) if line.startswith(key))
          for key in ("PRECEDENCE", "REQUESTS", "RESOURCEAVAILABILITIES")}
    successors = [[int(x) - 1 for x in line.split()[3:]] for line in lines[at["PRECEDENCE"] + 2:][:jobs]]
    rows = [[int(x) for x in line.split()] for line in lines[at["REQUESTS"] + 3:][:jobs]]
    durations = [row[2] for row in rows]
    capacity = [int(x) for x in lines[at["RESOURCEAVAILABILITIES"] + 2].split()]
    horizon = sum(durations)
    links = [(p, s, durations[p]) for p in range(jobs) for s in successors[p]]
    return make(durations, [row[3:] for row in rows], [[c] * horizon for c in capacity], links=links)


@pytest.mark.skipif(not PSPLIB.is_dir(), reason="PSPLIB data absent")
@pytest.mark.parametrize("instance", J30_SAMPLE)
def test_j30_instances_are_solved_to_their_proven_optimum(instance: str) -> None:
    with (PSPLIB / "reference.csv").open() as f:
        reference = {row["instance"]: row for row in csv.DictReader(f)}
    problem = _read_sm(PSPLIB / "j30" / f"{instance}.sm")
    result = check(problem, solve_cpsat(problem, time_limit=10.0, workers=2))
    assert result.status is SolveStatus.OPTIMAL
    assert result.makespan == int(reference[instance]["best_makespan"])
    assert result.lower_bound == result.makespan >= int(reference[instance]["cpm_lower_bound"])


def _reference() -> dict[str, dict[str, str]]:
    with (PSPLIB / "reference.csv").open() as f:
        return {row["instance"]: row for row in csv.DictReader(f)}


def _serial_schedule(problem: RcpspProblem) -> np.ndarray:
    """A valid but poor schedule for constant capacities: tasks one after another in index order."""
    start = np.zeros(problem.tasks, np.int64)
    t = 0
    for i in range(problem.tasks):  # PSPLIB indices are topological
        start[i] = t
        t += int(problem.duration[i])
    return start


@pytest.mark.skipif(not PSPLIB.is_dir(), reason="PSPLIB data absent")
def test_a_warm_started_solve_returns_in_time_no_worse_than_its_hint() -> None:
    problem = _read_sm(PSPLIB / "j120" / "j12011_1.sm")
    hint = _serial_schedule(problem)
    seen: list[int] = []
    began = time.perf_counter()
    result = check(problem, solve_cpsat(problem, hint=hint, time_limit=2.0, on_progress=lambda n, m: seen.append(m)))
    assert time.perf_counter() - began < 3.0
    assert result.makespan < int((hint + problem.duration).max()) and result.status is SolveStatus.FEASIBLE
    assert seen and seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen) and seen[-1] == result.makespan
    reference = _reference()["j12011_1"]
    assert int(reference["cpm_lower_bound"]) <= result.lower_bound <= int(reference["best_makespan"])


@pytest.mark.skipif(not PSPLIB.is_dir(), reason="PSPLIB data absent")
@pytest.mark.parametrize("instance", J30_SAMPLE[::3])
def test_a_poor_hint_is_improved_to_the_proven_optimum(instance: str) -> None:
    problem = _read_sm(PSPLIB / "j30" / f"{instance}.sm")
    result = check(problem, solve_cpsat(problem, hint=_serial_schedule(problem), time_limit=10.0))
    assert result.status is SolveStatus.OPTIMAL
    assert result.lower_bound == result.makespan == int(_reference()[instance]["best_makespan"])


def test_a_warm_started_lateness_solve_keeps_lateness_first() -> None:
    rng = np.random.default_rng(5)
    n = 8
    problem = make(rng.integers(1, 4, n).tolist(), rng.integers(1, 3, (n, 1)).tolist(), [[2] * 40],
                   due=rng.integers(2, 10, n).tolist(), priority=rng.integers(1, 5, n).tolist())
    hint = _serial_schedule(problem)
    result = check(problem, solve_cpsat(problem, hint=hint, objective="lateness", time_limit=2.0))
    assert result.status is SolveStatus.OPTIMAL
    assert lateness_value(problem, result.start) <= lateness_value(problem, hint)
    assert lateness_value(problem, result.start) == lateness_value(
        problem, solve_cpsat(problem, objective="lateness", workers=1).start)


def _hard(tasks: int, seed: int) -> RcpspProblem:
    """A random RCPSP of PSPLIB's j120 kind: no search proves it optimal within a few seconds."""
    rng = np.random.default_rng(seed)
    links = [(int(p), s, 0) for s in range(1, tasks) for p in rng.choice(s, size=min(s, 2), replace=False)]
    demands = rng.integers(0, 5, size=(tasks, 4)) * (rng.random((tasks, 4)) < 0.6)
    durations = rng.integers(1, 11, size=tasks)
    horizon = int(durations.sum())
    return make(durations.tolist(), demands.tolist(), [[c] * horizon for c in (8, 9, 10, 8)], links)


def test_should_stop_ends_a_long_search_with_a_valid_best_so_far() -> None:
    problem = _hard(120, seed=3)
    calls = 0

    def should_stop() -> bool:
        nonlocal calls
        calls += 1
        return calls >= 3  # after about three polls (0.6 s) of a 120 s search

    began = time.perf_counter()
    result = check(problem, solve_cpsat(problem, time_limit=120.0, workers=1, hint=_serial_schedule(problem),
                                        should_stop=should_stop))
    assert calls == 3  # polled until it said stop, then never again
    assert time.perf_counter() - began < 60  # far less than the time limit, even on a loaded machine
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    assert result.makespan <= int((_serial_schedule(problem) + problem.duration).max())  # never worse than the hint


def test_should_stop_also_ends_the_warm_start_of_an_optimal_leveling() -> None:
    problem = _hard(120, seed=4)
    calls = 0

    def should_stop() -> bool:
        nonlocal calls
        calls += 1
        return calls >= 5  # during the heuristic's warm start: it asks after each schedule

    began = time.perf_counter()
    result = level(problem, method="optimal", time_limit=600.0, workers=1, should_stop=should_stop)
    assert time.perf_counter() - began < 60
    assert result.method == "heuristic"  # CP-SAT never started: the caller had said stop
    assert result.status is SolveStatus.FEASIBLE and _violations(problem, result.start) == []
    assert 5 <= calls <= 7  # asked after each schedule, and once more before CP-SAT would start
