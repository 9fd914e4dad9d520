"""Publish under faults: its folder is its own, failures record nothing or are
finished by the next publish, and files are readable as the umask says.

The concurrency and kill tests with many processes are in
tests/test_publish_races.py.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-21"
DEAL = "corvane-quillstone"


def dealroom(*args: str, cwd: Path, umask: int | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"}, timeout=300,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def publish(deal: Path, *extra: str, to: str = "html") -> subprocess.CompletedProcess:
    done = dealroom("publish", "plan.yaml", "--to", to, "-o", "out", "--today", DAY, *extra, cwd=deal)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def move_a_date(deal: Path, day: str) -> None:
    plan = deal / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("    due: 2026-12-04\n", f"    due: {day}\n", 1), encoding="utf-8")


def numbers(store: Path) -> list[int]:
    with sqlite3.connect(store) as db:
        return sorted(n for (n,) in db.execute("SELECT number FROM revisions"))


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def deal(tmp_path) -> Path:
    shutil.copy(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    return tmp_path


@pytest.fixture
def room(deal) -> Path:
    return deal / "out" / DEAL


# -- the seller's files and the buyer's never share a folder --------------------------------


def test_render_puts_the_sellers_review_in_its_own_folder_beside_the_buyers(deal):
    done = dealroom("render", "plan.yaml", "--to", "html,review", "-o", "out", "--today", DAY, cwd=deal)
    assert done.returncode == 0, done.stderr
    assert listing(deal / "out") == {DEAL, "corvane-quillstone/index.html", f"{DEAL}.seller",
                                     f"{DEAL}.seller/review.html"}
    assert done.stdout.split() == [f"out/{DEAL}/index.html", f"out/{DEAL}.seller/review.html"]


def test_after_a_publish_the_buyers_folder_holds_the_current_version_and_nothing_of_render(deal, room):
    rendered = dealroom("render", "plan.yaml", "--to", "html,brief,ics", "-o", "out", "--today", DAY,
                        cwd=deal)
    assert rendered.returncode == 0, rendered.stderr
    (room / "review.html").write_text("INTERNAL review an older dealroom left here")
    (room / "recap-v3.eml").write_text("a recap draft an older dealroom left here")
    publish(deal)
    assert listing(room) == {"index.html", "v1", "v1/index.html"}


def test_a_later_publish_with_fewer_formats_leaves_no_stale_file_of_the_earlier_version(deal, room):
    publish(deal, to="html,brief")
    move_a_date(deal, "2026-12-11")
    publish(deal)
    assert listing(room) == {"index.html", "v1", "v1/index.html", "v1/brief.pdf", "v1/brief.html",
                             "v2", "v2/index.html"}
    assert (room / "index.html").read_bytes() == (room / "v2" / "index.html").read_bytes()


def test_publishing_unchanged_content_with_other_formats_says_the_version_keeps_its_own(deal, room):
    publish(deal)
    done = publish(deal, to="html,brief")
    assert "nothing changed since version 1; nothing recorded\nversion 1 keeps the formats it was " \
           "published with (html): a version's files never change" in done.stdout
    assert listing(room) == {"index.html", "v1", "v1/index.html"}


def test_render_refuses_to_write_into_a_published_folder(deal, room):
    publish(deal)
    before = (room / "index.html").read_bytes()
    done = dealroom("render", "plan.yaml", "--to", "html", "-o", "out", cwd=deal)
    assert done.returncode == 2
    assert (f"out/{DEAL}/ holds the published deal room, which only dealroom publish changes; "
            "render elsewhere with -o DIR (e.g. -o drafts)") in done.stderr
    assert (room / "index.html").read_bytes() == before


def test_files_a_user_keeps_in_the_folder_are_left_and_reported(deal, room):
    room.mkdir(parents=True)
    (room / ".vscode.settings").mkdir()
    (room / ".venv.bak").mkdir()
    (room / "notes.txt").write_text("mine")
    done = publish(deal)
    assert {".vscode.settings", ".venv.bak", "notes.txt"} <= listing(room)
    assert f"{room.relative_to(deal)}/notes.txt is not part of the deal room: publish leaves it " \
           "there, but whoever is shown this folder can read it" in done.stderr


# -- a failure before recording records nothing and writes nothing -------------------------


def test_an_unknown_theme_records_nothing_and_writes_nothing(deal):
    done = dealroom("publish", "plan.yaml", "--theme", "nope", "-o", "out", cwd=deal)
    assert done.returncode == 2
    assert "unknown theme: nope (choose from default, print)" in done.stderr
    assert not (deal / "out").exists() and not (deal / ".dealroom").exists()


def test_a_missing_logo_records_nothing_and_writes_nothing(deal):
    plan = deal / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "branding:\n  buyer_logo: gone.png\n",
                    encoding="utf-8")
    done = dealroom("publish", "plan.yaml", "-o", "out", cwd=deal)
    assert done.returncode == 1
    assert "branding.buyer_logo" in done.stderr and "Traceback" not in done.stderr
    assert not (deal / "out").exists()
    assert not (deal / ".dealroom" / "history.sqlite3").exists() or numbers(
        deal / ".dealroom" / "history.sqlite3") == []


def test_an_output_path_that_is_a_file_records_nothing(deal):
    (deal / "out").write_text("not a folder")
    done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", cwd=deal)
    assert done.returncode == 2
    assert f"cannot create the folder out/{DEAL}" in done.stderr
    assert not (deal / ".dealroom" / "history.sqlite3").exists() or numbers(
        deal / ".dealroom" / "history.sqlite3") == []
    assert (deal / "out").read_text() == "not a folder"


def read_only(folder: Path, *command: str) -> list[str]:
    """``command`` run with ``folder`` on read-only media: a read-only bind mount
    in a mount namespace of its own when root (root ignores permission bits),
    else the folder's write bits removed."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return list(command)
    if not shutil.which("unshare"):
        pytest.fail("unshare (util-linux) is needed to test read-only media as root")
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'
    return ["unshare", "--mount", "sh", "-c", script, "sh", str(folder), *command]


