"""`dealroom render --to html`: the deal room's structure, themes, templates and errors."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-21"
SECTIONS = ["why", "next", "timeline", "plan", "people", "risks", "history"]


def dealroom(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True)


class Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, text: str):
        super().__init__()
        self.sections: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.rows: dict[str, int] = {}
        self._table: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self.sections.append(attributes.get("id"))
        if tag == "h3" and (attributes.get("id") or "").startswith("ws-"):
            self._table = attributes["id"][3:]
        if tag == "tr" and self._table and "class" in attributes and "side-" in attributes["class"]:
            self.rows[self._table] = self.rows.get(self._table, 0) + 1


@pytest.fixture(scope="module")
def enterprise(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("out")
    done = dealroom("render", "examples/enterprise.yaml", "--to", "html", "-o", str(out), "--today", DAY)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out / "corvane-quillstone" / "index.html")
    return (out / "corvane-quillstone" / "index.html").read_text(encoding="utf-8")


def test_sections_come_in_the_order_a_buyer_reads_them(enterprise):
    assert Page(enterprise).sections == SECTIONS


def test_every_task_is_a_row_of_its_workstream_table_with_its_code(enterprise):
    page = Page(enterprise)
    assert page.rows == {"business": 4, "technical": 3, "security": 4, "commercial": 5,
                         "approval": 3, "implementation": 4}
    for code in ("B1", "B4", "T3", "S4", "C5", "A3", "I4"):
        assert f'<td class="code">{code}</td>' in enterprise


def test_the_page_is_self_contained(enterprise):
    page = Page(enterprise)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "link" not in tags and tags.count("style") == 1
    assert "svg" in tags
    for tag, attributes in page.tags:
        assert "src" not in attributes or attributes["src"].startswith("data:"), tag
    assert not re.search(r"url\((?!data:|#)", enterprise)
    assert "@import" not in enterprise


def test_a_buyer_can_answer_the_four_questions(enterprise):
    text = re.sub(r"<[^>]+>", " ", enterprise)
    text = re.sub(r"\s+", " ", text)
    assert "Cut the carrier-contract cycle time" in text                     # what is the goal
    assert "Corvane Logistics’ next step B4 Tomas approves the business case" in text  # what I owe next
    assert "Due 4 Dec 2026" in text                                           # ... and by when
    assert "Signs Tomas Lindqvist" in text                                    # who signs
    security_review = re.search(r'<td class="code">S3</td>(.*?)</tr>', enterprise, re.S).group(1)
    missed = re.search(r'<td class="missed"[^>]*>(.*?)</td>', security_review, re.S).group(1)
    assert "Security approval" in security_review                            # if security slips
    assert "vendor record" in missed or "Investment Committee" in missed, missed


def test_placeholder_dates_are_marked_to_confirm_and_committed_are_plain(enterprise):
    assert "25 Nov 2026 (to confirm)" in enterprise
    assert '<td data-label="Due" class="due">4 Dec 2026</td>' in enterprise


def test_unknown_format_is_a_usage_error_and_nothing_is_written(tmp_path):
    done = dealroom("render", "examples/enterprise.yaml", "--to", "html,odt", "-o", str(tmp_path / "o"))
    assert done.returncode == 2
    assert "unknown format: odt (choose from html, pdf, brief, review, ics, docx, gdoc)" in done.stderr
    assert not (tmp_path / "o").exists()


def test_a_plan_with_errors_writes_nothing(tmp_path):
    done = dealroom("render", "tests/fixtures/four-errors.yaml", "-o", str(tmp_path / "o"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "tasks[1].status: unknown status 'finished'" in done.stderr + done.stdout
    assert not (tmp_path / "o").exists()


def _plan_with(tmp_path: Path, extra: str) -> Path:
    text = (ROOT / "examples" / "midmarket.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text + extra, encoding="utf-8")
    return plan


def test_logos_are_embedded_as_data(tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    plan = _plan_with(tmp_path, "branding:\n  buyer_logo: logo.svg\n  accent: '#8a1c1c'\n")
    done = dealroom("render", str(plan), "-o", str(tmp_path / "o"), "--today", DAY)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "o" / "marlowe-shiftline" / "index.html").read_text(encoding="utf-8")
    assert 'src="data:image/svg+xml;base64,' in page
    assert "--accent: #8a1c1c;" in page


def test_a_missing_logo_is_a_plan_error_and_nothing_is_written(tmp_path):
    plan = _plan_with(tmp_path, "branding:\n  seller_logo: nowhere.png\n")
    done = dealroom("render", str(plan), "-o", str(tmp_path / "o"))
    assert done.returncode == 1
    assert "branding.seller_logo: nowhere.png: cannot be read" in done.stdout + done.stderr
    assert not (tmp_path / "o").exists()


def test_the_print_theme_and_an_unknown_theme(tmp_path):
    done = dealroom("render", "examples/midmarket.yaml", "--theme", "print", "-o", str(tmp_path), "--today", DAY)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "marlowe-shiftline" / "index.html").read_text(encoding="utf-8")
    assert "High-contrast print theme" in page and "--accent: #000000;" in page
    done = dealroom("render", "examples/midmarket.yaml", "--theme", "neon", "-o", str(tmp_path / "x"))
    assert done.returncode == 2
    assert "unknown theme: neon (choose from default, print)" in done.stderr


def test_a_users_templates_come_before_the_built_in_ones(tmp_path):
    mine = tmp_path / "templates" / "sections"
    mine.mkdir(parents=True)
    (mine / "footer.html.j2").write_text("<footer>Prepared by the Shiftline team for {{ deal.buyer }}</footer>")
    done = dealroom("render", "examples/midmarket.yaml", "--templates", str(tmp_path / "templates"),
                    "-o", str(tmp_path / "o"), "--today", DAY)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "o" / "marlowe-shiftline" / "index.html").read_text(encoding="utf-8")
    assert "<footer>Prepared by the Shiftline team for Marlowe Street Bakeries</footer>" in page
    assert dealroom("render", "examples/midmarket.yaml", "--templates", str(tmp_path / "nope")).returncode == 2


def test_dates_follow_the_locale(tmp_path):
    done = dealroom("render", "examples/enterprise.yaml", "--locale", "en_US", "-o", str(tmp_path), "--today", DAY)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "corvane-quillstone" / "index.html").read_text(encoding="utf-8")
    assert "Mar 1, 2027" in page and 'lang="en-US"' in page
    bad = dealroom("render", "examples/enterprise.yaml", "--locale", "xx_YY", "-o", str(tmp_path / "x"))
    assert bad.returncode == 2 and "unknown locale: xx_YY" in bad.stderr


def test_a_theme_may_bring_the_sellers_logo_and_the_plan_overrides_it(tmp_path):
    theme = tmp_path / "themes" / "acme"
    theme.mkdir(parents=True)
    (theme / "theme.toml").write_text('seller_logo = "acme.svg"\n[colours]\naccent = "#123456"\n')
    (theme / "acme.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    from generator.plan.loader import load_plan
    from generator.rendering.render import RenderOptions, render_files
    from generator.writers import WRITERS
    import datetime as dt

    loaded = load_plan(ROOT / "examples" / "midmarket.yaml")
    options = RenderOptions(today=dt.date(2026, 11, 21), theme="acme", themes_folder=tmp_path / "themes")
    page = render_files(loaded, [WRITERS["html"]], options)["index.html"]
    assert page.count('src="data:image/svg+xml;base64,') == 1
    assert 'alt="Shiftline"' in page and "--accent: #123456;" in page
