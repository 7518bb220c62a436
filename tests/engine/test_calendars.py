"""Calendar arithmetic through the scheduler, on small plans whose dates are checked by hand.

Every expected date below was worked out from a paper calendar of 2027 (4 January 2027 is a
Monday); public holidays are also cross-checked against the ``holidays`` package, and a
day-by-day oracle counts working days where a test spans many of them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays

from headway.engine.cpm import schedule
from headway.engine.explain import why
from headway.engine.results import DriverKind, Schedule
from headway.io.plan import loads
from headway.model import Duration, Link, Project, Task, TimeUnit


def plan(text: str) -> tuple[Project, Schedule]:
    project = loads(text).project
    return project, schedule(project)


def at(text: str) -> dt.datetime:
    """``"2027-01-04 08:00"`` as a naive local date-time."""
    return dt.datetime.fromisoformat(text)


def dates(result: Schedule, task_id: str) -> tuple[dt.datetime, dt.datetime]:
    task = result.task(task_id)
    return task.start, task.finish


def nth_working_day(first: dt.date, n: int, off: set[dt.date], weekend: tuple[int, ...] = (5, 6)) -> dt.date:
    """The ``n``-th working day counting ``first`` as day 1 (oracle: a day-by-day walk)."""
    day, count = first, 0
    while True:
        if day.weekday() not in weekend and day not in off:
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)


# --- the default calendar: Mon-Fri 08:00-12:00, 13:00-17:00 ------------------------------------


def test_three_day_task_and_its_fs_successor() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 3d}
  - {id: b, duration: 1d, after: [a]}
""")
    assert dates(s, "a") == (at("2027-01-04 08:00"), at("2027-01-06 17:00"))  # Mon -> Wed 17:00
    assert dates(s, "b") == (at("2027-01-07 08:00"), at("2027-01-07 17:00"))  # Thu 08:00
    assert s.start == at("2027-01-04 08:00")
    assert s.finish == at("2027-01-07 17:00")
    assert s.duration_minutes == 4 * 480


def test_hours_and_the_lunch_break() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: four, duration: 4h}
  - {id: five, duration: 5h}
  - {id: after_four, duration: 1h, after: [four]}
""")
    assert dates(s, "four") == (at("2027-01-04 08:00"), at("2027-01-04 12:00"))
    # 08-12 is four hours, lunch 12-13 is not work, the fifth hour is 13-14
    assert dates(s, "five") == (at("2027-01-04 08:00"), at("2027-01-04 14:00"))
    # the successor of a task ending at 12:00 starts after lunch
    assert dates(s, "after_four") == (at("2027-01-04 13:00"), at("2027-01-04 14:00"))


def test_a_week_is_five_working_days_across_a_weekend() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 2d}
  - {id: w, duration: 1w, after: [a]}
  - {id: d, duration: 5d, after: [a]}
""")
    # Wed 6, Thu 7, Fri 8, (Sat, Sun), Mon 11, Tue 12
    assert dates(s, "w") == (at("2027-01-06 08:00"), at("2027-01-12 17:00"))
    assert dates(s, "d") == dates(s, "w")
    assert s.task("w").duration_minutes == 5 * 480


def test_a_plan_starting_on_a_saturday_starts_work_on_monday() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-09}
tasks:
  - {id: a, duration: 1d}
""")
    assert dates(s, "a") == (at("2027-01-11 08:00"), at("2027-01-11 17:00"))
    assert s.start == at("2027-01-11 08:00")


# --- public holidays -----------------------------------------------------------------------------


def test_epiphany_is_a_holiday_in_bavaria_only() -> None:
    by = holidays.country_holidays("DE", subdiv="BY", years=2027)
    de = holidays.country_holidays("DE", years=2027)
    assert dt.date(2027, 1, 6) in by and dt.date(2027, 1, 6) not in de  # cross-check of the oracle
    text = """
project: {{name: p, start: 2027-01-04, calendar: c}}
calendars:
  - {{id: c, holidays: {holidays}}}
