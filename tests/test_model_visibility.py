"""What a buyer may see: ``Plan.for_buyer()`` leaves every seller-only value out.

The guarantee is structural (no class a buyer-facing writer can reach has a
field for internal data) and checked with canary strings planted in every
seller-only place of a plan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest

from generator.plan import model as m
from generator.plan.loader import load_plan
from plans import example_paths, load, minimal_plan


def field_types(cls) -> dict[str, object]:
    """The fields of a model class and their types.

    Uses ``dataclasses.fields`` for a dataclass; for the annotation-based
    records the model may use instead, the annotations are the fields.
    """
    hints = typing.get_type_hints(cls)
    if dataclasses.is_dataclass(cls):
        return {field.name: hints[field.name] for field in dataclasses.fields(cls)}
    return {name: hint for name, hint in hints.items()
            if not name.startswith("_") and typing.get_origin(hint) is not typing.ClassVar}


def model_classes_in(hint) -> set[type]:
    """The model classes named by a type such as ``tuple[TaskForBuyer, ...]`` or ``Acceptance | None``."""
    found = set()
    if isinstance(hint, type) and hint.__module__ == m.__name__:
        found.add(hint)
    for argument in typing.get_args(hint):
        found |= model_classes_in(argument)
    return found


def reachable_classes(root: type) -> dict[type, dict[str, object]]:
    """Every model class reachable from ``root`` through its fields, with those fields."""
    seen: dict[type, dict[str, object]] = {}
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen[cls] = field_types(cls)
        for hint in seen[cls].values():
            todo.extend(model_classes_in(hint))
    return seen


SELLER_CLASSES = (m.Deal, m.Person, m.Assessment, m.Task, m.Risk, m.Assumption)


def test_no_class_reachable_from_a_buyer_plan_has_an_internal_field():
    classes = reachable_classes(m.BuyerPlan)
    with_internal = {cls.__name__ for cls, fields in classes.items() if "internal" in fields}
    assert with_internal == set()
    assert not [cls for cls in classes if issubclass(cls, SELLER_CLASSES)]


def test_the_type_walk_reaches_every_part_of_a_buyer_plan():
    assert {cls.__name__ for cls in reachable_classes(m.BuyerPlan)} == {
        "BuyerPlan", "DealForBuyer", "Acceptance", "Objective", "Metric", "PersonForBuyer",
        "Workstream", "TaskForBuyer", "RiskForBuyer", "AssumptionForBuyer", "Branding",
        "FreezeForBuyer",
    }


def test_the_type_walk_does_find_internal_fields_on_the_seller_plan():
    classes = reachable_classes(m.Plan)
    assert {cls.__name__ for cls, fields in classes.items() if "internal" in fields} == {
        "Deal", "Person", "Task", "Risk", "Assumption",
    }
    assert m.Assessment in classes


def test_risks_and_assumptions_carry_their_visibility_only_on_the_seller_side():
    assert "shared" not in field_types(m.RiskForBuyer)
    assert "shared" not in field_types(m.AssumptionForBuyer)
    assert "shared" not in field_types(m.FreezeForBuyer)


# -- canaries ------------------------------------------------------------------------------

CANARY_PLAN = minimal_plan(
    replacing={
        "  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  internal: CANARY-DEAL-INTERNAL forecast commit\n",
        "    role: champion\n": "    role: champion\n    internal:\n      power: CANARY-POWER\n"
                                "      engagement: CANARY-ENGAGEMENT\n      notes: CANARY-PERSON-NOTES\n",
        "    role: account_executive\n": "    role: account_executive\n    internal: CANARY-PERSON-TEXT-NOTE\n",
        "    due: 2027-01-15\n": "    due: 2027-01-15\n    notes: Visible note for Globex.\n"
                                "    internal: CANARY-TASK-INTERNAL\n",
    },
    sections="""
        risks:
          - id: budget
            title: Budget not yet allocated
            owner: bea-buyer
            mitigation: CFO pre-read before 15 December.
            internal: CANARY-SHARED-RISK-INTERNAL
          - id: competitor
            title: CANARY-SECRET-RISK-TITLE
            owner: sam-seller
            mitigation: CANARY-SECRET-RISK-MITIGATION
            shared: false
            internal: CANARY-SECRET-RISK-INTERNAL
        assumptions:
          - text: Procurement takes ten business days.
            owner: bea-buyer
            confirm_by: 2026-12-01
            internal: CANARY-SHARED-ASSUMPTION-INTERNAL
          - text: CANARY-SECRET-ASSUMPTION-TEXT
            shared: false
            internal: CANARY-SECRET-ASSUMPTION-INTERNAL
        freezes:
          - {from: 2026-12-21, to: 2027-01-04, reason: Globex year-end change freeze}
          - {from: 2026-12-28, to: 2026-12-31, reason: CANARY-SECRET-FREEZE-REASON, side: seller,
             shared: false}
    """)

CANARIES = [
    "CANARY-DEAL-INTERNAL",
    "CANARY-POWER",
    "CANARY-ENGAGEMENT",
    "CANARY-PERSON-NOTES",
    "CANARY-PERSON-TEXT-NOTE",
    "CANARY-TASK-INTERNAL",
    "CANARY-SHARED-RISK-INTERNAL",
    "CANARY-SECRET-RISK-TITLE",
    "CANARY-SECRET-RISK-MITIGATION",
    "CANARY-SECRET-RISK-INTERNAL",
    "CANARY-SHARED-ASSUMPTION-INTERNAL",
    "CANARY-SECRET-ASSUMPTION-TEXT",
    "CANARY-SECRET-ASSUMPTION-INTERNAL",
    "CANARY-SECRET-FREEZE-REASON",
]


@pytest.fixture(scope="module")
def canary_plan() -> m.Plan:
    return load(CANARY_PLAN, strict=True).plan


@pytest.mark.parametrize("canary", CANARIES)
def test_seller_only_value_is_in_the_plan_but_not_in_the_buyer_plan(canary_plan, canary):
    assert canary in repr(canary_plan)
    assert canary not in repr(canary_plan.for_buyer())


def test_shared_risks_and_assumptions_are_kept(canary_plan):
    buyer = canary_plan.for_buyer()
    assert [(r.id, r.title, r.owner, r.mitigation, r.status) for r in buyer.risks] == [
        ("budget", "Budget not yet allocated", "bea-buyer", "CFO pre-read before 15 December.", "open"),
    ]
    assert [(a.text, a.owner, str(a.confirm_by)) for a in buyer.assumptions] == [
        ("Procurement takes ten business days.", "bea-buyer", "2026-12-01"),
    ]
    assert buyer.freezes == (m.FreezeForBuyer(dt.date(2026, 12, 21), dt.date(2027, 1, 4),
                                              "Globex year-end change freeze", "buyer"),)


def test_everything_else_reaches_the_buyer(canary_plan):
    buyer = canary_plan.for_buyer()
    assert buyer.deal.title == canary_plan.deal.title == "Globex × Acme"
    assert [p.id for p in buyer.people] == ["bea-buyer", "sam-seller"]
    assert [(t.id, t.notes, t.owners, t.side) for t in buyer.tasks] == [
        ("redlines", "Visible note for Globex.", ("bea-buyer",), "buyer"),
    ]
    assert buyer.objectives == canary_plan.objectives
    assert buyer.workstreams == canary_plan.workstreams


def instances(value):
    """Every model object inside ``value``, walking fields and tuples."""
    if isinstance(value, (tuple, list)):
        for item in value:
            yield from instances(item)
    elif type(value).__module__ == m.__name__:
        yield value
        for name in field_types(type(value)):
            yield from instances(getattr(value, name))


def test_no_object_in_a_buyer_plan_has_internal_data(canary_plan):
    objects = list(instances(canary_plan.for_buyer()))
    assert len(objects) > 8
    assert [type(o).__name__ for o in objects if hasattr(o, "internal") or isinstance(o, SELLER_CLASSES)] == []


# -- the examples --------------------------------------------------------------------------


def secrets_of(plan: m.Plan) -> list[str]:
    """Every seller-only text of a plan long enough not to occur in public text by chance.

    (A power of 'low' is a part of 'follow'; whole sentences are not.)
    """
    found = [plan.deal.internal]
    for person in plan.people:
        if person.internal:
            found += [person.internal.power, person.internal.engagement, person.internal.notes]
    found += [task.internal for task in plan.tasks]
    for entry in plan.risks:
        found += [entry.internal] + ([entry.title, entry.mitigation] if not entry.shared else [])
    for entry in plan.assumptions:
        found += [entry.internal] + ([entry.text] if not entry.shared else [])
    found += [entry.reason for entry in plan.freezes if not entry.shared]
    return [text for text in found if text and len(text) >= 20]


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.stem)
def test_no_seller_only_text_of_an_example_reaches_its_buyer_plan(path):
    plan = load_plan(path).plan
    secrets = secrets_of(plan)
    assert secrets, "the example plants seller-only notes"
    shown = repr(plan.for_buyer())
    assert [secret for secret in secrets if secret in shown] == []
