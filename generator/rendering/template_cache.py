"""Compiled templates kept between runs, in the user's own cache folder.

Compiling the deal room's templates is about a quarter of a second of a fresh
process. Jinja can keep what it compiled (a bytecode cache); dealroom keeps it
in ``$XDG_CACHE_HOME/dealroom``, or ``~/.cache/dealroom`` when that variable is
not set. Jinja compiles a template again whenever its source changed.

The files hold code that Jinja runs, so the folder is used only when it is
safe: a real folder (not a link), owned by the user, that nobody else may write
into. dealroom creates it that way (``0700`` under the user's umask). A folder
that fails those checks, cannot be created or cannot be written means no cache,
never a failed render. (Imported by the Jinja environment only, never by
``check`` or ``--help``.)
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache

from generator.cache_folder import cache_folder

FOLDER_NAME = "dealroom"


def bytecode_cache(options: str):
    """A Jinja bytecode cache for an environment made with ``options`` (compiled
    code depends on them, so they name the files), or None when the user's cache
    folder cannot safely be used."""
    try:
        folder = cache_folder()
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=stat.S_IRWXU, exist_ok=True)
        if not is_private(folder):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return TemplateCache(str(folder), f"template-{_fingerprint(options)}-%s.cache")


def is_private(folder: Path) -> bool:
    """Whether ``folder`` is a real folder of this user that no one else can write into."""
    info = os.lstat(folder)
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _fingerprint(options: str) -> str:
    """Twelve hex digits naming the Jinja version and the environment's options."""
    return hashlib.sha256(f"{jinja2.__version__} {options}".encode()).hexdigest()[:12]


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file-system cache, made to fail quietly: a file it cannot read is
    compiled again, a file it cannot write is not kept."""

    def load_bytecode(self, bucket) -> None:
        """The compiled code in the bucket's file, if it can be read."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file: unpickling and unmarshalling raise many kinds
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        """The bucket's compiled code written to its file, if it can be."""
        try:
            super().dump_bytecode(bucket)
        except OSError:  # read-only, full, or removed meanwhile
            pass
