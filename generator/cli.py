"""The ``dealroom`` command: a thin layer over the library.

Each sub-command parses its flags, calls the library and prints. Heavy
libraries are imported inside the commands that need them, so ``--help``
and ``check`` start fast. A :class:`DealroomError` is printed as
``category: message`` with its exit status; anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from generator import __version__
from generator.errors import DealroomError

EXAMPLES = {
    "check": "example:\n  dealroom check examples/enterprise.yaml examples/weak.yaml\n"
             "  dealroom check plan.yaml --json --today 2026-12-01",
    "new": "example:\n  dealroom new northwind.yaml --buyer 'Northwind Health' "
           "--seller 'Acme Analytics' --go-live 2027-03-01",
    "publish": "example:\n  dealroom publish examples/enterprise.yaml --note 'After the 21 Nov call' "
               "--reason S3='CISO out until the 14th'\n"
               "  dealroom publish plan.yaml --to html,pdf,gdoc --share ana@buyer.example:commenter\n"
               "  dealroom publish deals/ --to html,pdf --jobs 4 --note 'Nightly publish'",
    "sign-in": "example:\n  dealroom sign-in --client-secrets ~/Downloads/client_secret_1234.json",
    "history": "example:\n  dealroom history examples/enterprise.yaml\n"
               "  dealroom history plan.yaml --json",
    "recap": "example:\n  dealroom recap examples/enterprise.yaml --attach\n"
             "  dealroom recap plan.yaml --to champion,tomas-lindqvist --cc sofia-marin --since 1",
    "remind": "example:\n  dealroom remind examples/enterprise.yaml --today 2026-11-28\n"
              "  dealroom remind plan.yaml --days 10 --cc champion --send",
    "import": "example:\n  dealroom import examples/enterprise.yaml corvane-quillstone-edited.docx\n"
              "  dealroom import plan.yaml --gdoc --apply\n"
              "  dealroom import plan.yaml edited.docx --apply --prefer buyer\n"
              "  dealroom import plan.yaml edited.docx --json --take S3.due=seller",
    "report": "example:\n  dealroom report examples/\n"
              "  dealroom report deals/ -o report.html --since 2026-11-20\n"
              "  dealroom report deals/*.yaml --json --store team.sqlite3\n"
              "  dealroom report --store postgresql://reports@db.example/dealroom   # the whole team",
    "render": "example:\n  dealroom render examples/enterprise.yaml --to html,pdf,brief -o out\n"
              "  dealroom render plan.yaml --to review --theme print --paper Letter",
}


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and no traceback on a usage error."""

    def error(self, message: str):  # noqa: D102 - argparse's own contract
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: usage error: {message}\n")


class _Commands:
    """The sub-commands, of which only the chosen one gets its arguments.

    Defining every command's arguments costs argparse more than ``--help`` and
    ``check`` may spend starting up, and only one command runs per process.
    """

    def __init__(self, subparsers, chosen: str | None):
        self.subparsers = subparsers
        self.chosen = chosen

    def add_parser(self, name: str, **options):
        parser = self.subparsers.add_parser(name, **options)
        return parser if self.chosen in (None, name) else _NotChosen()


class _NotChosen:
    """Stands for a command that will not run in this process."""

    def add_argument(self, *args, **options) -> None:
        pass

    def set_defaults(self, **values) -> None:
        pass


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``chosen``, only that command's arguments are defined."""
    parser = _Parser(prog="dealroom", description="Mutual action plans kept in one YAML file: "
                     "start one that works backwards from go-live, and check its health.",
                     epilog="example:\n  dealroom check examples/*.yaml\n\n"
                            "run 'dealroom COMMAND --help' for each command's options and an example",
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"dealroom {__version__}")
    commands = _Commands(parser.add_subparsers(dest="command", metavar="COMMAND",
                                               parser_class=_Parser), chosen)
    _add_check(commands)
    _add_new(commands)
    _add_render(commands)
    _add_publish(commands)
    _add_import(commands)
    _add_sign_in(commands)
    _add_history(commands)
    _add_recap(commands)
    _add_remind(commands)
    _add_report(commands)
    return parser


