"""The quality checkers of tests/quality.py are installed, work, and can fail.

Each checker is shown a page it must reject and one it must accept, so a
renderer test that finds no errors means something.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import quality

VALID = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Northwind Health × Acme Analytics</title>
<style>body { margin: 0; font-family: sans-serif; color: #222; background: #fff; }</style>
</head>
<body>
<main>
<h1>Mutual action plan</h1>
<p>Signature by <time datetime="2027-02-01">1 February 2027</time>.</p>
<svg width="120" height="20" role="img" aria-label="Timeline"><title>Security review</title>
<rect x="0" y="0" width="60" height="20" fill="#1f5fa8"/></svg>
</main>
</body>
</html>
"""

# Line 3: no <title> in <head> (reported where </head> is). Line 6: a <div> inside a <p> closes the <p>,
# so the </p> on line 7 has no <p> to close. Line 5: a misspelt CSS property.
BROKEN = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"></head>
<body>
<p style="colr: red">Security review
<div>Raj Patel</div>
</p>
</body>
</html>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- W3C Nu HTML checker -------------------------------------------------------

@pytest.fixture(scope="module")
def vnu_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vnu")
    valid = write(folder, "valid.html", VALID)
    broken = write(folder, "broken file.html", BROKEN)  # a space: file URLs are decoded
    return valid, broken, quality.html_errors_many([valid, broken])


def test_vnu_accepts_a_valid_html5_page_with_inline_svg_and_css(vnu_report):
    valid, _, report = vnu_report
    assert report[valid] == []


def test_vnu_reports_each_error_with_line_and_column(vnu_report):
    _, broken, report = vnu_report
    errors = report[broken]
    assert any(e.startswith("3:") and "title" in e for e in errors), errors
    assert any(e.startswith("7:") and "No “p” element in scope" in e for e in errors), errors
    assert any(e.startswith("5:") and "colr" in e for e in errors), errors
    assert all(e.split(":")[0].isdigit() and e.split(":")[1].isdigit() for e in errors), errors


def test_html_errors_checks_one_file(tmp_path):
    assert quality.html_errors(write(tmp_path, "valid.html", VALID)) == []
    no_title = VALID.replace("<title>Northwind Health × Acme Analytics</title>\n", "")
    (error,) = quality.html_errors(write(tmp_path, "no-title.html", no_title))
    assert error.startswith("6:") and "“title”" in error  # found at </head>


def test_html_errors_refuses_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        quality.html_errors(tmp_path / "missing.html")


# --- axe-core in headless Chromium -------------------------------------------------

def test_axe_finds_no_violation_on_a_clean_page(tmp_path):
    violations = quality.axe_violations(write(tmp_path, "clean.html", VALID))
    assert violations == [], quality.describe_violations(violations)


def test_axe_reports_a_missing_alt_and_poor_contrast(tmp_path):
    bad = VALID.replace(
        "</main>",
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">\n'
        '<p class="faint" style="color: #c8c8c8">Legal review pending</p>\n</main>')
    violations = {v["id"]: v for v in quality.axe_violations(write(tmp_path, "bad.html", bad))}
    assert set(violations) == {"image-alt", "color-contrast"}, quality.describe_violations(
        list(violations.values()))
    assert violations["image-alt"]["impact"] == "critical"
    assert violations["image-alt"]["nodes"] == ["img"]
    assert violations["color-contrast"]["nodes"] == [".faint"]
    assert violations["color-contrast"]["help"]


def test_axe_can_be_narrowed_to_tags(tmp_path):
    # "region" (content outside landmarks) is a best practice, not a WCAG rule
    outside = VALID.replace("<main>", "").replace("</main>", "")
    page = write(tmp_path, "outside.html", outside)
    assert "region" in {v["id"] for v in quality.axe_violations(page)}
    assert quality.axe_violations(page, tags=["wcag2a", "wcag2aa"]) == []


# --- screenshots ---------------------------------------------------------------------

