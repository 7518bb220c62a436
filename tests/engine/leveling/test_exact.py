"""The calendar-aware serial scheme against an independent checker of exact problems."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from headway.engine.leveling import level
from headway.engine.leveling.exact import ExactNetwork, serial_exact
from headway.engine.leveling.heuristic import priority_rules
from headway.engine.leveling.problem import Choice, RcpspProblem, SolveStatus, working_end
from tests.engine.leveling.exact_validator import exact_violations, finish_of
from tests.engine.leveling.strategies import exact_problems

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(exact_problems())
def test_every_rule_gives_a_valid_schedule(problem: RcpspProblem) -> None:
    net = ExactNetwork.of(problem)
    for key in priority_rules(problem).values():
        found = serial_exact(problem, net, key)
        assert exact_violations(problem, found.start, found.pick) == []
        expected = [finish_of(problem.work[c] .tolist() if c >= 0 else None, int(s), int(d)) for c, s, d in
                    zip(_calendars(problem, found.pick), found.start, problem.duration, strict=True)]
        assert found.finish.tolist() == expected


@FAST
@given(exact_problems())
def test_the_heuristic_keeps_the_best_valid_schedule(problem: RcpspProblem) -> None:
    result = level(problem, schedules=30)
    assert result.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    assert exact_violations(problem, result.start, result.pick) == []
    assert result.lower_bound <= result.makespan
    again = level(problem, schedules=30)
    assert again.start.tolist() == result.start.tolist()


@FAST
@given(exact_problems())
def test_working_end_matches_counting_slots(problem: RcpspProblem) -> None:
    for w in problem.work:
        starts = np.arange(0, problem.horizon + 5, 3, dtype=np.int64)
        for d in (1, 2, 5):
            ends = working_end(w, starts, np.full(len(starts), d, np.int64))
            assert ends.tolist() == [finish_of(w.tolist(), int(s) if int(s) in set(w.tolist()) or int(s) > int(w[-1])
                                               else _next(w.tolist(), int(s)), d) for s in starts]


def _next(work: list[int], t: int) -> int:
    return min(x for x in work if x >= t)


def _calendars(problem: RcpspProblem, pick: np.ndarray) -> list[int]:
    cal = problem.calendar.tolist()
    for choice, k in zip(problem.choices, pick.tolist(), strict=True):
        cal[choice.task] = choice.calendars[choice.resources.index(k)]
    return cal


def _two_tasks(choice: bool, latest: int = -1) -> RcpspProblem:
    """Two 3-slot tasks both needing r0; with ``choice`` the second may take r1 instead."""
    return RcpspProblem(
        names=("a", "b"), duration=np.array([3, 3]), demand=np.array([[1, 0], [0 if choice else 1, 0]]),
        resources=("r0", "r1"), capacity=np.ones((2, 20), np.int64), pred=np.zeros(0, np.int64),
        succ=np.zeros(0, np.int64), delay=np.zeros(0, np.int64), release=np.zeros(2, np.int64),
        choices=(Choice(1, (0, 1), (1, 1), (-1, -1)),) if choice else (),
        latest=np.array([latest, latest], np.int64) if latest >= 0 else np.zeros(0, np.int64))


def test_a_choice_goes_to_whoever_is_free() -> None:
    result = level(_two_tasks(choice=True))
    assert result.start.tolist() == [0, 0] and result.pick.tolist() == [1]


def test_within_float_a_task_stays_over_allocated_rather_than_slip() -> None:
    problem = _two_tasks(choice=False, latest=1)
    result = level(problem)
    assert len(result.unresolved) == 1 and result.start.tolist() == [0, 0]
    assert exact_violations(problem, result.start, unresolved=result.unresolved) == []
    assert level(_two_tasks(choice=False)).makespan == 6  # without the limit it waits


def test_a_task_on_a_calendar_skips_the_gap_and_holds_its_person_through_it() -> None:
    work = np.array([0, 1, 4, 5, 6, 7, 8, 9], np.int64)  # slots 2-3 off (a vacation)
    problem = RcpspProblem(
        names=("a", "b"), duration=np.array([3, 2]), demand=np.array([[1], [1]]), resources=("r0",),
        capacity=np.ones((1, 20), np.int64), pred=np.zeros(0, np.int64), succ=np.zeros(0, np.int64),
        delay=np.zeros(0, np.int64), release=np.zeros(2, np.int64), calendar=np.array([0, -1]), work=(work,),
        priority=np.array([900, 100]))
    result = level(problem)
    assert result.start.tolist() == [0, 5] and result.makespan == 7  # a: 0,1,4 -> finishes 5
    assert exact_violations(problem, result.start) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exact_problems(max_tasks=7, max_resources=2))
def test_the_exact_cpsat_model_is_valid_and_never_worse_than_the_heuristic(problem: RcpspProblem) -> None:
    heuristic = level(problem, schedules=20)
    optimal = level(problem, method="optimal", time_limit=5, workers=1, schedules=5)
    assert optimal.status in (SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    assert exact_violations(problem, optimal.start, optimal.pick) == []
    assert optimal.lower_bound <= optimal.makespan
    if optimal.status is SolveStatus.OPTIMAL:
        assert optimal.makespan <= heuristic.makespan


def test_cpsat_on_a_calendar_matches_the_hand_count() -> None:
    work = np.array([0, 1, 4, 5, 6, 7, 8, 9], np.int64)
    problem = RcpspProblem(
        names=("a", "b"), duration=np.array([3, 2]), demand=np.array([[1], [1]]), resources=("r0",),
        capacity=np.ones((1, 20), np.int64), pred=np.zeros(0, np.int64), succ=np.zeros(0, np.int64),
        delay=np.zeros(0, np.int64), release=np.zeros(2, np.int64), calendar=np.array([0, -1]), work=(work,))
    result = level(problem, method="optimal", time_limit=5, workers=1)
    # a holds r0 over its gap, so b cannot slip into slots 2-3: one after the other, 7 at best
    assert result.proven_optimal and result.makespan == 7
    assert exact_violations(problem, result.start) == []
