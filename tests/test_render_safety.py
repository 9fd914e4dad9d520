"""The buyer never sees seller-only data, and nothing a user wrote can run.

A unique canary string goes into every internal field (deal, people's
assessments, tasks, risks, assumptions, and whole seller-only risks and
assumptions): none may appear in the deal room, its PDF or the brief; all of
them must appear in the seller's review. XSS payloads in every text field
must come out inert.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from generator.plan.loader import read_plan
from generator.rendering.render import RenderOptions, render_files
from generator.writers import WRITERS
from render_plans import edited_example, plant_canaries

TODAY = dt.date(2026, 11, 21)
PAYLOADS = ('<script>alert("x")</script>', '"><img src=x onerror=alert(1)>',
            "[click](javascript:alert(1))", "<a href='javascript:alert(1)'>a</a>",
            "{{ 7*7 }} {% raw %}", "<style>body{display:none}</style>",
            "![pixel](https://tracker.example/p.png)", "<iframe src=https://evil.example></iframe>")


def _render(text: str, formats: str, tmp_path) -> dict:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(text, encoding="utf-8")
    loaded = read_plan(text, str(plan_file))
    writers = [WRITERS[name] for name in formats.split(",")]
    return render_files(loaded, writers, RenderOptions(today=TODAY))


def _text_of(name: str, content) -> str:
    if isinstance(content, str):
        return content
    from pypdf import PdfReader
    import io

    reader = PdfReader(io.BytesIO(content))
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    return metadata + "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def canary_plan():
    planted: list[str] = []
    text = edited_example(lambda tree: planted.extend(plant_canaries(tree)))
    return text, planted


@pytest.mark.parametrize("formats", ["html", "pdf", "brief"])
def test_no_canary_reaches_a_buyer_output(canary_plan, formats, tmp_path):
    text, canaries = canary_plan
    assert len(canaries) > 60
    for name, content in _render(text, formats, tmp_path).items():
        shown = _text_of(name, content)
        leaked = [c for c in canaries if c in shown]
        assert not leaked, f"{name} shows seller-only text: {leaked[:5]}"
        assert "CANARY" not in shown.replace("\n", ""), name


def test_every_canary_is_in_the_sellers_review(canary_plan, tmp_path):
    text, canaries = canary_plan
    review = _render(text, "review", tmp_path)["review.html"]
    missing = [c for c in canaries if c not in review]
    assert not missing
    assert "INTERNAL" in review


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _xss_everywhere(tree) -> None:
    payload = iter(PAYLOADS * 50)

    def poison(mapping, *keys):
        for key in keys:
            if key in mapping and isinstance(mapping[key], str):
                mapping[key] = f"{mapping[key]} {next(payload)}"

    poison(tree["deal"], "title", "buyer", "seller", "go_live_reason")
    poison(tree, "cost_of_inaction")
    for objective in tree["objectives"]:
        poison(objective, "title", "detail")
        for metric in objective.get("metrics", []):
            poison(metric, "name", "baseline", "target")
    for person in tree["people"]:
        poison(person, "name", "title")  # an address with a payload is a plan error (test_hostile_plans)
    for workstream in tree["workstreams"]:
        poison(workstream, "name")
    for task in tree["tasks"]:
        poison(task, "title", "gate", "if_missed", "notes")
    for risk in tree["risks"]:
        poison(risk, "title", "mitigation")
    for assumption in tree["assumptions"]:
        poison(assumption, "text")


@pytest.mark.parametrize("formats", ["html", "brief", "review"])
def test_xss_payloads_in_every_text_field_are_inert(formats, tmp_path):
    files = _render(edited_example(_xss_everywhere), formats, tmp_path)
    pages = {name: content for name, content in files.items() if name.endswith(".html")}
    assert pages
    for name, page in pages.items():
        parser = _Tags()
        parser.feed(page)
        tags = [tag for tag, _ in parser.tags]
        assert "script" not in tags and "iframe" not in tags, name
        assert tags.count("style") == 1, name
        for tag, attributes in parser.tags:
            assert not any(key.startswith("on") for key in attributes), (name, tag, attributes)
            href = (attributes.get("href") or "#").strip().lower()
            assert href.startswith(("#", "http://", "https://", "mailto:")), (name, tag, href)
            source = attributes.get("src")
            assert source is None or source.startswith("data:image/"), (name, tag, source)
        assert "{{ 7*7 }} {% raw %}" in page, "template syntax in the plan is shown, not run"


def test_markdown_links_keep_only_web_and_mail_addresses(tmp_path):
    def links(tree):
        tree["tasks"][0]["notes"] = ("[web](https://ok.example/a) [mail](mailto:a@b.example) "
                                     "[script](javascript:alert(1)) [file](file:///etc/passwd) "
                                     "[data](data:text/html,hi)")
    page = _render(edited_example(links), "html", tmp_path)["index.html"]
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert "https://ok.example/a" in hrefs and "mailto:a@b.example" in hrefs
    assert not [h for h in hrefs if h.startswith(("javascript", "file", "data"))]