def _command(commands, name: str, summary: str) -> argparse.ArgumentParser:
    return commands.add_parser(name, help=summary, description=summary, epilog=EXAMPLES[name],
                               formatter_class=argparse.RawDescriptionHelpFormatter)


def _add_check(commands) -> None:
    check = _command(commands, "check", "validate plans and print their health findings and "
                     "metrics; never writes")
    check.add_argument("plans", nargs="+", metavar="PLAN", help="plan files (YAML)")
    check.add_argument("--strict", action="store_true",
                       help="unknown keys are errors, and any warning exits with status 1")
    check.add_argument("--json", action="store_true", help="print the documented JSON "
                       "report (docs/check-json.md) instead of text")
    check.add_argument("--today", metavar="DATE", help="judge the plan as of DATE "
                       "(YYYY-MM-DD) instead of today")
    check.add_argument("--ignore", metavar="CODES", default="",
                       help="comma list of finding codes not to report, e.g. MAP011,MAP017")
    _store_option(check)
    check.set_defaults(run=_run_check)


def _add_new(commands) -> None:
    new = _command(commands, "new", "write a starter plan that works backwards from go-live")
    new.add_argument("plan", metavar="PLAN", help="the plan file to write")
    new.add_argument("--buyer", required=True, help="the buying organisation")
    new.add_argument("--seller", required=True, help="your organisation")
    new.add_argument("--go-live", required=True, metavar="DATE",
                     help="the buyer's target go-live date, YYYY-MM-DD")
    new.add_argument("--template", default="enterprise", choices=("enterprise", "midmarket", "smb"),
                     help="how many steps to start from (default: enterprise)")
    new.add_argument("--id", dest="deal_id", metavar="SLUG",
                     help="deal id (default: made from the buyer and seller names)")
    new.add_argument("--force", action="store_true", help="overwrite PLAN if it exists")
    new.set_defaults(run=_run_new)


def _add_render(commands) -> None:
    from generator.writers import WRITERS

    render = _command(commands, "render", "write the deal room (web page, PDF, brief, Word "
                      "document, calendar) or the seller's review, without recording a revision")
    render.add_argument("plan", metavar="PLAN", help="the plan file")
    render.add_argument("--to", dest="formats", default="html", metavar="FORMATS",
                        help="comma list of: " + "; ".join(f"{w.name}: {w.summary}"
                                                           for w in WRITERS.values()))
    render.add_argument("-o", "--out", default="out", metavar="DIR",
                        help="write into DIR/<deal-id>/ (default: out)")
    _theme_option(render)
    render.add_argument("--templates", metavar="DIR",
                        help="your own templates, searched before the theme's and the built-in ones")
    render.add_argument("--paper", choices=("A4", "Letter"),
                        help="paper size of the PDF and the Word document")
    render.add_argument("--locale", help="locale of dates, e.g. en_GB (default), en_US, de_DE")
    _today_option(render)
    _store_option(render)
    render.set_defaults(run=_run_render)


def _run_render(args) -> int:
    from generator.commands.render import run_render

    return run_render(args.plan, args.formats, args.out, args.theme, args.templates, args.paper,
                      args.locale, args.today, args.store)


