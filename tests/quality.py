"""Real quality checks for what dealroom renders: HTML validity, accessibility,
screenshots, and PDF pages as pictures and text.

The checkers are installed by ``make test`` / ``make demo`` (target
``quality-tools``): Debian's chromium, chromium-driver, poppler-utils and a
Java runtime, and the npm packages pinned in ``tests/tools`` (vnu-jar,
axe-core). Each helper first calls :func:`require`, so a test that uses one
is skipped where the checker is missing, and fails instead when ``CI=true``.

    html_errors(path)         W3C Nu HTML checker errors, "line:col: message"
    axe_violations(path)      axe-core violations in headless Chromium
    screenshot(html, png)     full-page PNG from headless Chromium
    evaluate(html, script)    what a script returns on the page in headless Chromium
    pdf_pages_png(pdf, pre)   one PNG per PDF page (pdftoppm)
    pdf_text(pdf)             the PDF's text, laid out (pdftotext -layout)
    pdf_words(pdf)            each page's size and its words with their boxes (pdftotext -bbox)
    word_to_pdf(docx, folder) a Word document printed to PDF by LibreOffice

One Chromium is started on first use and reused until the process ends (or
:func:`close_browser`; tests/conftest.py calls it when the session finishes).

From the command line, to look at a page:
    .venv/bin/python tests/quality.py screenshot out/room.html out/room.png
    .venv/bin/python tests/quality.py html out/room.html
    .venv/bin/python tests/quality.py axe out/room.html
    .venv/bin/python tests/quality.py pdf out/room.pdf out/room-page
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

TOOLS = Path(__file__).resolve().parent / "tools"
NODE_MODULES = TOOLS / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# Started as root on a machine with no outside network: no sandbox, no GPU, and
# none of Chromium's own background connections.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--force-color-profile=srgb",
)
# C1 only: the checker starts in about a second instead of three (and is faster
# on a 1 MB page too). vnu needs a thread stack of at least 512k for SVG; C1's
# frames are bigger than C2's, so give it plenty.
VNU_JAVA_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m")

_INSTALL_HINT = "run `make test` (or `make quality-tools`) to install it"


# --- which checkers are here -------------------------------------------------

def _missing_command(name: str) -> str | None:
    return None if shutil.which(name) else f"the command `{name}` is not installed"


def _missing_file(path: Path | str, what: str) -> str | None:
    return None if Path(path).is_file() else f"{what} is missing ({path})"


def _missing_selenium() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the Python package selenium is not installed (the `test` extra)"
    return None


_CHECKS: dict[str, tuple] = {
    "java": (lambda: _missing_command("java"),),
    "vnu": (lambda: _missing_command("java"),
            lambda: _missing_file(VNU_JAR, "vnu.jar (npm package vnu-jar)")),
    "chromium": (lambda: _missing_file(CHROMIUM, "Debian's chromium"),
                 lambda: _missing_file(CHROMEDRIVER, "Debian's chromium-driver"),
                 _missing_selenium),
    "axe": (lambda: _missing_file(CHROMIUM, "Debian's chromium"),
            lambda: _missing_file(CHROMEDRIVER, "Debian's chromium-driver"),
            _missing_selenium,
            lambda: _missing_file(AXE_JS, "axe.min.js (npm package axe-core)")),
    "pdftoppm": (lambda: _missing_command("pdftoppm"),),
    "pdftotext": (lambda: _missing_command("pdftotext"),),
}
_CHECKS["screenshot"] = _CHECKS["chromium"]
_CHECKS["poppler"] = _CHECKS["pdftoppm"] + _CHECKS["pdftotext"]


def missing(tool: str) -> str | None:
    """Why `tool` cannot be used here, or None when it can."""
    try:
        checks = _CHECKS[tool]
    except KeyError:
        raise ValueError(f"unknown tool {tool!r}; known: {', '.join(sorted(_CHECKS))}") from None
    for check in checks:
        reason = check()
        if reason:
            return reason
    return None


def require(tool: str) -> None:
    """Skip the running test when `tool` is missing; fail it under CI=true.

    Tools: vnu, axe, chromium (alias screenshot), pdftoppm, pdftotext,
    poppler (both), java.
    """
    reason = missing(tool)
    if reason is not None:
        unavailable(f"{tool}: {reason}; {_INSTALL_HINT}")


def unavailable(message: str) -> None:
    """Fail the running test under CI=true, where every test must run; skip it elsewhere."""
    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- W3C Nu HTML checker ------------------------------------------------------

def _vnu_messages(paths: list[Path]) -> list[dict[str, Any]]:
    require("vnu")
    for path in paths:
        if not Path(path).is_file():  # vnu itself passes a missing file in silence
            raise FileNotFoundError(f"no file to check: {path}")
    # --no-langdetect: a missing or wrong lang is only a warning, and detecting
    # the language takes time.
    cmd = ["java", *VNU_JAVA_FLAGS, "-jar", str(VNU_JAR),
           "--format", "json", "--errors-only", "--exit-zero-always", "--no-langdetect",
           *(str(Path(p).resolve()) for p in paths)]
    run = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=300)
    try:
        report = json.loads(run.stderr)
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu did not report (exit status {run.returncode}):\n"
                           f"{run.stdout}{run.stderr}") from None
    problems = [m for m in report["messages"] if m.get("type") == "non-document-error"]
    if problems:
        raise RuntimeError("vnu could not check: " + "; ".join(m.get("message", "") for m in problems))
    return report["messages"]


def _vnu_line(message: dict[str, Any]) -> str:
    line = message.get("firstLine", message.get("lastLine", 0))
    column = message.get("firstColumn", message.get("lastColumn", 0))
    return f"{line}:{column}: {message.get('message', '').strip()}"


def _vnu_path(url: str) -> Path:
    # vnu writes file:/x for file:///x
    return Path(unquote(re.sub(r"^file:(//)?", "", url)))


def html_errors_many(paths: list[Path]) -> dict[Path, list[str]]:
    """html_errors for several files in one Java start (about a second each saved)."""
    paths = [Path(p) for p in paths]
    found: dict[Path, list[str]] = {p.resolve(): [] for p in paths}
    for message in _vnu_messages(paths):
        if message.get("type") != "error":
            continue
        where = _vnu_path(message.get("url", ""))
        if where not in found:
            if len(found) != 1:
                raise RuntimeError(f"vnu reported on an unexpected file: {message}")
            (where,) = found
        found[where].append(_vnu_line(message))
    return {p: found[p.resolve()] for p in paths}


def html_errors(path: Path) -> list[str]:
    """Errors of the W3C Nu HTML checker (HTML, inline SVG and CSS), each
    "line:col: message"; [] for a valid page."""
    return html_errors_many([Path(path)])[Path(path)]


# --- headless Chromium --------------------------------------------------------

class _Browser:
    """One headless Debian Chromium driven by chromium-driver through Selenium."""

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="dealroom-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument("--window-size=1280,800")
        # A path to the driver keeps Selenium Manager (which downloads) out of it.
        service = Service(CHROMEDRIVER, log_output=subprocess.DEVNULL)
        try:
            self.driver = webdriver.Chrome(service=service, options=options)
        except Exception:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(120)

    def open(self, path: Path, width: int = 1280, height: int = 800, media: str = "screen") -> None:
        cdp = self.driver.execute_cdp_cmd
        cdp("Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        cdp("Emulation.setEmulatedMedia", {"media": media})
        self.driver.get(Path(path).resolve().as_uri())

    def quit(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


_browser: _Browser | None = None
_start_error: str | None = None


def browser() -> _Browser:
    """The shared headless Chromium, started on first use. When it cannot
    start, every later call fails at once instead of waiting again."""
    global _browser, _start_error
    if _start_error is not None:
        raise RuntimeError(f"headless Chromium did not start earlier in this run: {_start_error}")
    if _browser is None:
        try:
            _browser = _Browser()
        except Exception as err:
            _start_error = f"{type(err).__name__}: {err}".strip()
            raise
    return _browser


def close_browser() -> None:
    """Quit the shared Chromium, if one was started."""
    global _browser
    if _browser is not None:
        try:
            _browser.quit()
        except Exception:  # already gone
            shutil.rmtree(_browser.profile, ignore_errors=True)
        finally:
            _browser = None


atexit.register(close_browser)


def _alive() -> bool:
    try:
        return _browser is not None and _browser.driver.execute_script("return 1") == 1
    except Exception:
        return False


def _with_browser(action):
    """Run action(browser); if Chromium died on the way, start a new one and
    try once more (a page's own failure is raised as it is)."""
    current = browser()
    try:
        return action(current)
    except Exception:  # WebDriverException, or urllib3's when chromedriver is gone
        if _alive():
            raise
        close_browser()
        return action(browser())


def axe_violations(path: Path, *, tags: list[str] | None = None,
                   width: int = 1280) -> list[dict[str, Any]]:
    """axe-core's violations for the page at `path`, opened from file:// in
    headless Chromium: [{"id", "impact", "help", "helpUrl", "nodes": [target,
    ...]}]. All rules that are not experimental run (WCAG A/AA and best
    practice) unless `tags` narrows them (e.g. ["wcag2a", "wcag2aa"])."""
    require("axe")
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if tags:
        options["runOnly"] = {"type": "tag", "values": list(tags)}
    axe = AXE_JS.read_text(encoding="utf-8")

    def run(b: _Browser) -> dict[str, Any]:
        b.open(path, width=width)
        b.driver.execute_script(axe)
        result = b.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, arguments[0])"
            "  .then(done, e => done({error: String(e && e.stack || e)}));",
            options)
        if "error" in result:
            raise RuntimeError(f"axe.run failed on {path}: {result['error']}")
        return result

    result = _with_browser(run)
    return [{
        "id": v["id"],
        "impact": v.get("impact"),
        "help": v.get("help", ""),
        "helpUrl": v.get("helpUrl", ""),
        "nodes": [" ".join(str(t) for t in node.get("target", [])) for node in v.get("nodes", [])],
    } for v in result["violations"]]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """axe violations as lines for an assertion message."""
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}: {', '.join(v['nodes'])}"
                     for v in violations)


