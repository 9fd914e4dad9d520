"""Nothing seller-only reaches the buyer when things change visibility between versions.

A risk, an assumption, a freeze, a person's notes and a task's note each flip between
seller-only and shared across three published versions, with a canary string
in every value while it is seller-only. No canary may appear in any file
``publish`` leaves in the buyer's folder (every ``v<N>/`` included, PDFs read
as text, every XML part of the Word document), in the calendar, or in any
recap or reminder draft; the seller's own history must hold them, so the test means
something.
"""

from __future__ import annotations

import email
import email.policy
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from render_plans import edited_example

DAY = "2026-11-21"
FORMATS = "html,pdf,brief,ics,docx"


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


class Canaries:
    """Unique strings planted in seller-only values; every one is remembered."""

    def __init__(self):
        self.planted: list[str] = []

    def __call__(self, where: str) -> str:
        value = f"QZCANARY{len(self.planted):03d}{where.replace('-', '')}"
        self.planted.append(value)
        return value


def first_version(tree, canary: Canaries) -> None:
    """Everything that will flip starts seller-only, with canaries in it."""
    tree["deal"]["internal"] = canary("deal")
    for person in tree["people"]:
        person["internal"] = {"notes": canary(f"notes{person['id']}")}
    for task in tree["tasks"]:
        task["internal"] = canary(f"task{task['id']}")
    tree["risks"].append({"id": "rival-discount", "title": canary("rivaltitle"),
                          "mitigation": canary("rivalmitigation"), "owner": "priya-raman",
                          "shared": False, "internal": canary("rivalinternal")})
    tree["assumptions"].append({"text": canary("assumptiontext"), "owner": "ethan-cole",
                                "shared": False, "internal": canary("assumptioninternal")})
    tree["risks"][2]["internal"] = canary("freezeinternal")          # holiday-freeze, shared
    tree["freezes"].append({"from": "2027-01-11", "to": "2027-01-12", "side": "seller",
                            "reason": canary("salesfreeze"), "shared": False})


def second_version(tree, canary: Canaries) -> None:
    """The private risk and assumption become shared under new words; a shared
    risk and a shared assumption become private under canary words."""
    first_version(tree, canary)
    rival = tree["risks"][-1]
    rival.update(title="A competitor offers a free first year", mitigation="Keep to rate leakage",
                 shared=True, status="mitigated")
    tree["assumptions"][-1].update(text="No board vote is needed for the first year", shared=True)
    freeze = tree["risks"][2]
    freeze.update(title=canary("freezetitle"), mitigation=canary("freezemitigation"), shared=False)
    tree["assumptions"][0].update(text=canary("coupatext"), shared=False)
    tree["tasks"][3]["due"] = "2026-12-18"                           # and a date moves
    tree["freezes"][-1].update(reason="Quillstone's sales kickoff week", shared=True)
    tree["freezes"][0].update(reason=canary("corvanefreeze"), shared=False)


def third_version(tree, canary: Canaries) -> None:
    """The shared risk goes private again under another canary title."""
    second_version(tree, canary)
    tree["risks"][-1].update(title=canary("rivaltitleagain"), mitigation=canary("rivalagain"),
                             shared=False)
    tree["deal"]["go_live"] = "2027-03-08"
    tree["freezes"][-1].update(reason=canary("salesfreezeagain"), shared=False)