def _add_publish(commands) -> None:
    publish = _command(commands, "publish", "record a revision in the history store, then write "
                       "the versioned deal room (OUT/<deal-id>/ and OUT/<deal-id>/v<N>/)")
    if isinstance(publish, _NotChosen):
        return  # its default formats are not worth an import when another command runs
    from generator.publishing.folders import DEFAULT_FORMATS

    publish.add_argument("plan", metavar="PLAN", help="the plan file, or a folder: every plan "
                         "in it (*.yaml, *.yml) is published, --jobs at a time")
    publish.add_argument("--to", dest="formats", metavar="FORMATS",
                         help=f"comma list of formats (default: {','.join(DEFAULT_FORMATS)})")
    publish.add_argument("--note", help="what this version is about, shown to the buyer in the "
                         "deal room's revision history; also the reason for every moved date "
                         "that has none of its own")
    publish.add_argument("--seller-note", metavar="TEXT", help="a note for your team only: kept "
                         "in the history store, shown by 'dealroom history' and the seller's "
                         "review, never to the buyer")
    publish.add_argument("--reason", action="append", default=[], metavar="CODE=WHY",
                         help="why a task's date moved, e.g. S3='CISO out until the 14th' "
                              "(repeatable; at a terminal you are asked)")
    publish.add_argument("--author", help="who publishes (default: DEALROOM_AUTHOR, git's "
                                          "user.name, or your login)")
    publish.add_argument("-o", "--out", default="out", metavar="DIR", help="default: out")
    publish.add_argument("--jobs", type=int, metavar="N", help="with a folder: publish N plans "
                         "at a time, each in a process of its own (default: the number of cores; "
                         "1 publishes them one after another in this process)")
    _store_option(publish)
    _theme_option(publish)
    _today_option(publish)
    _google_publish_options(publish)
    publish.set_defaults(run=_run_publish)


def _google_publish_options(publish) -> None:
    """The flags of ``--to gdoc`` (docs/google.md)."""
    google = publish.add_argument_group("the Google Doc (--to gdoc, see docs/google.md)")
    google.add_argument("--gdoc-folder", metavar="FOLDER", help="the Drive folder (its id or "
                        "link) a new Google Doc is created in (default: the plan's "
                        "publishing.google_folder, else your My Drive)")
    google.add_argument("--share", action="append", default=[], metavar="EMAIL[:ROLE]",
                        help="give EMAIL the document as commenter (default) or writer; Google "
                             "e-mails them (repeatable)")
    google.add_argument("--force", action="store_true", help="write the new version even though "
                        "the document changed since dealroom last wrote or imported it (the "
                        "buyer's unimported edits are lost)")
    google.add_argument("--new-gdoc", action="store_true", help="start a new Google Doc instead "
                        "of updating the recorded one (it gets a new link)")
    google.add_argument("--dry-run", action="store_true", help="print the Google requests that "
                        "would be sent; send, record and write nothing (needs no sign-in)")
    _service_account_option(google)


def _service_account_option(group) -> None:
    group.add_argument("--service-account", metavar="KEY", help="a service account's JSON key "
                       "instead of your sign-in (default: DEALROOM_GOOGLE_SERVICE_ACCOUNT)")


def _run_publish(args) -> int:
    from generator.commands.publish import GoogleFlags, run_publish

    google = GoogleFlags(folder=args.gdoc_folder, shares=tuple(args.share), force=args.force,
                         new_document=args.new_gdoc, dry_run=args.dry_run,
                         service_account=args.service_account)
    if os.path.isdir(args.plan):
        from generator.commands.publish_folder import refuse_single_plan_flags, run_publish_folder

        refuse_single_plan_flags(args.plan, args.formats, args.reason, google.given())
        return run_publish_folder(args.plan, args.formats, args.note, args.author, args.out,
                                  args.store, args.today, args.theme, args.seller_note, args.jobs)
    if args.jobs is not None:
        from generator.errors import UsageError

        raise UsageError(f"--jobs is for a folder of plans, and {args.plan} is one plan")
    return run_publish(args.plan, args.formats, args.note, args.author, args.out, args.store,
                       args.reason, args.today, args.theme, args.seller_note, google=google)


