"""Whole-process start-up of `dealroom --help` and `dealroom check`.

Each command is run as a fresh process, interleaved with a bare
`python -c pass` baseline in the same go, and reported as a median and as a
ratio against that baseline. Targets (issue 2): `--help` under 3x the
baseline, `check` under 6x: WeasyPrint and the Google client must not be
imported by these commands.

    .venv/bin/python bench/startup.py [--runs 31]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {"dealroom --help": 3.0, "dealroom check examples/enterprise.yaml": 6.0}


def commands() -> dict[str, list[str]]:
    """The measured commands, baseline first."""
    dealroom = str(BIN / "dealroom")
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "dealroom --help": [dealroom, "--help"],
        "dealroom check examples/enterprise.yaml": [dealroom, "check", "examples/enterprise.yaml"],
    }


def time_once(argv: list[str]) -> float:
    """Seconds for one whole run of ``argv``; a failing run stops the bench."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def measure(runs: int) -> dict[str, float]:
    """Median seconds per command, runs interleaved so drift hits all alike."""
    timings: dict[str, list[float]] = {name: [] for name in commands()}
    for argv in commands().values():  # warm the file cache once
        time_once(argv)
    for _ in range(runs):
        for name, argv in commands().items():
            timings[name].append(time_once(argv))
    return {name: statistics.median(values) for name, values in timings.items()}


def report(medians: dict[str, float], runs: int) -> str:
    """A Markdown table of medians and ratios against the baseline."""
    baseline = medians["python -c pass"]
    lines = [f"{runs} runs each, interleaved; Python {platform.python_version()}, "
             f"{os.cpu_count()} cores", "",
             "| command | median | × baseline | target | met |", "|---|---|---|---|---|"]
    for name, seconds in medians.items():
        ratio = seconds / baseline
        target = TARGETS.get(name)
        met = "" if target is None else ("yes" if ratio < target else "NO")
        lines.append(f"| `{name}` | {seconds * 1000:.1f} ms | {ratio:.2f} | "
                     f"{f'< {target:g}×' if target else 'baseline'} | {met} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31, help="runs per command (default 31)")
    args = parser.parse_args()
    print(report(measure(args.runs), args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