tasks:
  - {{id: a, duration: 3d}}
"""
    _, bavaria = plan(text.format(holidays="{country: DE, subdivision: BY}"))
    _, germany = plan(text.format(holidays="DE"))
    # Mon 4, Tue 5, (Wed 6 Epiphany), Thu 7
    assert dates(bavaria, "a") == (at("2027-01-04 08:00"), at("2027-01-07 17:00"))
    assert dates(germany, "a") == (at("2027-01-04 08:00"), at("2027-01-06 17:00"))
    assert dt.date(2027, 1, 6) in bavaria.days_off
    assert dt.date(2027, 1, 6) not in germany.days_off


def test_a_task_spanning_easter_in_bavaria() -> None:
    by = holidays.country_holidays("DE", subdiv="BY", years=2027)
    assert dt.date(2027, 3, 26) in by  # Good Friday
    assert dt.date(2027, 3, 29) in by  # Easter Monday
    _, s = plan("""
project: {name: p, start: 2027-03-25, calendar: c}
calendars:
  - {id: c, holidays: {country: DE, subdivision: BY}}
tasks:
  - {id: a, duration: 3d}
  - {id: b, duration: 10d}
""")
    # Thu 25, (Fri 26 Good Friday, Sat, Sun, Mon 29 Easter Monday), Tue 30, Wed 31
    assert dates(s, "a") == (at("2027-03-25 08:00"), at("2027-03-31 17:00"))
    last = nth_working_day(dt.date(2027, 3, 25), 10, set(by))
    assert s.task("b").finish == dt.datetime.combine(last, dt.time(17))
    assert last == dt.date(2027, 4, 9)  # Thu 25, Tue 30 .. Fri 2, Mon 5 .. Fri 9


def test_us_martin_luther_king_day() -> None:
    us = holidays.country_holidays("US", years=2027)
    assert us.get(dt.date(2027, 1, 18)) is not None and "Luther" in us[dt.date(2027, 1, 18)]
    _, s = plan("""
project: {name: p, start: 2027-01-15, calendar: us}
calendars:
  - {id: us, holidays: US}
tasks:
  - {id: a, duration: 2d}
""")
    # Fri 15, (Sat, Sun, Mon 18 MLK day), Tue 19
    assert dates(s, "a") == (at("2027-01-15 08:00"), at("2027-01-19 17:00"))


def test_a_long_task_skips_exactly_the_holidays_of_the_package() -> None:
    by = holidays.country_holidays("DE", subdiv="BY", years=[2027, 2028])
    _, s = plan("""
project: {name: p, start: 2027-01-04, calendar: c}
calendars:
  - {id: c, holidays: {country: DE, subdivision: BY}}
tasks:
  - {id: year, duration: 240d}
""")
    last = nth_working_day(dt.date(2027, 1, 4), 240, set(by))
    assert s.task("year").finish == dt.datetime.combine(last, dt.time(17))


# --- calendar exceptions -------------------------------------------------------------------------


def test_an_exception_day_off() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04, calendar: c}
calendars:
  - id: c
    exceptions: [{date: 2027-01-05, name: Offsite}]
tasks:
  - {id: a, duration: 3d}
""")
    # Mon 4, (Tue 5 off), Wed 6, Thu 7
    assert dates(s, "a") == (at("2027-01-04 08:00"), at("2027-01-07 17:00"))


def test_an_exception_range_off_is_inclusive() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04, calendar: c}
calendars:
  - id: c
    exceptions: [{from: 2027-01-05, to: 2027-01-07, name: Shutdown}]
tasks:
  - {id: a, duration: 3d}
""")
    # Mon 4, (Tue 5 .. Thu 7 off), Fri 8, (weekend), Mon 11
    assert dates(s, "a") == (at("2027-01-04 08:00"), at("2027-01-11 17:00"))


def test_a_working_saturday_adds_four_hours() -> None:
    text = """
project: {{name: p, start: 2027-01-08, calendar: c}}
calendars:
  - id: c
    exceptions: [{exceptions}]
tasks:
  - {{id: a, duration: 2d}}