TALL = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>tall</title>
<style>
body { margin: 0; background: #fff; }
.top { height: 300px; background: rgb(200, 0, 0); }
.rest { height: 2045px; }
@media print { .top { background: rgb(0, 0, 200); } }
</style></head>
<body><div class="top"></div><div class="rest">end</div></body></html>
"""


def pixel(png: Path, x: int, y: int) -> tuple[int, int, int]:
    from PIL import Image  # WeasyPrint's dependency

    with Image.open(png) as image:
        return image.convert("RGB").getpixel((x, y))


def test_screenshot_is_the_whole_page_at_the_asked_width(tmp_path):
    html = write(tmp_path, "tall.html", TALL)
    png = quality.screenshot(html, tmp_path / "shots" / "tall.png")
    assert png == tmp_path / "shots" / "tall.png"
    assert quality.png_size(png) == (1280, 2345)
    assert pixel(png, 10, 10) == (200, 0, 0)
    assert pixel(png, 10, 2300) == (255, 255, 255)

    narrow = quality.screenshot(html, tmp_path / "narrow.png", width=390)
    assert quality.png_size(narrow) == (390, 2345)


def test_screenshot_can_show_the_print_styles(tmp_path):
    html = write(tmp_path, "tall.html", TALL)
    png = quality.screenshot(html, tmp_path / "print.png", media="print")
    assert pixel(png, 10, 10) == (0, 0, 200)
    # and the next screenshot is back to screen media
    assert pixel(quality.screenshot(html, tmp_path / "screen.png"), 10, 10) == (200, 0, 0)


def test_a_browser_that_went_away_is_started_again(tmp_path):
    html = write(tmp_path, "tall.html", TALL)
    quality.browser().driver.quit()  # the session is gone, as after a crash
    png = quality.screenshot(html, tmp_path / "again.png")
    assert quality.png_size(png) == (1280, 2345)


def test_png_size_refuses_what_is_not_a_png(tmp_path):
    with pytest.raises(ValueError):
        quality.png_size(write(tmp_path, "not.png", "GIF89a" + "x" * 30))


# --- PDF -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_page_pdf(tmp_path_factory) -> Path:
    from weasyprint import HTML

    def no_network(url, *args, **kwargs):
        raise ValueError(f"no fetching in tests: {url}")

    pdf = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    HTML(string="""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
        <style>@page { size: A4; margin: 2cm } h1 { break-before: page }
        h1:first-child { break-before: auto }</style></head><body>
        <h1>Mutual action plan</h1><p>Security review: Raj Patel</p>
        <h1>Timeline</h1><p>Signature 2027-02-01</p></body></html>""",
         url_fetcher=no_network).write_pdf(pdf)
    return pdf


def test_pdf_pages_become_pngs_in_page_order(two_page_pdf, tmp_path):
    prefix = tmp_path / "pages" / "plan"
    pages = quality.pdf_pages_png(two_page_pdf, prefix)
    assert [p.name for p in pages] == ["plan-1.png", "plan-2.png"]
    # A4 at 80 dpi: 8.27 x 11.69 inches
    for page in pages:
        width, height = quality.png_size(page)
        assert abs(width - 661) <= 1 and abs(height - 935) <= 1, (width, height)

    coarser = quality.pdf_pages_png(two_page_pdf, prefix, dpi=40)
    assert coarser == pages and quality.png_size(coarser[0])[0] in (330, 331)


def test_pdf_pages_png_drops_pages_of_an_earlier_run(two_page_pdf, tmp_path):
    prefix = tmp_path / "plan"
    (tmp_path / "plan-3.png").write_bytes(b"stale")
    (tmp_path / "planner-1.png").write_bytes(b"someone else's")
    pages = quality.pdf_pages_png(two_page_pdf, prefix)
    assert [p.name for p in pages] == ["plan-1.png", "plan-2.png"]
    assert not (tmp_path / "plan-3.png").exists()
    assert (tmp_path / "planner-1.png").exists()


def test_pdf_text_keeps_the_pages_apart(two_page_pdf):
    text = quality.pdf_text(two_page_pdf)
    first, second = text.rstrip("\f").split("\f")
    assert "Mutual action plan" in first and "Raj Patel" in first
    assert "Timeline" in second and "2027-02-01" in second
    assert "Timeline" not in first


# --- require ---------------------------------------------------------------------------

def test_require_passes_when_the_tool_is_here():
    for tool in ("vnu", "axe", "chromium", "poppler"):
        quality.require(tool)


def test_a_missing_tool_skips_here_and_fails_under_ci(monkeypatch):
    monkeypatch.setattr(quality, "VNU_JAR", Path("/nonexistent/vnu.jar"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="vnu.jar"):
        quality.require("vnu")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="make test"):
        quality.require("vnu")
    with pytest.raises(pytest.fail.Exception):
        quality.html_errors(Path("/nonexistent/page.html"))


def test_require_knows_its_tools():
    with pytest.raises(ValueError, match="known: "):
        quality.require("lynx")
