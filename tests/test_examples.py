"""The example plans in examples/ are valid, strict, and as large as they claim."""

from __future__ import annotations

import pytest

from generator.plan.loader import load_plan
from plans import example_paths

EXAMPLES = {path.stem: path for path in example_paths()}


def plan_of(name: str):
    return load_plan(EXAMPLES[name], strict=True).plan


def test_the_three_examples_are_there():
    assert sorted(EXAMPLES) == ["enterprise", "midmarket", "weak"]


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.stem)
def test_example_loads_strictly_without_warnings(path):
    loaded = load_plan(path, strict=True)
    assert loaded.warnings == ()
    assert loaded.plan.tasks


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.stem)
def test_every_dated_task_of_an_example_has_a_resolved_date(path):
    plan = load_plan(path).plan
    unresolved = [task.id for task in plan.tasks if task.due_written and task.due is None]
    assert unresolved == []
    assert plan.deal.signature is not None


def test_enterprise_is_a_large_plan():
    plan = plan_of("enterprise")
    assert 20 <= len(plan.tasks) <= 25
    assert len(plan.workstreams) >= 5
    assert [task.id for task in plan.tasks if task.side == "shared"]
    assert [risk.id for risk in plan.risks if not risk.shared]


def test_enterprise_uses_relative_dates_and_every_standard_step():
    plan = plan_of("enterprise")
    assert plan.deal.signature_written == "go_live - 5w"
    assert len([task for task in plan.tasks if task.due_written]) >= 5
    assert {task.kind for task in plan.tasks if task.kind} == {
        "business_case", "technical_validation", "security_review", "legal_review",
        "procurement", "executive_approval", "signature", "kickoff",
    }


def test_midmarket_is_about_ten_tasks_with_one_shared():
    plan = plan_of("midmarket")
    assert 8 <= len(plan.tasks) <= 12
    assert [task.id for task in plan.tasks if task.side == "shared"] == ["pilot-scope"]
    assert plan.deal.accepted is not None


def test_weak_is_valid_but_has_no_acceptance_and_no_forcing_function():
    plan = plan_of("weak")
    assert plan.deal.accepted is None
    assert plan.deal.go_live_reason is None
