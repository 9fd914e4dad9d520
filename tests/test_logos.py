"""Logos: the one way a plan brings a local file into the buyer's page.

A plan names its logos by paths relative to its own folder, and whoever wrote
it may not be the person who renders it. So a logo must be a regular file in
that folder once symbolic links are followed, at most 512 KB, and really a PNG,
JPEG, WebP or SVG image, judged by its bytes. Anything else is a plan error at
the logo's line (``dealroom check`` says so too), read without ever blocking on
a pipe or reading a device without end; a theme's logo is held to the same
rules, relative to the theme's folder, as a usage error.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import PlanError, UsageError
from generator.plan.loader import load_plan
from generator.plan.logo_file import LOGO_MAX_BYTES, LogoError, read_logo
from plans import MINIMAL, load, minimal_plan

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-21"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24
OUTSIDE = ("leads outside the plan's folder; a logo must be a file in the plan's folder or below it "
           "(symbolic links are followed)")


def dealroom(*args, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=timeout)


def plan_with_logo(folder: Path, written: str, side: str = "buyer") -> Path:
    """A plan in ``folder`` whose branding names ``written`` as a logo, on line 28 column 15
    (column 16 for the seller's)."""
    path = folder / "plan.yaml"
    path.write_text(minimal_plan(sections=f"branding:\n  {side}_logo: {written}\n"), encoding="utf-8")
    return path


def check_refuses(folder: Path, written: str, message: str, timeout: int = 120) -> None:
    """``check`` and ``render`` both refuse the plan at the logo's line; nothing is written."""
    plan_with_logo(folder, written)
    before = sorted(p.name for p in folder.iterdir())
    for command in (["check", "plan.yaml"], ["render", "plan.yaml", "-o", "out", "--today", DAY]):
        done = dealroom(*command, cwd=folder, timeout=timeout)
        said = done.stdout + done.stderr
        assert done.returncode == 1, said
        assert "Traceback" not in said
        assert f"plan.yaml:28:15: error: branding.buyer_logo: {written}: {message}" in said
        assert "root:" not in said
    assert sorted(p.name for p in folder.iterdir()) == before


# -- where a logo may be -------------------------------------------------------------------


def test_a_logo_symlinked_outside_the_plan_folder_is_a_plan_error_at_its_line(tmp_path):
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "passwd.svg").symlink_to("/etc/passwd")
    check_refuses(tmp_path, "logos/passwd.svg", OUTSIDE)


def test_a_logo_path_climbing_out_of_the_plan_folder_is_a_plan_error(tmp_path):
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "creds.svg").write_bytes(SVG)
    (tmp_path / "deal").mkdir()
    plan_with_logo(tmp_path / "deal", "../secret/creds.svg")
    done = dealroom("check", "deal/plan.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert f"deal/plan.yaml:28:15: error: branding.buyer_logo: ../secret/creds.svg: {OUTSIDE}" in done.stdout


def test_an_absolute_logo_path_is_a_plan_error(tmp_path):
    check_refuses(tmp_path, "/etc/passwd", "is an absolute path; write the logo's path relative to "
                                           "the plan file")


def test_a_symlink_to_a_device_is_refused_without_reading_it(tmp_path):
    (tmp_path / "zero.png").symlink_to("/dev/zero")
    check_refuses(tmp_path, "zero.png", OUTSIDE, timeout=60)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_inside_the_plan_folder_is_refused_without_reading_it(tmp_path):
    os.mknod(tmp_path / "zero.png", 0o666 | 0o020000, os.makedev(1, 5))  # our own /dev/zero
    check_refuses(tmp_path, "zero.png", "is not a regular file (a folder, a pipe or a device); "
                                        "a logo is an image file", timeout=60)


def test_a_named_pipe_as_a_logo_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "logo.svg")
    check_refuses(tmp_path, "logo.svg", "is not a regular file (a folder, a pipe or a device); "
                                        "a logo is an image file", timeout=60)


def test_a_folder_as_a_logo_is_refused(tmp_path):
    (tmp_path / "logos").mkdir()
    check_refuses(tmp_path, "logos", "is not a regular file (a folder, a pipe or a device); "
                                     "a logo is an image file")


