"""Plan health: findings and metrics, as a sales manager asks in a deal review.

Health is seller-side only: it appears in ``check`` and the seller's review,
never in a buyer-facing output.
"""

from __future__ import annotations

import datetime as dt
from generator.record import Record

from generator.health.facts import PlanFacts
from generator.health.findings import Finding, SkippedRule
from generator.health.metrics import Metrics, measure
from generator.health.rules import RULES, Rule
from generator.history.revisions import History
from generator.plan.model import Plan

__all__ = ["Health", "Finding", "SkippedRule", "Metrics", "RULES", "assess"]
NO_HISTORY = "needs the revision history, and none is recorded for this plan yet"


class Health(Record):
    """Everything ``check`` reports about one plan."""

    findings: tuple[Finding, ...]
    skipped: tuple[SkippedRule, ...]
    metrics: Metrics

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of severity ``warning``."""
        return tuple(f for f in self.findings if f.severity == "warning")


def assess(plan: Plan, today: dt.date, history: History | None = None,
           ignore: frozenset[str] = frozenset()) -> Health:
    """Run every rule not in ``ignore`` and measure the plan."""
    facts = PlanFacts(plan, today, history)
    findings, skipped = [], []
    for rule in RULES:
        if rule.code in ignore:
            continue
        if rule.needs_history and history is None:
            skipped.append(SkippedRule(rule.code, rule.title, NO_HISTORY))
            continue
        findings.extend(_run(rule, facts))
    return Health(tuple(findings), tuple(skipped), measure(facts))


def _run(rule: Rule, facts: PlanFacts) -> list[Finding]:
    return [Finding(rule.code, rule.title, seen.severity, seen.subject_type, seen.subject_id,
                    seen.message) for seen in rule.check(facts)]
