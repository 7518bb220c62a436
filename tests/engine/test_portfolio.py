"""Portfolios: plans merged, leveled by project priority, split back; checked independently."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.engine.leveling.plan import level_plan
from headway.engine.portfolio import PortfolioSchedule, priorities, schedule_portfolio
from headway.engine.portfolio_merge import merge
from headway.engine.results import DriverKind
from headway.io.plan import loads
from headway.io.pool import loads_pool
from headway.model import Assignment, Duration, Link, LinkType, PlanError, Project, Resource, Task
from headway.model.portfolio import Member, Pool, Portfolio

POOL = """\
resources: [{id: alice, name: Alice Liu}, {id: bob, units: 50%}]
"""
START = dt.date(2027, 1, 4)  # a Monday


def portfolio(plans: dict[str, str], pool: str | None = POOL) -> Portfolio:
    shared = loads_pool(pool).pool if pool else Pool()
    return Portfolio(tuple(Member(key, loads(text, f"{key}.yaml", pool=shared).project)
                           for key, text in plans.items()), shared)


def overloads(folio: Portfolio, result: PortfolioSchedule) -> list[str]:
    """Independent check from the per-project schedules: per person, the units of all assignments
    running at any instant (across every project) stay within the person's units."""
    people = {r.id: r for m in folio.members for r in m.project.resources} | {r.id: r for r in folio.pool.resources}
    events: dict[str, list[tuple[dt.datetime, float]]] = {}
    for member, part in zip(folio.members, result.projects, strict=True):
        assert part.key == member.key
        for task in member.project.tasks:
            st_ = part.schedule.task(task.id)
            if st_.summary or st_.finish <= st_.start:
                continue
            for a in task.assignments:
                units = a.units if a.units is not None else people[a.resource].units
                events.setdefault(a.resource, []).extend([(st_.start, units), (st_.finish, -units)])
    found = []
    for rid, items in events.items():
        load = 0.0
        for when, change in sorted(items):
            load += change
            if load > people[rid].units + 1e-9:
                found.append(f"{rid} at {when}: {load:.0%}")
    return found


def work_minutes(when: dt.datetime) -> int:
    """Working minutes of the standard week (Mon-Fri 08:00-12:00, 13:00-17:00) from 2027-01-04 to ``when``."""
    weeks, weekday = divmod((when.date() - START).days, 7)
    minute = when.hour * 60 + when.minute
    today = sum(max(0, min(minute, end) - begin) for begin, end in ((480, 720), (780, 1020))) if weekday < 5 else 0
    return (weeks * 5 + min(weekday, 5)) * 480 + today


def broken_links(folio: Portfolio, result: PortfolioSchedule) -> list[str]:
    """Every link (within and across projects) holds in the split schedules (links here have no lag;
    plans on the standard week, so a finish at 17:00 and the next working day's 08:00 are the same)."""
    parts = {p.key: p.schedule for p in result.projects}
    out = []
    for member in folio.members:
        for task in member.project.tasks:
            succ = parts[member.key].task(task.id)
            for link in task.links:
                pred = parts[link.project or member.key].task(link.predecessor)
                before = pred.finish if link.type.from_finish else pred.start
                after = succ.finish if link.type.to_finish else succ.start
                if work_minutes(after) < work_minutes(before):
                    out.append(f"{link.written} -> {member.key}/{task.id}")
    return out


PLATFORM = """\
project: {name: Platform, start: 2027-01-04, priority: 800}
tasks:
  - {id: db, duration: 3d, assign: [alice]}
  - {id: db-ready, milestone: true, after: [db]}
"""
PRODUCT = """\
project: {name: Product, start: 2027-01-04, priority: 200}
tasks:
  - {id: ui, duration: 3d, assign: [alice]}
  - {id: api, duration: 2d, after: [platform/db-ready]}
  - {id: launch, milestone: true, after: [ui, api]}
"""


def test_shared_person_is_never_over_allocated_and_links_hold() -> None:
    folio = portfolio({"platform": PLATFORM, "product": PRODUCT})
    result = schedule_portfolio(folio)
    assert overloads(folio, result) == []
    assert broken_links(folio, result) == []
    product = result.projects[1].schedule
    assert ("platform/db-ready", "api") in {(link.predecessor, link.successor) for link in product.links}
    assert product.task("api").name == "api" and product.task("ui").parent is None


