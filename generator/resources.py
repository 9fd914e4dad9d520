"""Where the shipped templates and themes are.

In a wheel they sit inside the package (``generator/templates``); in a
source checkout they sit beside it (``templates/``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(folder: str) -> Path:
    """The shipped ``templates`` or ``themes`` folder."""
    inside = PACKAGE / folder
    return inside if inside.is_dir() else PACKAGE.parent / folder
