"""Issue 11, scale: batch publishing and the portfolio report over synthetic portfolios.

For each size N (default 100 and 1,000) a portfolio is made with
``bench/synthetic.py`` (histories of three revisions, recorded straight into
the store), then, as whole processes from a folder outside the repository:

1. ``dealroom publish DIR --to html`` (the first publish: every plan changed);
2. the same again (every plan unchanged: a hash and a look-up each);
3. ``dealroom report DIR -o report.html``.

Each is measured for wall-clock time and for the peak memory of the whole
process tree (the sum of the resident sizes of every process of the run's
session, sampled every 20 ms from /proc). Targets from issue 11: peak under
300 MB at N = 1,000; 1,000 plans within 1.2x of ten times 100; the unchanged
re-publish of 1,000 under a fifth of the first; the report over 1,000 under
10 s. ``--postgres`` measures the same with the history in PostgreSQL: a
throw-away cluster of Debian's server is started on a loopback port (as the
tests start it, tests/postgres.py), with an empty database for each size.

    .venv/bin/python bench/scale.py [--sizes 100,1000] [--jobs N] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

TARGETS = {"peak_mb": 300, "linear": 1.2, "unchanged": 0.2, "report_s": 10.0}


def session_rss(session: int) -> int:
    """Bytes resident in every process of ``session`` now."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            if int(fields[3]) != session:  # the session id, after state, ppid, pgrp
                continue
            with open(f"/proc/{entry.name}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def measured(argv: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    """(seconds, peak bytes of the process tree) of one run; a failure stops the bench."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], session_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({process.returncode}): {errors.decode()[-800:]}")
    return elapsed, peak[0]


def run_size(size: int, jobs: int | None, store: str | None, work: Path) -> dict:
    """The three measurements for a portfolio of ``size`` plans."""
    from synthetic import write_portfolio

    folder = work / f"portfolio-{size}"
    write_portfolio(folder, size, store=store)
    env = {**os.environ, "DEALROOM_AUTHOR": "bench", "PYTHONPATH": str(ROOT)}
    if store:
        env["DEALROOM_STORE"] = store
    publish = [sys.executable, "-m", "generator", "publish", str(folder), "--to", "html",
               "-o", str(work / f"out-{size}"), "--today", "2026-12-01"]
    publish += ["--jobs", str(jobs)] if jobs else []
    first = measured(publish, work, env)
    again = measured(publish, work, env)
    report = measured([sys.executable, "-m", "generator", "report", str(folder), "-o",
                       str(work / f"report-{size}.html"), "--today", "2026-12-01"], work, env)
    return {"first": first, "again": again, "report": report}


def table(results: dict[int, dict], jobs, store) -> str:
    lines = [f"{os.cpu_count()} cores, --jobs {jobs or 'default'}, store "
             f"{'PostgreSQL' if store else 'SQLite'}", "",
             "| plans | first publish | peak memory | unchanged re-publish | ratio | report | peak memory |",
             "|---|---|---|---|---|---|---|"]
    for size, got in sorted(results.items()):
        (first, first_peak), (again, _), (report, report_peak) = got["first"], got["again"], got["report"]
        lines.append(f"| {size} | {first:.1f} s | {first_peak / 2**20:.0f} MB | {again:.1f} s | "
                     f"{again / first:.2f} × first | {report:.1f} s | {report_peak / 2**20:.0f} MB |")
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = results[large]["first"][0] / (results[small]["first"][0] * large / small)
        lines += ["", f"{large} plans took {growth:.2f}× of {large // small} times {small} "
                      f"(target ≤ {TARGETS['linear']}×)"]
    return "\n".join(lines)


def postgres_stores(sizes: list[int]):
    """A throw-away PostgreSQL cluster and an empty database URL per size (a context)."""
    import contextlib

    sys.path.insert(0, str(ROOT / "tests"))
    from postgres import Cluster, server_binaries

    @contextlib.contextmanager
    def started():
        cluster = Cluster(server_binaries())
        try:
            cluster.start()
            for size in sizes:
                cluster.admin(f"CREATE DATABASE scale_{size} TEMPLATE template0")
            yield {size: cluster.url(f"scale_{size}") for size in sizes}
        finally:
            cluster.stop()

    return started()


def main() -> int:
    import contextlib

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--postgres", action="store_true",
                        help="the history in a throw-away PostgreSQL cluster instead of SQLite")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    stores = postgres_stores(sizes) if args.postgres else contextlib.nullcontext({})
    with tempfile.TemporaryDirectory(prefix="dealroom-scale-") as work, stores as urls:
        results = {size: run_size(size, args.jobs, urls.get(size), Path(work)) for size in sizes}
    print(table(results, args.jobs, args.postgres))
    return 0


if __name__ == "__main__":
    sys.exit(main())
