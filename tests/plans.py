"""A minimal valid plan, and helpers to load variations of it in tests.

Error messages name lines and columns, so the minimal plan is written below
with its line numbers; ``minimal_plan()`` strips them. Tasks added with
``tasks=`` start on line 27, sections added with ``sections=`` after them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.errors import PlanError
from generator.plan.loader import LoadedPlan, read_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FILENAME = "plan.yaml"

_LISTING = """
 1| dealroom: 1
 2| deal:
 3|   id: globex-acme
 4|   title: Globex × Acme
 5|   buyer: Globex
 6|   seller: Acme
 7|   go_live: 2027-03-01
 8| objectives:
 9|   - title: Onboard new hires in half the time
10| people:
11|   - id: bea-buyer
12|     name: Bea Buyer
13|     side: buyer
14|     role: champion
15|   - id: sam-seller
16|     name: Sam Seller
17|     side: seller
18|     role: account_executive
19| workstreams:
20|   - {id: legal, name: Legal}
21| tasks:
22|   - id: redlines
23|     title: Globex legal returns redlines
24|     workstream: legal
25|     owner: bea-buyer
26|     due: 2027-01-15
"""


def _strip_line_numbers(listing: str) -> str:
    lines = []
    for expected, row in enumerate(listing.strip("\n").splitlines(), start=1):
        number, _, text = row.partition("| ")
        assert int(number) == expected, f"listing line {expected} is numbered {number}"
        lines.append(text)
    return "\n".join(lines) + "\n"


MINIMAL = _strip_line_numbers(_LISTING)
"""The smallest plan that loads: one objective, a buyer, a seller, one task."""


def _block(text: str, indent: str = "") -> str:
    text = textwrap.dedent(text).strip("\n")
    return textwrap.indent(text, indent) + "\n" if text else ""


def minimal_plan(replacing: dict[str, str] | None = None, tasks: str = "", sections: str = "") -> str:
    """MINIMAL with each ``old: new`` text replaced, then ``tasks`` and ``sections`` appended.

    Each ``old`` must occur exactly once, so a test cannot edit the wrong line.
    """
    text = MINIMAL
    for old, new in (replacing or {}).items():
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times in the minimal plan"
        text = text.replace(old, new)
    return text + _block(tasks, "  ") + _block(sections)


def load(text: str, strict: bool = False) -> LoadedPlan:
    """The plan read from ``text`` as the file ``plan.yaml``."""
    return read_plan(text, FILENAME, strict)


def problems(text: str, strict: bool = False) -> list[str]:
    """Every problem reported for ``text``, as the user reads it; the plan must fail."""
    try:
        loaded = load(text, strict)
    except PlanError as error:
        return [str(problem) for problem in error.problems]
    raise AssertionError(f"the plan loaded (warnings: {[str(w) for w in loaded.warnings]})")


def warnings(text: str) -> list[str]:
    """Every warning reported for ``text``; the plan must load."""
    return [str(warning) for warning in load(text).warnings]


def example_paths() -> list[Path]:
    """The example plans shipped in examples/."""
    return sorted(EXAMPLES.glob("*.yaml"))

