"""Reading what a buyer typed in a Due, Status or Owner cell of the Word deal room.

What the deal room prints reads back to the value it was printed from, in
every locale; what people type reads as they meant it when only one meaning is
possible; anything else is a question for the seller, and then no value.

Calendar used below: 15 Jun 2027 is a Tuesday; 2028 is a leap year.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import DocumentError
from generator.importing import dates_typed
from generator.importing.cell_values import (
    DueReading,
    OwnerReading,
    StatusReading,
    read_due,
    read_owners,
    read_status,
)
from generator.plan.loader import load_plan
from generator.plan.model import STATUSES
from generator.record import Record
from generator.rendering.room import DealRoom
from plans import EXAMPLES, example_paths

OLD = dt.date(2027, 6, 1)
"""The date the deal room showed before the buyer's edit (``near``)."""
TODAY = dt.date(2026, 11, 2)
LOCALES = ("en_GB", "en_US", "de_DE", "fr_FR", "ja_JP")
ANY_DAY = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2199, 12, 31))
ENTERPRISE = load_plan(EXAMPLES / "enterprise.yaml").plan.for_buyer()
STATUS_WORDS = ("Done, Complete, Completed, Finished, Signed, ✓, ✔, Yes (done); "
                "In progress, Started, Ongoing, Underway, WIP (in progress); "
                "Blocked, On hold, Stuck, Waiting (blocked); "
                "Not started, To do, Todo, Open, Planned, Not yet (not started)")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Questions without an old date show today's date as the example: make it fixed."""
    monkeypatch.setattr(dates_typed, "today", lambda: TODAY)


def due(day: dt.date) -> DueReading:
    return DueReading(due=day)


# -- Due: what the deal room prints -----------------------------------------------------


@pytest.mark.parametrize(("locale", "text", "reading"), [
    ("en_GB", "5 Dec 2026", due(dt.date(2026, 12, 5))),
    ("en_GB", "5 Sept 2026", due(dt.date(2026, 9, 5))),
    ("en_US", "Dec 5, 2026", due(dt.date(2026, 12, 5))),
    ("de_DE", "05.12.2026", due(dt.date(2026, 12, 5))),
    ("fr_FR", "5 déc. 2026", due(dt.date(2026, 12, 5))),
    ("ja_JP", "2026/12/05", due(dt.date(2026, 12, 5))),
    ("ru_RU", "5 дек. 2026\u202fг.", due(dt.date(2026, 12, 5))),
    ("ar_EG", "05\u200f/12\u200f/2026", due(dt.date(2026, 12, 5))),
    ("pt_BR", "5 de dez. de 2026", due(dt.date(2026, 12, 5))),
    ("en_GB", "Done 3 Dec 2026", DueReading(done=True, done_on=dt.date(2026, 12, 3))),
    ("de_DE", "Done 03.12.2026", DueReading(done=True, done_on=dt.date(2026, 12, 3))),
    ("en_GB", "Done", DueReading(done=True)),
    ("en_GB", "5 Dec 2026 (to confirm)", DueReading(due=dt.date(2026, 12, 5), to_confirm=True)),
    ("en_US", "Dec 5, 2026 (to confirm)", DueReading(due=dt.date(2026, 12, 5), to_confirm=True)),
    ("en_GB", "Date to agree", DueReading(undated=True)),
])
def test_what_the_deal_room_prints_reads_back(locale, text, reading):
    assert read_due(text, locale, None) == reading


@settings(max_examples=300, deadline=None)
@given(day=ANY_DAY, locale=st.sampled_from(LOCALES))
def test_any_printed_date_reads_back_in_the_main_locales(day, locale):
    room = DealRoom(ENTERPRISE, TODAY, locale=locale)
    assert read_due(room.date(day), locale, None) == due(day)


def printed_task(day: dt.date, form: str):
    """A task whose due_text takes ``form``, and what reading that text must give."""
    task = ENTERPRISE.tasks[0].replace(status="in_progress", done_on=None)
    return {
        "committed": (task.replace(due=day, commitment="committed"), due(day)),
        "to confirm": (task.replace(due=day, commitment="placeholder"),
                       DueReading(due=day, to_confirm=True)),
        "done on": (task.replace(status="done", done_on=day), DueReading(done=True, done_on=day)),
        "done": (task.replace(status="done", done_on=None), DueReading(done=True)),
        "undated": (task.replace(due=None), DueReading(undated=True)),
    }[form]


