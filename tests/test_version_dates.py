"""One date per revision, everywhere, and a render before any publish says it is a draft."""

from __future__ import annotations

import shutil

from lxml import html

from test_command_warnings import ROOT, dealroom

DEAL = "corvane-quillstone"


def page(path) -> html.HtmlElement:
    return html.fromstring(path.read_text())


def version_fact(tree) -> str:
    return tree.xpath("//dl[@class='facts']/div[dt='Version']/dd")[0].text_content().strip()


def history_rows(tree) -> list[list[str]]:
    return [[" ".join(td.text_content().split()) for td in row.xpath("td")]
            for row in tree.xpath("//table[@class='history']/tbody/tr")]


def test_a_version_published_as_of_a_day_says_that_day_in_the_header_and_the_history(tmp_path):
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    assert dealroom("publish", "plan.yaml", "--to", "html", "--today", "2026-12-04",
                    cwd=tmp_path).returncode == 0
    tree = page(tmp_path / "out" / DEAL / "index.html")
    assert version_fact(tree) == "1, 4 Dec 2026"
    assert [row[:2] for row in history_rows(tree)] == [["1", "4 Dec 2026"]]
    assert "revision 1, 4 Dec 2026." in tree.xpath("//footer")[-1].text_content()
    again = dealroom("render", "plan.yaml", "--to", "html", "-o", "later", "--today", "2026-12-09",
                     cwd=tmp_path)
    assert again.returncode == 0
    later = page(tmp_path / "later" / DEAL / "index.html")
    assert version_fact(later) == "1, 4 Dec 2026"


def test_a_render_before_any_publish_is_a_draft(tmp_path):
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    assert dealroom("render", "plan.yaml", "--to", "html", "--today", "2026-12-01",
                    cwd=tmp_path).returncode == 0
    tree = page(tmp_path / "out" / DEAL / "index.html")
    assert version_fact(tree) == "Draft, not yet published (1 Dec 2026)"
    assert tree.findtext(".//title").endswith("mutual action plan, draft")
    assert history_rows(tree) == [["Draft", "1 Dec 2026", "Quillstone",
                                   "Not yet published: the first version is the one Quillstone "
                                   "publishes."]]
    assert "a draft not yet published, 1 Dec 2026." in tree.xpath("//footer")[-1].text_content()


def test_a_render_of_changes_not_yet_published_is_a_draft_too(tmp_path):
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    assert dealroom("publish", "plan.yaml", "--to", "html", "--today", "2026-12-01",
                    cwd=tmp_path).returncode == 0
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan.read_text().replace("due: 2026-11-30", "due: 2026-12-02", 1))
    assert dealroom("render", "plan.yaml", "--to", "html", "-o", "drafts", "--today", "2026-12-02",
                    cwd=tmp_path).returncode == 0
    assert version_fact(page(tmp_path / "drafts" / DEAL / "index.html")) == \
        "Draft, not yet published (2 Dec 2026)"


def test_the_seller_note_goes_to_the_store_history_and_review_only(tmp_path):
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    assert dealroom("publish", "plan.yaml", "--to", "html", "--note", "After the call",
                    "--seller-note", "Priya wobbly on budget", "--today", "2026-12-01",
                    cwd=tmp_path).returncode == 0
    history = dealroom("history", "plan.yaml", cwd=tmp_path).stdout.splitlines()
    assert history[1] == "    seller note (never shown to the buyer): Priya wobbly on budget"
    assert "Priya wobbly" not in (tmp_path / "out" / DEAL / "index.html").read_text()
    assert "After the call" in (tmp_path / "out" / DEAL / "index.html").read_text()
    assert dealroom("render", "plan.yaml", "--to", "review", "--today", "2026-12-01",
                    cwd=tmp_path).returncode == 0
    review = page(tmp_path / "out" / f"{DEAL}.seller" / "review.html")
    notes = review.xpath("//table[@class='history']//div[@class='internal']")
    assert [" ".join(n.text_content().split()) for n in notes] == ["Internal Priya wobbly on budget"]
    said = dealroom("publish", "--help", cwd=tmp_path).stdout
    assert "shown to the buyer" in " ".join(said.split())
