"""The contract form of three-point estimates: low/likely/high and a distribution."""

from __future__ import annotations

import pytest

from headway.io.plan import dumps, loads
from headway.model import Distribution, Duration, Estimate, PlanError

PLAN = """\
project: {{name: Odds, start: 2027-01-04}}
tasks:
  - id: a
    duration: 10d
    estimate: {estimate}
"""


def estimate_of(text: str) -> Estimate | None:
    return loads(PLAN.format(estimate=text)).project.tasks[0].estimate


@pytest.mark.parametrize(("text", "distribution"), [
    ("{low: 8d, likely: 10d, high: 16d, distribution: triangular}", Distribution.TRIANGULAR),
    ("{low: 8d, likely: 10d, high: 16d, distribution: pert}", Distribution.PERT),
    ("{optimistic: 8d, likely: 10d, pessimistic: 16d, distribution: LogNormal}", Distribution.LOGNORMAL),
    ("{low: 8d, likely: 10d, pessimistic: 16d}", Distribution.TRIANGULAR),
    ("8d/10d/16d", Distribution.TRIANGULAR),
])
def test_every_form_reads_the_same_points(text: str, distribution: Distribution) -> None:
    assert estimate_of(text) == Estimate(Duration(8), Duration(10), Duration(16), distribution)


@pytest.mark.parametrize("distribution", list(Distribution))
def test_round_trip_keeps_the_distribution(distribution: Distribution) -> None:
    project = loads(PLAN.format(estimate=f"{{low: 8d, likely: 10d, high: 16d, distribution: {distribution.value}}}"))
    text = dumps(project.project)
    again = loads(text).project
    assert again == project.project
    assert dumps(again) == text
    assert ("distribution" in text) == (distribution is not Distribution.TRIANGULAR)


def test_unknown_distribution_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(PlanError) as err:
        estimate_of("{low: 8d, likely: 10d, high: 16d, distribution: lognormall}")
    (problem,) = err.value.problems
    assert problem.code == "bad_distribution"
    assert problem.location is not None and problem.location.line == 5
    assert problem.hint == "did you mean 'lognormal'?"
