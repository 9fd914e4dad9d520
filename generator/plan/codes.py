"""Short visible task codes: ``S2`` is the second task of the security workstream.

A code is the only row identity that survives Word, LibreOffice and Google
Docs (see guides/formats.md), so every buyer-facing table shows it. The
prefix comes from the workstream id, the number from the task's place in its
workstream. Codes stay the same from version to version as long as tasks are
added at the end of their workstream; the revision history pins them for good.
"""

from __future__ import annotations

import re


def workstream_prefixes(workstream_ids: list[str]) -> dict[str, str]:
    """A unique one-to-three letter prefix per workstream, in plan order."""
    taken: dict[str, str] = {}
    for workstream_id in workstream_ids:
        letters = re.sub(r"[^a-z]", "", workstream_id).upper() or "W"
        candidates = [letters[:1], letters[:1] + _next_consonant(letters), letters[:2], letters[:3]]
        prefix = next((c for c in candidates if c and c not in taken.values()), None)
        taken[workstream_id] = prefix or f"{letters[:1]}{len(taken) + 1}"
    return taken


def _next_consonant(letters: str) -> str:
    return next((c for c in letters[1:] if c not in "AEIOU"), "")


def task_codes(plan) -> dict[str, str]:
    """The code of every task of ``plan`` (either view of it), by task id."""
    prefixes = workstream_prefixes([w.id for w in plan.workstreams])
    counts: dict[str, int] = {}
    codes = {}
    for task in plan.tasks:
        counts[task.workstream] = counts.get(task.workstream, 0) + 1
        codes[task.id] = f"{prefixes[task.workstream]}{counts[task.workstream]}"
    return codes
