"""The API's edits obey the rules of a file edit: checked against an independent oracle, the edit made in
the plan file's YAML text and the whole file read again (what ``headway`` does with an edited file)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.io import plan as plan_file
from headway.model import Duration, Link, PlanError, Project, Task
from headway.server.errors import ApiProblem
from headway.server.plans import patched

VALUES: dict[str, list[Any]] = {
    "duration": ["3d", "2.5d", 4, "0d", "soon", "-1d", None, "6h"],
    "milestone": [True, False, None, "yes"],
    "name": ["Build", "", None, 7],
    "priority": [100, 900, 2000, None, "high"],
    "deadline": ["2027-02-01", "2027-13-01", None, dt.date(2027, 3, 1).isoformat()],
    "constraint": [{"type": "SNET", "date": "2027-01-11"}, "ASAP", {"type": "MSO"}, None],
    "notes": ["line one\nline two", None],
}


def _project(durations: list[int], links: list[list[int]], grouped: int = 0) -> Project:
    """Tasks t0… with FS links to earlier ones; the first ``grouped`` of them under a summary ``g``."""
    tasks = [Task(f"t{i}", parent="g" if i < grouped else None, duration=Duration(d),
                  links=tuple(Link(f"t{j}") for j in sorted(set(links[i])) if j < i))
             for i, d in enumerate(durations)]
    summary = (Task("g", name="Group"),) if grouped else ()
    return Project("Prop", dt.date(2027, 1, 4), tasks=(*summary, *tasks))


def _by_file(project: Project, key: str, changes: dict[str, Any]) -> Project:
    """The oracle: edit the task's entry in the YAML text of the plan, then read the whole file."""
    data = yaml.safe_load(plan_file.dumps(project))
    entry = next(e for e in data["tasks"] + (data["tasks"][0].get("tasks") or []) if e["id"] == key)
    for field, value in changes.items():
        if value is None:
            entry.pop(field, None)
        else:
            entry[field] = value
    result = plan_file.loads(yaml.safe_dump(data, sort_keys=False), "edited.yaml").project
    from headway.engine.cpm import schedule

    schedule(result)
    return result


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Project, str, dict[str, Any]]:
    n = draw(st.integers(2, 7))
    durations = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
    links = [draw(st.lists(st.integers(0, n - 1), max_size=3)) for _ in range(n)]
    grouped = draw(st.integers(0, n))
    project = _project(durations, links, grouped)
    key = draw(st.sampled_from([t.id for t in project.tasks]))
    fields = draw(st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=3, unique=True))
    changes = {f: draw(st.sampled_from(VALUES[f])) for f in fields}
    if draw(st.booleans()):  # links may make a cycle or name an unknown task
        changes["after"] = draw(st.lists(st.sampled_from([t.id for t in project.tasks] + ["nope"]), max_size=3,
                                         unique=True)) or None
    return project, key, changes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_task_patch_matches_a_file_edit(case: tuple[Project, str, dict[str, Any]]) -> None:
    project, key, changes = case
    try:
        expected: Project | None = _by_file(project, key, changes)
        codes: set[tuple[str, str | None]] = set()
    except PlanError as err:
        expected, codes = None, {(p.code, p.entity_id) for p in err.errors}
    try:
        got, task = patched(project, key, changes)
    except ApiProblem as problem:
        assert expected is None, f"the API refused what a file edit accepts: {problem.detail}"
        assert {(p.code, p.entity_id) for p in problem.problems if p.is_error} == codes
        return
    assert expected is not None, f"the API accepted what a file edit refuses: {codes}"
    assert got == expected and task == next(t for t in expected.tasks if t.id == key)


def test_fixed_fields_are_refused() -> None:
    project = _project([1, 2], [[], [0]])
    for change in ({"id": "other"}, {"tasks": []}, {"parent": "t0"}):
        with pytest.raises(ApiProblem) as caught:
            patched(project, "t1", change)
        assert caught.value.status == 422


def test_data_read_equals_the_text_read() -> None:
    """``loads_data`` on the plan's data gives what reading its YAML text gives, for a real example."""
    from tests.server.conftest import LAUNCH

    project = plan_file.load(LAUNCH).project
    assert plan_file.loads_data(plan_file.plan_data(project)).project == project
    with pytest.raises(PlanError) as caught:
        plan_file.loads_data({**plan_file.plan_data(project), "project": {"name": "x"}})
    assert any(p.code == "missing_key" for p in caught.value.errors)
