"""Every file in tests/plans/invalid/ yields exactly the problems its ``# expect:`` marks name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from headway.io.plan import load
from headway.model import PlanError, Problem

INVALID = sorted((Path(__file__).parents[1] / "plans" / "invalid").glob("*.yaml"))
MARK = re.compile(r"#\s*expect:\s*(error|warning)\s+(\d+)\s+(\w+)")


def expected_marks(path: Path) -> set[tuple[str, int, str]]:
    return {(sev, int(line), code) for sev, line, code in MARK.findall(path.read_text(encoding="utf-8"))}


def problems_of(path: Path) -> tuple[Problem, ...]:
    try:
        return load(path).problems
    except PlanError as exc:
        return exc.problems


def test_there_are_enough_invalid_plans() -> None:
    assert len(INVALID) >= 12


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_problems_match_marks(path: Path) -> None:
    marks = expected_marks(path)
    assert marks, f"{path.name} has no '# expect:' marks"
    found = problems_of(path)
    got = {(p.severity.value, p.location.line if p.location else 0, p.code) for p in found}
    assert got == marks, "\n".join(p.format() for p in found)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_every_problem_has_a_place_and_file_order(path: Path) -> None:
    found = problems_of(path)
    assert all(p.location is not None and p.location.path == str(path) for p in found)
    places = [(p.location.line, p.location.column) for p in found if p.location]
    assert places == sorted(places)


def test_files_with_errors_raise_with_every_error() -> None:
    path = next(p for p in INVALID if p.stem == "multiple_errors")
    with pytest.raises(PlanError) as info:
        load(path)
    assert len(info.value.errors) == sum(1 for sev, _, _ in expected_marks(path) if sev == "error")


def test_unknown_key_suggests_the_right_one() -> None:
    path = next(p for p in INVALID if p.stem == "unknown_key")
    (problem,) = [p for p in problems_of(path) if p.code == "unknown_key"]
    text = problem.format()
    assert "did you mean 'duration'?" in text
    assert text.startswith(f"{path}:7:5: error[unknown_key]")


def test_unknown_predecessor_suggests_the_right_one() -> None:
    path = next(p for p in INVALID if p.stem == "unknown_predecessor")
    (problem,) = problems_of(path)
    assert problem.hint == "did you mean 'design'?"
    assert problem.entity_id == "build"


def test_cycle_lists_its_tasks() -> None:
    path = next(p for p in INVALID if p.stem == "cycle")
    (problem,) = problems_of(path)
    assert problem.message == "dependency cycle: a -> b -> c -> a"


def test_unquoted_time_gets_a_quoting_hint() -> None:
    path = next(p for p in INVALID if p.stem == "bad_hours")
    (problem,) = [p for p in problems_of(path) if p.location and p.location.line == 6]
    assert problem.hint is not None and "YAML reads unquoted 13:00 as a number" in problem.hint