def test_a_read_only_output_folder_records_nothing(deal, room):
    publish(deal)
    move_a_date(deal, "2026-12-11")
    command = read_only(room, sys.executable, "-m", "generator", "publish", "plan.yaml", "--to",
                        "html", "-o", "out", "--today", DAY)
    done = subprocess.run(command, cwd=deal, capture_output=True, text=True, timeout=300)
    room.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert f"cannot write into out/{DEAL} (Read-only file system" in done.stderr \
        or f"cannot write into out/{DEAL} (Permission denied" in done.stderr
    assert "nothing was recorded" in done.stderr
    assert numbers(deal / ".dealroom" / "history.sqlite3") == [1]
    assert listing(room) == {"index.html", "v1", "v1/index.html"}


@pytest.mark.parametrize("command", [("render", "plan.yaml", "--to", "html", "-o", "taken"),
                                     ("recap", "plan.yaml", "-o", "taken/recap.eml")])
def test_an_output_path_under_a_file_is_an_output_error_not_a_traceback(deal, command):
    publish(deal)
    (deal / "taken").write_text("not a folder")
    done = dealroom(*command, "--today", DAY, cwd=deal)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "dealroom: output error: taken/" in done.stderr
    assert "cannot be written" in done.stderr
    assert (deal / "taken").read_text() == "not a folder"


def test_a_named_pipe_given_as_the_recap_file_is_left_as_it_is(deal):
    publish(deal)
    os.mkfifo(deal / "pipe.eml")
    done = dealroom("recap", "plan.yaml", "-o", "pipe.eml", "--today", DAY, cwd=deal)
    assert done.returncode == 2
    assert ("dealroom: output error: pipe.eml: cannot be written (it exists and is not a regular "
            "file (a device, a pipe or a socket))") in done.stderr
    assert stat.S_ISFIFO((deal / "pipe.eml").lstat().st_mode)


