"""Reading a logo file safely: the one way a local file gets into a deal room.

A logo is named in a plan (``branding.buyer_logo``) or a theme (``seller_logo``
in theme.toml) by a path relative to that file's folder. Whoever wrote the plan
must not be able to make the page embed any other file of the machine that
renders it, nor make the render hang or fill memory. So a logo must be a regular
file inside the folder once symbolic links are resolved, at most
:data:`LOGO_MAX_BYTES`, and its bytes must really be a PNG, JPEG, WebP or SVG
image; the media type comes from those bytes, never from the file name.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

LOGO_MAX_BYTES = 512 * 1024
"""A logo is shown a few centimetres wide; half a megabyte is plenty."""
KINDS = "a PNG, JPEG, WebP or SVG image"
SVG_PROLOG = re.compile(r"\s+|<\?xml\b.*?\?>|<!--.*?-->|<!DOCTYPE\b[^\[>]*(?:\[.*?\])?\s*>", re.S)
"""What may come before an SVG's ``<svg`` element: space, the XML declaration,
comments and a document type (with its internal subset, as some editors write)."""


class LogoError(ValueError):
    """A logo that cannot be used; the message says why, for ``PATH: message``."""


def read_logo(folder: Path, written: str) -> tuple[str, bytes]:
    """The media type and bytes of the logo ``written`` relative to ``folder``.

    Raises LogoError when it is outside the folder, not a regular file, too
    large, unreadable or not an image of a known kind.
    """
    path = _inside(Path(folder), written)
    data = _read_at_most(path, LOGO_MAX_BYTES)
    return _media_type(data), data


def _inside(folder: Path, written: str) -> Path:
    if Path(written).is_absolute():
        raise LogoError("is an absolute path; write the logo's path relative to the plan file")
    try:
        path, base = (folder / written).resolve(), folder.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of symbolic links, a NUL
        raise LogoError("cannot be read (a loop of symbolic links or an invalid name)") from None
    if not path.is_relative_to(base):
        raise LogoError("leads outside the plan's folder; a logo must be a file in the plan's "
                        "folder or below it (symbolic links are followed)")
    return path


def _read_at_most(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; never blocks on a pipe, never reads past ``limit``."""
    from generator.files import read_at_most

    try:
        data = read_at_most(path, limit, lambda status: _check_kind(status, limit),
                            follow_links=False)
    except OSError as error:
        raise LogoError(f"cannot be read ({error.strerror}); the path is relative to the plan file") \
            from None
    if len(data) > limit:  # it grew after stat
        raise LogoError(f"is over {limit // 1024} KB; a logo may be at most {limit // 1024} KB")
    return data


def _check_kind(status: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise LogoError("is not a regular file (a folder, a pipe or a device); a logo is an image file")
    if status.st_size > limit:
        raise LogoError(f"is {-(-status.st_size // 1024)} KB; a logo may be at most {limit // 1024} KB")


def _media_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if _is_svg(data):
        return "image/svg+xml"
    raise LogoError(f"is not {KINDS} (judged by its content, not its name)")


def _is_svg(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 text whose first element is ``<svg``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    at = 0
    while found := SVG_PROLOG.match(text, at):
        at = found.end()
    return text.startswith("<svg", at) and text[at + 4: at + 5] in (" ", "\t", "\r", "\n", ">", "/")
