"""Issue 9, a faster PDF: this checkout against an older commit, side by side.

The older commit (de5035e, the code before issue 9, unless ``--old`` names
another) is exported with ``git archive`` to a temporary folder; both trees
are compiled (``compileall``, as the set-up does) and run as fresh processes
with their own ``PYTHONPATH``, from a folder outside the repository,
interleaved round by round with the order rotating, after one warm-up round.
Compiled templates go to a temporary ``XDG_CACHE_HOME``, filled by the
warm-up round as a user's first run fills theirs.

Measured, as whole-process medians of the wall-clock time, and of the CPU
time (user and system, with the processes each one started, from ``wait4``),
which a busy machine disturbs much less:

1. ``dealroom publish plan.yaml --to html,pdf,brief``, old and new, each
   from an empty store and output folder. Target: new at least 35% faster.
2. ``dealroom render plan.yaml --to pdf``, old and new, against WeasyPrint
   alone on the same saved HTML (``python -c "from weasyprint import HTML;
   HTML(filename=...).write_pdf(...)"``). Target: new within 1.15x.

It also says whether old and new wrote the same bytes.

    .venv/bin/python bench/faster_pdf.py [--runs 9] [--old de5035e]
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-21"
FORMATS = "html,pdf,brief"
PUBLISH_TARGET = 0.65
PDF_TARGET = 1.15


def export(commit: str, folder: Path) -> Path:
    """The tree of ``commit`` written to ``folder`` (nothing in the repository changes)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def dealroom(*args: str) -> list[str]:
    """``python -m generator args``: which tree runs is the ``PYTHONPATH`` :func:`run` sets."""
    return [sys.executable, "-m", "generator", *args]


def run(argv: list[str], cwd: Path, tree: Path | None, cache: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole process; a failure stops the bench."""
    env = {**os.environ, "DEALROOM_AUTHOR": "bench", "XDG_CACHE_HOME": str(cache)}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            sys.exit(f"{' '.join(argv)} failed ({process.returncode}): {errors.read().decode()[-600:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def commands(trees: dict[str, Path], work: Path) -> dict[str, tuple[list[str], Path | None]]:
    """Each measured command (``{n}`` is the round) and the tree it runs."""
    alone = ("from weasyprint import HTML; "
             f"HTML(filename={str(work / 'saved' / 'corvane-quillstone' / 'index.html')!r})"
             ".write_pdf('alone{n}.pdf')")
    measured = {"WeasyPrint alone": ([sys.executable, "-c", alone], None)}
    for name, tree in trees.items():
        measured[f"publish, {name}"] = (dealroom(
            "publish", "plan.yaml", "--to", FORMATS, "-o", f"{name}-publish{{n}}",
            "--today", TODAY, "--store", f"{name}-store{{n}}.sqlite3"), tree)
        measured[f"render --to pdf, {name}"] = (dealroom(
            "render", "plan.yaml", "--to", "pdf", "-o", f"{name}-render{{n}}",
            "--today", TODAY), tree)
    return measured


def rounds(measured: dict, runs: int, work: Path, cache: Path) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds per command; round ``n`` starts at command ``n``."""
    names = list(measured)
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for n in range(runs + 1):  # round 0 warms the caches and is not counted
        for name in names[n % len(names):] + names[:n % len(names)]:
            argv, tree = measured[name]
            seconds = run([part.replace("{n}", str(n)) for part in argv], work, tree, cache)
            if n:
                timings[name].append(seconds)
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in timings.items()}


def same_bytes(work: Path, n: int) -> dict[str, bool]:
    """For each file of the publish, whether old and new wrote the same bytes."""
    old, new = work / f"old-publish{n}", work / f"new-publish{n}"
    names = sorted(p.relative_to(new) for p in new.rglob("*") if p.is_file()
                   and p.suffix in (".pdf", ".html"))
    return {str(name): (old / name).is_file() and (old / name).read_bytes() == (new / name).read_bytes()
            for name in names}


def report(medians: dict[str, tuple[float, float]], old: str, runs: int,
           identical: dict[str, bool]) -> str:
    """A Markdown table of the medians and ratios, and which files came out identical."""
    def row(label: str, name: str, base: str, unit: str, target: str = "", met: str = "") -> str:
        (wall, cpu), (base_wall, base_cpu) = medians[name], medians[base]
        return (f"| {label} | {wall * 1000:.0f} ms | {wall / base_wall:.2f} {unit} | "
                f"{cpu * 1000:.0f} ms | {cpu / base_cpu:.2f} {unit} | {target} | {met} |")

    speedup = medians["publish, new"][0] / medians["publish, old"][0]
    ratio = medians["render --to pdf, new"][0] / medians["WeasyPrint alone"][0]
    publish, render = f"`dealroom publish --to {FORMATS}`", "`dealroom render --to pdf`"
    return "\n".join([
        f"{runs} rounds, interleaved; Python {platform.python_version()}, {os.cpu_count()} cores; "
        f"old = {old}", "",
        "| measured | wall | ratio | CPU | ratio | target (wall) | met |",
        "|---|---|---|---|---|---|---|",
        row(f"{publish}, old", "publish, old", "publish, old", "× old"),
        row(f"{publish}, new", "publish, new", "publish, old", "× old", f"≤ {PUBLISH_TARGET:.2f}×",
            "yes" if speedup <= PUBLISH_TARGET else "NO"),
        row("WeasyPrint alone on the saved HTML", "WeasyPrint alone", "WeasyPrint alone", "× alone"),
        row(f"{render}, old", "render --to pdf, old", "WeasyPrint alone", "× alone"),
        row(f"{render}, new", "render --to pdf, new", "WeasyPrint alone", "× alone",
            f"< {PDF_TARGET:.2f}×", "yes" if ratio < PDF_TARGET else "NO"),
        "", "Same bytes, old and new publish: " + ", ".join(
            f"{name} {'yes' if same else 'NO'}" for name, same in identical.items()),
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="counted rounds (default 9)")
    parser.add_argument("--old", default="de5035e", help="the commit to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dealroom-bench-") as folder:
        work = Path(folder)
        trees = {"old": export(args.old, work / "old-tree"), "new": ROOT}
        for tree in trees.values():
            compileall.compile_dir(tree / "generator", quiet=1)
        shutil.copy(ROOT / "examples" / "enterprise.yaml", work / "plan.yaml")
        run(dealroom("render", "plan.yaml", "--to", "html", "-o", "saved", "--today", TODAY),
            work, ROOT, work / "cache")
        medians = rounds(commands(trees, work), args.runs, work, work / "cache")
        print(report(medians, args.old, args.runs, same_bytes(work, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
