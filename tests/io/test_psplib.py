"""Reading PSPLIB ``.sm`` files: facts checked on real j30 files and on malformed text."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from headway.engine.cpm import schedule
from headway.io.psplib import parse, read, read_problem
from headway.model import PlanError
from tests.engine.leveling.strategies import serial_schedule, topological_order
from tests.engine.leveling.validator import makespan, violations

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "psplib"
needs_data = pytest.mark.skipif(not (DATA / "j30").is_dir(), reason=f"PSPLIB data not found in {DATA}")


def natural(path: Path) -> list[int | str]:
    """Sort key: j301_2 before j301_10 before j3010_1."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.stem)]


def first_j30(count: int = 30) -> list[Path]:
    return sorted((DATA / "j30").glob("*.sm"), key=natural)[:count] if DATA.is_dir() else []


def reference() -> dict[str, dict[str, str]]:
    with (DATA / "reference.csv").open(newline="") as stream:
        return {row["instance"]: row for row in csv.DictReader(stream)}


def file_capacities(path: Path) -> list[int]:
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("RESOURCEAVAILABILITIES"))
    return [int(x) for x in lines[at + 2].split()]


def longest_path(problem: object) -> int:
    """Critical-path length by relaxing links in task order (PSPLIB numbers jobs topologically)."""
    es = [0] * len(problem.names)  # type: ignore[attr-defined]
    for _ in range(len(es)):
        for p, s, d in zip(problem.pred, problem.succ, problem.delay, strict=True):  # type: ignore[attr-defined]
            es[s] = max(es[s], es[p] + int(d))
    return max(e + int(d) for e, d in zip(es, problem.duration, strict=True))  # type: ignore[attr-defined]


J30 = first_j30()


@needs_data
def test_the_sample_is_the_first_thirty_in_natural_order() -> None:
    assert [p.stem for p in J30[:11]] == [f"j301_{k}" for k in range(1, 11)] + ["j302_1"]
    assert len(J30) == 30


@needs_data
@pytest.mark.parametrize("path", J30, ids=lambda p: p.stem)
def test_j30_problem_facts(path: Path) -> None:
    problem = read_problem(path)
    ref = reference()[path.stem]
    assert problem.tasks == 32 and problem.names[0] == "j1" and problem.names[-1] == "j32"
    assert problem.resources == ("R1", "R2", "R3", "R4")
    assert (problem.capacity == [[c] for c in file_capacities(path)]).all()
    assert problem.horizon >= int(problem.duration.sum()) + 1
    assert problem.duration[0] == problem.duration[-1] == 0
    assert (problem.delay == problem.duration[problem.pred]).all()
    assert (problem.release == 0).all() and (problem.fixed == -1).all()
    assert longest_path(problem) == int(ref["cpm_lower_bound"])
    start = serial_schedule(problem, topological_order(problem))
    assert violations(problem, start) == []
    assert makespan(problem, start) >= int(ref["best_makespan"])  # nothing beats the optimum


@needs_data
@pytest.mark.parametrize("path", J30, ids=lambda p: p.stem)
def test_j30_project_schedules_to_the_critical_path(path: Path) -> None:
    project = read(path)
    cpm = int(reference()[path.stem]["cpm_lower_bound"])
    assert schedule(project).duration_minutes == cpm * 480


@needs_data
def test_j301_1_project_in_detail() -> None:
    project = read(DATA / "j30" / "j301_1.sm")
    assert project.name == "j301_1" and str(project.start) == "2027-01-04"
    assert [(r.id, r.units) for r in project.resources] == [("R1", 12.0), ("R2", 13.0), ("R3", 4.0), ("R4", 12.0)]
    job2 = project.task("j2")
    assert job2.name == "Job 2" and str(job2.duration) == "8d" and not job2.milestone
    assert [(a.resource, a.units) for a in job2.assignments] == [("R1", 4.0)]
    assert [link.predecessor for link in job2.links] == ["j1"]
    assert project.task("j1").milestone and project.task("j32").milestone
    assert [link.predecessor for link in project.task("j32").links] == ["j29", "j30", "j31"]
    assert job2.origin is not None and job2.origin.line == 20


TINY = """\
************************************************************************
jobs (incl. supersource/sink ):  4
horizon                       :  5
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    0
  3      1     2       1    1
  4      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    2    1
************************************************************************
"""


def test_tiny_text_parses() -> None:
    inst = parse(TINY, "tiny.sm")
    assert inst.name == "tiny" and inst.duration == (0, 3, 2, 0) and inst.capacity == (2, 1)
    assert inst.successors == ((1, 2), (3,), (3,), ())
    assert inst.demand == ((0, 0), (2, 0), (1, 1), (0, 0))


def test_read_files_and_problem(tmp_path: Path) -> None:
    path = tmp_path / "tiny.sm"
    path.write_text(TINY)
    problem = read_problem(path)
    assert problem.horizon == 6 and problem.capacity.tolist() == [[2] * 6, [1] * 6]
    assert list(zip(problem.pred.tolist(), problem.succ.tolist(), problem.delay.tolist(), strict=True)) == [
        (0, 1, 0), (0, 2, 0), (1, 3, 3), (2, 3, 2)]
    assert schedule(read(path)).duration_minutes == 3 * 480


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("   2        1          1           4", "   2        1          2           4", 12, "1 successors, not 2"),
    ("   2        1          1           4", "   2        1          1           9", 12, "successor 9"),
    ("   3        1          1           4", "   3        1          1           x", 13, "'x'"),
    ("   3        1          1           4", "   3        2          1           4", 13, "2 modes"),
    ("   3        1          1           4", "   5        1          1           4", 13, "expected job 3, found 5"),
    ("  3      1     2       1    1", "  3      1     2       1", 21, "needs a mode, a duration and 2"),
    ("  2      1     3       2    0", "  2      1    -3       2    0", 20, "non-negative"),
    ("  4      1     0       0    0\n", "", 21, "3 jobs listed, the header says 4"),
    ("    2    1\n", "", 24, "capacities"),
    ("1           4\n   3        1          1           4", "1           3\n   3        1          1           2",
     12, "cycle through job 2"),
    ("jobs (incl. supersource/sink ):  4", "jobs (incl. supersource/sink ):  x", 2, "'x'"),
    ("REQUESTS/DURATIONS:", "REQUESTS:", 1, "no 'REQUESTS/DURATIONS:' section"),
    ("jobs (incl. supersource/sink ):  4", "", 1, "no 'jobs"),
])
def test_malformed_text_is_a_plan_error_with_a_line(old: str, new: str, line: int, words: str) -> None:
    assert old in TINY
    with pytest.raises(PlanError) as info:
        parse(TINY.replace(old, new), "bad.sm")
    (problem,) = info.value.problems
    assert problem.code == "psplib_syntax" and problem.is_error
    assert problem.location is not None and (problem.location.path, problem.location.line) == ("bad.sm", line)
    assert words in problem.message


def test_read_reports_the_file_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.sm"
    path.write_text(TINY.replace("    2    1\n", "    2    one\n"))
    with pytest.raises(PlanError, match=r"broken\.sm:26:1: error\[psplib_syntax\] expected a whole number"):
        read(path)


def test_binary_garbage_is_a_plan_error(tmp_path: Path) -> None:
    path = tmp_path / "binary.sm"
    path.write_bytes(b"****\njobs : 4\n\xff\xfe\x00")
    with pytest.raises(PlanError, match=r"binary\.sm:3:1: error\[psplib_syntax\] not a text file"):
        read_problem(path)