@settings(max_examples=300, deadline=None)
@given(day=ANY_DAY, locale=st.sampled_from(LOCALES),
       form=st.sampled_from(("committed", "to confirm", "done on", "done", "undated")),
       near=st.none() | ANY_DAY)
def test_every_form_of_due_text_reads_back(day, locale, form, near):
    task, reading = printed_task(day, form)
    room = DealRoom(ENTERPRISE, TODAY, locale=locale)
    assert read_due(room.due_text(task), locale, near) == reading


def test_every_locale_babel_knows_reads_its_printed_dates_back():
    from babel import localedata

    days = [dt.date(1970 + month * 19, month, month * 2 + 3) for month in range(1, 13)]
    forms = ("committed", "to confirm", "done on")
    wrong = []
    for locale in localedata.locale_identifiers():
        room = DealRoom(ENTERPRISE, TODAY, locale=locale)
        for number, day in enumerate(days):
            task, reading = printed_task(day, forms[number % 3])
            if read_due(room.due_text(task), locale, None) != reading:
                wrong.append((locale, room.due_text(task)))
    assert wrong == []


# -- Due: what people type --------------------------------------------------------------


JUNE_15 = due(dt.date(2027, 6, 15))


@pytest.mark.parametrize(("locale", "text", "reading"), [
    ("en_GB", "2027-06-15", JUNE_15),
    ("en_US", "2027-06-15", JUNE_15),
    ("en_GB", "2027/06/15", JUNE_15),
    ("en_GB", "15 Jun 2027", JUNE_15),
    ("en_GB", "15 June 2027", JUNE_15),
    ("en_GB", "June 15, 2027", JUNE_15),
    ("en_GB", "june 15 2027", JUNE_15),
    ("en_GB", "Tue 15 Jun 2027", JUNE_15),
    ("en_GB", "Tuesday 15 June 2027", JUNE_15),
    ("en_GB", "15th of June 2027", JUNE_15),
    ("en_GB", "  15   JUN   2027 ", JUNE_15),
    ("en_US", "15 Jun 2027", JUNE_15),
    ("en_US", "Tuesday, June 15, 2027", JUNE_15),
    ("en_GB", "15/06/2027", JUNE_15),
    ("en_GB", "15/6/27", JUNE_15),
    ("en_GB", "15.06.2027", JUNE_15),
    ("en_GB", "15-06-2027", JUNE_15),
    ("en_GB", "15–06–2027", JUNE_15),
    ("de_DE", "15/06/2027", JUNE_15),
    ("de_DE", "15.6.27", JUNE_15),
    ("en_US", "06/15/2027", JUNE_15),
    ("en_US", "6/15/27", JUNE_15),
    ("ja_JP", "2027/6/15", JUNE_15),
    ("de_DE", "15. Juni 2027", JUNE_15),
    ("de_DE", "Dienstag, 15. Juni 2027", JUNE_15),
    ("de_DE", "15 June 2027", JUNE_15),
    ("de_DE", "15. März 2027", due(dt.date(2027, 3, 15))),
    ("fr_FR", "15 juin 2027", JUNE_15),
    ("fr_FR", "mardi 15 juin 2027", JUNE_15),
    ("fr_FR", "5 dec 2026", due(dt.date(2026, 12, 5))),
    ("fr_FR", "1er juin 2027", due(dt.date(2027, 6, 1))),
    ("ja_JP", "2027年6月15日", JUNE_15),
    ("en_GB", "Jun 15 2027 tbc", DueReading(due=dt.date(2027, 6, 15), to_confirm=True)),
    ("en_GB", "15 Jun 2027 (TBC)", DueReading(due=dt.date(2027, 6, 15), to_confirm=True)),
    ("en_GB", "to confirm: 15 Jun 2027", DueReading(due=dt.date(2027, 6, 15), to_confirm=True)),
    ("en_GB", "done on 3 Dec 2026", DueReading(done=True, done_on=dt.date(2026, 12, 3))),
    ("en_GB", "DONE", DueReading(done=True)),
    ("en_GB", "", DueReading(undated=True)),
    ("en_GB", "TBD", DueReading(undated=True)),
    ("en_GB", "tbc", DueReading(undated=True)),
    ("en_GB", "—", DueReading(undated=True)),
])
def test_what_people_type_reads_as_they_meant_it(locale, text, reading):
    assert read_due(text, locale, OLD) == reading


