"""``save_changes``: a stored project made into another one reads back equal to it (the oracle: the new
project itself), touching only what changed; the project cache never serves another revision."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from headway.io import plan as plan_file
from headway.model import Duration, Issue, Link, Project, Resource, Task
from headway.store import bump_revision, get_project, import_project, make_sessions
from headway.store.entities import save_changes
from headway.store.entities_cache import ProjectCache
from headway.store.tasks import task_versions
from tests.server.conftest import LAUNCH


@st.composite
def _projects(draw: st.DrawFn) -> Project:
    """Small plans: summaries and leaves, FS links to earlier leaves, a few people and issues."""
    n = draw(st.integers(1, 8))
    tasks: list[Task] = []
    for i in range(n):
        parent = draw(st.sampled_from([None] + [t.id for t in tasks if t.parent is None and t.id.startswith("g")]))
        summary = parent is None and draw(st.booleans())
        if summary:
            tasks.append(Task(f"g{i}", name=f"Group {i}"))
            continue
        earlier = [t.id for t in tasks if t.id.startswith("t")]
        links = tuple(Link(p) for p in draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2))) \
            if earlier else ()
        tasks.append(Task(f"t{i}", name=draw(st.sampled_from(["", "A", "B"])), parent=parent,
                          duration=Duration(draw(st.integers(1, 5))), links=links))
    # a summary comes before its subtasks: keep WBS order by grouping
    ordered: list[Task] = []
    for task in tasks:
        if task.parent is None:
            ordered.append(task)
            ordered += [t for t in tasks if t.parent == task.id]
    people = tuple(Resource(f"p{k}", name=f"P{k}") for k in range(draw(st.integers(0, 2))))
    issues = tuple(Issue(f"i{k}", "Trouble") for k in range(draw(st.integers(0, 2))))
    return Project("Prop", dt.date(2027, 1, 4), tasks=tuple(ordered), resources=people, issues=issues,
                   description=draw(st.sampled_from(["", "x"])))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(old=_projects(), new=_projects())
def test_save_changes_reads_back_the_new_project(sqlite_engine: Engine, old: Project, new: Project) -> None:
    sessions = make_sessions(sqlite_engine)
    with sessions.begin() as session:
        pid = import_project(session, old)
        before = task_versions(session, pid)
    with sessions.begin() as session:
        save_changes(session, pid, old, new)
    with sessions() as session:
        assert get_project(session, pid) == new
        after = task_versions(session, pid)
    olds = {t.id: t for t in old.tasks}
    for task in new.tasks:  # an unchanged task keeps its version (its ETag); a changed one moves on
        if task.id in olds:
            assert (after[task.id] == before[task.id]) == (olds[task.id] == task), task.id


def test_save_changes_on_a_real_plan(engine: Engine) -> None:
    project = plan_file.load(LAUNCH).project
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        pid = import_project(session, project)
    leaf = next(t for t in project.tasks if t.parent is not None and not t.milestone)
    changed = project.replace(tasks=tuple(replace(t, name="Renamed") if t is leaf else t for t in project.tasks),
                              resources=(*project.resources, Resource("newcomer", name="New")),
                              description="Changed")
    with sessions.begin() as session:
        sections = save_changes(session, pid, project, changed)
    assert sections == ["project", "tasks", "resources"]
    with sessions() as session:
        assert get_project(session, pid) == changed


def test_cache_keeps_a_project_per_revision(sqlite_engine: Engine) -> None:
    sessions = make_sessions(sqlite_engine)
    project = Project("C", dt.date(2027, 1, 4), tasks=(Task("a", duration=Duration(1)),))
    with sessions.begin() as session:
        pid = import_project(session, project)
    cache = ProjectCache(size=2)
    with sessions() as session:
        read, revision = cache.read(session, pid)
    assert read == project and cache.get(pid, revision) == project
    changed = project.replace(description="new")
    with sessions.begin() as session:  # a change made elsewhere: the cache is not told
        bump_revision(session, pid)
        save_changes(session, pid, project, changed)
    with sessions() as session:
        again, newer = cache.read(session, pid)
    assert newer == revision + 1 and again == changed
    cache.drop(pid)
    assert cache.get(pid, newer) is None
