"""Whole-process timings shared by the benchmarks: one run, and interleaved medians.

Commands are run as fresh processes, one round after another (baseline
first), so that a busy machine slows every command of a round alike, after
one warm-up round that fills the file and font caches.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_once(argv: list[str], cwd: Path = ROOT) -> float:
    """Seconds for one whole run of ``argv``; a failing run stops the bench."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env={**os.environ, "DEALROOM_AUTHOR": "bench"})
    elapsed = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def interleaved_medians(commands: dict[str, list[str]], runs: int,
                        cwd: Path = ROOT) -> dict[str, float]:
    """Median seconds per command, the commands interleaved round by round."""
    for argv in commands.values():
        time_once(argv, cwd)
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            timings[name].append(time_once(argv, cwd))
    return {name: statistics.median(values) for name, values in timings.items()}
