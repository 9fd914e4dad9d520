"""Worker processes for commands that go through many plans (``publish DIR``, ``report``).

One pool of ``jobs`` processes, started through a fork server (forking the
command itself is not safe once it runs threads, such as a progress bar's),
each taking the command's environment and working folder and keeping its
process, imports and caches for plan after plan. A worker forks no children
of its own (``DEALROOM_SIDE_BY_SIDE=0``): the pool already has one process
per core.
"""

from __future__ import annotations

import os


def pool(jobs: int, preload: list[str]):
    """A ProcessPoolExecutor of ``jobs`` workers that import ``preload`` once each."""
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, *preload])
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=start_worker,
        initargs=(dict(os.environ), os.getcwd()))


def start_worker(environ: dict, folder: str) -> None:
    """A worker takes the command's environment and folder, and forks no children of its own."""
    os.environ.clear()
    os.environ.update(environ)
    os.environ["DEALROOM_SIDE_BY_SIDE"] = "0"
    os.chdir(folder)


def default_jobs() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


_stores: dict = {}
"""The stores this process keeps open, by (location, create)."""


def kept_store(location, *, create: bool = True):
    """The store at ``location``, opened once per process and kept for plan after plan
    (a PostgreSQL connection, or a SQLite file's, is not opened again for every plan)."""
    from generator.history.location import open_store

    key = (str(location), create)
    if key not in _stores:
        _stores[key] = open_store(location, create=create)
    return _stores[key]


def forget_store(location, *, create: bool = True) -> None:
    """Close a kept store after a failure, so that the next plan opens a fresh one."""
    store = _stores.pop((str(location), create), None)
    if store is not None:
        try:
            store.close()
        except Exception:  # noqa: BLE001 - it failed already; the next plan opens another
            pass
