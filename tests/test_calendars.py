"""Each side's public holidays and the declared freezes: reading them, and the
business days that skip the holidays.

Calendar used below: Thanksgiving is Thursday 26 Nov 2026 (US), Christmas Friday
25 Dec 2026, Boxing Day falls on Saturday 26 Dec 2026 and England keeps it on
Monday 28 Dec; New Year's Day is Friday 1 Jan 2027.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays as holidays_package
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.plan import holiday_source
from generator.plan.calendars import DaysOff
from generator.plan.dates import add_business_days
from generator.plan.model import Freeze, HolidayCalendar, Holidays
from plans import load, minimal_plan, problems, warnings

ROOT = Path(__file__).resolve().parent.parent
SELLER_TASK = """
    - id: answer
      title: Acme answers the redlines
      workstream: legal
      owner: sam-seller
      due: redlines + 5bd
    - id: call
      title: Both legal teams close the positions on a call
      workstream: legal
      owners: [bea-buyer, sam-seller]
      due: redlines + 5bd
"""
"""Two tasks on lines 27 to 36, five business days after the buyer's redlines."""


def plan_with(sections: str, due: str = "2026-12-18", tasks: str = ""):
    text = minimal_plan(replacing={"    due: 2027-01-15": f"    due: {due}"}, tasks=tasks,
                        sections=sections)
    return load(text, strict=True).plan


# -- reading holidays: ---------------------------------------------------------------------


@pytest.mark.parametrize(("written", "buyer"), [
    ("US", HolidayCalendar("US")),
    ("us", HolidayCalendar("US")),
    ("US-CA", HolidayCalendar("US", "CA")),
    ("USA-ca", HolidayCalendar("US", "CA")),
    ("{country: GB, subdivision: England}", HolidayCalendar("GB", "ENG")),
    ("{country: DE}", HolidayCalendar("DE")),
])
def test_a_calendar_is_a_code_a_code_and_subdivision_or_a_mapping(written, buyer):
    assert plan_with(f"holidays:\n  buyer: {written}\n").holidays == Holidays(buyer=buyer)


def test_without_holidays_no_side_has_a_calendar_and_the_package_is_not_needed():
    assert plan_with("").holidays == Holidays(None, None)


def test_a_shared_step_keeps_both_sides_calendars():
    both = Holidays(HolidayCalendar("US"), HolidayCalendar("GB", "ENG"))
    assert both.of("shared") == both.of("both") == (HolidayCalendar("US"), HolidayCalendar("GB", "ENG"))
    assert both.of("seller") == (HolidayCalendar("GB", "ENG"),)
    assert str(HolidayCalendar("GB", "ENG")) == "GB-ENG"


def country_codes() -> str:
    from holidays.registry import COUNTRIES

    return ", ".join(sorted(entry[1] for entry in COUNTRIES.values()))


def test_an_unknown_country_is_an_error_at_its_line_naming_every_country():
    text = minimal_plan(sections="holidays:\n  buyer: XX\n")
    assert problems(text) == [
        f"plan.yaml:28:10: error: holidays.buyer: unknown country 'XX'; countries: {country_codes()}"]


def test_a_country_written_as_a_name_is_given_its_code():
    text = minimal_plan(sections="holidays:\n  seller: {country: Germany}\n")
    assert problems(text) == [
        "plan.yaml:28:21: error: holidays.seller.country: unknown country 'Germany' (did you mean DE, "
        f"Germany?); countries: {country_codes()}"]


def test_an_unknown_subdivision_is_an_error_at_its_line_naming_the_countrys_subdivisions():
    subdivisions = ", ".join(holidays_package.country_holidays("US").subdivisions)
    text = minimal_plan(sections="holidays:\n  buyer:\n    country: US\n    subdivision: ZZ\n")
    assert problems(text) == [
        f"plan.yaml:30:18: error: holidays.buyer.subdivision: unknown subdivision 'ZZ' of US; "
        f"subdivisions of US: {subdivisions}"]
    assert "CA, CO" in subdivisions


