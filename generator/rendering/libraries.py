"""WeasyPrint's C libraries, opened by their Linux names first.

WeasyPrint 70 opens Pango, HarfBuzz, fontconfig and GObject by trying a list
of names per library (``_dlopen`` in ``weasyprint/text/ffi.py``), the names of
Windows and macOS first. cffi hands every name it cannot open as a file to
``ctypes.util.find_library``, which on Linux runs ``ldconfig``, ``gcc`` and
``ld`` each time: about 0.45 s and two hundred processes before the Linux name
comes up, and more on a busy machine.

:func:`linux_names_first` wraps the import of WeasyPrint. While it runs:

- the first name WeasyPrint tries for a library is preceded by the library's
  Linux soname (``libpango-1.0.so.0``), which the dynamic loader opens
  directly: the same file as WeasyPrint's own search finds, so the same PDF;
- when a soname does not open (another system, a library missing: asked of
  the dynamic loader directly, without ``find_library``), WeasyPrint's own
  search runs. On Linux it is spared the names that cannot
  name a Linux library (``libpango-1.0-0``, ``pango-1.0-0``, the ``.dylib``
  and ``.dll`` names, and the soname that just failed: ``find_library`` would
  look for ``liblibpango-1.0-0.so`` and the like); the plain name
  (``pango-1.0``) is still looked up, which finds any version of the library.
  Elsewhere WeasyPrint's search runs unchanged.

Nothing on disk is touched, and once WeasyPrint is imported nothing is left changed.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from generator.record import Record


class Library(Record):
    """One of WeasyPrint's libraries: its names in WeasyPrint 70's order."""

    names: tuple[str, ...]
    soname: str
    """What a Linux system calls it."""
    plain: str
    """The name ``find_library`` looks up on Linux (any version)."""


LIBRARIES = (
    Library(names=("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0",
                   "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll"),
            soname="libgobject-2.0.so.0", plain="gobject-2.0"),
    Library(names=("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0",
                   "libpango-1.0.dylib", "libpango-1.0-0.dll"),
            soname="libpango-1.0.so.0", plain="pango-1.0"),
    Library(names=("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0",
                   "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
            soname="libharfbuzz.so.0", plain="harfbuzz"),
    Library(names=("libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0",
                   "libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib",
                   "libharfbuzz-subset-0.dll"),
            soname="libharfbuzz-subset.so.0", plain="harfbuzz-subset"),
    Library(names=("libharfbuzz-vector-0", "harfbuzz-vector", "harfbuzz-vector-0.0",
                   "libharfbuzz-vector.so.0", "libharfbuzz-vector.0.dylib",
                   "libharfbuzz-vector-0.dll"),
            soname="libharfbuzz-vector.so.0", plain="harfbuzz-vector"),
    Library(names=("libfontconfig-1", "fontconfig-1", "fontconfig", "libfontconfig.so.1",
                   "libfontconfig.1.dylib", "libfontconfig-1.dll"),
            soname="libfontconfig.so.1", plain="fontconfig"),
    Library(names=("libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "libpangoft2-1.0.so.0",
                   "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll"),
            soname="libpangoft2-1.0.so.0", plain="pangoft2-1.0"),
)
"""WeasyPrint 70's libraries and names (``weasyprint/text/ffi.py``), in its order."""

opened_by_soname: list[str] = []
"""The sonames this process opened through :func:`linux_names_first`, in order."""


@contextmanager
def linux_names_first(platform: str = sys.platform):
    """Inside this block cffi opens WeasyPrint's libraries by their Linux sonames
    first (not on Windows, where WeasyPrint's own names are the right ones)."""
    import cffi

    if platform.startswith("win"):
        yield
        return
    original = cffi.FFI.dlopen
    cffi.FFI.dlopen = soname_first(original, linux=platform.startswith("linux"))
    try:
        yield
    finally:
        cffi.FFI.dlopen = original


def soname_first(original, linux: bool, opens=None):
    """``FFI.dlopen`` that opens a library by its soname when WeasyPrint asks for
    it by its first name and ``opens(soname, flags)`` says the dynamic loader
    has it, and (on Linux) refuses WeasyPrint's names that cannot name a Linux
    library; any other name goes to ``original`` unchanged."""
    opens = opens or _opens
    first = {library.names[0]: library for library in LIBRARIES}
    not_linux = {name for library in LIBRARIES for name in library.names
                 if name != library.plain} if linux else set()

    def dlopen(ffi, name, flags=0):
        library = first.get(name) if isinstance(name, str) else None
        if library is not None and opens(library.soname, flags):
            opened_by_soname.append(library.soname)
            return original(ffi, library.soname, flags)
        if name in not_linux:
            raise OSError(f"cannot load library {name!r}: not a name of a Linux library")
        return original(ffi, name, flags)

    return dlopen


def _opens(soname: str, flags: int) -> bool:
    """Whether the dynamic loader opens ``soname`` with ``flags`` (asked directly:
    cffi would go on to ``find_library`` when it does not)."""
    import ctypes

    try:
        ctypes.CDLL(soname, mode=flags)
    except OSError:
        return False
    return True
