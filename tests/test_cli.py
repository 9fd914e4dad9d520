"""The ``dealroom`` command, run for real as a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from health_plans import HEALTHY

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMA = ROOT / "docs" / "check.schema.json"
CONSOLE_SCRIPT = Path(sys.executable).parent / "dealroom"
HEAVY = {"weasyprint", "docx", "cairosvg", "googleapiclient", "jinja2", "markdown_it"}
DAY = "2026-11-21"
PROBLEM_LINE = re.compile(r"^  (?P<file>\S+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): "
                          r"(?P<path>[^:]+): (?P<message>.+)$")


def dealroom(*args, cwd: Path = ROOT, script: bool = False) -> subprocess.CompletedProcess:
    command = [str(CONSOLE_SCRIPT)] if script else [sys.executable, "-m", "generator"]
    return subprocess.run(command + [str(a) for a in args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout


def example(name: str) -> str:
    return f"examples/{name}.yaml"


# -- help ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["check"], ["new"], ["recap"], ["remind"]],
                         ids=["dealroom", "check", "new", "recap", "remind"])
def test_help_exits_0_and_shows_an_example(command):
    done = dealroom(*command, "--help")
    assert done.returncode == 0, done.stderr
    assert "example:" in done.stdout
    example_line = next(line for line in done.stdout.splitlines()[done.stdout.splitlines().index(
        "example:") + 1:] if line.strip())
    assert example_line.strip().startswith("dealroom " + (command[0] if command else ""))
    assert done.stderr == ""


def test_help_lists_the_commands():
    out = dealroom("--help").stdout
    assert re.search(r"^\s+check\s+validate plans", out, re.M)
    assert re.search(r"^\s+new\s+write a starter plan", out, re.M)


def test_no_command_prints_help_and_exits_2():
    done = dealroom()
    assert done.returncode == 2
    assert "usage: dealroom" in done.stderr and not done.stdout
    no_traceback(done)


def test_version():
    done = dealroom("--version")
    assert done.returncode == 0
    assert re.fullmatch(r"dealroom \d+\.\d+\.\d+\S*\n", done.stdout)


def test_console_script_runs_the_same_command():
    assert CONSOLE_SCRIPT.is_file(), f"{CONSOLE_SCRIPT} is not installed"
    helped = dealroom("--help", script=True)
    assert helped.returncode == 0 and "example:" in helped.stdout
    checked = dealroom("check", example("enterprise"), "--today", DAY, script=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == dealroom("check", example("enterprise"), "--today", DAY).stdout
    assert "examples/enterprise.yaml · Corvane Logistics × Quillstone (corvane-quillstone)" in checked.stdout


# -- usage errors: exit 2, no traceback --------------------------------------------------


@pytest.mark.parametrize("args", [
    ["check", "examples/enterprise.yaml", "--bogus"],
    ["--bogus"],
    ["frobnicate"],
    ["check"],
    ["new", "x.yaml", "--buyer", "B"],
], ids=["unknown-flag", "unknown-top-flag", "unknown-command", "no-plan", "missing-required"])
def test_usage_errors_exit_2_without_a_traceback(args, tmp_path):
    done = dealroom(*args, cwd=ROOT if args[0] != "new" else tmp_path)
    assert done.returncode == 2
    no_traceback(done)
    assert "usage error" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_flag_is_named():
    done = dealroom("check", example("enterprise"), "--bogus")
    assert "unrecognized arguments: --bogus" in done.stderr


def test_missing_file_exits_2(tmp_path):
    done = dealroom("check", "no-such-plan.yaml", cwd=tmp_path)
    assert done.returncode == 2
    no_traceback(done)
    assert "no-such-plan.yaml: no such file" in done.stdout + done.stderr


def test_a_folder_is_not_a_plan(tmp_path):
    (tmp_path / "plans").mkdir()
    done = dealroom("check", "plans", cwd=tmp_path)
    assert done.returncode == 2
    no_traceback(done)
    assert "plans: is a folder, not a plan file" in done.stdout + done.stderr


def test_missing_file_wins_over_a_good_one(tmp_path):
    done = dealroom("check", ROOT / example("enterprise"), "missing.yaml", "--today", DAY, cwd=tmp_path)
    assert done.returncode == 2


def test_today_must_be_a_date():
    done = dealroom("check", example("enterprise"), "--today", "garbage")
    assert done.returncode == 2
    no_traceback(done)
    assert "--today 'garbage' is not a date; use YYYY-MM-DD" in done.stderr
    assert done.stdout == ""


def test_ignore_needs_known_codes():
    done = dealroom("check", example("enterprise"), "--ignore", "MAP999")
    assert done.returncode == 2
    no_traceback(done)
    assert "unknown finding code MAP999" in done.stderr
    assert done.stdout == ""


def test_ignore_drops_those_codes():
    done = dealroom("check", example("weak"), "--today", DAY, "--ignore", "map011,MAP017")
    assert done.returncode == 0
    assert "MAP011" not in done.stdout and "MAP017" not in done.stdout
    assert "MAP001" in done.stdout


# -- plans with errors: exit 1, file:line:column, nothing written ------------------------------

BROKEN = """\
dealroom: 1
deal:
  id: globex-acme
  title: Globex × Acme
  buyer: Globex
  seller: Acme
  go_live: 2027-03-01