"""
    _, plain = plan(text.format(exceptions=""))
    _, s = plan(text.format(exceptions='{date: 2027-01-09, hours: ["09:00-13:00"], name: Release day}'))
    # without it: Fri 8 (8h), Mon 11 (8h) -> Mon 17:00
    assert dates(plain, "a") == (at("2027-01-08 08:00"), at("2027-01-11 17:00"))
    # with it: Fri 8 (8h), Sat 9 09:00-13:00 (4h), Mon 11 08:00-12:00 (4h) -> Mon 12:00
    assert dates(s, "a") == (at("2027-01-08 08:00"), at("2027-01-11 12:00"))


def test_changed_hours_on_a_weekday() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04, calendar: c}
calendars:
  - id: c
    exceptions: [{date: 2027-01-04, hours: ["10:00-12:00"], name: Late start}]
tasks:
  - {id: a, duration: 1d}
""")
    # Mon 10:00-12:00 (2h), Tue 08:00-12:00 (4h) and 13:00-15:00 (2h)
    assert dates(s, "a") == (at("2027-01-04 10:00"), at("2027-01-05 15:00"))


def test_base_calendar_inheritance() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04, calendar: derived}
calendars:
  - id: company
    exceptions: [{date: 2027-01-05, name: Company day}]
  - id: derived
    base: company
    week: {fri: []}
tasks:
  - {id: a, duration: 4d}
""")
    # Mon 4, (Tue 5 inherited day off), Wed 6, Thu 7, (Fri 8 off in the derived week), Mon 11
    assert dates(s, "a") == (at("2027-01-04 08:00"), at("2027-01-11 17:00"))


def test_a_derived_exception_wins_over_the_base() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04, calendar: derived}
calendars:
  - id: company
    week: {weekdays: ["09:00-12:00", "13:00-18:00"]}
    exceptions: [{date: 2027-01-05, name: Company day}]
  - id: derived
    base: company
    exceptions: [{date: 2027-01-05, hours: ["09:00-12:00"], name: Half day after all}]
tasks:
  - {id: a, duration: 2d}
""")
    # the inherited week is 09:00-12:00 + 13:00-18:00; Mon 4 (8h), Tue 5 (3h), Wed 6 09:00-12:00
    # (3h) and 13:00-15:00 (2h)
    assert dates(s, "a") == (at("2027-01-04 09:00"), at("2027-01-06 15:00"))


def test_a_task_calendar_overrides_the_project_calendar() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
calendars:
  - id: weekend_shift
    week: {weekdays: [], weekend: ["08:00-16:00"]}
tasks:
  - {id: a, duration: 1d}
  - {id: b, duration: 2d, calendar: weekend_shift, after: [a]}
""")
    # b is ready Mon 4 17:00 but its calendar only has Sat 9 and Sun 10, 8h each
    assert dates(s, "b") == (at("2027-01-09 08:00"), at("2027-01-10 16:00"))


# --- vacations -----------------------------------------------------------------------------------


def test_an_effort_task_is_pushed_across_a_vacation() -> None:
    project, s = plan("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: alice, vacations: [{from: 2027-01-06, to: 2027-01-08}]}
  - {id: bob, vacations: [2027-01-05]}
tasks:
  - {id: prep, duration: 2d}
  - {id: work, effort: 3d, assign: [alice], after: [prep]}
  - {id: short, effort: 3d, assign: [bob]}
""")
    # short: Mon 4, (Tue 5 bob away), Wed 6, Thu 7
    assert dates(s, "short") == (at("2027-01-04 08:00"), at("2027-01-07 17:00"))
    # work is ready Wed 6 08:00; alice is away Wed 6 .. Fri 8: Mon 11, Tue 12, Wed 13
    assert dates(s, "work") == (at("2027-01-11 08:00"), at("2027-01-13 17:00"))
    assert s.task("work").work_minutes == 3 * 480
    driver = s.task("work").driver
    assert driver is not None and driver.calendar_gap
    reason = why(project, s, "work")[0].reason
    assert "vacation" in reason and "alice" in reason and "2027-01-06" in reason


