"""Objectives, success criteria, stakeholders and scope statements in the store: imported and read
back equal (SQLite and PostgreSQL), changed through ``save_changes``, and kept across the 0004
migration of a database that already holds projects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, inspect, text

from headway.io.plan import dumps, load
from headway.model import Duration, Project, Resource, Task
from headway.model.objectives import Cadence, Level, Objective, ReportKind, Stakeholder, SuccessCriterion
from headway.store import delete_project, get_project, import_project, make_engine, make_sessions, upgrade
from headway.store.entities import save_changes
from headway.store.rows_write import project_row, section_rows
from tests.io.test_plan_objectives import objectives, stakeholders, statement_lists
from tests.store.conftest import _throwaway_postgres

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "headway" / "demo").glob("*.yaml"))
BASE = Project("Purpose", dt.date(2027, 1, 4), resources=(Resource("ana"), Resource("bo")),
               tasks=(Task("design", duration=Duration(2)), Task("build", duration=Duration(3)),
                      Task("launch", milestone=True)))


def full() -> Project:
    return BASE.replace(
        objectives=(Objective("O-1", "Launch – on time ✓", "line one\nline two", ("launch", "build"),
                              (SuccessCriterion("users", ">= 500", "launch", True),
                               SuccessCriterion("NPS", "40", None, False), SuccessCriterion("uptime", "99.9%")),
                              "sponsor"),
                    Objective("O-2", "Learn")),
        stakeholders=(Stakeholder("sponsor", "Dana", "sponsor", "Acme", Level.HIGH, Level.LOW, ReportKind.SUMMARY,
                                  Cadence.MILESTONES, "dana@acme.example", None, ("design",), ("launch",), "notes"),
                      Stakeholder("lead", "Ana", resource="ana", report=ReportKind.NONE, cadence=Cadence.DAILY)),
        scope=("Web app", "API"), out_of_scope=("Mobile",), assumptions=("Team of three", "", "Budget approved"))


def round_trip(engine: Engine, project: Project) -> Project:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        pid = import_project(session, project)
    with sessions() as session:
        return get_project(session, pid)


def test_every_field_round_trips(engine: Engine) -> None:
    project = full()
    back = round_trip(engine, project)
    assert back == project
    assert dumps(back) == dumps(project)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_keep_their_purpose(engine: Engine, path: Path) -> None:
    project = load(path).project
    assert project.objectives and project.stakeholders and project.scope and project.assumptions
    assert dumps(round_trip(engine, project)) == dumps(project)


def _generated() -> st.SearchStrategy[Project]:
    return st.builds(lambda o, s, texts: BASE.replace(objectives=tuple(o), stakeholders=tuple(s), scope=texts[0],
                                                      out_of_scope=texts[1], assumptions=texts[2]),
                     st.lists(objectives, max_size=3, unique_by=lambda o: o.id),
                     st.lists(stakeholders, max_size=3, unique_by=lambda s: s.id),
                     st.tuples(statement_lists, statement_lists, statement_lists))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_generated())
def test_generated_registers_round_trip(sqlite_engine: Engine, project: Project) -> None:
    assert round_trip(sqlite_engine, project) == project


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_generated())
def test_generated_registers_round_trip_on_postgresql(postgres_engine: Engine, project: Project) -> None:
    assert round_trip(postgres_engine, project) == project


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(old=_generated(), new=_generated())
def test_save_changes_rewrites_the_sections_that_changed(sqlite_engine: Engine, old: Project, new: Project) -> None:
    sessions = make_sessions(sqlite_engine)
    with sessions.begin() as session:
        pid = import_project(session, old)
    with sessions.begin() as session:
        changed = save_changes(session, pid, old, new)
    with sessions() as session:
        assert get_project(session, pid) == new
    expected = [name for name, differs in (
        ("objectives", old.objectives != new.objectives), ("stakeholders", old.stakeholders != new.stakeholders),
        ("statements", (old.scope, old.out_of_scope, old.assumptions) != (new.scope, new.out_of_scope,
                                                                          new.assumptions))) if differs]
    assert changed == expected


def test_deleting_a_project_deletes_its_register(engine: Engine) -> None:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        pid = import_project(session, full())
    with sessions.begin() as session:
        delete_project(session, pid)
    with engine.connect() as connection:
        for table in ("objectives", "success_criteria", "stakeholders", "project_statements"):
            left = connection.execute(text(f"SELECT count(*) FROM {table} WHERE project_id = :p"), {"p": pid})
            assert left.scalar() == 0, table


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, never-migrated database of each kind, for this test alone."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'headway.db'}"
    else:
        yield from _throwaway_postgres()


def test_upgrading_from_0003_keeps_projects_and_adds_empty_registers(empty_database: str) -> None:
    """A database with a stored project at 0003 upgrades to 0004; the project reads back unchanged,
    with no objectives, and can take a register afterwards."""
    engine = make_engine(empty_database)
    try:
        upgrade(engine, "0003")
        assert "objectives" not in inspect(engine).get_table_names()
        sessions = make_sessions(engine)
        old = BASE.replace(description="before 0004")
        with sessions.begin() as session:
            row = project_row(old)  # only the tables 0003 has
            session.add(row)
            session.flush()
            for section in ("resources", "tasks"):
                session.add_all(section_rows(old, row.id, section))
            pid = row.id
        upgrade(engine)
        with sessions() as session:
            assert get_project(session, pid) == old
        with sessions.begin() as session:
            save_changes(session, pid, old, full().replace(description="before 0004"))
        with sessions() as session:
            assert get_project(session, pid) == full().replace(description="before 0004")
    finally:
        engine.dispose()
