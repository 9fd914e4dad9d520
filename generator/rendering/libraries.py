"""WeasyPrint's C libraries, loaded by their Linux names first.

WeasyPrint 70 opens Pango, HarfBuzz, fontconfig and GObject by trying a list
of names per library (``weasyprint/text/ffi.py``), Windows and macOS ones
first. cffi hands every name it cannot open as a file to
``ctypes.util.find_library``, which on Linux runs ``ldconfig``, ``gcc`` and
``ld``: about 0.45 s and two hundred processes before the Linux name comes up.

:func:`linux_names_first` wraps the import of WeasyPrint: while it runs, the
first name WeasyPrint tries for a library is preceded by that library's Linux
soname (``libpango-1.0.so.0``), which the dynamic loader opens directly. The
same files are loaded, so the PDF is the same. Where the soname does not open
(another system, a missing library) WeasyPrint's own search runs unchanged.
Nothing on disk is touched.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

SONAMES = {
    "libgobject-2.0-0": "libgobject-2.0.so.0",
    "libpango-1.0-0": "libpango-1.0.so.0",
    "libharfbuzz-0": "libharfbuzz.so.0",
    "libharfbuzz-subset-0": "libharfbuzz-subset.so.0",
    "libharfbuzz-vector-0": "libharfbuzz-vector.so.0",
    "libfontconfig-1": "libfontconfig.so.1",
    "libpangoft2-1.0-0": "libpangoft2-1.0.so.0",
}
"""The first name WeasyPrint 70 tries for each library, and its Linux soname."""

opened_by_soname: list[str] = []
"""The sonames this process opened through :func:`linux_names_first`, in order."""


@contextmanager
def linux_names_first():
    """Inside this block, cffi opens WeasyPrint's libraries by their Linux
    sonames before trying WeasyPrint's own names (a no-op on Windows)."""
    import cffi

    if os.name == "nt":
        yield
        return
    original = cffi.FFI.dlopen
    cffi.FFI.dlopen = _soname_first(original)
    try:
        yield
    finally:
        cffi.FFI.dlopen = original


def _soname_first(original):
    """``FFI.dlopen`` that tries the soname of a known first name, then ``name``."""

    def dlopen(ffi, name, flags=0):
        soname = SONAMES.get(name) if isinstance(name, str) else None
        if soname:
            try:
                library = original(ffi, soname, flags)
            except OSError:
                pass  # WeasyPrint's own search goes on with its names
            else:
                opened_by_soname.append(soname)
                return library
        return original(ffi, name, flags)

    return dlopen