# --- part-time and several people ----------------------------------------------------------------


def test_half_time_doubles_the_duration() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: bob, units: 50%}
  - {id: carol}
tasks:
  - {id: own, effort: 4d, assign: [bob]}
  - {id: asg, effort: 4d, assign: [{resource: carol, units: 50%}]}
""")
    # 4 days of work at 50% is 8 working days: Mon 4 .. Fri 8, Mon 11 .. Wed 13
    for tid in ("own", "asg"):
        assert dates(s, tid) == (at("2027-01-04 08:00"), at("2027-01-13 17:00"))
        assert s.task(tid).duration_minutes == 8 * 480
        assert s.task(tid).work_minutes == 4 * 480


def test_a_personal_week_without_fridays() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: dana, week: {fri: []}}
tasks:
  - {id: a, effort: 5d, assign: [dana]}
""")
    # Mon 4 .. Thu 7, (Fri 8 off, weekend), Mon 11
    assert dates(s, "a") == (at("2027-01-04 08:00"), at("2027-01-11 17:00"))


def test_two_people_work_only_when_both_work() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: alice, week: {fri: []}}
  - {id: bob, week: {mon: []}}
tasks:
  - {id: pair, effort: 8d, assign: [alice, bob]}
""")
    # 8 days of effort by two people is 4 days; both work only Tue-Thu:
    # Tue 5, Wed 6, Thu 7, (Fri alice off, Mon bob off), Tue 12
    assert dates(s, "pair") == (at("2027-01-05 08:00"), at("2027-01-12 17:00"))
    assert s.task("pair").duration_minutes == 4 * 480


def test_two_people_intersect_their_hours() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: alice}
  - {id: bob, week: {weekdays: ["10:00-12:00", "13:00-15:00"]}}
tasks:
  - {id: pair, duration: 1d, assign: [alice, bob]}
""")
    # shared hours 10-12 and 13-15 (4h a day): Mon 10:00 .. Tue 15:00
    assert dates(s, "pair") == (at("2027-01-04 10:00"), at("2027-01-05 15:00"))


# --- elapsed time --------------------------------------------------------------------------------


def test_an_elapsed_lag_is_wall_clock_time() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: pour, duration: 5d}
  - {id: strip, duration: 1d, after: [{task: pour, lag: 5ed}]}
""")
    # pour ends Fri 8 17:00; + 5 x 24h = Wed 13 17:00; next working minute Thu 14 08:00
    assert dates(s, "pour") == (at("2027-01-04 08:00"), at("2027-01-08 17:00"))
    assert dates(s, "strip") == (at("2027-01-14 08:00"), at("2027-01-14 17:00"))


def test_an_elapsed_lag_in_hours_can_end_inside_working_time() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 1d}
  - {id: b, duration: 4h, after: [{task: a, lag: 16eh}]}
""")
    # a ends Mon 17:00; + 16h = Tue 09:00; b works 09-12 and 13-14
    assert dates(s, "b") == (at("2027-01-05 09:00"), at("2027-01-05 14:00"))


def test_a_working_lag_counts_on_the_project_calendar() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: dana, week: {fri: []}}
tasks:
  - {id: a, duration: 4d}
  - {id: b, effort: 1d, assign: [dana], after: [{task: a, lag: 1d}]}
""")
    # a ends Thu 7 17:00; a 1d lag on the project calendar ends Fri 8 17:00 (on dana's
    # calendar it would end Mon 11 17:00); dana's next working minute is Mon 11 08:00
    assert dates(s, "b") == (at("2027-01-11 08:00"), at("2027-01-11 17:00"))


def test_an_elapsed_task_at_the_project_start_starts_with_the_project() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-08}
tasks:
  - {id: cure, duration: 3ed}
""")
    assert dates(s, "cure") == (at("2027-01-08 08:00"), at("2027-01-11 08:00"))


