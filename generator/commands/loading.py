"""Loading the plan for a command, with its warnings said on stderr.

``check`` reports warnings in its own report; every other command that loads
a plan prints them here, so that a typo such as ``if_mised:`` never loses
its text silently.
"""

from __future__ import annotations

import sys


def load_plan_saying_warnings(plan_file: str):
    """The loaded plan; each warning printed as ``dealroom: FILE:LINE:COL: warning: ...``."""
    from generator.plan.loader import load_plan

    loaded = load_plan(plan_file)
    for problem in loaded.warnings:
        print(f"dealroom: {problem}", file=sys.stderr)
    return loaded