def test_a_loop_of_symbolic_links_is_refused(tmp_path):
    (tmp_path / "a.svg").symlink_to("b.svg")
    (tmp_path / "b.svg").symlink_to("a.svg")
    with pytest.raises(LogoError, match="cannot be read"):
        read_logo(tmp_path, "a.svg")


def test_a_logo_symlinked_inside_the_plan_folder_is_read(tmp_path):
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "globex.svg").write_bytes(SVG)
    (tmp_path / "logo.svg").symlink_to("brand/globex.svg")
    assert read_logo(tmp_path, "logo.svg") == ("image/svg+xml", SVG)


def test_a_logo_in_a_subfolder_of_a_plan_named_relatively_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "globex.png").write_bytes(PNG)
    plan_with_logo(tmp_path, "logos/globex.png")
    assert load_plan("plan.yaml").plan.branding.buyer_logo == "logos/globex.png"


def test_a_missing_logo_is_a_plan_error_at_its_line(tmp_path):
    plan_with_logo(tmp_path, "nowhere.png", side="seller")
    with pytest.raises(PlanError) as raised:
        load_plan(tmp_path / "plan.yaml")
    assert [str(p) for p in raised.value.problems] == [
        f"{tmp_path / 'plan.yaml'}:28:16: error: branding.seller_logo: nowhere.png: cannot be read "
        "(No such file or directory); the path is relative to the plan file"]


def test_logos_are_not_looked_for_when_a_plan_is_read_from_text():
    plan = load(minimal_plan(sections="branding:\n  buyer_logo: logos/globex.svg\n")).plan
    assert plan.branding.buyer_logo == "logos/globex.svg"


# -- what a logo may be --------------------------------------------------------------------


def test_a_logo_over_512_kb_is_refused(tmp_path):
    (tmp_path / "big.png").write_bytes(PNG + b"\x00" * LOGO_MAX_BYTES)
    check_refuses(tmp_path, "big.png", "is 513 KB; a logo may be at most 512 KB")


def test_a_logo_of_exactly_512_kb_is_read(tmp_path):
    (tmp_path / "logo.png").write_bytes(PNG + b"\x00" * (LOGO_MAX_BYTES - len(PNG)))
    assert read_logo(tmp_path, "logo.png")[0] == "image/png"


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("logo.png", PNG, "image/png"),
    ("logo.jpg", JPEG, "image/jpeg"),
    ("logo.webp", WEBP, "image/webp"),
    ("logo.svg", SVG, "image/svg+xml"),
    ("logo.svg", b"\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>\n<!-- made by hand -->\n"
                 b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                 b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [ <!ENTITY ns "x"> ]>\n' + SVG,
     "image/svg+xml"),
    ("logo.png", SVG, "image/svg+xml"),
    ("logo.svg", PNG, "image/png"),
    ("logo", JPEG, "image/jpeg"),
], ids=["png", "jpeg", "webp", "svg", "svg-with-prolog", "svg-named-png", "png-named-svg", "no-suffix"])
def test_the_media_type_comes_from_the_bytes_not_the_name(tmp_path, name, data, kind):
    (tmp_path / name).write_bytes(data)
    assert read_logo(tmp_path, name) == (kind, data)


