"""What a health rule reports: findings, and rules it could not run."""

from __future__ import annotations

from generator.record import Record

SEVERITIES = ("warning", "info")


class Finding(Record):
    """One weakness of a valid plan, with what to do about it."""

    code: str
    """Stable code, ``MAP001`` ... ``MAP019``."""
    title: str
    """Short name of the finding (``not mutual``)."""
    severity: str
    """``warning`` or ``info``."""
    subject_type: str
    """What it is about: ``deal``, ``plan``, ``task``, ``assumption``, ``quarter``."""
    subject_id: str
    """Which one: a task id, ``assumptions[2]``, ``2026-Q4``, the deal id."""
    message: str
    """One actionable sentence."""

    @property
    def subject(self) -> str:
        """``task sec-review``, ``deal northwind-acme`` ..."""
        return f"{self.subject_type} {self.subject_id}"


class SkippedRule(Record):
    """A rule that did not run, and why (shown so nobody takes silence for health)."""

    code: str
    title: str
    reason: str