def screenshot(html: Path, png: Path, width: int = 1280, *, media: str = "screen") -> Path:
    """A full-page PNG of `html` (file://) at `width` CSS pixels, one pixel per
    CSS pixel, as tall as the page (at least the 800-pixel viewport). Returns
    `png`. media="print" shows the @media print rules (the PDF itself is
    WeasyPrint's, not Chromium's)."""
    require("chromium")
    png = Path(png)

    def shoot(b: _Browser) -> bytes:
        b.open(html, width=width, media=media)
        metrics = b.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        height = max(1, int(size["height"] + 0.999))
        shot = b.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "fromSurface": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        return base64.b64decode(shot["data"])

    data = _with_browser(shoot)
    png.parent.mkdir(parents=True, exist_ok=True)
    png.write_bytes(data)
    return png


def evaluate(html: Path, script: str, width: int = 1280) -> Any:
    """What ``script`` (a function body: ``return ...``) returns on the page at
    `html` (file://), opened at `width` CSS pixels for the screen."""
    require("chromium")

    def run(b: _Browser) -> Any:
        b.open(html, width=width)
        return b.driver.execute_script(script)

    return _with_browser(run)


def png_size(png: Path) -> tuple[int, int]:
    """(width, height) of a PNG file, read from its header."""
    head = Path(png).read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{png} is not a PNG file")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


