"""Every command that loads a plan says its warnings on stderr (``check`` in its report)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-12-01"


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300,
                          env={**__import__("os").environ, "DEALROOM_AUTHOR": "Ethan Cole"})
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def typo(tmp_path_factory) -> Path:
    """The enterprise example with ``if_mised:`` for ``if_missed:`` on one step, published once."""
    folder = tmp_path_factory.mktemp("typo")
    text = (ROOT / "examples" / "enterprise.yaml").read_text()
    assert text.count("    if_missed: ") > 1
    (folder / "plan.yaml").write_text(text.replace("    if_missed: ", "    if_mised: ", 1))
    assert dealroom("publish", "plan.yaml", "--to", "html", "--today", TODAY, cwd=folder).returncode == 0
    return folder


def warning_line(typo: Path) -> str:
    line = next(number for number, text in enumerate((typo / "plan.yaml").read_text().splitlines(), 1)
                if "if_mised:" in text)
    return f"dealroom: plan.yaml:{line}:5: warning: "


@pytest.mark.parametrize("command", [
    ("render", "--to", "html", "-o", "drafts"), ("publish", "--to", "html"), ("history",),
    ("recap", "-o", "recap.eml"), ("remind",)])
def test_the_typo_is_said_on_stderr(typo, command):
    done = dealroom(command[0], "plan.yaml", *command[1:], "--today", TODAY, cwd=typo) \
        if command[0] != "history" else dealroom("history", "plan.yaml", cwd=typo)
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "if_mised" in line]
    assert len(said) == 1 and said[0].startswith(warning_line(typo)), done.stderr
