"""The deal room passes the W3C validator and axe-core for every example.

These need real programs (Java with vnu.jar, Debian's Chromium with axe-core);
`make test` installs them, and under CI=true a missing one fails the test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import quality
from generator.plan.loader import load_plan
from generator.rendering.render import RenderOptions, render_files, write_files
from generator.writers import WRITERS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Every HTML page dealroom writes, for every example and both themes."""
    out = tmp_path_factory.mktemp("pages")
    found = {}
    for example in EXAMPLES:
        loaded = load_plan(example)
        for theme in ("default", "print"):
            writers = [WRITERS["html"], WRITERS["review"]]
            files = render_files(loaded, writers, RenderOptions(today=TODAY, theme=theme))
            html = {name: content for name, content in files.items() if name.endswith(".html")}
            for path in write_files(out / f"{example.stem}-{theme}", html):
                found[f"{example.stem}/{theme}/{path.name}"] = path
    return found


def test_the_w3c_validator_finds_no_error_in_any_page(pages):
    quality.require("vnu")
    errors = quality.html_errors_many(list(pages.values()))
    assert len(errors) == len(pages)
    assert {str(path): found for path, found in errors.items() if found} == {}


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
@pytest.mark.parametrize("theme", ["default", "print"])
def test_axe_finds_no_violation_in_the_deal_room(pages, example, theme):
    quality.require("axe")
    violations = quality.axe_violations(pages[f"{example}/{theme}/index.html"])
    assert violations == [], quality.describe_violations(violations)


def test_axe_finds_no_violation_in_the_review(pages):
    quality.require("axe")
    violations = quality.axe_violations(pages["enterprise/default/review.html"])
    assert violations == [], quality.describe_violations(violations)


def test_the_deal_room_screenshot_is_a_full_page(pages, tmp_path):
    quality.require("chromium")
    png = quality.screenshot(pages["enterprise/default/index.html"], tmp_path / "room.png")
    width, height = quality.png_size(png)
    assert width == 1280 and height > 3000
