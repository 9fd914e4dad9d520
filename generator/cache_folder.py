"""Where dealroom keeps what it can compute again (holiday calendars, compiled templates).

``$DEALROOM_CACHE`` when set, else ``$XDG_CACHE_HOME/dealroom`` (an absolute
``XDG_CACHE_HOME`` only, as the XDG specification says), else
``~/.cache/dealroom``. Whatever is kept there may be deleted at any time.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path:
    """The cache folder (not created here)."""
    named = os.environ.get("DEALROOM_CACHE")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path(os.path.expanduser("~")) / ".cache"
    return root / "dealroom"