@pytest.mark.parametrize(("name", "data"), [
    ("logo.svg", b"root:x:0:0:root:/root:/bin/bash\n"),
    ("logo.png", b"<html><script>alert(1)</script></html>"),
    ("logo.svg", b"<svgx/>"),
    ("logo.svg", b"<!-- <svg> -->"),
    ("logo.webp", b"RIFF\x24\x00\x00\x00WAVEfmt "),
    ("logo.svg", b""),
    ("logo.svg", b"\xff\xfe<\x00s\x00v\x00g\x00"),
], ids=["text", "html", "svgx", "svg-in-a-comment", "wave", "empty", "utf-16"])
def test_a_logo_whose_bytes_are_not_an_image_is_refused_whatever_its_name(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(LogoError) as raised:
        read_logo(tmp_path, name)
    assert str(raised.value) == "is not a PNG, JPEG, WebP or SVG image (judged by its content, not its name)"


def test_check_reports_a_logo_that_is_not_an_image(tmp_path):
    (tmp_path / "logo.svg").write_text("hello")
    check_refuses(tmp_path, "logo.svg", "is not a PNG, JPEG, WebP or SVG image (judged by its content, "
                                        "not its name)")


def test_the_page_embeds_a_logo_with_its_sniffed_type(tmp_path):
    (tmp_path / "globex.png").write_bytes(SVG)
    plan_with_logo(tmp_path, "globex.png")
    done = dealroom("render", "plan.yaml", "-o", "out", "--today", DAY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "globex-acme" / "index.html").read_text(encoding="utf-8")
    assert 'src="data:image/svg+xml;base64,' in page and "data:image/png" not in page


# -- reading never blocks ------------------------------------------------------------------


def test_a_pipe_swapped_in_after_the_check_does_not_block_the_read(tmp_path):
    # os.stat is made to say "regular file": the open must not wait for a writer,
    # and the open file is looked at again.
    os.mkfifo(tmp_path / "logo.svg")
    program = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from generator.plan import logo_file\n"
        "real = os.stat\n"
        "regular = real(sys.argv[2])\n"
        "logo_file.os.stat = lambda path, **how: real(path, **how) if how else regular\n"
        "try:\n"
        "    logo_file.read_logo(Path(sys.argv[1]), 'logo.svg')\n"
        "except logo_file.LogoError as error:\n"
        "    print(error)\n"
    )
    (tmp_path / "regular").write_bytes(b"x")
    done = subprocess.run([sys.executable, "-c", program, str(tmp_path), str(tmp_path / "regular")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout == "is not a regular file (a folder, a pipe or a device); a logo is an image file\n", \
        done.stderr


def test_a_logo_removed_between_loading_and_rendering_is_a_plan_error(tmp_path):
    from generator.rendering.render import RenderOptions, render_files
    from generator.writers import WRITERS

    (tmp_path / "logo.svg").write_bytes(SVG)
    loaded = load_plan(plan_with_logo(tmp_path, "logo.svg"))
    (tmp_path / "logo.svg").unlink()
    with pytest.raises(PlanError) as raised:
        render_files(loaded, [WRITERS["html"]], RenderOptions(today=dt.date(2026, 11, 21)))
    assert [p.path for p in raised.value.problems] == ["branding.buyer_logo"]
    assert "logo.svg: cannot be read (No such file or directory)" in raised.value.problems[0].message


# -- a theme's logo ------------------------------------------------------------------------


def _theme_with_logo(tmp_path: Path, written: str) -> Path:
    theme = tmp_path / "themes" / "acme"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text(f'seller_logo = "{written}"\n[colours]\naccent = "#123456"\n')
    return tmp_path / "themes"


@pytest.mark.parametrize(("written", "message"), [
    ("/etc/passwd", "is an absolute path; write the logo's path relative to the plan file"),
    ("../../passwd.svg", OUTSIDE),
    ("acme.txt", "is not a PNG, JPEG, WebP or SVG image (judged by its content, not its name)"),
])
def test_a_theme_logo_is_held_to_the_same_rules_as_a_usage_error(tmp_path, written, message):
    from generator.rendering.render import RenderOptions, render_files
    from generator.writers import WRITERS

    themes = _theme_with_logo(tmp_path, written)
    (tmp_path / "passwd.svg").symlink_to("/etc/passwd")
    (themes / "acme" / "acme.txt").write_text("hello")
    loaded = load_plan(ROOT / "examples" / "midmarket.yaml")
    options = RenderOptions(today=dt.date(2026, 11, 21), theme="acme", themes_folder=themes)
    with pytest.raises(UsageError) as raised:
        render_files(loaded, [WRITERS["html"]], options)
    assert str(raised.value) == f"theme acme: seller_logo {written}: {message}"


def test_a_theme_logo_in_the_theme_folder_is_embedded(tmp_path):
    from generator.rendering.render import RenderOptions, render_files
    from generator.writers import WRITERS

    themes = _theme_with_logo(tmp_path, "acme.svg")
    (themes / "acme" / "acme.svg").write_bytes(SVG)
    loaded = load_plan(ROOT / "examples" / "midmarket.yaml")
    options = RenderOptions(today=dt.date(2026, 11, 21), theme="acme", themes_folder=themes)
    page = render_files(loaded, [WRITERS["html"]], options)["index.html"]
    assert page.count('src="data:image/svg+xml;base64,') == 1


def test_the_minimal_plan_has_no_logos():
    assert "logo" not in MINIMAL
