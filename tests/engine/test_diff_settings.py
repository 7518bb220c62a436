"""Plan diff outside the tasks: calendars, resources, project settings, objectives and stakeholders,
and the cause of a date move that one of them made (measured by undoing the change)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headway.engine.cpm import schedule
from headway.engine.diff import PlanDiff, diff
from headway.model import Calendar, CalendarException, DateRange, Project

from .strategies import START, networks
from .test_diff import compare

BASE = """\
project: {name: Settings, start: 2027-01-04, calendar: office}
calendars:
  - {id: office, name: Office}
resources:
  - {id: ann, rate: 100}
  - {id: bob, rate: 80}
tasks:
  - {id: design, duration: 3d}
  - {id: build, effort: 4d, after: [design], assign: [ann]}
  - {id: docs, duration: 1d, after: [design], assign: [bob]}
  - {id: launch, name: Launch, milestone: true, after: [build, docs]}
"""
# Design Mon 4 - Wed 6 Jan, build Thu 7 - Tue 12, launch at the end of Tue 12 Jan 2027.


def launch_move(result: PlanDiff) -> int:
    return next(m.finish_delta_minutes for m in result.date_moves if m.id == "launch")


def test_a_holiday_added_moves_the_milestone_and_the_cause_names_the_calendar() -> None:
    new = BASE.replace("{id: office, name: Office}",
                       "{id: office, name: Office, exceptions: [{date: 2027-01-08, name: Team day}]}")
    result = compare(BASE, new)
    assert result.changed == () and result.added == ()
    (office,) = result.calendars.changed
    assert office.id == "office"
    assert [(f.field, f.old, f.new) for f in office.fields] == [("exception 2027-01-08", "", "day off (Team day)")]
    assert launch_move(result) == 480
    (cause,) = [c for c in result.causes if c.target == "launch"]
    assert (cause.kind, cause.entity, cause.task_id, cause.delta_minutes) == ("calendar", "office", None, 480)
    assert cause.text == "calendar office: exception 2027-01-08 added: day off (Team day) pushed Launch 1 working day"


def test_public_holidays_and_a_shorter_week_are_calendar_changes() -> None:
    # 2027-01-06 is Epiphany in Bavaria; Friday off as well
    new = BASE.replace("{id: office, name: Office}", "{id: office, name: Office, holidays: {country: DE, "
                       "subdivision: BY}, week: {mon: [08:00-12:00, 13:00-17:00], tue: [08:00-12:00, 13:00-17:00], "
                       "wed: [08:00-12:00, 13:00-17:00], thu: [08:00-12:00, 13:00-17:00], fri: [], sat: [], sun: []}}")
    result = compare(BASE, new)
    fields = {f.field: (f.old, f.new) for f in result.calendars.changed[0].fields}
    assert fields == {"holiday DE-BY": ("", "yes"), "week": ("", "mon 08:00-12:00, 13:00-17:00; tue 08:00-12:00, "
                      "13:00-17:00; wed 08:00-12:00, 13:00-17:00; thu 08:00-12:00, 13:00-17:00; fri off; sat off; "
                      "sun off")}
    # Epiphany (Wed) and two Fridays off: design ends Thu 7, build Mon 11 - Thu 14 → 2 working days later
    assert launch_move(result) == 2 * 480
    assert [(c.kind, c.entity) for c in result.causes] == [("calendar", "office")]


def test_a_holiday_after_the_finish_is_listed_but_moves_nothing() -> None:
    new = BASE.replace("{id: office, name: Office}", "{id: office, exceptions: [{date: 2027-02-01}]}")
    result = compare(BASE, new)
    assert [f.field for f in result.calendars.changed[0].fields] == ["name", "exception 2027-02-01"]
    assert result.date_moves == () and result.causes == () and not result.empty


def test_a_vacation_on_the_critical_path_names_the_resource() -> None:
    new = BASE.replace("{id: ann, rate: 100}", "{id: ann, rate: 100, vacations: [{from: 2027-01-08, to: 2027-01-11}]}")
    result = compare(BASE, new)
    (ann,) = result.resources.changed
    assert [(f.field, f.new) for f in ann.fields] == [("vacation 2027-01-08..2027-01-11", "off")]
    assert launch_move(result) == 2 * 480
    (cause,) = result.causes
    assert (cause.kind, cause.entity) == ("resource", "ann")
    assert cause.text.startswith("resource ann: vacation 2027-01-08..2027-01-11 added: off pushed Launch 2 working")


def test_units_move_an_effort_driven_task_and_rates_move_only_cost() -> None:
    result = compare(BASE, BASE.replace("{id: ann, rate: 100}", "{id: ann, rate: 100, units: 50%}"))
    assert [(f.field, f.old, f.new) for f in result.resources.changed[0].fields] == [("units", "100%", "50%")]
    assert launch_move(result) == 4 * 480  # 4 days of effort at half time take 8 days
    assert [(c.kind, c.entity) for c in result.causes] == [("resource", "ann")]
    result = compare(BASE, BASE.replace("{id: bob, rate: 80}", "{id: bob, rate: 90, role: writer}"))
    assert [(f.field, f.old, f.new) for f in result.resources.changed[0].fields] == [
        ("role", "", "writer"), ("rate", "80", "90")]
    assert result.date_moves == () and result.causes == ()
    assert result.cost_delta == 8 * 10  # bob's one 8-hour day, 10 more an hour


def test_project_settings_start_budget_and_scope() -> None:
    new = BASE.replace("start: 2027-01-04, calendar: office}", "start: 2027-01-05, calendar: office, budget: 9000}\n"
                       "scope: [The app]\nassumptions: [Ann is free]")
    result = compare(BASE, new)
    assert [(f.field, f.old, f.new) for f in result.project] == [
        ("start", "2027-01-04", "2027-01-05"), ("budget", "", "9000"), ("scope The app", "", "yes"),
        ("assumption Ann is free", "", "yes")]
    (cause,) = result.causes
    assert (cause.kind, cause.delta_minutes) == ("project", 480)
    assert cause.text == "project: start 2027-01-04 -> 2027-01-05 pushed Launch 1 working day"


def test_a_task_change_and_a_holiday_are_both_named() -> None:
    new = BASE.replace("{id: design, duration: 3d}", "{id: design, duration: 4d}").replace(
        "{id: office, name: Office}", "{id: office, name: Office, exceptions: [{date: 2027-01-11}]}")
    result = compare(BASE, new)
    assert launch_move(result) == 2 * 480
    by_kind = {c.kind: c for c in result.causes}
    assert set(by_kind) == {"task", "calendar"}
    assert by_kind["task"].task_id == "design" and by_kind["calendar"].delta_minutes == 480


def test_objectives_and_stakeholders_are_compared() -> None:
    old = BASE + "objectives:\n  - {id: o1, title: Ship, deliverables: [launch]}\n" \
                 "stakeholders:\n  - {id: cfo, name: CFO, interest: high}\n"
    new = old.replace("title: Ship,", "title: Ship it,").replace("interest: high", "interest: low") + \
        "  - {id: cab, name: Board}\n"
    result = compare(old, new)
    assert [(c.id, c.summary()) for c in result.objectives.changed] == [("o1", "title Ship -> Ship it")]
    assert result.stakeholders.added == ("cab",)
    assert [(c.id, c.summary()) for c in result.stakeholders.changed] == [("cfo", "interest high -> low")]
    assert not result.empty and result.date_moves == ()
    back = compare(new, old)
    assert back.stakeholders.removed == ("cab",)


def test_unchanged_settings_give_an_empty_diff() -> None:
    result = compare(BASE, BASE)
    assert result.empty and not result.settings_changed


def _with_day_off(project: Project, day: dt.date | None) -> Project:
    exceptions = () if day is None else (CalendarException(DateRange(day, day)),)
    return project.replace(calendar="cal", calendars=(Calendar("cal", exceptions=exceptions),))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_tasks=10, negative_lags=False), st.integers(0, 30))
def test_a_calendar_only_change_explains_each_move_in_full(project: Project, offset: int) -> None:
    """With nothing but the calendar changed, undoing it gives back the old schedule: every moved
    milestone's cause is the calendar, by exactly the milestone's own move."""
    old = _with_day_off(project, None)
    new = _with_day_off(project, START + dt.timedelta(days=offset))
    result = diff(old, schedule(old), new, schedule(new))
    moved = {m.id: m.finish_delta_minutes for m in result.date_moves}
    assert all(c.kind == "calendar" and c.entity == "cal" for c in result.causes)
    for cause in result.causes:
        assert cause.delta_minutes == moved.get(cause.target, result.finish_delta_minutes)
    assert {c.target for c in result.causes} >= {m.id for m in result.date_moves if m.milestone
                                                 and m.finish_delta_minutes}
