"""`dealroom publish` against `dealroom render` of the same formats, same run.

Both commands render the enterprise example to html, pdf and brief as fresh
processes, interleaved. Each publish starts from an empty history store and
output folder, so it records a revision (one SQLite transaction with its
change list) and writes the versioned layout (v1/ and the current files).
Target (issue 4): the store's overhead under 10%.

    .venv/bin/python bench/publish.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TODAY = "2026-11-21"
FORMATS = "html,pdf,brief"
TARGET = 1.10


def run(argv: list[str], cwd: Path) -> float:
    """Seconds for one whole command; a failure stops the bench."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, "DEALROOM_AUTHOR": "bench"})
    if done.returncode:
        sys.exit(f"{' '.join(argv)} failed: {done.stderr.decode()[-400:]}")
    return time.perf_counter() - start


def one_round(work: Path, index: int) -> tuple[float, float]:
    """One render and one publish from scratch, in alternating order."""
    dealroom = str(BIN / "dealroom")
    render = [dealroom, "render", "plan.yaml", "--to", FORMATS, "-o", f"render{index}", "--today", TODAY,
              "--store", f"none{index}"]
    publish = [dealroom, "publish", "plan.yaml", "--to", FORMATS, "-o", f"publish{index}", "--today", TODAY,
               "--store", f"store{index}.sqlite3"]
    first, second = (render, publish) if index % 2 else (publish, render)
    times = {id(first): run(first, work), id(second): run(second, work)}
    return times[id(render)], times[id(publish)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(ROOT / "examples" / "enterprise.yaml", work / "plan.yaml")
        one_round(work, 0)  # warm the caches
        rounds = [one_round(work, i) for i in range(1, args.runs + 1)]
    render = statistics.median(r for r, _ in rounds)
    publish = statistics.median(p for _, p in rounds)
    ratio = publish / render
    print(f"{args.runs} runs each, interleaved; Python {platform.python_version()}, {os.cpu_count()} cores\n")
    print("| command | median | × render | target | met |\n|---|---|---|---|---|")
    print(f"| `dealroom render --to {FORMATS}` | {render * 1000:.0f} ms | 1.00 | baseline |  |")
    print(f"| `dealroom publish --to {FORMATS}` | {publish * 1000:.0f} ms | {ratio:.3f} | "
          f"< {TARGET:.2f}× | {'yes' if ratio < TARGET else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