@pytest.mark.parametrize(("high", "low"), [("platform", "product"), ("product", "platform")])
def test_the_higher_priority_project_gets_the_shared_person_first(high: str, low: str) -> None:
    plan = "project: {{name: {key}, start: 2027-01-04, priority: {priority}}}\ntasks: [{{id: work, duration: 3d, " \
           "assign: [alice]}}]\n"
    # listed low-priority first, so the file order cannot be what decides
    folio = portfolio({low: plan.format(key=low, priority=100), high: plan.format(key=high, priority=900)})
    result = schedule_portfolio(folio)
    parts = {p.key: p for p in result.projects}
    assert parts[high].schedule.task("work").start == dt.datetime(2027, 1, 4, 8)
    assert parts[high].finish_delay_minutes == 0 and parts[high].delay_minutes["work"] == 0
    assert parts[low].schedule.task("work").start == dt.datetime(2027, 1, 7, 8)
    assert parts[low].waited_for["work"].startswith("alice (busy with " + high + "/work")
    assert overloads(folio, result) == []


def test_priority_map_ranks_projects_before_tasks() -> None:
    folio = portfolio({"platform": PLATFORM, "product": PRODUCT.replace("{id: ui,", "{id: ui, priority: 1000,")})
    ranks = priorities(folio)
    assert min(v for k, v in ranks.items() if k.startswith("platform/")) > ranks["product/ui"]


def test_unleveled_portfolio_reports_over_allocation_and_keeps_dates() -> None:
    folio = portfolio({"platform": PLATFORM, "product": PRODUCT})
    result = schedule_portfolio(folio, level=False)
    assert result.leveled is None
    assert [p.code for p in result.problems] == ["over_allocated"]
    assert {p.key: p.schedule.task(t).start for p, t in zip(result.projects, ["db", "ui"], strict=True)} == {
        "platform": dt.datetime(2027, 1, 4, 8), "product": dt.datetime(2027, 1, 4, 8)}


def test_split_schedules_use_plan_ids_wbs_and_own_floats() -> None:
    folio = portfolio({"platform": PLATFORM, "product": PRODUCT})
    result = schedule_portfolio(folio, level=False)
    platform, product = (p.schedule for p in result.projects)
    assert [t.id for t in platform.tasks] == ["db", "db-ready"]
    assert [t.wbs for t in product.tasks] == ["1", "2", "3"] and all(t.parent is None for t in product.tasks)
    assert {(link.predecessor, link.successor) for link in product.links} == {
        ("platform/db-ready", "api"), ("ui", "launch"), ("api", "launch")}
    assert platform.critical_path == ("db", "db-ready")
    assert product.critical_path[:2] == ("platform/db", "platform/db-ready")
    # floats count to each project's own finish: the platform's last task is critical
    assert platform.task("db-ready").critical and platform.finish == platform.task("db-ready").finish


def test_final_schedule_keeps_the_leveled_dates() -> None:
    folio = portfolio({"platform": PLATFORM, "product": PRODUCT})
    result = schedule_portfolio(folio)
    alone = level_plan(merge(folio), priority=priorities(folio)).schedule
    assert [(t.id, t.start, t.finish, t.driver) for t in result.schedule.tasks] == [
        (t.id, t.start, t.finish, t.driver) for t in alone.tasks]


def test_later_project_start_holds_its_tasks_and_reads_as_project_start() -> None:
    later = PRODUCT.replace("start: 2027-01-04", "start: 2027-01-13").replace("after: [platform/db-ready]", "")
    folio = portfolio({"platform": PLATFORM, "product": later})
    merged = merge(folio)
    assert merged.start == START
    result = schedule_portfolio(folio, level=False)
    product = result.projects[1].schedule
    assert product.start == dt.datetime(2027, 1, 13, 8)
    assert product.task("api").start == dt.datetime(2027, 1, 13, 8)
    assert product.task("api").driver is not None and product.task("api").driver.kind is DriverKind.PROJECT_START