objectives:
  - title: Onboard faster
people:
  - {id: bea-buyer, name: Bea Buyer, side: buyer, role: champion}
workstreams:
  - {id: legal, name: Legal}
tasks:
  - id: redlines
    title: Globex legal returns redlines
    workstream: legal
    owner: nobody
    due: 2027-02-30
"""


def test_a_plan_with_errors_exits_1_and_lists_every_error_where_it_is(tmp_path):
    plan = tmp_path / "broken.yaml"
    plan.write_text(BROKEN, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    done = dealroom("check", "broken.yaml", "--today", DAY, cwd=tmp_path)
    assert done.returncode == 1
    no_traceback(done)
    lines = done.stdout.splitlines()
    assert lines[0] == "broken.yaml: 2 errors; the plan cannot be used until they are fixed"
    problems = [PROBLEM_LINE.match(line) for line in lines[1:] if line.strip()]
    assert all(problems), lines
    assert [(m["file"], m["line"], m["column"], m["severity"], m["path"]) for m in problems] == [
        ("broken.yaml", "18", "12", "error", "tasks[0].owner"),
        ("broken.yaml", "19", "10", "error", "tasks[0].due"),
    ]
    assert lines[1] == "  broken.yaml:18:12: error: tasks[0].owner: unknown person 'nobody'; people are: bea-buyer"
    assert "2027-02-30" in problems[1]["message"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert plan.read_text(encoding="utf-8") == BROKEN


def test_yaml_syntax_error_exits_1_with_its_position(tmp_path):
    (tmp_path / "bad.yaml").write_text("dealroom: 1\ndeal: [unclosed\n", encoding="utf-8")
    done = dealroom("check", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 1
    no_traceback(done)
    assert re.search(r"^  bad\.yaml:\d+:\d+: error: YAML syntax: ", done.stdout, re.M)


# -- the examples ------------------------------------------------------------------------------


def test_check_every_example():
    assert [p.name for p in EXAMPLES] == ["enterprise.yaml", "midmarket.yaml", "weak.yaml"]
    done = dealroom("check", *[f"examples/{p.name}" for p in EXAMPLES], "--today", DAY)
    assert done.returncode == 0, done.stdout + done.stderr
    no_traceback(done)
    sections = done.stdout.split("\n\n")
    assert [s.splitlines()[0].split(" · ")[0] for s in sections] == [
        "examples/enterprise.yaml", "examples/midmarket.yaml", "examples/weak.yaml"]
    weak = sections[2]
    codes = set(re.findall(r"^    (MAP\d{3}) ", weak, re.M))
    assert len(codes) >= 8, codes
    assert {"MAP001", "MAP002", "MAP003", "MAP005", "MAP013", "MAP014", "MAP017"} <= codes
    for strong in sections[:2]:
        assert "  no findings" in strong.splitlines()


def test_strict_fails_on_the_weak_example():
    done = dealroom("check", example("weak"), "--today", DAY, "--strict")
    assert done.returncode == 1
    no_traceback(done)


@pytest.mark.parametrize("name", ["enterprise", "midmarket"])
def test_strict_passes_on_the_strong_examples(name):
    done = dealroom("check", example(name), "--today", DAY, "--strict")
    assert done.returncode == 0, done.stdout


def test_strict_fails_when_any_plan_has_warnings():
    done = dealroom("check", example("enterprise"), example("weak"), "--today", DAY, "--strict")
    assert done.returncode == 1


# -- unknown keys: a warning, an error under --strict ------------------------------------------


def _typo_plan(tmp_path) -> Path:
    text = HEALTHY.replace("    if_missed: The security review cannot start.\n",
                           "    if_missed: The security review cannot start.\n    colour: blue\n", 1)
    assert text != HEALTHY
    plan = tmp_path / "typo.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def test_healthy_plan_passes_strict(tmp_path):
    (tmp_path / "healthy.yaml").write_text(HEALTHY, encoding="utf-8")
    done = dealroom("check", "healthy.yaml", "--today", "2026-11-16", "--strict", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "  no findings" in done.stdout.splitlines()


def test_unknown_key_is_a_warning(tmp_path):
    _typo_plan(tmp_path)
    done = dealroom("check", "typo.yaml", "--today", "2026-11-16", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert re.search(r"^  typo\.yaml:\d+:5: warning: tasks\[0\]\.colour: unknown key 'colour'",
                     done.stdout, re.M), done.stdout
    assert "  no findings" in done.stdout.splitlines()


def test_unknown_key_is_an_error_under_strict(tmp_path):
    _typo_plan(tmp_path)
    done = dealroom("check", "typo.yaml", "--today", "2026-11-16", "--strict", cwd=tmp_path)
    assert done.returncode == 1
    no_traceback(done)
    assert done.stdout.startswith("typo.yaml: 1 error; the plan cannot be used")
    assert re.search(r"^  typo\.yaml:\d+:5: error: tasks\[0\]\.colour: unknown key 'colour'",
                     done.stdout, re.M), done.stdout


# -- --json ------------------------------------------------------------------------------------


def _validate(document: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(document)


def test_json_report_of_the_examples_validates_against_the_schema():
    done = dealroom("check", *[f"examples/{p.name}" for p in EXAMPLES], "--today", DAY, "--json")
    assert done.returncode == 0
    document = json.loads(done.stdout)
    _validate(document)
    assert document["schema"] == "dealroom.check/1"
    assert (document["today"], document["strict"], document["exit_status"]) == (DAY, False, 0)
    assert [p["file"] for p in document["plans"]] == [f"examples/{p.name}" for p in EXAMPLES]
    weak = document["plans"][2]
    assert weak["deal_id"] == "harrowgate-parcelwise" and weak["valid"] is True
    assert len({f["code"] for f in weak["findings"]}) >= 8
    assert [s["code"] for s in weak["skipped_rules"]] == ["MAP007", "MAP016"]
    assert weak["metrics"]["acceptance"] == {"accepted": False, "by": None, "on": None}
    assert document["plans"][0]["findings"] == []


def test_json_report_of_errors_and_missing_files_validates(tmp_path):
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    _typo_plan(tmp_path)
    done = dealroom("check", "broken.yaml", "typo.yaml", "missing.yaml", "--today", DAY, "--json",
                    cwd=tmp_path)
    assert done.returncode == 2
    document = json.loads(done.stdout)
    _validate(document)
    broken, typo, missing = document["plans"]
    assert (broken["valid"], broken["exit_status"], broken["metrics"]) == (False, 1, None)
    assert [(e["line"], e["column"], e["path"]) for e in broken["errors"]] == [
        (18, 12, "tasks[0].owner"), (19, 10, "tasks[0].due")]
    assert typo["valid"] is True and [w["path"] for w in typo["warnings"]] == ["tasks[0].colour"]
    assert missing["unreadable"] == "missing.yaml: no such file" and missing["exit_status"] == 2


def test_json_strict_report_validates(tmp_path):
    done = dealroom("check", example("weak"), "--today", DAY, "--json", "--strict")
    assert done.returncode == 1
    document = json.loads(done.stdout)
    _validate(document)
    assert (document["strict"], document["exit_status"]) == (True, 1)


# -- start-up: check and --help stay light -----------------------------------------------------


def _imported(*args) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    names = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    assert "generator.cli" in names  # the import log was read
    return names


@pytest.mark.parametrize("args", [
    ["--help"], ["check", "--help"], ["new", "--help"],
    ["check", "examples/enterprise.yaml", "examples/weak.yaml", "--today", DAY],
    ["check", "examples/weak.yaml", "--today", DAY, "--json"],
], ids=["help", "check-help", "new-help", "check", "check-json"])
def test_check_and_help_do_not_import_heavy_libraries(args):
    heavy = {name for name in _imported(*args) if name.split(".")[0] in HEAVY}
    assert heavy == set()


def test_the_import_probe_sees_a_heavy_library_when_one_is_imported():
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import jinja2"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    names = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "jinja2" in names


def test_check_in_process_leaves_heavy_libraries_out_of_sys_modules():
    program = (
        "import sys\n"
        "from generator.cli import main\n"
        "main(['check', 'examples/weak.yaml', '--today', '2026-11-21'])\n"
        "try:\n"
        "    main(['check', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {sorted(HEAVY)!r}\n"
        "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "HEAVY []"
