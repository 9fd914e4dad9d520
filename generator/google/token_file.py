"""The saved Google sign-in: where it lives and how it is written and read safely.

The token file holds a refresh token, so it is never readable by anyone but
its owner, not even for a moment: it is created with mode 0600 under a
temporary name in the same folder (mode 0700) and then renamed into place.
A token file that group or others can read (copied by hand, say) is repaired
to 0600 when it is read, before its content is trusted.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import OutputError

TOKEN_NAME = "google-token.json"


def token_path() -> Path:
    """``$XDG_CONFIG_HOME/dealroom/google-token.json``, else ``~/.config/dealroom/google-token.json``."""
    config = os.environ.get("XDG_CONFIG_HOME", "").strip()
    base = Path(config) if config and os.path.isabs(config) else Path.home() / ".config"
    return base / "dealroom" / TOKEN_NAME


def save_token(text: str, path: Path) -> None:
    """Write ``text`` to ``path`` atomically, readable and writable by the owner only."""
    try:
        _private_folder(path.parent)
        _write_private(text, path)
    except OSError as error:
        raise OutputError(f"cannot save the Google sign-in to {path}: {error.strerror or error}") from None


def _private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) and make it 0700."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) != 0o700:
        folder.chmod(0o700)


def _write_private(text: str, path: Path) -> None:
    """Create a 0600 file next to ``path``, write and flush it, then rename it over ``path``."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read_token(path: Path) -> str | None:
    """The token file's text, None when there is none; a file others can read is made 0600 first.

    Raises OSError when the file is there but cannot be repaired or read.
    """
    try:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