@pytest.mark.parametrize(("text", "near", "day"), [
    ("15 Jun", dt.date(2027, 6, 1), dt.date(2027, 6, 15)),
    ("Jun 15", dt.date(2027, 6, 1), dt.date(2027, 6, 15)),
    ("15 Jan", dt.date(2026, 12, 5), dt.date(2027, 1, 15)),
    ("20 Dec", dt.date(2027, 1, 10), dt.date(2026, 12, 20)),
    ("15/06", dt.date(2027, 6, 1), dt.date(2027, 6, 15)),
    ("29 Feb", dt.date(2028, 1, 10), dt.date(2028, 2, 29)),
])
def test_a_date_without_a_year_takes_the_year_nearest_the_old_date(text, near, day):
    assert read_due(text, "en_GB", near) == due(day)


@pytest.mark.parametrize(("locale", "text", "near", "question"), [
    ("en_GB", "next week", OLD, '"next week" is not a date: write it as 1 Jun 2027'),
    ("en_GB", "Q2", OLD, '"Q2" is not a date: write it as 1 Jun 2027'),
    ("en_GB", "mid June", OLD, '"mid June" is not a date: write it as 1 Jun 2027'),
    ("en_GB", "end of month", OLD, '"end of month" is not a date: write it as 1 Jun 2027'),
    ("en_GB", "June or July 2027", OLD, '"June or July 2027" is not a date: write it as 1 Jun 2027'),
    ("en_GB", "15 Jun 27", OLD, '"15 Jun 27" is not a date: write it as 1 Jun 2027'),
    ("en_GB", "15 Jun 2027 10:00", OLD, '"15 Jun 2027 10:00" is not a date: write it as 1 Jun 2027'),
    ("en_US", "next week", OLD, '"next week" is not a date: write it as Jun 1, 2027'),
    ("en_GB", "next week", None, '"next week" is not a date: write it as 2 Nov 2026'),
    ("en_GB", "June 2027", OLD, '"June 2027" has no day: write it as 1 Jun 2027'),
    ("en_GB", "31 Feb 2027", OLD, '"31 Feb 2027" is not a date: February 2027 has 28 days'),
    ("en_GB", "31 Jun", OLD, '"31 Jun" is not a date: June has 30 days'),
    ("en_GB", "2027-13-01", OLD, '"2027-13-01" is not a date: there is no month 13'),
    ("en_US", "15/06/2027", OLD, '"15/06/2027" cannot be read in en_US, where dates are written '
                                 "month/day/year: there is no month 15"),
    ("en_US", "15.06.2027", OLD, '"15.06.2027" cannot be read in en_US, where dates are written '
                                 "month/day/year: there is no month 15"),
    ("en_GB", "06/15/2027", OLD, '"06/15/2027" cannot be read in en_GB, where dates are written '
                                 "day/month/year: there is no month 15"),
    ("de_DE", "31.04.2027", OLD, '"31.04.2027" cannot be read in de_DE, where dates are written '
                                 "day/month/year: April 2027 has 30 days"),
    ("ja_JP", "15/06/2027", OLD, '"15/06/2027" cannot be read in ja_JP, where dates are written '
                                 "year/month/day: there is no day 2027"),
    ("en_GB", "15/06/202", OLD, '"15/06/202" cannot be read in en_GB, where dates are written '
                                "day/month/year: 202 is not a year"),
    ("en_GB", "15 Jun", None, '"15 Jun" has no year: write it as 15 Jun 2026'),
    ("en_GB", "29 Feb", dt.date(2026, 6, 1), '"29 Feb" has no year: write it as 1 Jun 2026'),
    ("en_GB", "5 Dec 1969", OLD, '"5 Dec 1969" is outside the years 1970 to 2199: write it as 1 Jun 2027'),
    ("en_GB", "1 Jan 2200", OLD, '"1 Jan 2200" is outside the years 1970 to 2199: write it as 1 Jun 2027'),
    ("en_GB", "Mon 15 Jun 2027", OLD, '"Mon 15 Jun 2027" says Monday, but 15 Jun 2027 is a Tuesday'),
    ("en_GB", "Done next week", OLD, '"next week" is not a date: write it as 1 Jun 2027'),
    ("en_GB", "Done 3 Dec 2026 (to confirm)", OLD,
     '"Done 3 Dec 2026 (to confirm)" is both done and to confirm: write Done and the day it was '
     "done, or the due date alone"),
])
def test_what_cannot_be_read_without_guessing_is_a_question(locale, text, near, question):
    assert read_due(text, locale, near) == DueReading(question=question)


