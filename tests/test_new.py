"""``dealroom new``: starter plans that work backwards from go-live."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.new import run_new
from generator.plan.dates import parse_relative
from generator.errors import UsageError
from generator.health import assess
from generator.plan.loader import load_plan

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 16)                   # a Monday
GO_LIVE = TODAY + dt.timedelta(weeks=20)        # Monday 5 Apr 2027: no step near a quarter end
TEMPLATES = ("enterprise", "midmarket", "smb")
STANDARD = {"security_review", "legal_review", "procurement", "executive_approval", "signature", "kickoff"}
DRAFT_FINDINGS = {"MAP003", "MAP005", "MAP012", "MAP013", "MAP014"}
D = dt.date


def new(tmp_path: Path, template: str = "enterprise", buyer: str = "Northwind Health",
        seller: str = "Acme Analytics", go_live: dt.date = GO_LIVE, deal_id: str | None = None,
        name: str = "plan.yaml"):
    path = tmp_path / name
    status = run_new(str(path), buyer=buyer, seller=seller, go_live=go_live.isoformat(),
                     template=template, deal_id=deal_id, force=False, today=TODAY)
    assert status == 0
    return path, load_plan(path)


def dealroom(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


# -- what a starter plan holds ---------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_starter_plan_loads_cleanly(tmp_path, template):
    path, loaded = new(tmp_path, template)
    assert loaded.warnings == ()
    plan = loaded.plan
    assert plan.deal.go_live == GO_LIVE
    assert plan.deal.id == "northwind-health-acme-analytics"
    assert (plan.deal.buyer, plan.deal.seller) == ("Northwind Health", "Acme Analytics")
    assert plan.deal.title == "Northwind Health × Acme Analytics"


@pytest.mark.parametrize("template,steps,signature", [
    ("enterprise", 11, D(2027, 3, 8)),   # go_live - 4w
    ("midmarket", 10, D(2027, 3, 8)),    # go_live - 4w
    ("smb", 9, D(2027, 3, 15)),          # go_live - 3w
])
def test_dates_resolve_backwards_from_go_live(tmp_path, template, steps, signature):
    plan = new(tmp_path, template)[1].plan
    tasks = {t.id: t for t in plan.tasks}
    assert len(tasks) == steps
    assert plan.deal.signature == signature < GO_LIVE
    sign, kickoff = tasks["sign-contract"], tasks["kickoff"]
    assert sign.kind == "signature" and sign.due == signature
    assert kickoff.kind == "kickoff" and signature < kickoff.due <= GO_LIVE
    before = [t for t in plan.tasks if t.id not in ("sign-contract", "kickoff")]
    assert before and all(t.due and t.due < signature for t in before), \
        [(t.id, t.due) for t in before if not (t.due and t.due < signature)]
    for task in plan.tasks:  # and after everything it depends on
        for prerequisite in task.depends_on:
            assert tasks[prerequisite].due <= task.due, (task.id, prerequisite)


def test_enterprise_dates_by_hand(tmp_path):
    plan = new(tmp_path, "enterprise")[1].plan
    assert {t.id: t.due for t in plan.tasks} == {
        "business-case": D(2027, 1, 18),           # signature - 7w
        "success-criteria": D(2027, 1, 11),        # signature - 8w
        "technical-validation": D(2027, 2, 1),     # signature - 5w
        "security-questionnaire": D(2027, 1, 18),  # signature - 7w
        "security-review": D(2027, 2, 8),          # questionnaire + 15bd
        "contract-draft": D(2027, 1, 25),          # signature - 6w
        "legal-review": D(2027, 2, 15),            # contract-draft + 15bd
        "procurement": D(2027, 3, 1),              # signature - 1w
        "executive-approval": D(2027, 3, 3),       # signature - 3bd (Mon 8 Mar -> Wed 3 Mar)
        "sign-contract": D(2027, 3, 8),            # signature
        "kickoff": D(2027, 3, 15),                 # sign-contract + 1w
    }


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_standard_step_is_present(tmp_path, template):
    plan = new(tmp_path, template)[1].plan
    kinds = [t.kind for t in plan.tasks]
    assert STANDARD <= set(kinds)
    assert "technical_validation" in kinds
    assert ("business_case" in kinds) == (template != "smb")


@pytest.mark.parametrize("template,weeks", [("enterprise", 4), ("midmarket", 4), ("smb", 3)])
def test_relative_dates_are_kept_as_written(tmp_path, template, weeks):
    path, loaded = new(tmp_path, template)
    text = path.read_text(encoding="utf-8")
    assert f"  signature: go_live - {weeks}w\n" in text
    assert "    due: signature - 1w\n" in text
    assert "    due: signature - 3bd\n" in text
    assert "    due: sign-contract + 1w\n" in text
    assert re.search(r"^    due: security-questionnaire \+ \d+bd$", text, re.M)
    assert f"  go_live: {GO_LIVE.isoformat()}\n" in text
    # every step is relative: nothing but go-live is pinned to a calendar date
    assert all(t.due_written and parse_relative(t.due_written) for t in loaded.plan.tasks)
    assert loaded.plan.deal.signature_written == f"go_live - {weeks}w"
    assert not re.search(r"^    due: \d{4}-", text, re.M)


def test_the_file_says_what_to_do_next(tmp_path, capsys):
    path, _ = new(tmp_path, "enterprise")
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"wrote {path}: 11 steps from 11 Jan 2027 to go-live on 5 Apr 2027, signature 8 Mar 2027",
        f"next: replace the '(name TBD)' people, then run: dealroom check {path}",
    ]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Mutual action plan: Northwind Health × Acme Analytics\n")
    assert "(enterprise template) on 2026-11-16" in text


def test_a_go_live_too_close_warns_about_late_steps(tmp_path, capsys):
    path, loaded = new(tmp_path, "smb", go_live=TODAY + dt.timedelta(weeks=4))
    out = capsys.readouterr().out
    late = sorted(t.id for t in loaded.plan.tasks if t.due < TODAY)
    assert late
    assert f"note: {len(late)} step(s) would already be late" in out
    assert path.exists()


# -- check on a draft ---------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_draft_has_exactly_the_findings_of_a_draft(tmp_path, template):
    plan = new(tmp_path, template)[1].plan
    findings = assess(plan, TODAY).findings
    assert {f.code for f in findings} == DRAFT_FINDINGS
    # every task names a '(name TBD)' owner; every gate is a placeholder
    assert sorted(f.subject_id for f in findings if f.code == "MAP003") == sorted(t.id for t in plan.tasks)
    assert sorted(f.subject_id for f in findings if f.code == "MAP005") == sorted(
        t.id for t in plan.tasks if t.gate)


def test_draft_findings_read_right(tmp_path):
    plan = new(tmp_path, "enterprise")[1].plan
    by_code = {}
    for finding in assess(plan, TODAY).findings:
        by_code.setdefault(finding.code, []).append(finding)
    assert [(f.subject, f.message) for f in by_code["MAP012"]] == [(
        "task success-criteria",
        "The buyer's next step is a placeholder (11 Jan 2027): agree the date with Technical "
        "evaluator (name TBD) and Solutions engineer (name TBD) on the next call and mark it committed.")]
    assert by_code["MAP014"][0].message == (
        "Nothing says why Northwind Health must be live by 5 Apr 2027: ask for the event behind "
        "the date and write it in deal.go_live_reason.")
    assert by_code["MAP003"][0].message == (
        "'Champion (name TBD)' is not a person: name who at Northwind Health will actually do "
        "'The champion presents the business case to the economic buyer'.")


def test_a_small_draft_can_pile_up_at_quarter_end(tmp_path):
    # smb puts three steps on signature - 3w: with go-live on 10 May 2027 that is
    # Monday 29 Mar, inside the last five business days of 2027 Q1.
    plan = new(tmp_path, "smb", go_live=D(2027, 5, 10))[1].plan
    findings = assess(plan, TODAY).findings
    assert {f.code for f in findings} == DRAFT_FINDINGS | {"MAP017"}
    (pile,) = [f for f in findings if f.code == "MAP017"]
    assert (pile.subject, pile.message) == (
        "quarter 2027-Q1",
        "3 tasks are due in the last 5 business days of 2027 Q1 (technical-validation, "
        "security-review, contract-draft): spread them out, or say which can slip.")


def test_check_command_on_a_draft(tmp_path):
    new(tmp_path, "midmarket")
    done = dealroom("check", "plan.yaml", "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert set(re.findall(r"^    (MAP\d{3}) ", done.stdout, re.M)) == DRAFT_FINDINGS
    assert dealroom("check", "plan.yaml", "--today", TODAY, "--strict", cwd=tmp_path).returncode == 1


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("buyer,seller", [
    ('Zürich "Nord": AG & Co', "Acme Analytics"),
    ("O'Reilly & Sons", 'Data "Labs": #1'),
    ("Acme: {Data} [Labs] # not a comment", "- dash, first"),
    ("株式会社テスト", "Société Générale — Ünïcödé"),
    ("yes", "null"),
    ("2027-01-01", "{{ 7 * 7 }}"),
    ("back\\slash \\n not a newline", "50% off: 'quoted' & \"double\""),
])
def test_names_round_trip_exactly(tmp_path, buyer, seller):
    loaded = new(tmp_path, "smb", buyer=buyer, seller=seller, deal_id="a-deal")[1]
    deal = loaded.plan.deal
    assert (deal.buyer, deal.seller) == (buyer, seller)
    assert deal.title == f"{buyer} × {seller}"
    assert loaded.warnings == ()
    assert any(buyer in t.title for t in loaded.plan.tasks)


def test_names_are_trimmed(tmp_path):
    deal = new(tmp_path, buyer="  Northwind Health ", seller=" Acme  ")[1].plan.deal
    assert (deal.buyer, deal.seller) == ("Northwind Health", "Acme")


def test_default_id_is_a_slug_of_both_names(tmp_path):
    deal = new(tmp_path, buyer='Zürich "Nord": AG & Co', seller="Acme")[1].plan.deal
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", deal.id)
    assert deal.id.endswith("-nord-ag-co-acme")


def test_given_id_is_used(tmp_path):
    assert new(tmp_path, deal_id="northwind-2027")[1].plan.deal.id == "northwind-2027"


# -- refusals: exit 2, nothing written ------------------------------------------------------------

ARGS = ["--buyer", "Northwind Health", "--seller", "Acme Analytics"]


def test_refuses_to_overwrite_without_force(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("my own plan\n", encoding="utf-8")
    done = dealroom("new", "plan.yaml", *ARGS, "--go-live", GO_LIVE, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "plan.yaml already exists; choose another name or pass --force" in done.stderr
    assert plan.read_text(encoding="utf-8") == "my own plan\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_overwrites_with_force(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("my own plan\n", encoding="utf-8")
    done = dealroom("new", "plan.yaml", *ARGS, "--go-live", GO_LIVE, "--force", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load_plan(plan).plan.deal.go_live == GO_LIVE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]  # no temporary left


def test_in_process_refusal_is_a_usage_error(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("x\n", encoding="utf-8")
    with pytest.raises(UsageError):
        run_new(str(plan), "B", "S", GO_LIVE.isoformat(), "smb", None, False, today=TODAY)
    assert plan.read_text(encoding="utf-8") == "x\n"


@pytest.mark.parametrize("go_live", ["2027-02-30", "next spring", "05/04/2027", ""])
def test_bad_go_live_exits_2_and_writes_nothing(tmp_path, go_live):
    done = dealroom("new", "plan.yaml", *ARGS, "--go-live", go_live, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--go-live" in done.stderr and "YYYY-MM-DD" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("deal_id", ["Northwind", "north_wind", "north--wind", "-north", "north wind", ""])
def test_bad_id_exits_2_and_writes_nothing(tmp_path, deal_id):
    done = dealroom("new", "plan.yaml", *ARGS, "--go-live", GO_LIVE, f"--id={deal_id}", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "is not a valid id" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("flag,value", [("--buyer", "North\nwind"), ("--seller", "Acme\tAnalytics"),
                                        ("--buyer", "   ")])
def test_bad_names_exit_2_and_write_nothing(tmp_path, flag, value):
    args = {"--buyer": "Northwind Health", "--seller": "Acme Analytics", flag: value}
    done = dealroom("new", "plan.yaml", "--buyer", args["--buyer"], "--seller", args["--seller"],
                    "--go-live", GO_LIVE, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_template_exits_2(tmp_path):
    done = dealroom("new", "plan.yaml", *ARGS, "--go-live", GO_LIVE, "--template", "huge", cwd=tmp_path)
    assert done.returncode == 2
    assert "invalid choice: 'huge'" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_writes_a_plan_that_check_accepts(tmp_path):
    done = dealroom("new", "deal.yaml", *ARGS, "--go-live", GO_LIVE, "--template", "smb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote deal.yaml: 9 steps from 15 Feb 2027 to go-live on 5 Apr 2027")
    assert dealroom("check", "deal.yaml", "--today", TODAY, cwd=tmp_path).returncode == 0