def test_an_elapsed_duration_runs_round_the_clock() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: week, duration: 5d}
  - {id: cure, duration: 3ed, after: [week]}
  - {id: next, duration: 1d, after: [cure]}
  - {id: four, duration: 4d}
  - {id: day, duration: 1ed, after: [four]}
  - {id: after_day, duration: 1d, after: [day]}
""")
    # week ends Fri 8 17:00; 3 x 24h from then is Mon 11 17:00, straight through the weekend
    assert dates(s, "cure") == (at("2027-01-08 17:00"), at("2027-01-11 17:00"))
    assert s.task("cure").duration_minutes == 3 * 1440
    assert dates(s, "next") == (at("2027-01-12 08:00"), at("2027-01-12 17:00"))
    # four ends Thu 7 17:00; 24h later is Fri 8 17:00, and the next working minute Mon 11 08:00
    assert dates(s, "day") == (at("2027-01-07 17:00"), at("2027-01-08 17:00"))
    assert dates(s, "after_day") == (at("2027-01-11 08:00"), at("2027-01-11 17:00"))


def test_an_elapsed_task_fixed_at_friday_morning() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: cure, duration: 3ed, constraint: {type: start-no-earlier-than, date: "2027-01-08T08:00"}}
""")
    assert dates(s, "cure") == (at("2027-01-08 08:00"), at("2027-01-11 08:00"))


# --- daylight saving -----------------------------------------------------------------------------


def test_working_hours_keep_their_wall_clock_across_spring_forward() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    before, after = dt.datetime(2027, 3, 27, 12, tzinfo=berlin), dt.datetime(2027, 3, 29, 12, tzinfo=berlin)
    assert before.utcoffset() == dt.timedelta(hours=1) and after.utcoffset() == dt.timedelta(hours=2)
    _, s = plan("""
project: {name: p, start: 2027-03-26, timezone: Europe/Berlin}
tasks:
  - {id: a, duration: 2d}
  - {id: b, duration: 1d, after: [a]}
""")
    # Fri 26, (Sat 27, Sun 28: clocks go forward), Mon 29 until 17:00 local time
    assert dates(s, "a") == (at("2027-03-26 08:00"), at("2027-03-29 17:00"))
    assert dates(s, "b") == (at("2027-03-30 08:00"), at("2027-03-30 17:00"))
    assert s.task("a").duration_minutes == 2 * 480


def test_working_hours_keep_their_wall_clock_across_fall_back() -> None:
    _, s = plan("""
project: {name: p, start: 2027-10-29, timezone: Europe/Berlin}
tasks:
  - {id: a, duration: 2d}
""")
    # Fri 29 Oct, (Sun 31: clocks go back), Mon 1 Nov until 17:00
    assert dates(s, "a") == (at("2027-10-29 08:00"), at("2027-11-01 17:00"))


def test_an_elapsed_day_across_spring_forward_is_24_wall_clock_hours() -> None:
    _, s = plan("""
project: {name: p, start: 2027-03-22, timezone: Europe/Berlin}
tasks:
  - {id: cure, duration: 1ed, constraint: {type: start-no-earlier-than, date: "2027-03-27T12:00"}}
""")
    start, finish = dates(s, "cure")
    assert (start, finish) == (at("2027-03-27 12:00"), at("2027-03-28 12:00"))
    assert finish - start == dt.timedelta(hours=24)


# --- constraints ---------------------------------------------------------------------------------


def test_start_no_earlier_than_a_date_starts_that_morning() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 1d, constraint: {type: start-no-earlier-than, date: 2027-01-06}}
  - {id: b, duration: 1d, constraint: {type: SNET, date: 2027-01-09}}
""")
    assert dates(s, "a") == (at("2027-01-06 08:00"), at("2027-01-06 17:00"))
    # a Saturday: the next working minute is Mon 11 08:00
    assert dates(s, "b") == (at("2027-01-11 08:00"), at("2027-01-11 17:00"))
    driver = s.task("a").driver
    assert driver is not None and driver.kind is DriverKind.CONSTRAINT


def test_start_no_earlier_than_loses_to_a_later_link() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 3d}
  - {id: b, duration: 1d, after: [a], constraint: {type: SNET, date: 2027-01-05}}
""")
    assert dates(s, "b") == (at("2027-01-07 08:00"), at("2027-01-07 17:00"))
    driver = s.task("b").driver
    assert driver is not None and driver.kind is DriverKind.LINK


