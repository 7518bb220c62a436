"""The ``risks:`` register: read with places, written canonically, round-tripped losslessly."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from headway.io.plan import dumps, loads
from headway.model import Distribution, Duration, Estimate, PlanError, Project, Risk, RiskImpact, RiskStatus

HEAD = "project: {name: Risks, start: 2027-01-04}\ntasks:\n  - {id: design, duration: 2d}\n" \
       "  - {id: build, duration: 3d, after: [design]}\n"
TEXT = HEAD + """\
risks:
  - id: R-1
    title: Vendor late
    probability: 30%
    owner: ana
    impacts:
      - {task: build, delay: 2d/4d/9d, cost: 1500}
      - {task: design, delay: 1d}
      - {task: design, delay: {low: 1d, likely: 2d, high: 6d, distribution: pert}}
    mitigation: second vendor on standby
  - {id: R-2, title: Old worry, probability: 5%, status: closed}
"""


def test_risks_are_read_into_the_model() -> None:
    first, second = loads(TEXT).project.risks
    assert (first.id, first.title, first.probability, first.owner) == ("R-1", "Vendor late", 0.3, "ana")
    assert first.impacts[0] == RiskImpact("build", Estimate(Duration(2), Duration(4), Duration(9)), 1500.0)
    assert first.impacts[1] == RiskImpact("design", Duration(1))
    assert first.impacts[2].delay == Estimate(Duration(1), Duration(2), Duration(6), Distribution.PERT)
    assert first.mitigation == "second vendor on standby" and first.status is RiskStatus.OPEN
    assert second.status is RiskStatus.CLOSED and second.impacts == ()
    assert first.origin is not None and first.origin.line == 6


def test_round_trip_is_lossless_and_canonical() -> None:
    project = loads(TEXT).project
    text = dumps(project)
    assert loads(text).project == project
    assert dumps(loads(text).project) == text
    assert "      - {task: build, delay: 2d/4d/9d, cost: 1500}\n" in text


_durations = st.integers(0, 20).map(lambda n: Duration(n))
_delays = st.none() | _durations | st.builds(
    lambda a, b, c, d: Estimate(Duration(a), Duration(a + b), Duration(a + b + c), d),
    st.integers(0, 5), st.integers(0, 5), st.integers(0, 5), st.sampled_from(Distribution))
_impacts = st.builds(RiskImpact, st.sampled_from(["design", "build"]), _delays,
                     st.integers(0, 10**6).map(float))
_risks = st.builds(Risk, st.from_regex(r"[A-Z]-[0-9]{1,3}", fullmatch=True),
                   st.from_regex(r"[A-Za-z][A-Za-z0-9 ,.'-]{0,20}[A-Za-z0-9]", fullmatch=True),
                   st.integers(0, 100).map(lambda p: p / 100), st.lists(_impacts, max_size=3).map(tuple),
                   st.none() | st.sampled_from(["ana", "bo"]), st.sampled_from(["", "hedge"]),
                   st.sampled_from(RiskStatus))


@given(st.lists(_risks, max_size=3, unique_by=lambda r: r.id))
def test_any_risks_round_trip(risks: list[Risk]) -> None:
    project: Project = loads(HEAD).project.replace(risks=tuple(risks))
    assert loads(dumps(project)).project.risks == project.risks


@pytest.mark.parametrize(("snippet", "code", "line"), [
    ("risks:\n  - {id: R-1, title: x, probability: 30%, impacts: [{task: bulid, delay: 1d}]}\n", "unknown_task", 6),
    ("risks:\n  - {id: R-1, title: x, probability: 120%}\n", "bad_probability", 6),
    ("risks:\n  - {id: R-1, title: x, probability: -0.1}\n", "bad_probability", 6),
    ("risks:\n  - {id: R-1, title: x}\n", "missing_key", 6),
    ("risks:\n  - {id: R-1, title: x, probability: 1%, status: gone}\n", "bad_risk_status", 6),
    ("risks:\n  - {id: R-1, title: x, probability: 1%, impacts: [{task: build, delay: 4d/2d/1d}]}\n",
     "bad_estimate", 6),
    ("risks:\n  - {id: R-1, title: x, probability: 1%}\n  - {id: R-1, title: y, probability: 1%}\n",
     "duplicate_risk_id", 7),
])
def test_bad_risks_are_reported_with_their_line(snippet: str, code: str, line: int) -> None:
    with pytest.raises(PlanError) as info:
        loads(HEAD + snippet, "plan.yaml")
    problems = [(p.code, p.location.line if p.location else 0) for p in info.value.problems]
    assert (code, line) in problems, problems


def test_an_unknown_impacted_task_suggests_the_right_one() -> None:
    with pytest.raises(PlanError) as info:
        loads(HEAD + "risks:\n  - id: R-1\n    title: x\n    probability: 50%\n    impacts:\n"
                     "      - {task: bulid, delay: 1d}\n", "plan.yaml")
    (problem,) = info.value.problems
    assert problem.format().startswith("plan.yaml:10:16: error[unknown_task]")
    assert problem.hint == "did you mean 'build'?" and problem.entity_id == "R-1"


def test_written_risks_match_the_schema() -> None:
    from tests.io.test_plan_schema import errors

    assert errors(yaml.safe_load(dumps(loads(TEXT).project))) == []
    assert errors(yaml.safe_load(HEAD + "risks:\n  - {id: R-1, title: x, probability: 1%, status: gone}\n"))


def test_default_uncertainty_is_read_written_and_checked() -> None:
    text = HEAD.replace("project: {name: Risks, start: 2027-01-04}",
                        "project: {name: Risks, start: 2027-01-04, default_uncertainty: [-10%, +30%]}")
    project = loads(text).project
    assert project.default_uncertainty == (-0.1, 0.3)
    assert "  default_uncertainty: [-10%, 30%]\n" in dumps(project)
    assert loads(dumps(project)).project == project
    for bad in ("[10%, 30%]", "[-10%]", "[-100%, 30%]", "[-10%, -5%]"):
        with pytest.raises(PlanError) as info:
            loads(text.replace("[-10%, +30%]", bad), "plan.yaml")
        assert [(p.code, p.location.line if p.location else 0) for p in info.value.problems] == [("bad_uncertainty", 1)]