def test_a_day_as_near_the_old_date_in_two_years_is_a_question():
    near = dt.date(2028, 7, 2)  # 183 days after 1 Jan 2028 and 183 days before 1 Jan 2029
    assert (near - dt.date(2028, 1, 1)).days == (dt.date(2029, 1, 1) - near).days == 183
    assert read_due("1 Jan", "en_GB", near) == DueReading(
        question='"1 Jan" has no year: write it as 1 Jan 2028')


def test_a_long_text_is_quoted_short():
    text = "the week after the board meets, unless the auditors ask for more time " * 3
    question = read_due(text, "en_GB", OLD).question
    assert question == f'"{" ".join(text.split())[:80]}…" is not a date: write it as 1 Jun 2027'


def test_an_unknown_locale_is_a_document_error():
    with pytest.raises(DocumentError) as raised:
        read_due("5 Dec 2026", "xx_YY", None)
    assert str(raised.value) == "unknown locale 'xx_YY': write it as en_GB, en_US, de_DE ..."


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40) | st.from_regex(r"[0-9 /.,-]{0,12}|[A-Za-z ]{0,6}[0-9 ]{0,8}",
                                                 fullmatch=True),
       locale=st.sampled_from(LOCALES + ("ar_EG", "ru_RU", "zh_Hans_CN")),
       near=st.none() | ANY_DAY)
def test_any_text_gives_readings_or_a_question_never_both(text, locale, near):
    reading = read_due(text, locale, near)
    if reading.question:
        assert reading == DueReading(question=reading.question)
    else:
        for day in (reading.due, reading.done_on):
            assert day is None or dt.date(1970, 1, 1) <= day <= dt.date(2199, 12, 31)
        assert [reading.due is not None, reading.done, reading.undated].count(True) == 1
    status = read_status(text)
    assert (status.status is None) != (status.question is None)
    owners = read_owners(text, ENTERPRISE.people)
    assert owners.question is None or owners == OwnerReading(question=owners.question)


# -- Status ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "status"), [
    ("Done", "done"), ("done", "done"), ("Complete", "done"), ("Completed.", "done"),
    ("Finished", "done"), ("SIGNED", "done"), ("✓", "done"), ("✔", "done"), ("✔️", "done"),
    ("Yes", "done"), ("Done, late", "done"),
    ("In progress", "in_progress"), ("in-progress", "in_progress"), ("In progress, late", "in_progress"),
    ("Started", "in_progress"), ("ongoing", "in_progress"), ("Underway", "in_progress"),
    ("WIP", "in_progress"), ("W.I.P.", "in_progress"),
    ("Blocked", "blocked"), ("Blocked, late", "blocked"), ("On hold", "blocked"),
    ("on-hold", "blocked"), ("Stuck!", "blocked"), ("Waiting", "blocked"),
    ("Not started", "not_started"), ("Not started, late", "not_started"), ("To do", "not_started"),
    ("to-do", "not_started"), ("TODO", "not_started"), ("Open", "not_started"),
    ("Planned", "not_started"), ("Not yet", "not_started"), ("  not   started  ", "not_started"),
])
def test_a_status_is_read_in_the_words_people_use(text, status):
    assert read_status(text) == StatusReading(status=status)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("due_day", [dt.date(2026, 10, 1), dt.date(2027, 1, 1)])
def test_what_the_deal_room_prints_as_a_status_reads_back(status, due_day):
    task = ENTERPRISE.tasks[0].replace(status=status, due=due_day)
    assert read_status(DealRoom(ENTERPRISE, TODAY).status_text(task)) == StatusReading(status=status)


@pytest.mark.parametrize(("text", "question"), [
    ("Almost", f'"Almost" is not a status: write one of {STATUS_WORDS}'),
    ("Late", f'"Late" is not a status: write one of {STATUS_WORDS}'),
    ("No", f'"No" is not a status: write one of {STATUS_WORDS}'),
    ("Done or blocked", f'"Done or blocked" is not a status: write one of {STATUS_WORDS}'),
    ("  ", f"The status is empty: write one of {STATUS_WORDS}"),
])
def test_any_other_status_is_a_question_listing_the_words_understood(text, question):
    assert read_status(text) == StatusReading(question=question)


# -- Owner ----------------------------------------------------------------------------


class Someone(Record):
    id: str
    name: str
    email: str | None = None
    side: str = "buyer"


PEOPLE = (
    Someone("maria-chen", "Maria Chen", "maria.chen@northwind.example"),
    Someone("raj-patel", "Raj Patel", "raj.patel@northwind.example"),
    Someone("dana-ross", "Dana Ross", "dana.ross@acme.example", "seller"),
    Someone("maria-lopez", "María López", "maria.lopez@acme.example", "seller"),
    Someone("zoe-oneil", "Zoë O'Neil", None),
    Someone("dan-rossi", "Dan Rossi", "dan@northwind.example"),
    Someone("dan-rossi-2", "Dan Rossi", "dan.rossi@acme.example", "seller"),
)


