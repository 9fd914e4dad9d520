"""The calendar (``--to ics``): one all-day event per dated task, read back with
the ``icalendar`` library, stable across renders, escaped, folded, and with
nothing seller-only in it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

icalendar = pytest.importorskip("icalendar")

from generator.plan.codes import task_codes  # noqa: E402
from generator.plan.loader import read_plan  # noqa: E402
from generator.rendering.render import RenderOptions, render_files  # noqa: E402
from generator.rendering.rich_text import to_plain  # noqa: E402
from generator.writers import WRITERS, find_writers  # noqa: E402
from generator.writers.ics import fold, text  # noqa: E402
from render_plans import ENTERPRISE, edited_example, plant_canaries  # noqa: E402

TODAY = dt.date(2026, 11, 21)
FILE = "corvane-quillstone.ics"
AWKWARD_TITLE = "Sign; then file, in C:\\contracts\\2027\nsecond line — Zürich ✓ 日本"


def _render(text_of_plan: str, today: dt.date = TODAY) -> tuple[str, object]:
    loaded = read_plan(text_of_plan, "plan.yaml")
    files = render_files(loaded, [WRITERS["ics"]], RenderOptions(today=today))
    assert list(files) == [FILE]
    return files[FILE], loaded.plan


def _events(ics: str) -> list:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def _by_uid(ics: str) -> dict:
    return {str(event["UID"]): event for event in _events(ics)}


def _unfolded(ics: str) -> str:
    return ics.replace("\r\n ", "")


@pytest.fixture(scope="module")
def example():
    return _render(ENTERPRISE.read_text(encoding="utf-8"))


def test_the_calendar_is_a_published_gregorian_calendar_named_after_the_deal(example):
    ics, plan = example
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//dealroom//")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == plan.deal.title == "Corvane Logistics × Quillstone"


def test_one_event_per_dated_task_on_its_date_all_day(example):
    ics, plan = example
    events = _by_uid(ics)
    dated = [t for t in plan.tasks if t.due]
    assert len(_events(ics)) == len(dated) + 2 == len(events)
    for task in dated:
        event = events[f"{task.id}.corvane-quillstone@dealroom"]
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is dt.date and start == task.due, task.id
        assert end == task.due + dt.timedelta(days=1)
        assert event["DTSTAMP"].dt == dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc)
    assert "DTSTART;VALUE=DATE:20261218" in ics  # the DPA, a placeholder date


def test_an_undated_task_has_no_event():
    def undate(tree):
        del next(t for t in tree["tasks"] if t["id"] == "pricing-proposal")["due"]

    ics, plan = _render(edited_example(undate))
    assert plan.task("pricing-proposal").due is None
    assert len(_events(ics)) == len(plan.tasks) - 1 + 2  # and the two milestones
    assert "pricing-proposal." not in ics


def test_uids_are_unique_and_the_same_in_every_render():
    first, _ = _render(ENTERPRISE.read_text(encoding="utf-8"))
    later, _ = _render(ENTERPRISE.read_text(encoding="utf-8"), today=dt.date(2026, 12, 9))
    first_uids = [str(e["UID"]) for e in _events(first)]
    assert len(set(first_uids)) == len(first_uids)
    assert first_uids == [str(e["UID"]) for e in _events(later)]
    assert all(re.fullmatch(r"_?[a-z0-9-]+\.corvane-quillstone@dealroom", uid) for uid in first_uids)


def test_the_same_plan_on_the_same_day_gives_the_same_bytes(example):
    again, _ = _render(ENTERPRISE.read_text(encoding="utf-8"))
    assert again == example[0]


def test_summary_has_the_code_and_title_and_done_tasks_say_so(example):
    ics, plan = example
    codes, events = task_codes(plan), _by_uid(ics)
    done = events["discovery-workshop.corvane-quillstone@dealroom"]
    assert str(done["SUMMARY"]) == ("[B1] Corvane and Quillstone map today's carrier renewal "
                                    "process in a half-day workshop (done)")
    review = events["sec-review.corvane-quillstone@dealroom"]
    assert str(review["SUMMARY"]) == f"[{codes['sec-review']}] {plan.task('sec-review').title}"
    assert codes["sec-review"] == "S3"


def test_description_names_owners_gate_status_and_consequence(example):
    ics, _ = example
    events = _by_uid(ics)
    review = str(events["sec-review.corvane-quillstone@dealroom"]["DESCRIPTION"])
    assert review.splitlines()[0] == "Owner: Daniel Whitfield (Corvane Logistics)"
    assert "Gate: Security approval" in review
    assert "Status: Not started" in review
    assert "If missed: Marcus cannot open a vendor record in Coupa without a risk rating" in review
    assert "Date to confirm" not in review
    dpa = str(events["dpa.corvane-quillstone@dealroom"]["DESCRIPTION"])
    assert dpa.startswith("Owners: Helen Marsh (Corvane Logistics), Nora Fitzgerald (Quillstone)")
    assert "Date to confirm" in dpa
    assert "Deal room: https://rooms.quillstone.example/corvane-logistics/" in dpa


def test_placeholder_dates_are_tentative_and_committed_ones_confirmed(example):
    ics, plan = example
    events = _by_uid(ics)
    assert str(events["dpa.corvane-quillstone@dealroom"]["STATUS"]) == "TENTATIVE"
    assert str(events["sec-review.corvane-quillstone@dealroom"]["STATUS"]) == "CONFIRMED"
    for task in plan.tasks:
        expected = "CONFIRMED" if task.is_done or task.is_committed else "TENTATIVE"
        assert str(events[f"{task.id}.corvane-quillstone@dealroom"]["STATUS"]) == expected


def test_categories_hold_the_workstream(example):
    events = _by_uid(example[0])
    categories = events["legal-final.corvane-quillstone@dealroom"]["CATEGORIES"].cats
    assert [str(c) for c in categories] == ["Legal & procurement"]


def test_awkward_text_is_escaped_and_reads_back_exactly():
    def awkward(tree):
        tree["tasks"][3]["title"] = AWKWARD_TITLE
        tree["workstreams"][0]["name"] = "Business, case; and more"

    ics, _ = _render(edited_example(awkward))
    event = _by_uid(ics)["business-case.corvane-quillstone@dealroom"]
    summary = str(event["SUMMARY"])
    assert summary == f"[B4] {to_plain(AWKWARD_TITLE)}"
    for piece in (";", ",", "C:\\contracts\\2027", "\nsecond line", "— Zürich ✓ 日本"):
        assert piece in summary
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Business, case; and more"]
    raw = _unfolded(ics)
    assert "SUMMARY:[B4] Sign\\; then file\\, in C:\\\\contracts\\\\2027\\nsecond line" in raw


def test_lines_end_in_crlf_and_fold_at_75_octets_without_splitting_a_character():
    def long_title(tree):
        tree["tasks"][3]["title"] = "Überprüfung der Verträge — 日本語のテキスト " * 6

    ics, _ = _render(edited_example(long_title))
    data = ics.encode("utf-8")
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert sum(line.startswith(b" ") for line in lines) > 5
    for line in lines:
        line.decode("utf-8")  # no character is cut in two
    summary = str(_by_uid(ics)["business-case.corvane-quillstone@dealroom"]["SUMMARY"])
    assert summary == "[B4] " + ("Überprüfung der Verträge — 日本語のテキスト " * 6).strip()


def test_fold_and_text_on_their_own():
    assert fold("x" * 75) == "x" * 75
    assert fold("x" * 76) == "x" * 75 + "\r\n x"
    folded = fold("SUMMARY:" + "é" * 80)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 80
    assert text("a\\b;c,d\r\ne\rf\x00g\th") == "a\\\\b\\;c\\,d\\ne\\nfg\th"


def test_no_seller_only_text_reaches_the_calendar():
    planted: list[str] = []
    ics, _ = _render(edited_example(lambda tree: planted.extend(plant_canaries(tree))))
    shown = _unfolded(ics)
    assert len(planted) > 60
    assert not [c for c in planted if c in shown]
    assert "CANARY" not in shown
    assert "Clausewise" not in shown and "240k" not in shown


def test_ics_is_a_buyer_format_in_the_registry():
    assert [w.name for w in find_writers("html,ics")] == ["html", "ics"]
    loaded = read_plan(ENTERPRISE.read_text(encoding="utf-8"), "plan.yaml")
    from generator.rendering.render import edition

    seller = edition(loaded, RenderOptions(today=TODAY), "seller")
    with pytest.raises(TypeError, match="takes only a BuyerPlan"):
        WRITERS["ics"].write(seller)


def test_the_target_signature_and_go_live_are_events_too(example):
    ics, plan = example
    events = _by_uid(ics)
    signature = events["_signature.corvane-quillstone@dealroom"]
    go_live = events["_go-live.corvane-quillstone@dealroom"]
    assert (signature["DTSTART"].dt, go_live["DTSTART"].dt) == (plan.deal.signature, plan.deal.go_live)
    assert str(signature["SUMMARY"]) == "Target signature: Corvane Logistics × Quillstone"
    assert str(go_live["SUMMARY"]) == "Target go-live: Corvane Logistics"
    assert str(signature["DESCRIPTION"]).startswith("Who signs: ")
    assert str(go_live["DESCRIPTION"]).startswith("Why this date: ")
    assert {str(signature["CATEGORIES"].cats[0]), str(go_live["CATEGORIES"].cats[0])} == {"Milestone"}
