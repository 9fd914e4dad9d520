"""What makes a PDF faster without changing it: WeasyPrint's libraries opened by
their Linux names (generator/rendering/libraries.py) give the same PDF, byte for
byte, as WeasyPrint's own search, which still runs whenever a Linux name does
not open; the garbage collector's thresholds are raised only while WeasyPrint works."""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.plan.loader import load_plan
from generator.rendering import libraries, pdf_output
from generator.rendering.render import RenderOptions, edition
from generator.writers.brief import page
from generator.rendering.brief import BUDGETS

ROOT = Path(__file__).resolve().parent.parent
ENTERPRISE = ROOT / "examples" / "enterprise.yaml"
FOUND_ON_DEBIAN = {"libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0",
                   "libharfbuzz-subset.so.0", "libfontconfig.so.1", "libpangoft2-1.0.so.0"}

# Prints what the loader opened, then writes the PDF of the page to argv[2].
PRINT_PDF = """
import json, sys
from pathlib import Path
{before}
from generator.rendering import libraries, pdf_output
page, paged_css = json.loads(Path(sys.argv[1]).read_text())
Path(sys.argv[2]).write_bytes(pdf_output.html_to_pdf(page, paged_css=paged_css))
print(json.dumps(libraries.opened_by_soname))
"""
WEASYPRINT_FIRST = "import weasyprint  # WeasyPrint's own search: the loader comes too late"
BROKEN_PANGO = """
from generator.rendering import libraries
libraries.LIBRARIES = tuple(library.replace(soname="libpango-no-such-version.so.9")
                            if library.plain == "pango-1.0" else library
                            for library in libraries.LIBRARIES)
"""


def start_pdf(folder: Path, name: str, before: str = "") -> subprocess.Popen:
    """A fresh process making the PDF ``<name>.pdf`` of the page in ``page.json``."""
    return subprocess.Popen(
        [sys.executable, "-c", PRINT_PDF.format(before=before), str(folder / "page.json"),
         str(folder / f"{name}.pdf")], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def finish_pdf(folder: Path, name: str, process: subprocess.Popen) -> tuple[bytes, list[str]]:
    """The PDF and the sonames the loader opened in that process."""
    out, err = process.communicate()
    assert process.returncode == 0, err
    return (folder / f"{name}.pdf").read_bytes(), json.loads(out)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, tuple[bytes, list[str]]]:
    """The brief's PDF made three ways, in three processes side by side."""
    folder = tmp_path_factory.mktemp("libraries")
    room = edition(load_plan(str(ENTERPRISE)), RenderOptions(today=dt.date(2026, 11, 21)), "buyer")
    (folder / "page.json").write_text(json.dumps([page(room, BUDGETS[-1]), room.render("paged.css")]))
    ways = {"loader": "", "weasyprint": WEASYPRINT_FIRST, "broken": BROKEN_PANGO}
    started = {name: start_pdf(folder, name, before) for name, before in ways.items()}
    return {name: finish_pdf(folder, name, process) for name, process in started.items()}


def test_the_libraries_open_by_their_linux_names(pdfs):
    assert FOUND_ON_DEBIAN <= set(pdfs["loader"][1])


def test_the_pdf_is_the_same_byte_for_byte_as_with_weasyprints_own_search(pdfs):
    assert pdfs["weasyprint"][1] == []  # the loader did nothing in that process
    assert pdfs["loader"][0] == pdfs["weasyprint"][0]
    assert pdfs["loader"][0].startswith(b"%PDF-")


def test_a_linux_name_that_does_not_open_falls_back_to_weasyprints_search(pdfs):
    pdf, opened = pdfs["broken"]
    assert "libpango-1.0.so.0" not in opened and "libpango-no-such-version.so.9" not in opened
    assert FOUND_ON_DEBIAN - {"libpango-1.0.so.0"} <= set(opened)
    assert pdf == pdfs["weasyprint"][0]


