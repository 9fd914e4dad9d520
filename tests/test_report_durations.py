"""Planned and actual durations of the standard steps, from stored revisions: counted in
business days from the step's start (its prerequisites finished) to its due or done day,
and never negative when a step ran alongside its prerequisites."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from generator.report.durations import step_durations

FIRST_DAY = dt.date(2026, 11, 2)  # a Monday


def revision(*tasks: dict):
    return SimpleNamespace(seller={"tasks": list(tasks)})


def test_a_review_after_its_questionnaire_counts_from_the_questionnaire():
    questionnaire = {"id": "q", "due": "2026-11-06", "status": "done", "done_on": "2026-11-10"}
    review = {"id": "r", "kind": "security_review", "due": "2026-11-20", "depends_on": ["q"],
              "status": "done", "done_on": "2026-11-27"}
    found, = step_durations([revision(questionnaire, review)], lambda r: FIRST_DAY)
    assert (found.planned, found.actual) == (10, 13)  # 6→20 Nov, 10→27 Nov, weekdays


def test_a_step_done_before_its_prerequisite_took_no_negative_time():
    questionnaire = {"id": "q", "due": "2026-11-20", "status": "done", "done_on": "2026-11-25"}
    review = {"id": "r", "kind": "security_review", "due": "2026-11-13", "depends_on": ["q"],
              "status": "done", "done_on": "2026-11-18"}
    found, = step_durations([revision(questionnaire, review)], lambda r: FIRST_DAY)
    assert (found.planned, found.actual) == (0, 0)