def test_each_plan_keeps_its_calendar_and_working_time() -> None:
    calendars = """\
calendars: [{id: office}, {id: berlin, holidays: {country: DE, subdivision: BE}}]
resources: [{id: alice}]
"""
    a = "project: {name: A, start: 2027-03-01, calendar: office}\ntasks: [{id: t, duration: 2d}]\n"
    b = ("project: {name: B, start: 2027-03-05, calendar: berlin, hours_per_day: 6}\n"
         "tasks: [{id: t, duration: 2d}, {id: u, duration: 2d, assign: [me]}]\nresources: [{id: me}]\n")
    folio = portfolio({"a": a, "b": b}, calendars)
    result = schedule_portfolio(folio, level=False)
    b_part = result.projects[1].schedule
    # 2027-03-08 is a Berlin holiday; 2d of 6 hours = 12 working hours on the 8-hour days of the merged plan
    assert b_part.task("t").start == dt.datetime(2027, 3, 5, 8)
    assert b_part.task("t").finish == dt.datetime(2027, 3, 9, 12)
    assert b_part.task("u").start == dt.datetime(2027, 3, 5, 8)
    assert b_part.task("u").finish == dt.datetime(2027, 3, 9, 12)  # the plan's own person skips the holiday too
    assert b_part.minutes_per_day == 360


def test_standalone_plan_warns_about_external_links_and_schedules() -> None:
    result = loads(PRODUCT.replace("assign: [alice]", ""), "product.yaml")
    (warning,) = [p for p in result.problems if p.code == "external_link"]
    assert not warning.is_error and warning.location is not None and warning.location.line == 4
    assert "platform" in warning.message and "headway portfolio" in (warning.hint or "")
    sched = schedule(result.project)
    assert sched.task("api").start == dt.datetime(2027, 1, 4, 8)
    assert all(link.predecessor != "db-ready" for link in sched.links)


def test_external_link_is_not_confused_with_a_local_task_of_the_same_id() -> None:
    project = Project("p", START, tasks=(
        Task("db-ready", duration=Duration(5)),
        Task("api", duration=Duration(1), links=(Link("db-ready", project="platform"),))))
    assert schedule(project).task("api").start == dt.datetime(2027, 1, 4, 8)


def test_cycle_across_projects_is_an_error_with_its_place() -> None:
    platform = PLATFORM.replace("{id: db, duration: 3d, assign: [alice]}",
                                "{id: db, duration: 3d, assign: [alice], after: [product/api]}")
    with pytest.raises(PlanError) as info:
        schedule_portfolio(portfolio({"platform": platform, "product": PRODUCT}))
    (problem,) = info.value.errors
    assert problem.code == "link_cycle" and "product/api" in problem.message and "platform/db" in problem.message
    assert problem.location is not None and problem.location.path in ("platform.yaml", "product.yaml")


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    """2-3 small plans sharing two people, links within and across plans (only to earlier plans)."""
    pool = Pool(resources=(Resource("alice"), Resource("bob", units=0.5)))
    members: list[Member] = []
    for p in range(draw(st.integers(2, 3))):
        tasks = []
        for i in range(draw(st.integers(1, 4))):
            links = [Link(f"t{j}") for j in draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True))] if i else []
            if members and draw(st.booleans()):
                other = draw(st.sampled_from(members))
                target = draw(st.sampled_from(other.project.tasks)).id
                links.append(Link(target, draw(st.sampled_from(LinkType)), project=other.key))
            people = draw(st.lists(st.sampled_from(["alice", "bob"]), max_size=2, unique=True))
            tasks.append(Task(f"t{i}", duration=Duration(draw(st.integers(1, 4))), links=tuple(links),
                              assignments=tuple(Assignment(r) for r in people)))
        start = START + dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 7])))
        project = Project(f"P{p}", start, priority=draw(st.integers(0, 1000)), tasks=tuple(tasks))
        members.append(Member(f"p{p}", project))
    return Portfolio(tuple(members), pool)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_random_portfolios_level_without_overload_and_keep_every_link(folio: Portfolio) -> None:
    result = schedule_portfolio(folio, time_limit=2.0)
    assert overloads(folio, result) == []
    assert broken_links(folio, result) == []
    for member, part in zip(folio.members, result.projects, strict=True):
        start = dt.datetime.combine(member.project.start, dt.time(8))
        assert all(t.start >= start for t in part.schedule.tasks)
        assert part.schedule.start == start