@pytest.mark.parametrize(("text", "ids"), [
    ("Maria Chen", ("maria-chen",)),
    ("  maria   CHEN ", ("maria-chen",)),
    ("Maria Lopez", ("maria-lopez",)),
    ("MARÍA LÓPEZ", ("maria-lopez",)),
    ("maria.chen@northwind.example", ("maria-chen",)),
    ("Maria Chen <Maria.Chen@Northwind.example>", ("maria-chen",)),
    ("MC", ("maria-chen",)),
    ("M.C.", ("maria-chen",)),
    ("M. Chen", ("maria-chen",)),
    ("Chen", ("maria-chen",)),
    ("Raj", ("raj-patel",)),
    ("Patel", ("raj-patel",)),
    ("RP", ("raj-patel",)),
    ("M. L.", ("maria-lopez",)),
    ("Zoe O'Neil", ("zoe-oneil",)),
    ("Dana", ("dana-ross",)),
    ("Maria Chen and Dana Ross", ("maria-chen", "dana-ross")),
    ("Dana Ross & Maria Chen", ("dana-ross", "maria-chen")),
    ("Raj + Dana", ("raj-patel", "dana-ross")),
    ("Raj, Dana; Chen", ("raj-patel", "dana-ross", "maria-chen")),
    ("Raj / Dana\nChen", ("raj-patel", "dana-ross", "maria-chen")),
    ("Raj and Raj Patel", ("raj-patel",)),
    ("", ()),
])
def test_owners_are_read_by_name_address_or_initials(text, ids):
    assert read_owners(text, PEOPLE) == OwnerReading(ids=ids)


def test_a_name_that_matches_nobody_is_a_new_person_as_written():
    assert read_owners("Raj and  Priya Raman , Dana", PEOPLE) == OwnerReading(
        ids=("raj-patel", "dana-ross"), unknown=("Priya Raman",))
    assert read_owners("legal@northwind.example", PEOPLE) == OwnerReading(
        unknown=("legal@northwind.example",))
    assert read_owners("Priya and priya", PEOPLE) == OwnerReading(unknown=("Priya",))


def test_a_plus_inside_an_address_does_not_split_it():
    people = PEOPLE + (Someone("deals", "Deals Desk", "maria+deals@northwind.example"),)
    assert read_owners("maria+deals@northwind.example + Raj", people) == OwnerReading(
        ids=("deals", "raj-patel"))


@pytest.mark.parametrize(("text", "question"), [
    ("Maria", '"Maria" could be Maria Chen or María López: write the full name'),
    ("Dan Rossi", '"Dan Rossi" could be Dan Rossi (dan@northwind.example) or Dan Rossi '
                  "(dan.rossi@acme.example): write the full name"),
    ("Raj and Dan", '"Dan" could be Dan Rossi (dan@northwind.example) or Dan Rossi '
                    "(dan.rossi@acme.example): write the full name"),
])
def test_a_name_that_could_be_two_people_is_a_question(text, question):
    assert read_owners(text, PEOPLE) == OwnerReading(question=question)


def example_tasks() -> list:
    plans = [(path.stem, load_plan(path).plan.for_buyer()) for path in example_paths()]
    return [pytest.param(plan, task, id=f"{name}:{task.id}") for name, plan in plans
            for task in plan.tasks]


@pytest.mark.parametrize(("plan", "task"), example_tasks())
def test_the_owners_the_deal_room_prints_read_back(plan, task):
    room = DealRoom(plan, TODAY)
    assert read_owners(room.owner_names(task), plan.people) == OwnerReading(ids=task.owners)


SEPARATORS = (" and ", " & ", " + ", ", ", "; ", " / ", "\n", " AND ")


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_owners_written_any_way_read_back(data):
    people = ENTERPRISE.people
    chosen = data.draw(st.lists(st.sampled_from(people), min_size=1, max_size=4,
                                unique_by=lambda p: p.id))
    written = [data.draw(st.sampled_from((p.name, p.name.upper(), p.email, p.name.split()[-1])))
               for p in chosen]
    joined = written[0] + "".join(data.draw(st.sampled_from(SEPARATORS)) + w for w in written[1:])
    assert read_owners(joined, people) == OwnerReading(ids=tuple(p.id for p in chosen))
