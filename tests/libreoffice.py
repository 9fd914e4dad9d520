"""Real LibreOffice as the buyer's word processor in tests.

    with LibreOffice() as office:      # one headless soffice, its own profile
        office.edit(deal_docx, edited_docx, [{"op": "set_cell", ...}], record=True)
    convert_to_pdf(docx, out_dir)      # soffice --convert-to pdf, own profile

`edit` runs tests/libreoffice_buyer.py with Debian's own python3 (the only
python with the `uno` module) against the running soffice; see that script
for the edits it knows. Call :func:`require` first: it skips the test when
soffice or Debian's python3 with uno is missing, and fails it under CI=true
(`make test` installs libreoffice-writer and python3-uno).
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DEBIAN_PYTHON = "/usr/bin/python3"
BUYER_SCRIPT = Path(__file__).resolve().parent / "libreoffice_buyer.py"
SOFFICE_FLAGS = ("--headless", "--invisible", "--nologo", "--norestore", "--nodefault")
# Generous: two loaded cores, and a fresh profile is initialised on first start.
START_SECONDS = 180
EDIT_SECONDS = 300
STOP_SECONDS = 30
CONVERT_SECONDS = 300
# Ports below Linux's ephemeral range (32768-60999), so that no connection the
# kernel numbers itself can take the port between choosing and listening.
PORTS = range(20000, 32000)

_INSTALL_HINT = "run `make test` (or apt-get install libreoffice-writer python3-uno)"


class LibreOfficeError(Exception):
    """soffice did not start, or an edit or a conversion failed."""


# --- is it here -----------------------------------------------------------------

@functools.cache
def missing() -> str | None:
    """Why LibreOffice cannot be driven here, or None when it can."""
    if shutil.which("soffice") is None:
        return "the command `soffice` is not installed (Debian package libreoffice-writer)"
    if not Path(DEBIAN_PYTHON).is_file():
        return f"Debian's own python3 ({DEBIAN_PYTHON}) is missing"
    check = subprocess.run([DEBIAN_PYTHON, "-c", "import uno"], capture_output=True, timeout=60)
    if check.returncode != 0:
        return f"{DEBIAN_PYTHON} cannot import uno (Debian package python3-uno)"
    return None


def available() -> bool:
    """Whether soffice and Debian's python3 with uno are both here."""
    return missing() is None


def require() -> None:
    """Skip the running test when LibreOffice is missing; fail it under CI=true."""
    from quality import unavailable

    reason = missing()
    if reason is not None:
        unavailable(f"LibreOffice: {reason}; {_INSTALL_HINT}")


# --- one running soffice ------------------------------------------------------------

def _free_port() -> int:
    """A loopback port nobody listens on now."""
    for port in random.sample(PORTS, 50):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise LibreOfficeError("no free loopback port for soffice")


def _profile_url(folder: Path) -> str:
    """The -env:UserInstallation argument for a profile in `folder`."""
    return f"-env:UserInstallation={folder.resolve().as_uri()}"


def _listening(port: int) -> bool:
    """Whether something accepts connections on the loopback `port`."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except OSError:
        return False
    return True


class LibreOffice:
    """A headless soffice with its own profile, listening on a loopback port."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.process: subprocess.Popen | None = None
        self.port = 0

    def __enter__(self) -> LibreOffice:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        """Start soffice and wait until it listens (a fresh profile takes longer)."""
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="dealroom-soffice-"))
        accept = f"--accept=socket,host=127.0.0.1,port={self.port};urp;StarOffice.ComponentContext"
        command = ["soffice", *SOFFICE_FLAGS, _profile_url(self.folder / "profile"), accept]
        with open(self.folder / "soffice.log", "wb") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        atexit.register(self.stop)
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while not _listening(self.port):
            if self.process.poll() is not None:
                self._fail(f"soffice exited with status {self.process.returncode} before listening")
            if time.monotonic() > deadline:
                self._fail(f"soffice did not listen on port {self.port} within {START_SECONDS} s")
            time.sleep(0.5)

    def _fail(self, what: str) -> None:
        log = self.log()
        self.stop()
        raise LibreOfficeError(f"{what}; its output:\n{log}")

    def log(self) -> str:
        """What soffice printed so far."""
        try:
            return (self.folder / "soffice.log").read_text(errors="replace")
        except (OSError, TypeError):
            return ""

    def stop(self) -> None:
        """Stop soffice (terminate, then kill) and remove its profile."""
        if self.process is not None:
            _end(self.process)
            self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        atexit.unregister(self.stop)

    def edit(self, input_docx: Path, output_docx: Path, edits: list[dict],
             record: bool = True, author: str = "Maria Chen") -> None:
        """Open `input_docx`, make `edits` as `author`, save `output_docx` as Word.

        Raises LibreOfficeError with the script's stderr when it fails.
        """
        if self.process is None:
            raise LibreOfficeError("soffice is not running: use LibreOffice() as a context manager")
        edits_file = self.folder / f"edits-{time.monotonic_ns()}.json"
        edits_file.write_text(json.dumps(edits), encoding="utf-8")
        command = [DEBIAN_PYTHON, str(BUYER_SCRIPT), "--port", str(self.port),
                   str(input_docx), str(output_docx), str(edits_file),
                   "--record" if record else "--no-record", "--author", author]
        _run(command, EDIT_SECONDS, "editing in LibreOffice")


def _group_alive(process: subprocess.Popen) -> bool:
    """Whether any process of the group `process` leads is still running."""
    process.poll()  # reap the leader, or its zombie would count as alive
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def _end(process: subprocess.Popen) -> None:
    """Terminate the process group we started, then kill what lingers.

    soffice runs as oosplash and its child soffice.bin: both must be gone
    before the profile is removed.
    """
    for sign in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sign)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + STOP_SECONDS
        while _group_alive(process) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not _group_alive(process):
            break


def _run(command: list[str], seconds: int, doing: str) -> None:
    """Run `command` in a process group of its own; raise LibreOfficeError
    with its output when it fails or overruns (then end the whole group)."""
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, start_new_session=True) as process:
        try:
            out, err = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _end(process)
            raise LibreOfficeError(f"{doing} took more than {seconds} s") from None
    if process.returncode != 0:
        raise LibreOfficeError(f"{doing} failed (exit status {process.returncode}):\n"
                               f"{(err or out).strip()}")


# --- conversion -----------------------------------------------------------------------

def convert_to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert `docx` to PDF in `out_dir` with a soffice of its own; the PDF's path.

    A first start with a fresh profile may only initialise the profile, so a
    missing PDF is tried once more.
    """
    pdf = Path(out_dir) / (Path(docx).stem + ".pdf")
    with tempfile.TemporaryDirectory(prefix="dealroom-convert-") as folder:
        command = ["soffice", *SOFFICE_FLAGS, _profile_url(Path(folder) / "profile"),
                   "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)]
        for _ in range(2):
            _run(command, CONVERT_SECONDS, f"converting {docx} to PDF")
            if pdf.is_file():
                return pdf
    raise LibreOfficeError(f"soffice wrote no PDF for {docx} in {out_dir}")