def test_an_unknown_subdivision_in_the_compact_form_is_reported_at_the_value():
    assert problems(minimal_plan(sections="holidays: {buyer: GB-XYZ}\n")) == [
        "plan.yaml:27:19: error: holidays.buyer: unknown subdivision 'XYZ' of GB; subdivisions of GB: "
        "ENG, NIR, SCT, WLS"]


def test_a_calendar_of_the_wrong_type_says_what_is_expected():
    assert problems(minimal_plan(sections="holidays:\n  buyer: 44\n  seller: [GB]\n")) == [
        "plan.yaml:28:10: error: holidays.buyer: expected a country code (US), a country and "
        "subdivision (US-CA) or {country: US, subdivision: CA}, got a number (44)",
        "plan.yaml:29:11: error: holidays.seller: expected a country code (US), a country and "
        "subdivision (US-CA) or {country: US, subdivision: CA}, got a list",
    ]


def test_a_calendar_mapping_needs_its_country():
    assert problems(minimal_plan(sections="holidays:\n  buyer: {subdivision: CA}\n")) == [
        "plan.yaml:28:10: error: holidays.buyer.country: required key 'country' is missing"]


def test_holidays_is_a_mapping_of_sides():
    assert problems(minimal_plan(sections="holidays: US\n")) == [
        "plan.yaml:27:11: error: holidays: expected a mapping of keys, got text ('US')"]
    assert warnings(minimal_plan(sections="holidays: {buyers: US}\n")) == [
        "plan.yaml:27:12: warning: holidays.buyers: unknown key 'buyers' (did you mean 'buyer'?); "
        "allowed here: buyer, seller"]


# -- reading freezes: ----------------------------------------------------------------------


def test_a_freeze_has_days_a_reason_a_side_and_is_shared_unless_told():
    plan = plan_with("freezes:\n"
                     "  - {from: 2026-12-21, to: 2027-01-04, reason: Year-end change freeze}\n"
                     "  - {from: 2026-12-28, to: 2026-12-28, reason: Acme close, side: seller, shared: false}\n")
    assert plan.freezes == (
        Freeze(date(2026, 12, 21), date(2027, 1, 4), "Year-end change freeze", "buyer", True),
        Freeze(date(2026, 12, 28), date(2026, 12, 28), "Acme close", "seller", False))
    assert plan.freezes[0].covers(date(2027, 1, 4)) and not plan.freezes[0].covers(date(2027, 1, 5))


def test_a_freeze_that_ends_before_it_starts_is_an_error_at_its_end():
    text = minimal_plan(sections="freezes:\n  - from: 2027-01-04\n    to: 2026-12-21\n    reason: Freeze\n")
    assert problems(text) == [
        "plan.yaml:29:9: error: freezes[0].to: the freeze ends on 2026-12-21, before it starts on "
        "2027-01-04: 'to' is its last day, on or after 'from'"]


def test_every_problem_of_a_freeze_is_reported_where_it_is():
    text = minimal_plan(sections="freezes:\n"
                                 "  - from: go_live - 2w\n"
                                 "    to: 21 December\n"
                                 "    side: everyone\n"
                                 "    shared: no thanks\n"
                                 "  - {to: 2026-12-01}\n"
                                 "  - a freeze\n")
    assert problems(text) == [
        "plan.yaml:28:5: error: freezes[0].reason: required key 'reason' is missing",
        "plan.yaml:28:11: error: freezes[0].from: a freeze's days are dates as YYYY-MM-DD, not "
        "relative to the plan; got 'go_live - 2w'",
        "plan.yaml:29:9: error: freezes[0].to: expected a date as YYYY-MM-DD, got text ('21 December')",
        "plan.yaml:30:11: error: freezes[0].side: unknown side 'everyone'; allowed: buyer, seller, both",
        "plan.yaml:31:13: error: freezes[0].shared: expected true or false, got text ('no thanks')",
        "plan.yaml:32:5: error: freezes[1].from: required key 'from' is missing",
        "plan.yaml:32:5: error: freezes[1].reason: required key 'reason' is missing",
        "plan.yaml:33:5: error: freezes[2]: expected a mapping (freeze), got text ('a freeze')",
    ]


