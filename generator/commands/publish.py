"""``dealroom publish PLAN``: record a revision, then write the versioned deal room."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.plan.codes import task_codes
from generator.commands.check import parse_today
from generator.errors import UsageError
from generator.commands.loading import load_plan_saying_warnings
from generator.rendering.render import RenderOptions
from generator.rendering.themes import load_theme
from generator.publishing.folders import DEFAULT_FORMATS
from generator.record import Record
from generator.writers import find_writers


class GoogleFlags(Record):
    """The Google Doc's flags as given (they matter only with ``--to gdoc``)."""

    folder: str | None = None
    shares: tuple[str, ...] = ()
    force: bool = False
    new_document: bool = False
    dry_run: bool = False
    service_account: str | None = None

    def given(self) -> list[str]:
        """The flags set, as typed."""
        named = {"--gdoc-folder": self.folder, "--share": self.shares, "--force": self.force,
                 "--new-gdoc": self.new_document, "--dry-run": self.dry_run,
                 "--service-account": self.service_account}
        return [flag for flag, value in named.items() if value]


def run_publish(plan_file: str, formats: str | None, note: str | None, author: str | None,
                out: str, store: str | None, reasons: list[str], today: str | None,
                theme: str | None = None, seller_note: str | None = None,
                google: GoogleFlags = GoogleFlags()) -> int:
    """Publish the plan and say which version is now current."""
    from generator.publishing.publish import publish
    from generator.history.location import open_store, store_path

    writers = check_formats(formats or ",".join(DEFAULT_FORMATS), plan_file)
    to_google = any(w.remote for w in writers)
    if google.given() and not to_google:
        raise UsageError(f"{google.given()[0]} is for the Google Doc: add gdoc to --to "
                         "(e.g. --to html,pdf,gdoc)")
    loaded = load_plan_saying_warnings(plan_file)
    target = google_target(google, loaded) if to_google else None
    files = [w for w in writers if not w.remote]
    given = parse_reasons(reasons, loaded.plan)
    options = RenderOptions(today=parse_today(today), theme=theme)
    load_theme(theme or loaded.plan.branding.theme)  # an unknown theme stops here, before the store
    if target is not None and target.dry_run:
        from generator.commands.google_preview import run_dry_run

        return run_dry_run(loaded, options, store, target, note=note, reasons=given,
                           author=author or default_author(Path(plan_file)))
    with open_store(store_path(Path(plan_file), store)) as history:
        given.update(ask_for_reasons(history, loaded, given, note))
        done = publish(loaded, files, options, history, Path(out),
                       author=author or default_author(Path(plan_file)), note=note, reasons=given,
                       seller_note=seller_note, google=target)
    _say(done, loaded.plan, [w.name for w in files])
    return 0


def check_formats(formats: str, plan_file: str) -> list:
    """The writers of ``--to``; a seller's format is refused (publish is for the buyer)."""
    writers = find_writers(formats)
    private = [w.name for w in writers if w.audience != "buyer"]
    if private:
        raise UsageError(f"--to {private[0]}: publish writes what the buyer may see; the seller's "
                         f"{private[0]} is made with: dealroom render {plan_file} --to {private[0]}")
    return writers


def google_target(flags: GoogleFlags, loaded):
    """The flags as a :class:`~generator.publishing.google_doc.GoogleTarget`, every value checked."""
    from generator.plan.publishing import FOLDER_HELP, drive_folder_id
    from generator.publishing.google_doc import GoogleTarget, parse_share

    folder = loaded.publishing.google_folder
    if flags.folder:
        folder = drive_folder_id(flags.folder)
        if folder is None:
            raise UsageError(f"--gdoc-folder {flags.folder!r}: give {FOLDER_HELP}")
    return GoogleTarget(folder=folder, shares=tuple(parse_share(s) for s in flags.shares),
                        force=flags.force, dry_run=flags.dry_run,
                        service_account=flags.service_account, new_document=flags.new_document)


def parse_reasons(reasons: list[str], plan) -> dict[str, str]:
    """``--reason S3="CISO out"`` (a code or a task id) as {task id: reason}."""
    by_code = {code: task_id for task_id, code in task_codes(plan).items()}
    found = {}
    for given in reasons:
        key, sep, text = given.partition("=")
        task_id = by_code.get(key.strip(), key.strip())
        if not sep or not text.strip():
            raise UsageError(f"--reason {given!r}: write it as CODE=why, e.g. S3='CISO out until the 14th'")
        if task_id not in {t.id for t in plan.tasks} | {"go_live", "signature"}:
            raise UsageError(f"--reason {given!r}: no task has the code or id {key.strip()!r}")
        found[task_id] = text.strip()
    return found


def ask_for_reasons(history, loaded, given: dict[str, str], note: str | None) -> dict[str, str]:
    """At a terminal, ask why each committed date moved when nothing says so."""
    if note or not sys.stdin.isatty():
        return {}
    from generator.history.changes import changes_between
    from generator.history.snapshot import snapshot

    latest = history.latest(loaded.plan.deal.id)
    moved = [c for c in changes_between(latest.seller if latest else None, snapshot(loaded.plan))
             if c.kind == "date_moved" and c.subject not in given and _was_committed(latest, c)]
    codes = task_codes(loaded.plan)
    return {c.subject: input(f"{c.describe(codes=codes)}. Why? ").strip() or None
            for c in moved} if moved else {}


def _was_committed(latest, change) -> bool:
    task = next((t for t in latest.seller["tasks"] if t["id"] == change.subject), None)
    return bool(task and task.get("commitment") == "committed")


def default_author(plan_file: Path) -> str:
    """DEALROOM_AUTHOR, else git's user.name, else the login name."""
    import getpass
    import subprocess

    if os.environ.get("DEALROOM_AUTHOR"):
        return os.environ["DEALROOM_AUTHOR"]
    try:
        name = subprocess.run(["git", "config", "user.name"], cwd=plan_file.parent or ".",
                              capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or getpass.getuser()


def _say(done, plan, formats: list[str]) -> None:
    _say_versions(done, plan, formats)
    if done.google is not None:
        print(f"Google Doc: version {done.google.version} written to {done.google.link}")
    elif done.google_current is not None:
        print(f"Google Doc: already holds version {done.google_current.version}, "
              f"{done.google_current.link}")


def _say_versions(done, plan, formats: list[str]) -> None:
    codes = task_codes(plan)
    if not done.recorded:
        print(f"nothing changed since version {done.number}; nothing recorded")
        if done.formats and formats and set(done.formats) != set(formats):
            print(f"version {done.number} keeps the formats it was published with "
                  f"({', '.join(done.formats)}): a version's files never change; the next change "
                  "to the plan is published with --to as given")
    else:
        print(f"published version {done.number} of {plan.deal.id}")
        for change in done.changes:
            print(f"  {change.describe(codes=codes)}")
    if done.rewritten:
        listed = ", ".join(f"v{number}/" for number in done.rewritten)
        print(f"wrote again what a publish left unwritten: {listed}")
    if done.folder is not None:
        print(f"{done.folder}/ (current) and {done.folder}/v{done.number}/")
    for path in done.foreign:
        print(f"dealroom: warning: {path} is not part of the deal room: publish leaves it there, "
              "but whoever is shown this folder can read it", file=sys.stderr)
    for problem in done.problems:
        print(f"dealroom: warning: {problem}", file=sys.stderr)
