"""The test oracles checked on their own: the validator, the problem generator, the brute force."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings

from headway.engine.leveling.problem import RcpspProblem
from tests.engine.leveling.strategies import (
    brute_force_makespan,
    brute_force_schedule,
    problems,
    serial_schedule,
    topological_order,
)
from tests.engine.leveling.validator import makespan, violations


def small(capacity: int = 2, horizon: int = 10, release: tuple[int, ...] = (0, 0, 0),
          fixed: tuple[int, ...] = (-1, -1, -1)) -> RcpspProblem:
    """a (2 slots, needs 2) -> FS -> b (3 slots, needs 1); c (1 slot, needs 1) is free."""
    return RcpspProblem(
        names=("a", "b", "c"), duration=np.array([2, 3, 1]), demand=np.array([[2], [1], [1]]),
        resources=("r",), capacity=np.full((1, horizon), capacity), pred=np.array([0]),
        succ=np.array([1]), delay=np.array([2]), release=np.array(release), fixed=np.array(fixed))


def test_accepts_a_serial_schedule() -> None:
    problem = small()
    start = serial_schedule(problem, [0, 1, 2])
    assert start == [0, 2, 2]
    assert violations(problem, start) == []
    assert makespan(problem, start) == 5


def test_flags_an_over_allocation() -> None:
    found = violations(small(), [0, 2, 1])
    assert len(found) == 1 and "r slot 1: 3 used > 2 available by a, c" in found[0]


def test_flags_a_broken_precedence() -> None:
    found = violations(small(), [0, 1, 4])
    assert any("b starts at 1, before a start 0 + delay 2" in f for f in found)


def test_flags_a_start_before_release_or_slot_zero() -> None:
    assert any("before its release 3" in f for f in violations(small(release=(0, 0, 3)), [0, 2, 2]))
    assert any("before slot 0" in f for f in violations(small(), [0, 2, -1]))


def test_flags_a_moved_fixed_task() -> None:
    assert any("not at its fixed start 4" in f for f in violations(small(fixed=(-1, -1, 4)), [0, 2, 2]))
    assert violations(small(fixed=(-1, -1, 4)), [0, 2, 4]) == []


def test_flags_work_past_the_horizon_and_reduced_capacity() -> None:
    assert any("slot 5: 1 used > 0 available" in f for f in violations(small(horizon=5), [0, 3, 0]))
    problem = small()
    problem.capacity[0, 3] = 0  # a vacation
    assert any("slot 3: 1 used > 0 available by b" in f for f in violations(problem, [0, 2, 5]))


def test_flags_a_wrong_length() -> None:
    assert violations(small(), [0, 2]) == ["2 starts for 3 tasks"]


@settings(max_examples=60)
@given(problems(fixed=False))
def test_serial_schedules_of_random_problems_are_valid(problem: RcpspProblem) -> None:
    start = serial_schedule(problem, topological_order(problem))
    assert violations(problem, start) == []


@settings(max_examples=40)
@given(problems(max_tasks=3, max_duration=3, tight=True))
def test_brute_force_matches_full_enumeration(problem: RcpspProblem) -> None:
    spans = [makespan(problem, s) for s in itertools.product(range(problem.horizon + 1), repeat=problem.tasks)
             if not violations(problem, s)]
    assert brute_force_makespan(problem) == min(spans)


@settings(max_examples=60)
@given(problems(max_tasks=6))
def test_brute_force_is_valid_and_between_bounds(problem: RcpspProblem) -> None:
    found = brute_force_schedule(problem)
    assert found is not None
    span, start = found
    assert violations(problem, start) == [] and makespan(problem, start) == span
    assert span <= problem.horizon
    no_resources = RcpspProblem(problem.names, problem.duration, problem.demand * 0, problem.resources,
                                problem.capacity, problem.pred, problem.succ, problem.delay, problem.release,
                                fixed=problem.fixed)
    assert brute_force_makespan(no_resources) <= span


@settings(max_examples=40)
@given(problems(max_tasks=6, tight=True))
def test_brute_force_on_tight_horizons(problem: RcpspProblem) -> None:
    found = brute_force_schedule(problem)
    assert found is not None and violations(problem, found[1]) == []