def test_must_start_on_overrides_a_link_with_a_warning() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 3d}
  - {id: b, duration: 1d, after: [a], constraint: {type: must-start-on, date: 2027-01-05}}
""")
    assert dates(s, "b") == (at("2027-01-05 08:00"), at("2027-01-05 17:00"))
    conflicts = [p for p in s.problems if p.code == "constraint_conflict"]
    assert [p.entity_id for p in conflicts] == ["b"]
    # the link wants Thu 7 08:00, the constraint holds b at Tue 5 08:00: two days earlier
    assert "960 working minutes" in conflicts[0].message
    assert "'a'" in conflicts[0].message


def test_must_finish_on() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 2d, constraint: {type: must-finish-on, date: 2027-01-13}}
""")
    # finishes at the end of Wed 13; two days: Tue 12 08:00 .. Wed 13 17:00
    assert dates(s, "a") == (at("2027-01-12 08:00"), at("2027-01-13 17:00"))


def test_a_missed_deadline_makes_total_float_negative() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 5d}
  - {id: b, duration: 5d, after: [a], deadline: 2027-01-13}
""")
    # b finishes Fri 15 17:00; the deadline is the end of Wed 13: two working days late
    assert dates(s, "b") == (at("2027-01-11 08:00"), at("2027-01-15 17:00"))
    b, a = s.task("b"), s.task("a")
    assert b.late_finish == at("2027-01-13 17:00")
    assert b.late_start == at("2027-01-07 08:00")  # Thu 7, Fri 8, Mon 11, Tue 12, Wed 13
    assert a.late_finish == at("2027-01-06 17:00")
    assert a.late_start == at("2026-12-31 08:00")  # Thu 31 Dec .. Wed 6 Jan, five working days
    assert b.total_float_minutes == a.total_float_minutes == -2 * 480
    assert a.critical and b.critical
    late = [p for p in s.problems if p.code == "negative_float"]
    assert [p.entity_id for p in late] == ["b"]


def test_negative_float_says_whether_the_own_deadline_or_a_later_limit_drives_it() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: own, duration: 5d, deadline: 2027-01-06}
  - {id: met, duration: 5d, deadline: 2027-01-20}
  - {id: both, duration: 5d, deadline: 2027-01-07}
  - {id: pinned, duration: 1d, after: [met, both], constraint: {type: must-start-on, date: 2027-01-06}}
""")
    # own: Mon 4 .. Fri 8, deadline the end of Wed 6: two days late, and nothing after it.
    # met and both finish Fri 8 too; pinned must start Wed 6, so both need finishing by Tue 5: -3d.
    # met meets its own deadline (Wed 20); both misses its own (Thu 7) by one day of the three.
    late = {p.entity_id: p.message for p in s.problems if p.code == "negative_float"}
    assert set(late) == {"own", "met", "both"}
    assert late["own"] == "misses its deadline 2027-01-06 by 2 working days (total float -2d)"
    assert late["met"] == ("meets its deadline 2027-01-20, but later tasks' date limits need it 3 working days "
                           "earlier (total float -3d)")
    assert late["both"] == ("misses its deadline 2027-01-07 by 1 working day, and later tasks' date limits need "
                            "it earlier still (total float -3d)")
    assert s.task("met").total_float_minutes == s.task("both").total_float_minutes == -3 * 480


def test_finish_no_later_than_makes_total_float_negative() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 5d}
  - {id: b, duration: 5d, after: [a], constraint: {type: finish-no-later-than, date: 2027-01-14}}
  - {id: c, duration: 2h, after: [b], constraint: {type: FNLT, date: "2027-01-18T09:00"}}
