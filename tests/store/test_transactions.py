"""An import is one transaction: when anything fails midway, the database is as it was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.exc import StaleDataError

from headway.io.plan import load
from headway.model import Duration, Link, Project, Task
from headway.store import StoreError, delete_project, get_project, import_project, list_projects, make_sessions
from headway.store.tables import LinkRow, TaskRow
from tests.store.counting import row_counts
from tests.store.test_round_trip import PLANS, everything


class Boom(Exception):
    pass


@pytest.fixture
def failing_links() -> Iterator[None]:
    """Every insert of a link fails, after the project, its calendars and its tasks went in."""
    def fail(mapper: Mapper[Any], connection: Any, target: Any) -> None:
        raise Boom("disk on fire")

    event.listen(LinkRow, "before_insert", fail)
    yield
    event.remove(LinkRow, "before_insert", fail)


def test_failure_midway_leaves_the_database_untouched(engine: Engine, failing_links: None) -> None:
    before = row_counts(engine)
    with pytest.raises(Boom), make_sessions(engine).begin() as session:
        import_project(session, load(PLANS[0]).project)
    assert row_counts(engine) == before


def test_database_error_leaves_the_database_untouched(engine: Engine) -> None:
    before = row_counts(engine)
    twice = Project("dup", everything().start, tasks=(Task("a", duration=Duration(1)), Task("a")))
    with pytest.raises(IntegrityError), make_sessions(engine).begin() as session:
        import_project(session, twice)
    assert row_counts(engine) == before


def test_a_parent_after_its_child_is_refused(engine: Engine) -> None:
    before = row_counts(engine)
    project = Project("x", everything().start, tasks=(Task("a", parent="p"), Task("p")))
    with pytest.raises(StoreError, match="parent"), make_sessions(engine).begin() as session:
        import_project(session, project)
    assert row_counts(engine) == before


def test_list_and_delete(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        project_id = import_project(session, everything())
    with sessions() as session:
        listed = {p.id: p for p in list_projects(session)}
    assert (listed[project_id].name, listed[project_id].tasks, listed[project_id].version) == (everything().name, 4, 1)
    before = row_counts(engine)
    with sessions.begin() as session:
        delete_project(session, project_id)
    after = row_counts(engine)
    assert after["projects"] == before["projects"] - 1
    assert after["tasks"] == before["tasks"] - 4 and after["risk_impacts"] == before["risk_impacts"] - 2
    with sessions() as session, pytest.raises(StoreError, match="no project"):
        get_project(session, project_id)


def test_every_row_has_a_version_checked_on_update(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        project_id = import_project(session, everything())
    with sessions() as first, sessions() as second:
        query = select(TaskRow).where(TaskRow.project_id == project_id, TaskRow.key == "a")
        mine, theirs = first.scalars(query).one(), second.scalars(query).one()
        assert mine.version == theirs.version == 1
        theirs.name = "changed by someone else"
        second.commit()
        assert theirs.version == 2
        mine.name = "my stale edit"
        with pytest.raises(StaleDataError):
            first.commit()


def test_a_link_to_an_unknown_task_is_refused(engine: Engine) -> None:
    before = row_counts(engine)
    project = Project("x", everything().start, tasks=(Task("a", links=(Link("ghost"),)),))
    with pytest.raises(StoreError, match="ghost"), make_sessions(engine).begin() as session:
        import_project(session, project)
    assert row_counts(engine) == before


def test_deleting_a_task_deletes_the_links_to_it(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        project_id = import_project(session, everything())
    with sessions.begin() as session:
        session.execute(delete(TaskRow).where(TaskRow.project_id == project_id, TaskRow.key == "a"))
    with sessions() as session:
        b = get_project(session, project_id).task("b")
    assert [link.written for link in b.links] == ["infra/db-ready"]
