"""Whose edits a row holds: tracked authors and dates, and its comments folded into notes."""

from __future__ import annotations

import datetime as dt

from generator.importing.rows import row_attribution
from generator.readers.word import StepRow
from generator.readers.word_xml import CellText, Comment, TrackedEdit

EARLY = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)
LATE = dt.datetime(2026, 12, 3, 16, 30, tzinfo=dt.timezone.utc)


def comment(comment_id, text, author="Lena Hoffmann", parent=None, done=False, when=EARLY):
    return Comment(id=comment_id, author=author, initials=None, date=when, text=text,
                   parent_id=parent, done=done)


def test_a_cell_edited_by_two_people_names_both_and_the_latest_time():
    cell = CellText(original="30 Nov 2026", current="7 Dec 2026", edits=(
        TrackedEdit(kind="deleted", author="Lena Hoffmann", date=EARLY),
        TrackedEdit(kind="inserted", author="Daniel Whitfield", date=LATE),
        TrackedEdit(kind="inserted", author="Lena Hoffmann", date=EARLY)))
    row = StepRow(code="S2", cells={"due": cell}, state="kept")
    who = row_attribution(row, {}).cell("due")
    assert (who.who, who.when) == (("Lena Hoffmann", "Daniel Whitfield"), LATE)


def test_comments_fold_their_replies_and_open_ones_come_first():
    comments = {c.id: c for c in (
        comment("1", "Signed already?", done=True),
        comment("2", "CISO out until the 7th"),
        comment("3", "Back on the 8th", author="Daniel Whitfield", parent="2", when=LATE))}
    row = StepRow(code="S2", cells={}, state="kept", comment_ids=("1", "2", "3"))
    notes = row_attribution(row, comments).notes
    assert [(n.text, n.who, n.done) for n in notes] == [
        ("CISO out until the 7th / Back on the 8th", ("Lena Hoffmann", "Daniel Whitfield"), False),
        ("Signed already?", ("Lena Hoffmann",), True)]
    assert notes[0].when == LATE
    assert row_attribution(row, comments).reason == \
        "CISO out until the 7th / Back on the 8th; Signed already?"


def test_control_characters_in_names_and_comments_become_spaces():
    """A buyer's document is hostile input: C1 controls (\\x9b is a terminal's CSI) in an
    author's name or a comment must not reach the report, the JSON or the history."""
    cell = CellText(original="30 Nov 2026", current="7 Dec 2026", edits=(
        TrackedEdit(kind="inserted", author="Lena\x9b31mHoffmann", date=EARLY),))
    row = StepRow(code="S2", cells={"due": cell}, state="kept", comment_ids=("1",))
    comments = {"1": comment("1", "CISO out\x9b2J until\x85the 7th", author="Daniel\x1bWhitfield")}
    who = row_attribution(row, comments)
    assert who.cell("due").who == ("Lena 31mHoffmann",)
    assert [(n.text, n.who) for n in who.notes] == [("CISO out 2J until the 7th",
                                                     ("Daniel Whitfield",))]