""")
    # b must finish by the end of Thu 14: one day late. c follows b (Fri 15 17:00), so it
    # takes Mon 18 08:00-10:00; it must finish by Mon 09:00, one hour late. The backward pass
    # gives b a late finish of Mon 18 09:00 - 2h = Fri 15 16:00, so b and a are one day late
    # by b's own limit and one hour late through c's: the day wins.
    c, b, a = s.task("c"), s.task("b"), s.task("a")
    assert dates(s, "c") == (at("2027-01-18 08:00"), at("2027-01-18 10:00"))
    assert c.late_finish == at("2027-01-18 09:00")
    assert c.total_float_minutes == -60
    assert b.late_finish == at("2027-01-14 17:00")
    assert b.total_float_minutes == a.total_float_minutes == -480


def test_a_met_deadline_leaves_float_unchanged() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 5d}
  - {id: b, duration: 2d, deadline: 2027-01-29}
""")
    # b has float up to the project finish (Fri 8 17:00): three days
    assert s.task("b").total_float_minutes == 3 * 480
    assert s.task("b").late_finish == at("2027-01-08 17:00")
    assert not [p for p in s.problems if p.code == "negative_float"]


def test_alap_task_sits_at_its_late_dates_within_free_float() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 5d}
  - {id: b, duration: 2d, constraint: alap}
  - {id: c, duration: 1d, after: [a, b]}
""")
    b = s.task("b")
    # early: Mon 4 .. Tue 5; c starts Mon 11, so b can finish Fri 8: three days of free float
    assert (b.early_start, b.early_finish) == (at("2027-01-04 08:00"), at("2027-01-05 17:00"))
    assert (b.late_start, b.late_finish) == (at("2027-01-07 08:00"), at("2027-01-08 17:00"))
    assert b.free_float_minutes == b.total_float_minutes == 3 * 480
    assert dates(s, "b") == (at("2027-01-07 08:00"), at("2027-01-08 17:00"))
    assert dates(s, "c") == (at("2027-01-11 08:00"), at("2027-01-11 17:00"))


def test_constraints_from_python_objects() -> None:
    """The same rules without the plan reader: a Project built in Python."""
    project = Project(
        name="p", start=dt.date(2027, 1, 4),
        tasks=(
            Task("a", duration=Duration(3, TimeUnit.DAY)),
            Task("b", duration=Duration(4, TimeUnit.HOUR), links=(Link("a"),)),
        ))
    s = schedule(project)
    assert dates(s, "a") == (at("2027-01-04 08:00"), at("2027-01-06 17:00"))
    assert dates(s, "b") == (at("2027-01-07 08:00"), at("2027-01-07 12:00"))


def test_date_time_limits_and_alap_with_a_finish_link() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 3d}
  - {id: b, duration: 1d, after: [{task: a, type: FF}], constraint: alap}
  - {id: c, duration: 2d, after: [{task: a, type: SF, lag: 2d}]}
  - {id: d, duration: 1d, constraint: {type: MFO, date: "2027-01-08T12:00"}}
  - {id: e, duration: 1d, constraint: {type: SNLT, date: "2027-01-06T13:00"}, after: [a]}
""")
    # d must finish Fri 8 12:00: one day back is Thu 7 13:00; it sets the project finish
    assert dates(s, "d") == (at("2027-01-07 13:00"), at("2027-01-08 12:00"))
    assert s.finish == at("2027-01-08 12:00")
    # b must finish no earlier than a (Wed 6 17:00); ALAP slides it to the project finish:
    # free float Thu 8h + Fri 4h
    b = s.task("b")
    assert (b.early_start, b.early_finish) == (at("2027-01-06 08:00"), at("2027-01-06 17:00"))
    assert dates(s, "b") == (at("2027-01-07 13:00"), at("2027-01-08 12:00"))
    assert b.free_float_minutes == b.total_float_minutes == 12 * 60
    # c must finish no earlier than two working days after a starts: end of Tue 5
    c = s.task("c")
    assert dates(s, "c") == (at("2027-01-04 08:00"), at("2027-01-05 17:00"))
    assert c.total_float_minutes == 20 * 60  # Wed 8h, Thu 8h, Fri 4h
    # e may start no later than Wed 13:00 but a holds it to Thu 08:00: four hours late,
    # and a is four hours late with it (late finish Wed 12:00, late start Fri 1 Jan 13:00)
    e, a = s.task("e"), s.task("a")
    assert dates(s, "e") == (at("2027-01-07 08:00"), at("2027-01-07 17:00"))
    assert e.late_start == at("2027-01-06 13:00")
    assert e.total_float_minutes == a.total_float_minutes == -240
    assert a.late_start == at("2027-01-01 13:00")
    assert [p.entity_id for p in s.problems if p.code == "negative_float"] == ["e"]