def test_the_names_are_weasyprints_own_in_its_order():
    source = Path(importlib.util.find_spec("weasyprint.text.ffi").origin).read_text()
    calls = re.findall(r"= _dlopen\(\s*ffi,([^)]*)\)", source)
    assert [tuple(re.findall(r"'([^']+)'", call)) for call in calls] == \
        [library.names for library in libraries.LIBRARIES]
    for library in libraries.LIBRARIES:
        assert library.soname in library.names and library.plain in library.names


class FakeFFI:
    """Records the names asked for, of cffi and of the dynamic loader; only ``opens`` open."""

    def __init__(self, opens: set[str]):
        self.opens, self.asked = opens, []

    def dlopen(self, name, flags=0):
        self.asked.append((name, flags))
        if name not in self.opens:
            raise OSError(f"cannot open {name}")
        return f"library {name}"

    def loader_opens(self, soname: str, flags: int) -> bool:
        self.asked.append((f"loader: {soname}", flags))
        return soname in self.opens


def soname_first(fake: FakeFFI, linux: bool = True):
    return libraries.soname_first(FakeFFI.dlopen, linux, opens=fake.loader_opens)


def test_the_soname_is_tried_first_with_weasyprints_flags():
    fake = FakeFFI({"libpango-1.0.so.0"})
    assert soname_first(fake)(fake, "libpango-1.0-0", 2) == "library libpango-1.0.so.0"
    assert fake.asked == [("loader: libpango-1.0.so.0", 2), ("libpango-1.0.so.0", 2)]


def test_on_linux_without_the_soname_only_the_plain_name_is_looked_up():
    fake = FakeFFI({"pango-1.0"})
    dlopen = soname_first(fake)
    for name in ("libpango-1.0-0", "pango-1.0-0", "libpango-1.0.so.0", "libpango-1.0.dylib",
                 "libpango-1.0-0.dll"):
        with pytest.raises(OSError, match=f"cannot load library '{re.escape(name)}': "
                                          "not a name of a Linux library"):
            dlopen(fake, name, 2)
    assert dlopen(fake, "pango-1.0", 2) == "library pango-1.0"
    assert fake.asked == [("loader: libpango-1.0.so.0", 2), ("pango-1.0", 2)]


def test_elsewhere_weasyprints_names_are_all_asked_for_unchanged():
    fake = FakeFFI({"libpango-1.0.dylib"})
    dlopen = soname_first(fake, linux=False)
    for name in ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0"):
        with pytest.raises(OSError, match=f"cannot open {re.escape(name)}"):
            dlopen(fake, name, 2)
    assert dlopen(fake, "libpango-1.0.dylib", 2) == "library libpango-1.0.dylib"
    assert [name for name, _ in fake.asked] == [
        "loader: libpango-1.0.so.0", "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
        "libpango-1.0.so.0", "libpango-1.0.dylib"]


def test_other_libraries_are_left_alone():
    fake = FakeFFI({"libcairo.so.2"})
    assert soname_first(fake)(fake, "libcairo.so.2") == "library libcairo.so.2"
    assert fake.asked == [("libcairo.so.2", 0)]


def test_after_the_import_cffi_is_as_it_was():
    import cffi

    before = cffi.FFI.dlopen
    with libraries.linux_names_first("linux"):
        assert cffi.FFI.dlopen is not before
    assert cffi.FFI.dlopen is before
    with libraries.linux_names_first("win32"):
        assert cffi.FFI.dlopen is before


def test_the_collector_runs_less_often_only_while_weasyprint_works():
    before = gc.get_threshold()
    with pdf_output.fewer_collections():
        assert gc.get_threshold() == (50_000, 50, 1_000)
    assert gc.get_threshold() == before
    with pytest.raises(ValueError), pdf_output.fewer_collections():
        raise ValueError("a layout that fails")
    assert gc.get_threshold() == before
