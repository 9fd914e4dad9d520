"""Dates as a seller writes them: absolute, relative to an anchor, in business days.

Calendar used below: 2027-03-01 is a Monday, 2026-12-04 a Friday,
2026-12-05/06 a weekend, 2026-12-31 a Thursday, 2028 a leap year.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.plan.dates import (
    RelativeDate,
    add_business_days,
    business_days_between,
    last_business_days,
    parse_iso,
    parse_relative,
    quarter_end,
    readable,
)
from plans import load, minimal_plan

SATURDAY = date(2026, 12, 5)
SUNDAY = date(2026, 12, 6)
FRIDAY = date(2026, 12, 4)
MONDAY = date(2026, 12, 7)


def due_of(text: str, task_id: str) -> date | None:
    return load(text).plan.task(task_id).due


# -- reading what the seller wrote --------------------------------------------------


@pytest.mark.parametrize(("written", "rule"), [
    ("go_live - 4w", RelativeDate("go_live", -4, "w")),
    ("go_live-4w", RelativeDate("go_live", -4, "w")),
    ("  sec-review   +   10bd ", RelativeDate("sec-review", 10, "bd")),
    ("sec-review+10bd", RelativeDate("sec-review", 10, "bd")),
    ("sec-review-10bd", RelativeDate("sec-review", -10, "bd")),
    ("phase-2 + 3d", RelativeDate("phase-2", 3, "d")),
    ("phase-2", RelativeDate("phase-2", 0, "d")),
    ("signature", RelativeDate("signature", 0, "d")),
    ("go_live + 0d", RelativeDate("go_live", 0, "d")),
])
def test_relative_rules_that_read(written, rule):
    assert parse_relative(written) == rule


@pytest.mark.parametrize("written", [
    "go_live - 4 weeks", "go_live - 4", "go_live - w", "go_live + 2m", "Go_Live - 1d",
    "go_live -- 1d", "go_live - 1d extra", "", "   ", "-go_live", "go live - 1d",
])
def test_relative_rules_that_do_not_read(written):
    assert parse_relative(written) is None


def test_relative_rule_is_shown_in_one_spelling():
    assert str(parse_relative("sec-review+10bd")) == "sec-review + 10bd"
    assert str(parse_relative("go_live -4w")) == "go_live - 4w"
    assert str(parse_relative("signature")) == "signature"
    assert str(parse_relative("go_live + 0bd")) == "go_live"


@pytest.mark.parametrize(("written", "day"), [
    ("2027-03-01", date(2027, 3, 1)),
    (" 2028-02-29 ", date(2028, 2, 29)),
    ("2027-02-29", None),
    ("2027-13-01", None),
    ("2027-3-1", None),
    ("01/03/2027", None),
    ("go_live", None),
])
def test_iso_dates(written, day):
    assert parse_iso(written) == day


# -- arithmetic ----------------------------------------------------------------------


def test_weeks_and_days_are_calendar_time():
    go_live = date(2027, 3, 1)
    assert RelativeDate("go_live", -4, "w").from_anchor(go_live) == date(2027, 2, 1)
    assert RelativeDate("go_live", -3, "d").from_anchor(go_live) == date(2027, 2, 26)
    assert RelativeDate("go_live", 6, "d").from_anchor(go_live) == date(2027, 3, 7)  # a Sunday: allowed


def test_business_days_skip_weekends():
    assert add_business_days(FRIDAY, 10) == date(2026, 12, 18)
    assert add_business_days(FRIDAY, 1) == MONDAY
    assert add_business_days(MONDAY, -1) == FRIDAY
    assert add_business_days(date(2027, 3, 1), -10) == date(2027, 2, 15)


def test_business_days_from_a_weekend_anchor():
    assert add_business_days(SATURDAY, 1) == MONDAY
    assert add_business_days(SUNDAY, 1) == MONDAY
    assert add_business_days(SATURDAY, -1) == FRIDAY
    assert add_business_days(SUNDAY, -1) == FRIDAY
    assert add_business_days(SATURDAY, 0) == SATURDAY


@pytest.mark.parametrize(("rule", "anchor", "day"), [
    ("x + 1d", date(2027, 1, 31), date(2027, 2, 1)),
    ("x + 1d", date(2027, 2, 28), date(2027, 3, 1)),
    ("x + 1d", date(2028, 2, 28), date(2028, 2, 29)),
    ("x + 1d", date(2028, 2, 29), date(2028, 3, 1)),
    ("x + 4w", date(2028, 1, 31), date(2028, 2, 28)),
    ("x - 1d", date(2028, 3, 1), date(2028, 2, 29)),
    ("x - 1bd", date(2028, 3, 1), date(2028, 2, 29)),
    ("x + 1d", date(2026, 12, 31), date(2027, 1, 1)),
    ("x + 1bd", date(2026, 12, 31), date(2027, 1, 1)),
    ("x + 2bd", date(2026, 12, 31), date(2027, 1, 4)),
    ("x - 1bd", date(2027, 1, 1), date(2026, 12, 31)),
    ("x - 5bd", date(2027, 1, 4), date(2026, 12, 28)),
])
def test_month_and_year_ends(rule, anchor, day):
    assert parse_relative(rule).from_anchor(anchor) == day


def test_business_days_between():
    assert business_days_between(FRIDAY, MONDAY) == 1
    assert business_days_between(MONDAY, date(2026, 12, 11)) == 4
    assert business_days_between(MONDAY, MONDAY) == 0
    assert business_days_between(MONDAY, FRIDAY) == -1
    assert business_days_between(SATURDAY, SUNDAY) == 0
    assert business_days_between(SATURDAY, MONDAY) == 1
    assert business_days_between(date(2026, 12, 1), date(2027, 1, 1)) == 23


@pytest.mark.parametrize(("day", "end"), [
    (date(2027, 1, 1), date(2027, 3, 31)),
    (date(2027, 2, 14), date(2027, 3, 31)),
    (date(2027, 3, 31), date(2027, 3, 31)),
    (date(2027, 4, 1), date(2027, 6, 30)),
    (date(2027, 9, 30), date(2027, 9, 30)),
    (date(2026, 11, 21), date(2026, 12, 31)),
    (date(2026, 12, 31), date(2026, 12, 31)),
])
def test_quarter_end(day, end):
    assert quarter_end(day) == end


def test_last_business_days_of_a_period():
    assert last_business_days(date(2026, 12, 31), 5) == (date(2026, 12, 25), date(2026, 12, 31))
    assert last_business_days(date(2027, 1, 31), 1) == (date(2027, 1, 29), date(2027, 1, 29))  # ends on a Sunday
    assert last_business_days(date(2027, 1, 31), 10) == (date(2027, 1, 18), date(2027, 1, 29))


def test_readable_dates():
    assert readable(date(2026, 12, 5)) == "5 Dec 2026"
    assert readable(date(2027, 3, 1)) == "1 Mar 2027"
    assert readable(None) == "no date"


# -- properties ------------------------------------------------------------------------

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
WEEKDAYS = DAYS.filter(lambda day: day.weekday() < 5)
COUNTS = st.integers(min_value=-2000, max_value=2000)


@given(DAYS, COUNTS.filter(bool))
def test_business_days_never_land_on_a_weekend(start, count):
    assert add_business_days(start, count).weekday() < 5


@given(WEEKDAYS, COUNTS)
def test_business_days_between_undoes_adding_them(start, count):
    assert business_days_between(start, add_business_days(start, count)) == count


@given(DAYS, COUNTS)
def test_business_days_move_the_right_way_and_not_too_far(start, count):
    end = add_business_days(start, count)
    assert (end > start) if count > 0 else (end < start) if count < 0 else (end == start)
    assert abs((end - start).days) <= abs(count) // 5 * 7 + 6


@given(DAYS)
def test_quarter_end_is_the_last_day_of_a_quarter_month_on_or_after_the_day(day):
    end = quarter_end(day)
    assert end >= day and end.month in (3, 6, 9, 12) and (end + timedelta(days=1)).day == 1
    assert (end - day).days < 92


# -- resolving a plan's dates --------------------------------------------------------------


def test_go_live_minus_four_weeks():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: go_live - 4w"})
    assert due_of(text, "redlines") == date(2027, 2, 1)


def test_task_plus_ten_business_days_across_weekends():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: 2026-12-04"}, tasks="""
        - id: review
          title: Globex IT completes the security review
          workstream: legal
          owner: bea-buyer
          due: redlines + 10bd
    """)
    assert due_of(text, "review") == date(2026, 12, 18)


def test_relative_to_a_task_due_on_a_saturday():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: 2026-12-05"}, tasks="""
        - {id: after, title: Acme replies, workstream: legal, owner: sam-seller, due: redlines + 1bd}
        - {id: before, title: Acme prepares, workstream: legal, owner: sam-seller, due: redlines - 1bd}
    """)
    assert (due_of(text, "after"), due_of(text, "before")) == (MONDAY, FRIDAY)


def test_a_chain_resolves_in_dependency_order_whatever_the_file_order():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: review + 2bd"}, tasks="""
        - {id: review, title: Globex reviews, workstream: legal, owner: bea-buyer, due: questionnaire + 1w}
        - {id: questionnaire, title: Acme answers, workstream: legal, owner: sam-seller, due: kickoff - 20bd}
        - {id: kickoff, title: Kickoff, workstream: legal, owner: sam-seller, due: go_live}
    """)
    plan = load(text).plan
    assert {task.id: task.due for task in plan.tasks} == {
        "kickoff": date(2027, 3, 1),
        "questionnaire": date(2027, 2, 1),
        "review": date(2027, 2, 8),
        "redlines": date(2027, 2, 10),
    }


def test_bare_anchor_is_the_anchor_date():
    text = minimal_plan(replacing={
        "  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  signature: 2027-02-03\n",
        "    due: 2027-01-15": "    due: signature",
    })
    task = load(text).plan.tasks[0]
    assert (task.due, task.due_written) == (date(2027, 2, 3), "signature")


def test_relative_deal_signature():
    text = minimal_plan(replacing={
        "  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  signature: go_live - 4w\n",
        "    due: 2027-01-15": "    due: signature - 2bd",
    })
    plan = load(text).plan
    assert (plan.deal.signature, plan.deal.signature_written) == (date(2027, 2, 1), "go_live - 4w")
    assert plan.tasks[0].due == date(2027, 1, 28)


def test_signature_anchor_falls_back_to_the_single_signature_task():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-02-05\n    kind: signature\n"}, tasks="""
        - id: kickoff
          title: Acme runs the kickoff
          workstream: legal
          owner: sam-seller
          due: signature + 3bd
    """)
    plan = load(text).plan
    assert (plan.deal.signature, plan.deal.signature_written) == (date(2027, 2, 5), None)
    assert plan.task("kickoff").due == date(2027, 2, 10)


def test_deal_signature_wins_over_the_signature_task():
    text = minimal_plan(replacing={
        "  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  signature: 2027-02-12\n",
        "    due: 2027-01-15\n": "    due: 2027-02-05\n    kind: signature\n",
    }, tasks="""
        - {id: kickoff, title: Kickoff, workstream: legal, owner: sam-seller, due: signature + 1bd}
    """)
    plan = load(text).plan
    assert (plan.deal.signature, plan.task("kickoff").due) == (date(2027, 2, 12), date(2027, 2, 15))


def test_a_task_named_signature_is_the_anchor_when_the_deal_has_no_signature():
    text = minimal_plan(replacing={"  - id: redlines": "  - id: signature"}, tasks="""
        - {id: kickoff, title: Kickoff, workstream: legal, owner: sam-seller, due: signature + 1d}
    """)
    plan = load(text).plan
    assert plan.task("kickoff").due == date(2027, 1, 16)


def test_due_written_keeps_the_rule_and_due_the_date():
    text = minimal_plan(tasks="""
        - {id: kickoff, title: Kickoff, workstream: legal, owner: sam-seller, due: redlines+5bd}
    """)
    plan = load(text).plan
    assert (plan.task("kickoff").due, plan.task("kickoff").due_written) == (date(2027, 1, 22), "redlines + 5bd")
    assert (plan.task("redlines").due, plan.task("redlines").due_written) == (date(2027, 1, 15), None)


def test_an_undated_task_has_no_date():
    task = load(minimal_plan(replacing={"    due: 2027-01-15\n": ""})).plan.tasks[0]
    assert (task.due, task.due_written) == (None, None)


def test_quoted_iso_date_is_a_date():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: '2027-01-15'"})
    assert due_of(text, "redlines") == date(2027, 1, 15)
