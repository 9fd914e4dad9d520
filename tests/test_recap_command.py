"""`dealroom recap`: the .eml draft of the latest version, read back with `email`."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
from pathlib import Path

import pytest

from render_plans import edited_example, plant_canaries
from test_publish import move_two_committed_dates

LINK = "https://rooms.quillstone.example/corvane-logistics/"


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"})


@pytest.fixture
def published(tmp_path) -> Path:
    planted: list[str] = []
    (tmp_path / "plan.yaml").write_text(edited_example(lambda t: planted.extend(plant_canaries(t))))
    (tmp_path / "canaries.txt").write_text("\n".join(planted))
    for step in ("first", "second"):
        if step == "second":
            move_two_committed_dates(tmp_path / "plan.yaml")
        done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", "2026-11-21",
                        "--reason", "S3=CISO out until the 14th", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    return tmp_path


def read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_the_recap_carries_link_changes_and_next_commitments_in_both_parts(published):
    done = dealroom("recap", "plan.yaml", "--attach", "--today", "2026-12-01", cwd=published)
    assert done.returncode == 0, done.stderr
    message = read(published / "out" / "corvane-quillstone.seller" / "recap-v2.eml")
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].display_name == "Priya Raman"
    for kind in ("plain", "html"):
        body = message.get_body((kind,)).get_content()
        assert LINK in body and f"{LINK}v2/" in body
        assert "moved 14 Dec → 21 Dec 2026, 7 days later: CISO out until the 14th" in body
        assert "B4" in body and "Tomas approves the business case" in body and "11 Dec 2026" in body
    assert [part.get_filename() for part in message.iter_attachments()] == ["brief.pdf"]


def test_the_recap_contains_no_canary(published):
    assert dealroom("recap", "plan.yaml", "-o", "recap.eml", cwd=published).returncode == 0
    raw = (published / "recap.eml").read_bytes().decode("utf-8", "replace")
    text = "\n".join(part.get_content() for part in read(published / "recap.eml").walk()
                     if part.get_content_type() in ("text/plain", "text/html"))
    canaries = (published / "canaries.txt").read_text().split("\n")
    assert not [c for c in canaries if c in raw or c in text]


def test_since_must_name_an_earlier_version(published):
    done = dealroom("recap", "plan.yaml", "--since", "7", cwd=published)
    assert done.returncode == 2
    assert "--since 7: choose a version from 0 to 1" in done.stderr
    everything = dealroom("recap", "plan.yaml", "--since", "0", "-o", "all.eml", cwd=published)
    assert everything.returncode == 0


def test_a_recap_needs_a_published_version(tmp_path):
    (tmp_path / "plan.yaml").write_text(edited_example(lambda tree: None))
    done = dealroom("recap", "plan.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "nothing published yet; run: dealroom publish plan.yaml" in done.stderr
