"""Rendering the enterprise example: the HTML in-process, the PDF as a whole command.

1. In-process median of the HTML render (``render_files`` with the html
   writer: the edition, the Jinja environment, the page), after one warm-up.
   Target (issue 3): under 50 ms.
2. Whole-process median of ``dealroom render examples/enterprise.yaml --to pdf``
   against WeasyPrint alone rendering the same saved HTML in a fresh process
   (``python -c "from weasyprint import HTML; HTML(filename=...).write_pdf(...)"``),
   the two interleaved in the same run so that a busy machine slows both alike.
   Target: the command within 1.3x of WeasyPrint alone.

    .venv/bin/python bench/render.py [--runs 15] [--html-runs 51]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timing import interleaved_medians, time_once

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PLAN = ROOT / "examples" / "enterprise.yaml"
TODAY = "2026-11-21"
HTML_TARGET_MS = 50.0
PDF_TARGET_RATIO = 1.3


def html_render_median(runs: int) -> float:
    """Median seconds of one in-process HTML render of the enterprise example."""
    sys.path.insert(0, str(ROOT))
    from generator.plan.loader import load_plan
    from generator.rendering.render import RenderOptions, render_files
    from generator.writers import WRITERS

    loaded = load_plan(PLAN)
    options = RenderOptions(today=dt.date.fromisoformat(TODAY))
    writers = [WRITERS["html"]]
    render_files(loaded, writers, options)  # warm-up: imports and first compile
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        render_files(loaded, writers, options)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def commands(folder: Path) -> dict[str, list[str]]:
    """The two measured commands, WeasyPrint alone first (the baseline)."""
    saved = folder / "corvane-quillstone" / "index.html"
    alone = (f"from weasyprint import HTML; "
             f"HTML(filename={str(saved)!r}).write_pdf({str(folder / 'alone.pdf')!r})")
    return {
        "WeasyPrint alone on the saved HTML": [sys.executable, "-c", alone],
        "dealroom render examples/enterprise.yaml --to pdf":
            [str(BIN / "dealroom"), "render", str(PLAN), "--to", "pdf", "-o", str(folder),
             "--today", TODAY],
    }


def pdf_medians(runs: int) -> dict[str, float]:
    """Median seconds per command, interleaved, after saving the HTML once."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        time_once([str(BIN / "dealroom"), "render", str(PLAN), "--to", "html", "-o", str(folder),
                   "--today", TODAY])
        return interleaved_medians(commands(folder), runs)


def report(html_seconds: float, html_runs: int, pdf: dict[str, float], runs: int) -> str:
    """A Markdown table of the medians, ratios and targets."""
    baseline, command = pdf.values()
    ratio = command / baseline
    html_ms = html_seconds * 1000
    return "\n".join([
        f"Python {platform.python_version()}, {os.cpu_count()} cores; HTML {html_runs} runs "
        f"in-process, PDF {runs} runs each, interleaved", "",
        "| measured | median | ratio | target | met |", "|---|---|---|---|---|",
        f"| HTML render, in-process | {html_ms:.1f} ms |  | < {HTML_TARGET_MS:g} ms | "
        f"{'yes' if html_ms < HTML_TARGET_MS else 'NO'} |",
        f"| `python -c \"from weasyprint import HTML; HTML(filename=...).write_pdf(...)\"` | "
        f"{baseline * 1000:.0f} ms | 1.00 | baseline |  |",
        f"| `dealroom render examples/enterprise.yaml --to pdf` | {command * 1000:.0f} ms | "
        f"{ratio:.2f} | < {PDF_TARGET_RATIO:g}× | {'yes' if ratio < PDF_TARGET_RATIO else 'NO'} |",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="PDF runs per command (default 15)")
    parser.add_argument("--html-runs", type=int, default=51,
                        help="in-process HTML renders (default 51)")
    args = parser.parse_args()
    html_seconds = html_render_median(args.html_runs)
    print(report(html_seconds, args.html_runs, pdf_medians(args.runs), args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