def text_of(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
        return metadata + "\n".join(page.extract_text() for page in reader.pages)
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = [name for name in package.namelist() if name.endswith((".xml", ".rels"))]
            assert "word/document.xml" in parts and "docProps/custom.xml" in parts
            return "\n".join(package.read(name).decode("utf-8") for name in parts)
    if path.suffix == ".eml":
        message = email.message_from_bytes(data, policy=email.policy.default)
        parts = [str(v) for v in message.values()]
        parts += [part.get_content() for part in message.walk() if not part.is_multipart()
                  and part.get_content_type().startswith("text/")]
        return "\n".join(parts)
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def three_versions(tmp_path_factory):
    deal = tmp_path_factory.mktemp("flips")
    canary = Canaries()
    drafts = []
    for number, version in enumerate((first_version, second_version, third_version), start=1):
        text = edited_example(lambda tree: version(tree, canary))
        (deal / "plan.yaml").write_text(text, encoding="utf-8")
        dealroom("publish", "plan.yaml", "--to", FORMATS, "-o", "out", "--today", DAY,
                 "--note", f"version {number}", "--seller-note", canary("seller-note"),
                 cwd=deal)
        draft = deal / f"recap-{number}.eml"
        dealroom("recap", "plan.yaml", "--since", "0", "--attach", "-o", str(draft), "--today", DAY,
                 cwd=deal)
        drafts.append(draft)
        dealroom("remind", "plan.yaml", "--days", "120", "--cc", "buyer", "--today", DAY, cwd=deal)
    return deal, canary.planted, drafts


def buyer_files(deal: Path) -> list[Path]:
    return sorted(p for p in (deal / "out" / "corvane-quillstone").rglob("*") if p.is_file())


def test_every_version_and_format_was_published(three_versions):
    deal, _, _ = three_versions
    names = {str(p.relative_to(deal / "out" / "corvane-quillstone")) for p in buyer_files(deal)}
    per_version = {"index.html", "corvane-quillstone.pdf", "brief.pdf", "brief.html",
                   "corvane-quillstone.ics", "corvane-quillstone.docx"}
    assert names == per_version | {f"v{n}/{name}" for n in (1, 2, 3) for name in per_version}


def test_no_canary_reaches_any_file_in_the_buyers_folder(three_versions):
    deal, canaries, _ = three_versions
    assert len(canaries) > 40
    for path in buyer_files(deal):
        text = text_of(path)
        assert "QZCANARY" not in text, (path, [c for c in canaries if c in text][:3])


def test_no_canary_reaches_any_recap(three_versions):
    _, _, drafts = three_versions
    for draft in drafts:
        assert "QZCANARY" not in text_of(draft), draft


def test_no_canary_reaches_any_reminder(three_versions):
    deal, _, _ = three_versions
    for number in (1, 2, 3):
        reminders = sorted((deal / "out" / "corvane-quillstone.seller" / f"reminders-v{number}")
                           .glob("*.eml"))
        assert len(reminders) == 7, number  # every buyer person has a step in the next 120 days
        for reminder in reminders:
            assert "QZCANARY" not in text_of(reminder), reminder


def test_a_private_risk_made_shared_is_new_to_the_buyer(three_versions):
    deal, _, drafts = three_versions
    second = text_of(deal / "out" / "corvane-quillstone" / "v2" / "index.html")
    assert "New risk: A competitor offers a free first year" in second
    assert "Risk renamed" not in second
    assert "New risk: A competitor offers a free first year" in text_of(drafts[1])


def test_a_shared_risk_made_private_is_removed_for_the_buyer_under_its_shared_title(three_versions):
    deal, _, _ = three_versions
    third = text_of(deal / "out" / "corvane-quillstone" / "v3" / "index.html")
    assert "Risk removed: A competitor offers a free first year" in third
    second = text_of(deal / "out" / "corvane-quillstone" / "v2" / "index.html")
    assert "Risk removed: Corvane&#39;s change and contract freeze" in second


def test_a_freeze_is_on_the_buyers_timeline_only_while_it_is_shared(three_versions):
    deal, _, _ = three_versions
    room = deal / "out" / "corvane-quillstone"
    first, second, third = (text_of(room / f"v{n}" / "index.html") for n in (1, 2, 3))
    assert "year-end change and contract freeze, 21 Dec 2026 to 4 Jan 2027 (Corvane Logistics)" in first
    assert "sales kickoff" not in first
    assert "sales kickoff week, 11 Jan 2027 to 12 Jan 2027 (Quillstone)" in second
    assert "year-end change and contract freeze" not in second
    assert "tl-freeze" not in third
    assert "sales kickoff week, 11 Jan – 12 Jan" in text_of(room / "v2" / "corvane-quillstone.pdf")


def test_the_sellers_history_has_the_private_words_so_the_canaries_were_there(three_versions):
    deal, _, _ = three_versions
    history = dealroom("history", "plan.yaml", cwd=deal).stdout
    assert "Risk renamed: QZCANARY" in history
    assert "QZCANARY" in (deal / "plan.yaml").read_text(encoding="utf-8")
