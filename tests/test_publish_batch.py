"""`dealroom publish DIR`: every plan of a folder published by a pool of workers,
incrementally, one broken plan reported with its file and line while the rest are published."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-21"
GOOD = {"enterprise.yaml": "corvane-quillstone", "midmarket.yaml": "marlowe-shiftline",
        "weak.yaml": "harrowgate-parcelwise"}
BROKEN_LINE = 211
"""The line of enterprise.yaml whose date the broken plan spoils."""


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600,
                          env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole",
                               "PYTHONPATH": str(ROOT)})


def publish(cwd: Path, folder: str = "deals", *extra: str) -> subprocess.CompletedProcess:
    done = dealroom("publish", folder, "-o", "out", "--today", DAY, *extra, cwd=cwd)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def good_plans(folder: Path) -> None:
    folder.mkdir()
    for name in GOOD:
        shutil.copy(ROOT / "examples" / name, folder / name)


def broken_plan(folder: Path) -> Path:
    """enterprise.yaml as another deal, with a date that does not exist on line 211."""
    lines = (ROOT / "examples" / "enterprise.yaml").read_text(encoding="utf-8").splitlines(True)
    assert lines[BROKEN_LINE - 1].strip() == "due: 2026-12-04"
    lines[BROKEN_LINE - 1] = lines[BROKEN_LINE - 1].replace("2026-12-04", "2026-13-45")
    text = "".join(lines).replace("id: corvane-quillstone", "id: broken-deal", 1)
    (folder / "broken.yaml").write_text(text, encoding="utf-8")
    return folder / "broken.yaml"


@pytest.fixture
def deals(tmp_path) -> Path:
    """tmp_path/deals/: the three examples and one broken plan."""
    good_plans(tmp_path / "deals")
    broken_plan(tmp_path / "deals")
    return tmp_path


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def file_states(folder: Path) -> dict[str, tuple]:
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*"))}


def test_the_good_plans_are_published_and_the_broken_one_reported_with_file_and_line(deals):
    done = publish(deals, "deals", "--to", "html", "--jobs", "2")
    assert done.returncode == 1
    assert done.stdout == "published 3, unchanged 0, failed 1 of 4\n"  # no progress bar off a terminal
    assert f"deals/broken.yaml:{BROKEN_LINE}:10: error: tasks[3].due:" in done.stderr
    assert "plan error: deals/broken.yaml" in done.stderr
    for deal_id in GOOD.values():
        room = deals / "out" / deal_id
        assert (room / "index.html").read_bytes() == (room / "v1" / "index.html").read_bytes()
    assert not (deals / "out" / "broken-deal").exists()


def test_publishing_again_unchanged_rewrites_no_file(deals):
    publish(deals, "deals", "--to", "html", "--jobs", "2")
    before = file_states(deals / "out")
    again = publish(deals, "deals", "--to", "html", "--jobs", "2")
    assert again.stdout == "published 0, unchanged 3, failed 1 of 4\n"
    assert file_states(deals / "out") == before


def test_an_unchanged_plan_is_not_rendered(deals, monkeypatch, capsys):
    from generator import cli
    from generator.publishing import folders, publish as publishing

    monkeypatch.chdir(deals)
    monkeypatch.setenv("DEALROOM_AUTHOR", "Ethan Cole")
    (deals / "deals" / "broken.yaml").unlink()
    arguments = ["publish", "deals", "--to", "html", "-o", "out", "--today", DAY, "--jobs", "1"]
    assert cli.main(arguments) == 0

    def no_render(*args, **kwargs):
        raise AssertionError("an unchanged plan was rendered")

    monkeypatch.setattr(publishing, "render_files", no_render)
    monkeypatch.setattr(folders, "render_again", no_render)
    assert cli.main(arguments) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "published 0, unchanged 3, failed 0 of 3"


def test_one_and_two_jobs_write_the_same_bytes(tmp_path):
    for jobs in ("1", "2"):
        good_plans(tmp_path / f"deals{jobs}")
        done = publish(tmp_path, f"deals{jobs}", "--to", "html", "--jobs", jobs, "-o", f"out{jobs}")
        assert done.returncode == 0, done.stderr
    one, two = files_under(tmp_path / "out1"), files_under(tmp_path / "out2")
    assert len(one) == 2 * len(GOOD)  # index.html and v1/index.html per deal
    assert one == two


def test_one_and_two_jobs_write_the_same_bytes_in_every_default_format(tmp_path):
    for jobs in ("1", "2"):
        folder = tmp_path / f"deals{jobs}"
        folder.mkdir()
        for name in ("midmarket.yaml", "weak.yaml"):
            shutil.copy(ROOT / "examples" / name, folder / name)
        done = publish(tmp_path, f"deals{jobs}", "--jobs", jobs, "-o", f"out{jobs}")
        assert done.returncode == 0, done.stderr
    one, two = files_under(tmp_path / "out1"), files_under(tmp_path / "out2")
    assert {Path(name).suffix for name in one} == {".html", ".pdf", ".docx"}
    assert one == two


def test_a_plan_changed_between_runs_is_published_as_version_two(deals):
    (deals / "deals" / "broken.yaml").unlink()
    publish(deals, "deals", "--to", "html", "--jobs", "2")
    unchanged = {deal_id: file_states(deals / "out" / deal_id)
                 for deal_id in ("marlowe-shiftline", "harrowgate-parcelwise")}
    plan = deals / "deals" / "enterprise.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("due: 2026-12-04", "due: 2026-12-11", 1),
                    encoding="utf-8")
    done = publish(deals, "deals", "--to", "html", "--jobs", "2", "--note", "After the call")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "published 1, unchanged 2, failed 0 of 3\n"
    room = deals / "out" / "corvane-quillstone"
    assert (room / "index.html").read_bytes() == (room / "v2" / "index.html").read_bytes()
    assert "After the call" in (room / "index.html").read_text(encoding="utf-8")
    assert {deal_id: file_states(deals / "out" / deal_id) for deal_id in unchanged} == unchanged
    history = dealroom("history", "deals/enterprise.yaml", cwd=deals).stdout
    assert "moved 4 Dec → 11 Dec 2026" in history


@pytest.mark.parametrize("flags, named", [
    (["--reason", "S3=CISO out"], "--reason"),
    (["--to", "html,gdoc"], "--to gdoc"),
    (["--share", "ana@buyer.example"], "--share"),
])
def test_flags_for_one_plan_are_refused_with_a_folder(deals, flags, named):
    done = publish(deals, "deals", *flags)
    assert done.returncode == 2
    assert f"usage error: {named}" in done.stderr
    assert not (deals / "out").exists()


def test_jobs_is_refused_for_one_plan_and_a_folder_without_plans_is_a_usage_error(deals):
    one = publish(deals, "deals/weak.yaml", "--jobs", "2")
    assert one.returncode == 2 and "--jobs is for a folder of plans" in one.stderr
    (deals / "empty").mkdir()
    empty = publish(deals, "empty")
    assert empty.returncode == 2 and "empty holds no plan (*.yaml, *.yml)" in empty.stderr
