"""Writing files so that a reader never sees half of one.

Every file and folder dealroom writes gets the permissions the user's umask
gives a new file (``0644`` and ``0755`` under the usual ``022``), so a web
server can serve a deal room; temporary files and folders, which the
operating system creates private, are opened up to the same before they are
renamed into place. Their names end in :data:`TEMPORARY` (files) or hold
:data:`STAGING` (folders) so that what a killed run left behind can be told
apart from anything a user keeps beside the output.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

TEMPORARY = ".dealroom-tmp"
"""The suffix of a file being written."""
STAGING = ".dealroom-staging-"
"""In the name of a folder being written (``.v3.dealroom-staging-k2j4h1x8``)."""
LEFT_BEHIND = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMPORARY)
                         + r"|\..+" + re.escape(STAGING) + r"[a-z0-9_]{8}")
"""A temporary file or staging folder's name, as only dealroom makes them."""


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets under the user's umask."""
    return 0o666 & ~_umask()


def folder_mode() -> int:
    """The mode a new folder gets under the user's umask."""
    return 0o777 & ~_umask()


def write_atomically(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; the file
    gets ``mode``, else the permissions the umask gives a new file."""
    import tempfile

    path = Path(path)
    _refuse_special(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    binary = isinstance(data, bytes)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY)
    try:
        os.fchmod(handle, file_mode() if mode is None else mode)
        with os.fdopen(handle, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _refuse_special(path: Path) -> None:
    """A device, a named pipe or a socket at ``path`` is never replaced (``-o /dev/null``
    as root would otherwise put a file where the device was)."""
    import errno
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode) or stat.S_ISDIR(mode)):
        raise OSError(errno.EEXIST, "it exists and is not a regular file (a device, a pipe or "
                                    "a socket)", str(path))


def write_output(path: Path, data: str | bytes) -> None:
    """:func:`write_atomically` for a file the user asked for: a file system
    error (a file where a folder should be, no permission, a full disk) is an
    :class:`~generator.errors.OutputError` naming the path."""
    from generator.errors import OutputError

    try:
        write_atomically(path, data)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror or error}); choose another "
                          "place or check its folder's permissions") from None


def read_at_most(path: Path, limit: int, check, follow_links: bool = True) -> bytes:
    """The bytes of the file ``path``, up to one byte past ``limit`` (so that the
    caller can tell a file that is too large).

    ``check(status)`` is called on the file's ``os.stat`` before it is opened
    and again on the opened file, and raises for a kind of file the caller will
    not read (a named pipe would block a read for ever, a device never end):
    the file is opened without blocking, in case it was swapped meanwhile.
    OSError comes through for the caller to word.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    check(os.stat(path))
    descriptor = os.open(path, flags if follow_links else flags | os.O_NOFOLLOW)
    try:
        check(os.fstat(descriptor))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def check_regular_file(path: Path, status: os.stat_result, what: str, suffix: str = "") -> None:
    """A folder, pipe, device or socket given where ``what`` (``a plan file``)
    is expected is a usage error saying so; ``suffix`` names its usual ending."""
    import stat

    from generator.errors import UsageError

    if stat.S_ISDIR(status.st_mode):
        raise UsageError(f"{path}: is a folder, not {what}")
    if not stat.S_ISREG(status.st_mode):
        raise UsageError(f"{path}: is not a regular file (a pipe, a device or a socket); "
                         f"give the path of {what}{suffix}")


def read_given_file(path: Path, limit: int, check) -> bytes:
    """:func:`read_at_most` for a file the user named on the command line: a
    missing or unreadable file is a usage error saying so."""
    from generator.errors import UsageError

    try:
        return read_at_most(path, limit, check)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror or error})") from None


def staging_folder(parent: Path, name: str) -> Path:
    """A new, empty folder in ``parent`` to fill before it is renamed to ``name``."""
    import tempfile

    staging = Path(tempfile.mkdtemp(prefix=f".{name}{STAGING}", dir=parent))
    os.chmod(staging, folder_mode())
    return staging


def left_behind(folder: Path) -> list[Path]:
    """The temporary files and staging folders in ``folder`` (not below it)."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if LEFT_BEHIND.fullmatch(path.name))