def test_freezes_is_a_list():
    assert problems(minimal_plan(sections="freezes: {from: 2026-12-21}\n")) == [
        "plan.yaml:27:10: error: freezes: expected a list, got a mapping"]


# -- business days skip the side's holidays --------------------------------------------


def test_a_buyer_step_skips_the_buyers_holidays_and_a_seller_step_the_sellers():
    plan = plan_with("holidays: {buyer: US, seller: GB-ENG}\n", tasks=SELLER_TASK + """
    - id: review
      title: Globex reviews the answers
      workstream: legal
      owner: bea-buyer
      due: redlines + 5bd
""")
    # 18 Dec + 5 weekdays is 25 Dec, Christmas for both; England also keeps Boxing Day on 28 Dec
    assert plan.task("review").due == date(2026, 12, 28)
    assert plan.task("answer").due == date(2026, 12, 29)
    assert plan.task("call").due == date(2026, 12, 29)  # shared: both sides' holidays


def test_a_shared_step_skips_the_holidays_of_either_side():
    plan = plan_with("holidays: {buyer: US}\n", due="2026-11-20", tasks=SELLER_TASK)
    assert plan.task("answer").due == date(2026, 11, 27)  # the seller has no calendar
    assert plan.task("call").due == date(2026, 11, 30)    # Thanksgiving is the buyer's


def test_without_a_calendar_business_days_are_weekdays():
    plan = plan_with("", tasks=SELLER_TASK)
    assert plan.task("answer").due == plan.task("call").due == date(2026, 12, 25)


def test_the_signature_counts_both_sides_holidays():
    text = minimal_plan(replacing={"  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n"
                                                              "  signature: redlines + 1bd\n",
                                   "    due: 2027-01-15": "    due: 2026-12-24"},
                        sections="holidays: {seller: GB}\n")
    assert load(text).plan.deal.signature == date(2026, 12, 29)


def test_business_days_backwards_skip_holidays_too():
    plan = plan_with("holidays: {buyer: US}\n", due="2026-11-30", tasks="""
    - id: prepare
      title: Globex prepares
      workstream: legal
      owner: bea-buyer
      due: redlines - 2bd
""")
    assert plan.task("prepare").due == date(2026, 11, 25)  # not Thanksgiving, nor the Friday after


def test_a_freeze_does_not_stop_business_days():
    plan = plan_with("freezes: [{from: 2026-12-21, to: 2027-01-04, reason: Freeze}]\n", tasks=SELLER_TASK)
    assert plan.task("answer").due == date(2026, 12, 25)


class Holiday:
    """A DaysOff over a given set of days."""

    def __init__(self, days):
        self.days = sorted(set(days))

    def weekday_holidays(self, first: date, last: date) -> int:
        return sum(1 for day in self.days if first <= day <= last and day.weekday() < 5)


def one_working_day_at_a_time(start: date, count: int, off: set[date]) -> date:
    step, day = (1 if count >= 0 else -1), start
    for _ in range(abs(count)):
        day += timedelta(days=step)
        while day.weekday() >= 5 or day in off:
            day += timedelta(days=step)
    return day


DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300)
@given(start=DAYS, count=st.integers(-120, 120),
       offsets=st.lists(st.integers(-200, 200), max_size=40))
def test_business_days_with_holidays_agree_with_counting_one_working_day_at_a_time(start, count, offsets):
    off = {start + timedelta(days=n) for n in offsets}
    assert add_business_days(start, count, Holiday(off)) == one_working_day_at_a_time(start, count, off)


def test_a_long_run_of_holidays_is_crossed():
    off = {date(2026, 12, 1) + timedelta(days=n) for n in range(60)}
    assert add_business_days(date(2026, 11, 30), 1, Holiday(off)) == date(2027, 2, 1)  # after a weekend