def test_summary_constraints_apply_to_every_subtask() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
tasks:
  - {id: a, duration: 1d}
  - id: phase
    constraint: {type: SNET, date: 2027-01-06}
    tasks:
      - {id: p1, duration: 1d}
      - {id: p2, duration: 1d, after: [a]}
  - {id: fin, duration: 1d, after: [phase], constraint: {type: FNLT, date: 2027-01-06}}
""")
    assert dates(s, "p1") == dates(s, "p2") == (at("2027-01-06 08:00"), at("2027-01-06 17:00"))
    assert dates(s, "phase") == (at("2027-01-06 08:00"), at("2027-01-06 17:00"))
    # fin follows the whole phase: Thu 7, one day after its limit (end of Wed 6)
    assert dates(s, "fin") == (at("2027-01-07 08:00"), at("2027-01-07 17:00"))
    for tid in ("fin", "p1", "p2", "phase"):
        assert s.task(tid).total_float_minutes == -480, tid


def test_late_dates_and_float_on_a_person_calendar() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04}
resources:
  - {id: dana, week: {fri: []}}
  - {id: alice, vacations: [{from: 2027-01-05, to: 2027-01-07}]}
tasks:
  - {id: a, duration: 1d}
  - {id: b, effort: 1d, assign: [dana], after: [a]}
  - {id: c, duration: 5d}
  - {id: x, duration: 1d}
  - {id: y, effort: 1d, assign: [alice], after: [x]}
""")
    # the project ends Fri 8 17:00 (c); dana does not work Fridays, so b must finish by Thu 7
    b, a = s.task("b"), s.task("a")
    assert dates(s, "b") == (at("2027-01-05 08:00"), at("2027-01-05 17:00"))
    assert (b.late_start, b.late_finish) == (at("2027-01-07 08:00"), at("2027-01-07 17:00"))
    assert b.total_float_minutes == a.total_float_minutes == 2 * 480
    assert a.late_finish == at("2027-01-06 17:00")
    # y waits for alice until Fri 8; x may slip to Thu 7 without moving y: three days
    assert dates(s, "y") == (at("2027-01-08 08:00"), at("2027-01-08 17:00"))
    x = s.task("x")
    assert x.free_float_minutes == x.total_float_minutes == 3 * 480
    assert x.late_finish == at("2027-01-07 17:00")


def test_a_project_starting_at_a_time_of_day() -> None:
    _, s = plan("""
project: {name: p, start: "2027-01-04T13:00"}
tasks:
  - {id: a, duration: 1d}
""")
    # Mon 13:00-17:00 (4h), Tue 08:00-12:00 (4h)
    assert dates(s, "a") == (at("2027-01-04 13:00"), at("2027-01-05 12:00"))
    assert s.start == at("2027-01-04 13:00")


def test_hours_per_day_sets_the_length_of_a_day_not_the_calendar() -> None:
    _, s = plan("""
project: {name: p, start: 2027-01-04, hours_per_day: 7.5}
tasks:
  - {id: a, duration: 2d}
""")
    # 2 x 7.5h = 15h on an 8h calendar: Mon 8h, Tue 08:00-12:00 and 13:00-16:00
    assert dates(s, "a") == (at("2027-01-04 08:00"), at("2027-01-05 16:00"))
    assert s.task("a").duration_minutes == 900