def _add_import(commands) -> None:
    imported = _command(commands, "import", "read the buyer's edits back from an edited Word deal "
                        "room or the deal's Google Doc: list them against the version it was "
                        "made from, and with --apply merge them into the plan and record a "
                        "revision")
    imported.add_argument("plan", metavar="PLAN", help="the plan file")
    imported.add_argument("document", metavar="FILE", nargs="?",
                          help="the edited .docx (not with --gdoc)")
    imported.add_argument("--gdoc", action="store_true", help="read the deal's Google Doc (the "
                          "one publish --to gdoc wrote), its suggestions and comments included")
    imported.add_argument("--apply", action="store_true", help="write the merged plan (the old "
                          "one kept in .dealroom/backups/) and record a revision")
    imported.add_argument("--prefer", choices=("buyer", "seller"),
                          help="decide every conflict for this side")
    imported.add_argument("--take", action="append", default=[], metavar="CODE.FIELD=SIDE",
                          help="decide one conflict, e.g. S3.due=buyer (repeatable)")
    imported.add_argument("--author", help="who is recorded as the revision's author (default: "
                          "the names in the buyer's tracked changes)")
    imported.add_argument("--json", action="store_true",
                          help="print the change set as JSON (docs/import.md)")
    _store_option(imported)
    _today_option(imported)
    _service_account_option(imported)
    imported.set_defaults(run=_run_import)


def _run_import(args) -> int:
    from generator.commands.import_document import run_import

    if args.gdoc == bool(args.document):
        from generator.errors import UsageError

        raise UsageError("import: give the edited .docx or --gdoc, not both" if args.gdoc else
                         "import: give the edited .docx, or --gdoc for the deal's Google Doc")
    return run_import(args.plan, args.document, apply=args.apply, prefer=args.prefer,
                      take=args.take, author=args.author, as_json=args.json, store=args.store,
                      today=args.today, gdoc=args.gdoc, service_account=args.service_account)


def _add_sign_in(commands) -> None:
    sign_in = _command(commands, "sign-in", "sign in to Google once, for publish --to gdoc and "
                       "import --gdoc (the token is kept in your config folder, readable by you "
                       "only; docs/google.md)")
    sign_in.add_argument("--client-secrets", metavar="FILE", help="the OAuth client of a Desktop "
                         "app, as downloaded from Google Cloud (default: "
                         "DEALROOM_GOOGLE_CLIENT_SECRETS)")
    sign_in.add_argument("--no-browser", action="store_true", help="print the address to open "
                         "instead of opening a browser")
    sign_in.set_defaults(run=_run_sign_in)


def _run_sign_in(args) -> int:
    from generator.commands.sign_in import run_sign_in

    return run_sign_in(args.client_secrets, open_browser=not args.no_browser)


def _add_history(commands) -> None:
    history = _command(commands, "history", "list revisions: who, when, source, what changed, "
                       "and the date slips with their reasons")
    history.add_argument("plan", metavar="PLAN", help="the plan file")
    history.add_argument("--json", action="store_true", help="print JSON instead of text")
    _store_option(history)
    history.set_defaults(run=_run_history)


def _run_history(args) -> int:
    from generator.commands.history import run_history

    return run_history(args.plan, args.store, args.json)


def _add_recap(commands) -> None:
    recap = _command(commands, "recap", "write the recap e-mail (.eml draft) for the latest "
                     "published version")
    recap.add_argument("plan", metavar="PLAN", help="the plan file")
    recap.add_argument("-o", "--out", metavar="FILE.eml",
                       help="default: out/<deal-id>.seller/recap-v<N>.eml")
    recap.add_argument("--since", type=int, metavar="REV",
                       help="list the changes since version REV (default: the version the last "
                            "recap was of, else the one before)")
    _recipients_option(recap, "--to", "To: person ids, roles (champion, legal ...), buyer:ROLE, "
                       "buyer, seller or none; comma list or repeated (default: the champion and "
                       "the buyer people with a step due in the next 14 days)")
    _recipients_option(recap, "--cc", "Cc, in the same words (default: the seller team)")
    recap.add_argument("--attach", action="store_true", help="attach the one-page brief (PDF)")
    _send_option(recap, "also send it through SMTP")
    _store_option(recap)
    _today_option(recap)
    recap.set_defaults(run=_run_recap)


def _run_recap(args) -> int:
    from generator.commands.recap import run_recap

    return run_recap(args.plan, args.out, args.since, args.attach, args.send, args.store,
                     args.today, args.to, args.cc)


