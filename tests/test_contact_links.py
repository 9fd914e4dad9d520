"""The deal room says how to reach people: addresses as mailto links, and a
"propose a change" link per open step whose subject carries the deal id and code."""

from __future__ import annotations

import shutil
from urllib.parse import unquote

from lxml import html

from test_command_warnings import ROOT, dealroom

DEAL = "corvane-quillstone"


def rendered(tmp_path) -> html.HtmlElement:
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    assert dealroom("render", "plan.yaml", "--to", "html", "--today", "2026-12-01",
                    cwd=tmp_path).returncode == 0
    return html.fromstring((tmp_path / "out" / DEAL / "index.html").read_text())


def test_every_open_step_has_a_propose_a_change_link_to_the_sellers_lead(tmp_path):
    page = rendered(tmp_path)
    rows = page.xpath("//table[@class='steps']/tbody/tr")
    links = {row.xpath("td[@class='code']")[0].text: row.xpath(".//a[@class='propose']/@href")
             for row in rows}
    open_codes = [code for code, found in links.items() if found]
    done_codes = [row.xpath("td[@class='code']")[0].text for row in rows if "done" in row.get("class")]
    assert open_codes and set(open_codes).isdisjoint(done_codes)
    (s2,) = links["S2"]
    assert s2.startswith("mailto:ethan.cole@quillstone.example?subject=")
    assert unquote(s2.split("subject=")[1]) == (
        "[corvane-quillstone S2] Change to: Quillstone returns the security questionnaire with "
        "its SOC 2 Type II report and pen-test summary")


def test_buyer_visible_addresses_are_mailto_links_and_the_footer_links_the_lead(tmp_path):
    page = rendered(tmp_path)
    emails = page.xpath("//section[@id='people']//a[@class='email']")
    assert emails and all(a.get("href") == f"mailto:{a.text}" for a in emails)
    (lead,) = page.xpath("//footer[@class='page-footer']//a")
    assert (lead.text, unquote(lead.get("href"))) == (
        "Ethan Cole", "mailto:ethan.cole@quillstone.example?subject=[corvane-quillstone] What should change")