# --- PDF ----------------------------------------------------------------------

def pdf_pages_png(pdf: Path, prefix: Path, dpi: int = 80) -> list[Path]:
    """Each page of `pdf` as `<prefix>-<n>.png` (pdftoppm), in page order.
    Stale pages from an earlier run with the same prefix are removed first."""
    require("pdftoppm")
    prefix = Path(prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    pattern = re.compile(re.escape(prefix.name) + r"-(\d+)\.png")
    for old in prefix.parent.iterdir():
        if pattern.fullmatch(old.name):
            old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=300)
    pages = [(int(m.group(1)), p) for p in prefix.parent.iterdir()
             if (m := pattern.fullmatch(p.name))]
    return [p for _, p in sorted(pages)]


def pdf_text(pdf: Path) -> str:
    """The text of `pdf`, laid out as on the page (pdftotext -layout, UTF-8);
    pages are separated by form feeds."""
    require("pdftotext")
    run = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True, timeout=300)
    return run.stdout.decode("utf-8")


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def pdf_words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Each page of `pdf` as (width, height, words), a word as (x0, y0, x1, y1,
    text) in points from the top left corner of the page (pdftotext -bbox)."""
    from html import unescape

    require("pdftotext")
    run = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True, timeout=300)
    return [(float(width), float(height),
             [(*map(float, box[:4]), unescape(box[4])) for box in _WORD.findall(body)])
            for width, height, body in _PAGE.findall(run.stdout.decode("utf-8"))]


# --- command line ---------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="tests/quality.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("html", help="W3C Nu HTML checker errors")
    p.add_argument("files", nargs="+", type=Path)
    p = sub.add_parser("axe", help="axe-core violations")
    p.add_argument("file", type=Path)
    p = sub.add_parser("screenshot", help="full-page PNG")
    p.add_argument("html", type=Path)
    p.add_argument("png", type=Path)
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--print", action="store_true", help="emulate @media print")
    p = sub.add_parser("pdf", help="PDF pages to PNG")
    p.add_argument("pdf", type=Path)
    p.add_argument("prefix", type=Path)
    p.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)

    for tool in {"html": ["vnu"], "axe": ["axe"], "screenshot": ["chromium"],
                 "pdf": ["pdftoppm"]}[args.command]:
        if (reason := missing(tool)):
            parser.exit(2, f"{tool}: {reason}; {_INSTALL_HINT}\n")
    if args.command == "html":
        bad = 0
        for path, errors in html_errors_many(args.files).items():
            for error in errors:
                print(f"{path}:{error}")
            bad += bool(errors)
        return 1 if bad else 0
    if args.command == "axe":
        violations = axe_violations(args.file)
        if violations:
            print(describe_violations(violations))
        return 1 if violations else 0
    if args.command == "screenshot":
        out = screenshot(args.html, args.png, args.width, media="print" if args.print else "screen")
        print(f"{out} {'x'.join(map(str, png_size(out)))}")
        return 0
    for page in pdf_pages_png(args.pdf, args.prefix, args.dpi):
        print(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
