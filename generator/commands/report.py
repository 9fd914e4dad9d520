"""``dealroom report PLAN_OR_DIR...``: the portfolio across deals, for the seller's team.

Prints rich tables on a terminal and plain text elsewhere; ``--json`` prints
the documented JSON (docs/report.md); ``-o FILE.html`` writes the HTML page.
A file that is not a plan is an error row, and the exit status is then 1.
"""

from __future__ import annotations

import sys
from pathlib import Path


def run_report(given: list[str], out: str | None, as_json: bool, since: str | None,
               store: str | None, today: str | None, jobs: int | None = None) -> int:
    """Report on every plan of ``given`` (files and folders); return the exit status."""
    from generator.commands.check import parse_today
    from generator.report.portfolio import build_portfolio

    if out:
        from generator.report.page import check_not_for_buyer

        check_not_for_buyer(Path(out))
    day = parse_today(today)
    since_day = _parse_since(since)
    if jobs is not None and jobs < 1:
        from generator.errors import UsageError

        raise UsageError(f"--jobs {jobs}: give 1 or more")
    from generator.workers import default_jobs

    portfolio = build_portfolio(given, day, since_day, store, jobs or default_jobs())
    if out:
        _write_page(portfolio, Path(out))
    if as_json:
        from generator.report.data import report_json

        print(report_json(portfolio))
    elif not out or sys.stdout.isatty():
        _print_tables(portfolio)
    for error in portfolio.errors:
        where = f"{error.file}:{error.line}" if error.line else error.file
        print(f"dealroom: {where}: error: {error.message}", file=sys.stderr)
    return 1 if portfolio.errors else 0


def _parse_since(text: str | None):
    from generator.commands.check import parse_today
    from generator.errors import UsageError

    if text is None:
        return None
    try:
        return parse_today(text)
    except UsageError as error:
        raise UsageError(str(error).replace("--today", "--since")) from None


def _write_page(portfolio, out: Path) -> None:
    from generator.files import write_output
    from generator.report.page import report_html

    write_output(out, report_html(portfolio))
    print(f"wrote {out} (internal: never share it with a buyer)", file=sys.stderr)


def _print_tables(portfolio) -> None:
    from generator.report import terminal

    if sys.stdout.isatty():
        terminal.print_rich(portfolio)
    else:
        sys.stdout.write(terminal.report_text(portfolio))