def _add_remind(commands) -> None:
    remind = _command(commands, "remind", "write one reminder e-mail (.eml draft) to each buyer "
                      "person with a step due in the next days or late")
    remind.add_argument("plan", metavar="PLAN", help="the plan file")
    remind.add_argument("--days", type=int, default=7, metavar="N",
                        help="remind of steps due in the next N days, and late ones (default: 7)")
    _recipients_option(remind, "--cc", "copy every reminder to these people: person ids, roles, "
                       "buyer:ROLE, buyer or seller; comma list or repeated (default: nobody)")
    remind.add_argument("-o", "--out", default="out", metavar="DIR",
                        help="write DIR/<deal-id>.seller/reminders-v<N>/<person-id>.eml "
                             "(default: out)")
    _send_option(remind, "also send them through SMTP, as recap does")
    _store_option(remind)
    _today_option(remind)
    remind.set_defaults(run=_run_remind)


def _run_remind(args) -> int:
    from generator.commands.remind import run_remind

    return run_remind(args.plan, days=args.days, cc=args.cc, out=args.out, send=args.send,
                      store=args.store, today=args.today)


def _add_report(commands) -> None:
    report = _command(commands, "report", "the portfolio across deals, for your team only: "
                      "completion, slips, projections and findings per deal, then slippage and "
                      "durations by kind of step (docs/report.md)")
    report.add_argument("plans", nargs="*", metavar="PLAN_OR_DIR",
                        help="plan files, or folders whose *.yaml and *.yml files are plans; none: "
                             "every deal of the history store (--store or DEALROOM_STORE), as "
                             "its latest revision holds it")
    report.add_argument("-o", "--out", metavar="FILE.html", help="also write the report as one "
                        "HTML page (internal: refused inside a buyer's published folder)")
    report.add_argument("--json", action="store_true", help="print the documented JSON "
                        "(docs/report.md) instead of tables")
    report.add_argument("--since", metavar="DATE", help="list the deals whose projection moved "
                        "most since DATE (YYYY-MM-DD)")
    report.add_argument("--jobs", type=int, metavar="N", help="read N plans at a time, each in "
                        "a process of its own, when there are many (default: the number of cores)")
    _store_option(report)
    _today_option(report)
    report.set_defaults(run=_run_report)


def _run_report(args) -> int:
    from generator.commands.report import run_report

    return run_report(args.plans, args.out, args.json, args.since, args.store, args.today,
                      jobs=args.jobs)


def _recipients_option(parser: argparse.ArgumentParser, flag: str, summary: str) -> None:
    parser.add_argument(flag, dest=flag[2:], action="append", default=[], metavar="WHO",
                        help=summary)


def _send_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--send", action="store_true", help=f"{what} (DEALROOM_SMTP_HOST, _PORT, "
                        "_USER, _PASSWORD, _STARTTLS)")


def _theme_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--theme", help="theme name (default: the plan's, else 'default')")


def _today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", metavar="DATE", help="as of DATE (YYYY-MM-DD) instead of today")


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="PATH", help="the history store: a SQLite file or a "
                        "team's postgresql://USER@HOST/DB (default: .dealroom/ beside the plan, "
                        "or DEALROOM_STORE)")


def _run_check(args) -> int:
    from generator.commands.check import run_check

    return run_check(args.plans, strict=args.strict, as_json=args.json, today=args.today,
                     ignore=args.ignore, store=args.store)


def _run_new(args) -> int:
    from generator.commands.new import run_new

    return run_new(args.plan, buyer=args.buyer, seller=args.seller, go_live=args.go_live,
                   template=args.template, deal_id=args.deal_id, force=args.force)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv and argv[0] in EXAMPLES else "")
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except DealroomError as error:
        print(f"dealroom: {error.category}: {error}", file=sys.stderr)
        for problem in _problems_of(error):
            print(f"  {problem}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("dealroom: interrupted; nothing was written", file=sys.stderr)
        return 130


def _problems_of(error: DealroomError) -> list:
    """Every problem a plan error carries (warnings too), in file order."""
    problems = getattr(error, "problems", []) + getattr(error, "warnings", [])
    return sorted(problems, key=lambda p: (p.line, p.column))