def test_a_calendar_with_no_working_day_ends_at_the_bounds_not_in_an_endless_walk():
    class EveryDay:
        def weekday_holidays(self, first, last):
            return sum(1 for n in range((last - first).days + 1) if (first + timedelta(n)).weekday() < 5)

    with pytest.raises(OverflowError):
        add_business_days(date(2199, 6, 1), 3, EveryDay())


def test_days_off_name_the_holidays_of_each_calendar():
    both = DaysOff((HolidayCalendar("US"), HolidayCalendar("GB", "ENG")))
    assert both.holidays_on(date(2026, 11, 26)) == [(HolidayCalendar("US"), "Thanksgiving Day")]
    assert both.holidays_on(date(2026, 12, 25)) == [(HolidayCalendar("US"), "Christmas Day"),
                                                    (HolidayCalendar("GB", "ENG"), "Christmas Day")]
    assert both.weekday_holidays(date(2026, 12, 24), date(2026, 12, 28)) == 2  # 25th, and 28th in England
    assert not both.is_working_day(date(2026, 12, 28)) and both.is_working_day(date(2026, 12, 29))


# -- the cache of calendars ------------------------------------------------------------------


def run_python(code: str, cache: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DEALROOM_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


LOAD_ENTERPRISE = ("import sys; from generator.plan.loader import load_plan; "
                   "plan = load_plan('examples/enterprise.yaml').plan; "
                   "print(plan.task('tech-validation').due, 'holidays' in sys.modules)")


def test_a_cached_calendar_is_read_without_importing_the_package(tmp_path):
    assert run_python(LOAD_ENTERPRISE, tmp_path) == "2026-12-10 True"
    files = sorted(p.name for p in tmp_path.glob("holidays-*/*.tsv"))
    assert files == ["GB-ENG.tsv", "US.tsv"]
    assert run_python(LOAD_ENTERPRISE, tmp_path) == "2026-12-10 False"


@pytest.mark.parametrize("damage", [
    "",
    "{\"country\": \"US\"}",
    "dealroom holiday calendar 1\ncountry\tUS\nsubdivision\t\nyear\t2026\nsomeday\tChristmas\n",
    "dealroom holiday calendar 1\ncountry\tGB\nsubdivision\t\nyear\t2026\n",
    "dealroom holiday calendar 1\ncountry\tUS\n",
    "\udcff not text",
])
def test_a_damaged_cache_file_is_made_again(tmp_path, damage):
    run_python(LOAD_ENTERPRISE, tmp_path)
    (cached,) = tmp_path.glob("holidays-*/US.tsv")
    cached.write_bytes(damage.encode("utf-8", "surrogateescape"))
    assert run_python(LOAD_ENTERPRISE, tmp_path) == "2026-12-10 True"
    assert run_python(LOAD_ENTERPRISE, tmp_path) == "2026-12-10 False"
    assert "2026-11-26\tThanksgiving Day\n" in cached.read_text(encoding="utf-8")


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert run_python(LOAD_ENTERPRISE, blocked / "cache") == "2026-12-10 True"


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DEALROOM_CACHE", str(tmp_path / "mine"))
    assert holiday_source.cache_folder() == tmp_path / "mine"
    monkeypatch.delenv("DEALROOM_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert holiday_source.cache_folder() == tmp_path / "xdg" / "dealroom"


@pytest.mark.parametrize("count", [1, 10, 250, 2000, -250, -2000])
def test_business_days_over_years_of_a_real_calendar_agree_with_counting_day_by_day(count):
    us = DaysOff((HolidayCalendar("US"),))
    start = date(2026, 11, 25)
    span = [start + timedelta(days=n) for n in range(-3000, 3001)]
    off = {day for day in span if us.holidays_on(day)}
    assert add_business_days(start, count, us) == one_working_day_at_a_time(start, count, off)


def test_a_business_day_offset_past_the_bounds_with_holidays_is_an_error_not_a_long_walk():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: go_live + 100000bd"},
                        sections="holidays: {buyer: US}\n")
    assert problems(text) == [
        "plan.yaml:26:10: error: tasks[0].due: 'go_live + 100000bd' falls outside the dates a plan "
        "may hold (1970-01-01 to 2199-12-31)"]
