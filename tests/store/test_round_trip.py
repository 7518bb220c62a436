"""A project imported into the store and read back is the same project: ``==`` on the model and
the same plan text, on SQLite and PostgreSQL, for every example plan and for generated ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from headway.io.plan import dumps, load
from headway.io.pool import load_pool
from headway.model import (
    Assignment,
    Baseline,
    BaselineTask,
    Calendar,
    CalendarException,
    Constraint,
    ConstraintType,
    Correlation,
    DateRange,
    Distribution,
    Duration,
    Estimate,
    HolidaySource,
    Issue,
    IssueSeverity,
    IssueStatus,
    Link,
    LinkType,
    ProgressEntry,
    Project,
    Rates,
    Resource,
    Risk,
    RiskImpact,
    RiskStatus,
    Task,
    TimeRange,
    TimesheetLine,
    TimeUnit,
)
from headway.store import get_project, import_project, make_sessions
from tests.engine.strategies import networks
from tests.strategies import projects

ROOT = Path(__file__).parents[2]
PLANS = (sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "tests" / "plans" / "valid").glob("*.yaml")))
PORTFOLIO = ROOT / "examples" / "portfolio"
MEMBERS = [p for p in sorted(PORTFOLIO.glob("*.yaml")) if p.name != "pool.yaml"]


def round_trip(engine: Engine, project: Project) -> Project:
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        project_id = import_project(session, project)
    with sessions() as session:
        return get_project(session, project_id)


def assert_same(engine: Engine, project: Project) -> None:
    back = round_trip(engine, project)
    assert back == project
    assert dumps(back) == dumps(project)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_plan_files(engine: Engine, path: Path) -> None:
    assert_same(engine, load(path).project)


@pytest.mark.parametrize("path", MEMBERS, ids=lambda p: p.name)
def test_portfolio_plans(engine: Engine, path: Path) -> None:
    pool = load_pool(PORTFOLIO / "pool.yaml").pool
    project = load(path, pool=pool).project
    assert any(link.project for task in project.tasks for link in task.links) or path.name == "platform.yaml"
    assert_same(engine, project)


def everything() -> Project:
    """A project using every field the store keeps, tracking and risks included."""
    day = dt.date(2027, 1, 4)
    week = ((TimeRange(480, 720), TimeRange(780, 1020)),) * 4 + ((TimeRange(480, 720),), (), ())
    return Project(
        name="Everything – ünïcode ✓", start=dt.datetime(2027, 1, 4, 9, 30), status_date=dt.date(2027, 2, 1),
        calendar="office", currency="EUR", timezone="Europe/Berlin", description="line one\nline two",
        priority=750, budget=125000.5, default_uncertainty=(-0.1, 0.3),
        calendars=(Calendar("base", "Base", week, holidays=(HolidaySource("DE", "BY"), HolidaySource("US"))),
                   Calendar("office", "Office", None, "base", (), (
                       CalendarException(DateRange(day, day + dt.timedelta(days=2)), (), "Off"),
                       CalendarException(DateRange(dt.date(2027, 3, 1), dt.date(2027, 3, 1)), (TimeRange(600, 660),),
                                         "Short day")))),
        resources=(Resource("ana", "Ana", "dev", 0.5, Rates(100.0, 150.0, 20.0), "office", week,
                            (DateRange(dt.date(2027, 4, 5), dt.date(2027, 4, 9)),), "ana@example.com", ("lead", "be"),
                            "17"),
                   Resource("bo", role="dev")),
        tasks=(
            Task("phase", "Phase", budget=5000.0, notes="summary", tags=("x",)),
            Task("a", "A", "phase", duration=Duration(3.5, TimeUnit.DAY), priority=900, cost=12.25, level=False,
                 leveling_delay=Duration(2, TimeUnit.HOUR), owner="ana", source_uid="42", calendar="base",
                 estimate=Estimate(Duration(2), Duration(3), Duration(6), Distribution.PERT),
                 constraint=Constraint(ConstraintType.SNET, dt.datetime(2027, 1, 5, 8, 0)),
                 deadline=dt.date(2027, 1, 20), assignments=(Assignment("ana", 0.5, alternatives=("bo",)),)),
            Task("b", "B", "phase", effort=Duration(5, TimeUnit.ELAPSED_DAY),
                 links=(Link("a", LinkType.SS, Duration(-1, TimeUnit.ELAPSED_HOUR)),
                        Link("db-ready", LinkType.FF, project="infra")),
                 assignments=(Assignment("bo"), Assignment("ana", role="dev")),
                 constraint=Constraint(ConstraintType.ALAP)),
            Task("done", "Done", milestone=True, links=(Link("phase"),), deadline=dt.datetime(2027, 2, 1, 17, 0)),
        ),
        progress=(ProgressEntry(dt.date(2027, 1, 6), "a", 0.5, Duration(1.5), dt.datetime(2027, 1, 4, 8, 0), None,
                                400.0, "half"),
                  ProgressEntry(dt.datetime(2027, 1, 8, 12, 0), "a", 1.0, actual_finish=dt.date(2027, 1, 8))),
        timesheets=(TimesheetLine(dt.date(2027, 1, 5), "ana", "a", Duration(6, TimeUnit.HOUR),
                                  Duration(1, TimeUnit.HOUR)),),
        baselines=(Baseline("plan", dt.datetime(2027, 1, 1, 12, 0, 0, 123456), {
            "a": BaselineTask(dt.datetime(2027, 1, 4, 8), dt.datetime(2027, 1, 7, 12), 1680, 3500.0, 1680),
            "b": BaselineTask(dt.datetime(2027, 1, 5, 8), dt.datetime(2027, 1, 9, 8))},
            dt.datetime(2027, 1, 9, 8), 3500.0),),
        issues=(Issue("I-1", "Vendor late", IssueSeverity.BLOCKER, IssueStatus.OPEN, "ana", ("b",),
                      dt.date(2027, 1, 5), dt.date(2027, 1, 12)),
                Issue("I-2", "Fixed", status=IssueStatus.CLOSED, resolved=dt.datetime(2027, 1, 6, 10, 0),
                      resolution="patched")),
        risks=(Risk("R-1", "Licence", 0.25, (RiskImpact("a", Duration(2), 1000.0),
                                             RiskImpact("b", Estimate(Duration(1), Duration(2), Duration(5)))),
                    "bo", "buy early"),
               Risk("R-2", "Gone", 0.1, status=RiskStatus.CLOSED)),
        correlations=(Correlation(("a", "b"), 0.6),),
    )


def test_every_field(engine: Engine) -> None:
    assert_same(engine, everything())


def test_time_zones_and_microseconds_are_kept(engine: Engine) -> None:
    aware = dt.datetime(2027, 1, 4, 8, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    project = Project("tz", aware, tasks=(Task("a", duration=Duration(1), deadline=aware),))
    back = round_trip(engine, project)
    assert back == project
    assert back.start.utcoffset() == dt.timedelta(hours=-5)  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_generated_plans(sqlite_engine: Engine, project: Project) -> None:
    assert_same(sqlite_engine, project)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(people=True, elapsed=True))
def test_generated_networks(sqlite_engine: Engine, project: Project) -> None:
    assert round_trip(sqlite_engine, project) == project


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_generated_plans_on_postgresql(postgres_engine: Engine, project: Project) -> None:
    assert_same(postgres_engine, project)
