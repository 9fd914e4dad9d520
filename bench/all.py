"""``make bench``: every benchmark of the project in one run, written into bench/README.md.

Runs, one after another, each as its own process: start-up (``--help`` and
``check`` against bare Python), rendering (HTML in-process; the PDF against
WeasyPrint alone), publishing, the Word deal room (render, and the import
of an edited document), and at scale (batch publishing and the portfolio
report over synthetic portfolios of 100 and 1,000 deals). Each prints its
own Markdown table with its baselines measured in the same run; this script
puts them, with the date and the machine, between the markers
``<!-- make bench: begin -->`` and ``<!-- make bench: end -->`` of
bench/README.md (the rest of that file, the history of each measurement, is
left as it is).

    .venv/bin/python bench/all.py [--quick]

``--quick`` takes fewer runs and smaller portfolios (for trying it out).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- make bench: begin -->", "<!-- make bench: end -->"

BENCHES = [
    ("Start-up: `dealroom --help` and `dealroom check` against bare Python", "startup.py",
     ["--runs", "31"], ["--runs", "5"]),
    ("Rendering: HTML in-process; `render --to pdf` against WeasyPrint alone", "render.py",
     ["--runs", "9"], ["--runs", "3", "--html-runs", "5"]),
    ("Publishing: `publish` against `render`, same formats", "publish.py",
     ["--runs", "7"], ["--runs", "3"]),
    ("The Word deal room: render, and import of an edited document", "word.py",
     ["--runs", "9"], ["--runs", "3"]),
    ("At scale: batch publishing and the portfolio report", "scale.py",
     ["--sizes", "100,1000"], ["--sizes", "20,100"]),
    ("At scale, the history in PostgreSQL", "scale.py",
     ["--sizes", "100,1000", "--postgres"], ["--sizes", "20,100", "--postgres"]),
]


def run(script: str, arguments: list[str]) -> str:
    """The Markdown a benchmark printed; its failure is written down, not hidden."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *arguments], cwd=ROOT,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode:
        return f"**failed** (exit status {done.returncode}):\n\n```\n{done.stderr[-1500:]}\n```"
    return done.stdout.strip()


def section(quick: bool) -> str:
    """Every benchmark's table under its heading, with when and where it ran."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [BEGIN, "", f"## The latest `make bench` ({now})", "",
             f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
             f"{' '.join(f'{v:.1f}' for v in os.getloadavg())} at the start"
             + (" (`--quick`: fewer runs, smaller portfolios)" if quick else "") + "."]
    for title, script, full, short in BENCHES:
        print(f"bench/{script} ...", file=sys.stderr, flush=True)
        parts += ["", f"### {title}", "", f"`bench/{script}`", "", run(script, short if quick else full)]
    return "\n".join(parts + ["", END])


def write_into_readme(text: str) -> None:
    """``text`` replaces what stands between the markers (or goes after the introduction)."""
    from generator.files import write_atomically

    current = README.read_text(encoding="utf-8")
    if BEGIN in current and END in current:
        before, rest = current.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        updated = before + text + after
    else:
        head, _, tail = current.partition("\n## ")
        updated = f"{head.rstrip()}\n\n{text}\n\n## {tail}" if tail else f"{current.rstrip()}\n\n{text}\n"
    write_atomically(README, updated)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller portfolios")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    text = section(args.quick)
    write_into_readme(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
