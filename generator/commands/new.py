"""``dealroom new PLAN``: a starter plan that works backwards from go-live."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

from generator.plan.dates import OUTSIDE, readable, within_bounds
from generator.errors import PlanError, UsageError
from generator.plan.fields import ID_MAX_LENGTH
from generator.files import write_output
from generator.resources import shipped

SIZES = {"smb": 1, "midmarket": 2, "enterprise": 3}
SIGNATURE_WEEKS = {"smb": 3, "midmarket": 4, "enterprise": 4}


def deal_slug(buyer: str, seller: str) -> str:
    """A deal id made from the two names: ``northwind-health-acme-analytics``."""
    import unicodedata

    ascii_names = unicodedata.normalize("NFKD", f"{buyer} {seller}").encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_names.decode().lower()).strip("-")
    return _shortened(slug) or "new-deal"


def _shortened(slug: str) -> str:
    """``slug`` cut to the longest id allowed, at a hyphen when there is one to cut at."""
    if len(slug) <= ID_MAX_LENGTH:
        return slug
    cut = slug[:ID_MAX_LENGTH + 1].rfind("-")
    return slug[:cut] if cut > 0 else slug[:ID_MAX_LENGTH]


def yaml_text(value: str) -> str:
    """A string as a YAML scalar that reads back unchanged (JSON quoting)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def starter_plan(plan_file: str, buyer: str, seller: str, go_live: dt.date, template: str,
                 deal_id: str, today: dt.date) -> str:
    """The YAML text of a starter plan."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(loader=FileSystemLoader(shipped("templates") / "new"),
                              undefined=StrictUndefined, keep_trailing_newline=True)
    environment.filters["yaml_text"] = yaml_text
    return environment.get_template("plan.yaml.j2").render(
        plan_file=plan_file, buyer=buyer, seller=seller, go_live=go_live.isoformat(),
        deal_id=deal_id, template=template, size=SIZES[template], today=today.isoformat(),
        signature_weeks=SIGNATURE_WEEKS[template],
        confirm_by=min(go_live, today + dt.timedelta(days=14)).isoformat())


def _check_target(plan: Path, force: bool) -> None:
    """Only a plain file may be replaced, and only with ``--force``; links, folders,
    pipes and devices never are."""
    try:
        found = os.lstat(plan)
    except FileNotFoundError:
        return
    except OSError as error:
        raise UsageError(f"{plan}: cannot be written ({error.strerror})") from None
    if stat.S_ISLNK(found.st_mode):
        raise UsageError(f"{plan} is a symbolic link; dealroom new does not replace links; "
                         "choose another name")
    if not stat.S_ISREG(found.st_mode):
        raise UsageError(f"{plan} exists and is not a regular file (a folder, a pipe or a device); "
                         "choose another name")
    if not force:
        raise UsageError(f"{plan} already exists; choose another name or pass --force to replace it")


def _check_arguments(plan: Path, buyer: str, seller: str, go_live: str, deal_id: str | None,
                     force: bool) -> dt.date:
    _check_target(plan, force)
    if not buyer.strip() or not seller.strip():
        raise UsageError("--buyer and --seller need a name")
    for flag, name in (("--buyer", buyer), ("--seller", seller)):
        if not name.isprintable():  # a line break would end the YAML comment it is written into
            raise UsageError(f"{flag} {name!r} holds a line break or control character; "
                             "give the name on one line")
    if deal_id is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", deal_id):
        raise UsageError(f"--id {deal_id!r} is not a valid id; use lowercase letters, digits "
                         "and single hyphens")
    if deal_id is not None and len(deal_id) > ID_MAX_LENGTH:
        raise UsageError(f"--id is {len(deal_id)} characters long; a deal id may be at most "
                         f"{ID_MAX_LENGTH}")
    try:
        day = dt.date.fromisoformat(go_live)
    except ValueError:
        raise UsageError(f"--go-live {go_live!r} is not a date; use YYYY-MM-DD") from None
    if not within_bounds(day):
        raise UsageError(f"--go-live {go_live} is {OUTSIDE}")
    return day


def run_new(plan_file: str, buyer: str, seller: str, go_live: str, template: str,
            deal_id: str | None, force: bool, today: dt.date | None = None) -> int:
    """Write the starter plan, check it loads, and say what to do next."""
    from generator.plan.loader import read_plan

    plan, today = Path(plan_file), today or dt.date.today()
    day = _check_arguments(plan, buyer, seller, go_live, deal_id, force)
    text = starter_plan(plan_file, buyer.strip(), seller.strip(), day, template,
                        deal_id or deal_slug(buyer, seller), today)
    try:
        loaded = read_plan(text, plan_file)
    except PlanError as error:
        if all(OUTSIDE in problem.message for problem in error.problems):
            raise UsageError(f"--go-live {go_live} is too early: the starter plan's first steps "
                             f"would fall {OUTSIDE}; choose a later go-live") from None
        raise AssertionError(f"starter plan does not load: {error.problems}") from error
    write_output(plan, text)
    _say_next(plan_file, loaded.plan, today)
    return 0


def _say_next(plan_file: str, plan, today: dt.date) -> None:
    first = min(t.due for t in plan.tasks if t.due)
    print(f"wrote {plan_file}: {len(plan.tasks)} steps from {readable(first)} to go-live on "
          f"{readable(plan.deal.go_live)}, signature {readable(plan.deal.signature)}")
    late = [t.id for t in plan.tasks if t.due and t.due < today]
    if late:
        print(f"note: {len(late)} step(s) would already be late ({', '.join(late)}): "
              "move go-live or shorten the steps before you share the plan")
    print(f"next: replace the '(name TBD)' people, then run: dealroom check {plan_file}")
