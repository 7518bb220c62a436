"""The heuristic leveler against an independent validator and a brute-force optimum."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from headway.engine.leveling import level
from headway.engine.leveling.bounds import critical_path, lower_bound
from headway.engine.leveling.heuristic import priority_rules, solve_heuristic
from headway.engine.leveling.problem import RcpspProblem, SolveStatus
from headway.engine.leveling.sgs import Network, parallel, serial
from tests.engine.leveling.strategies import brute_force_makespan, problems
from tests.engine.leveling.validator import makespan, violations

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems())
def test_every_scheme_and_rule_gives_a_valid_schedule(problem: RcpspProblem) -> None:
    """One pass may miss a link into a fixed task (a deadline for its predecessor); nothing else."""
    net = Network.of(problem)
    fixed = {problem.names[i] for i in np.flatnonzero(problem.fixed >= 0)}
    for key in priority_rules(problem).values():
        for scheme in (serial, parallel):
            start = scheme(problem, net, key)
            found = violations(problem, start.tolist())
            assert [v for v in found if not (" before " in v and v.split(" ")[0] in fixed)] == []


@FAST
@given(problems(max_tasks=6, max_resources=2))
def test_never_beats_the_optimum_and_usually_finds_it(problem: RcpspProblem) -> None:
    result = solve_heuristic(problem, schedules=200)
    assert violations(problem, result.start.tolist()) == []
    assert result.makespan == makespan(problem, result.start.tolist())
    best = brute_force_makespan(problem)
    assert lower_bound(problem) <= best <= result.makespan
    if result.status is SolveStatus.OPTIMAL:
        assert result.makespan == best


@FAST
@given(problems())
def test_bounds_hold_and_runs_repeat(problem: RcpspProblem) -> None:
    first = level(problem, schedules=50, seed=3)
    again = level(problem, schedules=50, seed=3)
    assert np.array_equal(first.start, again.start)
    assert critical_path(problem) <= first.lower_bound <= first.makespan
    assert 0.0 <= first.gap < 1.0


def test_two_tasks_on_one_person_run_one_after_the_other() -> None:
    problem = RcpspProblem(
        names=("a", "b"), duration=np.array([3, 2]), demand=np.array([[1], [1]]), resources=("alice",),
        capacity=np.ones((1, 20), np.int64), pred=np.zeros(0, np.int64), succ=np.zeros(0, np.int64),
        delay=np.zeros(0, np.int64), release=np.zeros(2, np.int64))
    result = level(problem)
    assert sorted(result.start.tolist()) in ([0, 2], [0, 3])
    assert result.makespan == 5 and result.status is SolveStatus.OPTIMAL


def test_a_capacity_gap_is_waited_out() -> None:
    capacity = np.ones((1, 20), np.int64)
    capacity[0, 2:5] = 0  # a vacation in slots 2-4
    problem = RcpspProblem(
        names=("a",), duration=np.array([3]), demand=np.array([[1]]), resources=("alice",), capacity=capacity,
        pred=np.zeros(0, np.int64), succ=np.zeros(0, np.int64), delay=np.zeros(0, np.int64),
        release=np.zeros(1, np.int64))
    assert level(problem).start.tolist() == [5]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_tasks=8, max_duration=90))
def test_long_tasks_use_the_array_profile_and_stay_valid(problem: RcpspProblem) -> None:
    net = Network.of(problem)
    start = serial(problem, net, priority_rules(problem)["lft"])
    fixed = {problem.names[i] for i in np.flatnonzero(problem.fixed >= 0)}
    found = violations(problem, start.tolist())
    assert [v for v in found if not (" before " in v and v.split(" ")[0] in fixed)] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_tasks=6, max_resources=2, tight=True))
def test_tight_horizons_end_with_a_valid_schedule_or_an_honest_unknown(problem: RcpspProblem) -> None:
    result = solve_heuristic(problem, schedules=100)
    if result.status is SolveStatus.UNKNOWN:
        assert (result.start == -1).all()
    else:
        assert violations(problem, result.start.tolist()) == []
        assert result.makespan >= brute_force_makespan(problem)
