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
import sys
from pathlib import Path

from timing import interleaved_medians

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


def measure(runs: int) -> dict[str, float]:
    """Median seconds per command, runs interleaved so drift hits all alike."""
    return interleaved_medians(commands(), runs)


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
