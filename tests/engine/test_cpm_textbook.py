"""CPM against textbook networks worked by hand, and against PSPLIB files nobody here wrote.

Times in these tests are whole working days (or weeks) on the default calendar from Monday
2027-01-04, so an early start of ``k`` days is the morning of the ``k+1``-th working day and
an early finish of ``k`` days the evening of the ``k``-th.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import networkx as nx
import pytest

from headway.engine.cpm import schedule
from headway.engine.results import Schedule
from headway.model import Duration, Link, LinkType, Project, Task, TimeUnit
from tests.engine.oracles import DAY, START, working_minutes

PSPLIB = Path(__file__).resolve().parents[3] / "shared" / "data" / "psplib"


def in_units(s: Schedule, unit: int) -> dict[str, dict[str, float]]:
    """ES, EF, LS, LF, TF and FF of every task in ``unit`` working minutes."""
    out = {}
    for t in s.tasks:
        out[t.id] = {
            "es": working_minutes(t.early_start) / unit, "ef": working_minutes(t.early_finish) / unit,
            "ls": working_minutes(t.late_start) / unit, "lf": working_minutes(t.late_finish) / unit,
            "tf": t.total_float_minutes / unit, "ff": t.free_float_minutes / unit,
        }
    return out


def build(rows: list[tuple[str, float, list[tuple[str, LinkType, float]]]], unit: TimeUnit) -> Project:
    tasks = tuple(
        Task(tid, duration=Duration(d, unit),
             links=tuple(Link(p, kind, Duration(lag, unit)) for p, kind, lag in preds))
        for tid, d, preds in rows)
    return Project(name="textbook", start=START, tasks=tasks)


def fs(*preds: str) -> list[tuple[str, LinkType, float]]:
    return [(p, LinkType.FS, 0) for p in preds]


def test_reliable_construction_company() -> None:
    """Hillier & Lieberman, *Introduction to Operations Research*, the Reliable Construction
    Co. house (durations in weeks). Published answer: 44 weeks, critical path
    A-B-C-E-F-J-L-N, slack D 4, G 4, H 4, M 4, I 2, K 1, all others 0.

    By hand: forward A 0-2, B 2-6, C 6-16, D 16-22, E 16-20, F 20-25, G 22-29, H 29-38,
    I 16-23, J 25-33, K 33-37, L 33-38, M 38-40, N 38-44. Backward from 44: N 38-44,
    M 42-44, L 33-38, K 34-38, J 25-33, I 18-25, H 33-42, G 26-33, F 20-25, E 16-20,
    D 20-26, C 6-16, B 2-6, A 0-2.
    """
    rows = [
        ("A", 2, []), ("B", 4, fs("A")), ("C", 10, fs("B")), ("D", 6, fs("C")), ("E", 4, fs("C")),
        ("F", 5, fs("E")), ("G", 7, fs("D")), ("H", 9, fs("E", "G")), ("I", 7, fs("C")),
        ("J", 8, fs("F", "I")), ("K", 4, fs("J")), ("L", 5, fs("J")), ("M", 2, fs("H")),
        ("N", 6, fs("K", "L")),
    ]
    s = schedule(build(rows, TimeUnit.WEEK))
    got = in_units(s, 5 * DAY)
    expected_es = dict(A=0, B=2, C=6, D=16, E=16, F=20, G=22, H=29, I=16, J=25, K=33, L=33, M=38, N=38)
    expected_ls = dict(A=0, B=2, C=6, D=20, E=16, F=20, G=26, H=33, I=18, J=25, K=34, L=33, M=42, N=38)
    slack = dict(D=4, G=4, H=4, M=4, I=2, K=1)
    durations = {tid: d for tid, d, _ in rows}
    for tid in expected_es:
        assert got[tid]["es"] == expected_es[tid], tid
        assert got[tid]["ef"] == expected_es[tid] + durations[tid], tid
        assert got[tid]["ls"] == expected_ls[tid], tid
        assert got[tid]["lf"] == expected_ls[tid] + durations[tid], tid
        assert got[tid]["tf"] == slack.get(tid, 0), tid
        assert s.task(tid).critical == (tid not in slack), tid
    assert s.duration_minutes == 44 * 5 * DAY
    assert s.critical_path == ("A", "B", "C", "E", "F", "J", "L", "N")
    # 44 weeks from Mon 4 Jan 2027 end on Friday 5 Nov 2027
    assert s.finish == dt.datetime(2027, 11, 5, 17, 0)


def test_a_to_h_exercise_with_free_float() -> None:
    """The usual eight-activity exercise (days).

    | act | dur | preds | ES | EF | LS | LF | TF | FF |
    | A   | 3   | -     | 0  | 3  | 0  | 3  | 0  | 0  |
    | B   | 4   | A     | 3  | 7  | 3  | 7  | 0  | 0  |
    | C   | 2   | A     | 3  | 5  | 9  | 11 | 6  | 0  |
    | D   | 5   | B     | 7  | 12 | 7  | 12 | 0  | 0  |
    | E   | 1   | C     | 5  | 6  | 11 | 12 | 6  | 6  |
    | F   | 2   | C     | 5  | 7  | 14 | 16 | 9  | 9  |
    | G   | 4   | D, E  | 12 | 16 | 12 | 16 | 0  | 0  |
    | H   | 3   | F, G  | 16 | 19 | 16 | 19 | 0  | 0  |

    C's free float is min(ES E, ES F) - EF C = 5 - 5 = 0; E's is ES G - EF E = 12 - 6; F's is
    ES H - EF F = 16 - 7. The project takes 19 days; critical path A-B-D-G-H.
    """
    rows = [("A", 3, []), ("B", 4, fs("A")), ("C", 2, fs("A")), ("D", 5, fs("B")), ("E", 1, fs("C")),
            ("F", 2, fs("C")), ("G", 4, fs("D", "E")), ("H", 3, fs("F", "G"))]
    table = {
        "A": (0, 3, 0, 3, 0, 0), "B": (3, 7, 3, 7, 0, 0), "C": (3, 5, 9, 11, 6, 0),
        "D": (7, 12, 7, 12, 0, 0), "E": (5, 6, 11, 12, 6, 6), "F": (5, 7, 14, 16, 9, 9),
        "G": (12, 16, 12, 16, 0, 0), "H": (16, 19, 16, 19, 0, 0),
    }
    s = schedule(build(rows, TimeUnit.DAY))
    got = in_units(s, DAY)
    for tid, (es, ef, ls, lf, tf, ff) in table.items():
        assert (got[tid]["es"], got[tid]["ef"], got[tid]["ls"], got[tid]["lf"]) == (es, ef, ls, lf), tid
        assert (got[tid]["tf"], got[tid]["ff"]) == (tf, ff), tid
    assert s.duration_minutes == 19 * DAY
    assert s.critical_path == ("A", "B", "D", "G", "H")
    # day 19 ends on the 19th working day: Thu 28 Jan 2027
    assert s.finish == dt.datetime(2027, 1, 28, 17, 0)


def test_precedence_diagram_with_ss_ff_sf_lags_and_a_lead() -> None:
    """A precedence-diagram network (days) with every link type.

    A 4: -.                     ES 0,  EF 4.
    B 6: SS A +2.               ES 2,  EF 8.
    C 5: FF B +3.               EF >= 8 + 3 = 11, so ES 6.
    D 3: FS C, FS A +1.         ES max(11, 4 + 1) = 11, EF 14.
    E 2: SS D -1 (lead), FS B.  ES max(11 - 1, 8) = 10, EF 12.
    F 4: SF A +10.              EF >= 0 + 10, so ES 6, EF 10.
    Finish 14. Backward: D LF 14; E LF 14; F LF 14; C LF = LS D = 11, LS 6; B LF = min(LF C - 3,
    LS E) = min(8, 12) = 8, LS 2; A: LS <= LS B - 2 = 0 (SS), LF <= LS D - 1 = 10 (FS),
    LS <= LF F - 10 = 4 (SF), so LS 0, LF 4.
    Total float: E 2, F 4, all others 0. Free float: E 14 - 12 = 2, F 14 - 10 = 4.
    """
    rows = [
        ("A", 4, []),
        ("B", 6, [("A", LinkType.SS, 2)]),
        ("C", 5, [("B", LinkType.FF, 3)]),
        ("D", 3, [("C", LinkType.FS, 0), ("A", LinkType.FS, 1)]),
        ("E", 2, [("D", LinkType.SS, -1), ("B", LinkType.FS, 0)]),
        ("F", 4, [("A", LinkType.SF, 10)]),
    ]
    table = {
        "A": (0, 4, 0, 4, 0, 0), "B": (2, 8, 2, 8, 0, 0), "C": (6, 11, 6, 11, 0, 0),
        "D": (11, 14, 11, 14, 0, 0), "E": (10, 12, 12, 14, 2, 2), "F": (6, 10, 10, 14, 4, 4),
    }
    s = schedule(build(rows, TimeUnit.DAY))
    got = in_units(s, DAY)
    for tid, (es, ef, ls, lf, tf, ff) in table.items():
        assert (got[tid]["es"], got[tid]["ef"], got[tid]["ls"], got[tid]["lf"]) == (es, ef, ls, lf), tid
        assert (got[tid]["tf"], got[tid]["ff"]) == (tf, ff), tid
    assert s.duration_minutes == 14 * DAY
    assert s.critical_path == ("A", "B", "C", "D")


def test_general_and_uniform_passes_agree_on_the_textbook_networks() -> None:
    rows = [("A", 4, []), ("B", 6, [("A", LinkType.SS, 2)]), ("C", 5, [("B", LinkType.FF, 3)]),
            ("D", 3, [("C", LinkType.FS, 0), ("A", LinkType.FS, 1)]),
            ("E", 2, [("D", LinkType.SS, -1), ("B", LinkType.FS, 0)]), ("F", 4, [("A", LinkType.SF, 10)])]
    project = build(rows, TimeUnit.DAY)
    assert schedule(project).tasks == schedule(project, force_general=True).tasks


# --- PSPLIB ------------------------------------------------------------------------------------


def read_sm(path: Path) -> tuple[dict[int, int], list[tuple[int, int]], int]:
    """Durations, finish-to-start edges and the MPM-Time of a PSPLIB ``.sm`` file."""
    text = path.read_text(encoding="utf-8")
    mpm = re.search(r"MPM-Time\s*\n\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", text)
    assert mpm is not None
    sections = re.split(r"\*{10,}", text)
    prec = next(s for s in sections if "PRECEDENCE RELATIONS" in s)
    reqs = next(s for s in sections if "REQUESTS/DURATIONS" in s)
    edges = []
    for line in prec.splitlines():
        fields = line.split()
        if not fields or not fields[0].isdigit():
            continue
        job, count, succs = int(fields[0]), int(fields[2]), [int(x) for x in fields[3:]]
        assert len(succs) == count
        edges += [(job, s) for s in succs]
    durations = {}
    for line in reqs.splitlines():
        fields = line.split()
        if fields and fields[0].isdigit():
            durations[int(fields[0])] = int(fields[2])
    return durations, edges, int(mpm.group(6))


def reference_cpm() -> dict[str, int]:
    with (PSPLIB / "reference.csv").open(encoding="utf-8") as f:
        return {row["instance"]: int(row["cpm_lower_bound"]) for row in csv.DictReader(f)}


def instances(folder: str, count: int) -> list[Path]:
    directory = PSPLIB / folder
    if not directory.is_dir():
        return []

    def key(p: Path) -> tuple[int, int]:
        param, number = p.stem[len(folder):].split("_")
        return int(param), int(number)

    return sorted(directory.glob("*.sm"), key=key)[:count]


PSPLIB_CASES = instances("j30", 20) + instances("j120", 5)


def test_enough_psplib_instances() -> None:
    if not PSPLIB.is_dir():
        pytest.skip(f"PSPLIB data not found at {PSPLIB}")
    assert len(instances("j30", 20)) == 20 and len(instances("j120", 5)) == 5


@pytest.mark.parametrize("path", PSPLIB_CASES, ids=lambda p: p.stem)
def test_psplib_instance_matches_networkx_longest_paths(path: Path) -> None:
    durations, edges, mpm_time = read_sm(path)
    succs: dict[int, list[int]] = {job: [] for job in durations}
    preds: dict[int, list[int]] = {job: [] for job in durations}
    for a, b in edges:
        succs[a].append(b)
        preds[b].append(a)
    project = Project(name=path.stem, start=START, tasks=tuple(
        Task(f"j{job}", duration=Duration(durations[job], TimeUnit.DAY),
             links=tuple(Link(f"j{p}") for p in preds[job]))
        for job in sorted(durations)))
    s = schedule(project)

    # oracle: longest paths in a graph whose edge weights are the predecessor's duration
    g = nx.DiGraph()
    g.add_nodes_from(durations)
    g.add_weighted_edges_from((a, b, durations[a]) for a, b in edges)
    order = list(nx.topological_sort(g))
    es = {job: 0 for job in durations}
    for job in order:
        for nxt in g.successors(job):
            es[nxt] = max(es[nxt], es[job] + g[job][nxt]["weight"])
    makespan = max(es[j] + durations[j] for j in durations)
    assert makespan == nx.dag_longest_path_length(
        nx.DiGraph([(a, b, {"weight": durations[a]}) for a, b in edges]))
    tail = {job: durations[job] for job in durations}  # longest path from a job's start to the end
    for job in reversed(order):
        for nxt in g.successors(job):
            tail[job] = max(tail[job], durations[job] + tail[nxt])
    ls = {job: makespan - tail[job] for job in durations}

    assert makespan == mpm_time  # the file's own critical-path length
    if (PSPLIB / "reference.csv").is_file():
        assert makespan == reference_cpm()[path.stem]
    assert s.duration_minutes == makespan * DAY
    got = in_units(s, DAY)
    for job in durations:
        tid = f"j{job}"
        assert got[tid]["es"] == es[job], tid
        assert got[tid]["ls"] == ls[job], tid
        assert got[tid]["tf"] == ls[job] - es[job], tid
        assert s.task(tid).critical == (ls[job] == es[job]), tid