def test_a_version_folder_from_another_history_is_refused_before_recording(deal, room):
    publish(deal)
    shutil.rmtree(deal / ".dealroom")
    move_a_date(deal, "2026-12-11")
    done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", DAY, cwd=deal)
    assert done.returncode == 2
    assert f"out/{DEAL}/v1/ exists, but the history store" in done.stderr
    assert "that folder was published with another store" in done.stderr
    assert numbers(deal / ".dealroom" / "history.sqlite3") == []


# -- a failure after recording is said, and the next publish finishes the work -------------


def test_a_disk_full_after_recording_is_said_and_the_next_publish_writes_the_version(deal, room,
                                                                                      monkeypatch,
                                                                                      capsys):
    from generator import cli
    from generator.publishing import folders

    publish(deal)
    move_a_date(deal, "2026-12-11")

    def disk_full(target, files):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(folders, "write_version", disk_full)
    monkeypatch.chdir(deal)
    status = cli.main(["publish", "plan.yaml", "--to", "html", "-o", "out", "--today", DAY])
    assert status == 2
    assert ("version 2 is recorded in the history, but its files could not be written to "
            f"out/{DEAL} (No space left on device): free some space or fix the folder's permissions, "
            "then run dealroom publish again; it writes what is missing") in capsys.readouterr().err
    assert numbers(deal / ".dealroom" / "history.sqlite3") == [1, 2]
    assert not (room / "v2").exists()
    monkeypatch.undo()

    history = dealroom("history", "plan.yaml", cwd=deal)
    assert f"files missing: {room.resolve()}/v2/ (the next dealroom publish writes them again)" \
        in history.stdout
    assert [r["files_missing"] for r in json.loads(
        dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)["revisions"]] == [False, True]
    done = publish(deal)
    assert "nothing changed since version 2" in done.stdout
    assert "wrote again what a publish left unwritten: v2/" in done.stdout
    assert (room / "index.html").read_bytes() == (room / "v2" / "index.html").read_bytes()
    assert "was 4 Dec 2026" in (room / "v2" / "index.html").read_text(encoding="utf-8")


def test_a_missing_version_is_written_again_exactly_as_it_was_published(deal, room):
    publish(deal, to="html,pdf,docx")
    first = {name: (room / "v1" / name).read_bytes()
             for name in ("index.html", f"{DEAL}.pdf", f"{DEAL}.docx")}
    move_a_date(deal, "2026-12-11")
    publish(deal, "--today", "2026-11-25")
    shutil.rmtree(room / "v1")
    done = publish(deal, "--today", "2026-11-30")
    assert "wrote again what a publish left unwritten: v1/" in done.stdout
    assert {name: (room / "v1" / name).read_bytes() for name in first} == first


# -- permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("umask, file_mode, folder_mode", [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)])
def test_every_file_written_has_the_permissions_the_umask_gives(deal, umask, file_mode, folder_mode):
    def run(*args):
        done = dealroom(*args, cwd=deal, umask=umask)
        assert done.returncode == 0, done.stderr

    run("publish", "plan.yaml", "--to", "html,brief", "-o", "out", "--today", DAY)
    run("render", "plan.yaml", "--to", "html,review", "-o", "drafts", "--today", DAY)
    run("recap", "plan.yaml", "--today", DAY)
    run("new", "starter/plan.yaml", "--buyer", "Globex", "--seller", "Acme", "--go-live", "2027-06-01")
    written = [p for folder in ("out", "drafts", ".dealroom", "starter")
               for p in [deal / folder, *(deal / folder).rglob("*")]]
    assert len(written) > 12
    for path in written:
        expected = folder_mode if path.is_dir() else file_mode
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
