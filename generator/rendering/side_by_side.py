"""Slow writers side by side: the deal room's PDF and the brief laid out at once.

Each PDF writer spends most of its time in WeasyPrint's layout, on one core.
When a command asks for two or more of them on a machine with more than one
core, the first runs in this process and each other in a child forked from
it (so it shares the loaded plan and the edition), which sends its files
back through a pipe. The bytes are the same as written one after another:
every writer is deterministic. A child that fails for any reason is simply
run again here, so the error a user sees is the one the writer raises.

Batch publishing, with one process per core already, turns this off
(``DEALROOM_SIDE_BY_SIDE=0``), as does a process running other threads
(forking one is not safe).
"""

from __future__ import annotations

import os
import pickle
import signal
import threading

SLOW = ("pdf", "brief", "docx")
"""Writers worth a core of their own."""


def run_all(jobs: list) -> list[dict]:
    """The results of ``jobs`` (callables returning a dict of files), in order."""
    if len(jobs) < 2 or not _may_fork():
        return [job() for job in jobs]
    children = [_start(job) for job in jobs[1:]]
    try:
        first = jobs[0]()
    except BaseException:
        _stop(children)
        raise
    return [first] + [_collect(child, job) for child, job in zip(children, jobs[1:])]


def _may_fork() -> bool:
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and os.environ.get("DEALROOM_SIDE_BY_SIDE", "1") != "0"
            and threading.active_count() == 1)


def _start(job) -> tuple[int, int]:
    """Fork a child that runs ``job`` and writes its pickled result to a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _run_in_child(job, write)
    os.close(write)
    return pid, read


def _run_in_child(job, write: int) -> None:
    status = 1
    try:
        data = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as out:
            out.write(data)
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no buffers of the parent flushed twice


def _collect(child: tuple[int, int], job) -> dict:
    """The child's files; when it failed, the job run here (raising its own error)."""
    pid, read = child
    with os.fdopen(read, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    if status == 0 and data:
        try:
            return pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):
            pass
    return job()


def _stop(children: list[tuple[int, int]]) -> None:
    for pid, read in children:
        os.close(read)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
