"""A plan file from a hostile or careless user.

Whatever the file holds, dealroom answers with a plan error (exit 1) at the
line and column of what is wrong, or a usage error (exit 2): never a
traceback, a hang, a crash or unbounded memory, and nothing is written. Each
test here protects against one file that once did one of those things.
Logos, the other way a file could reach the buyer's page, are in test_logos.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.plan.dates import add_business_days, business_days_between
from generator.errors import PlanError
from generator.mail.addresses import ADDRESS, is_email_address
from generator.plan.loader import load_plan
from generator.plan.plan_file import MAX_DEPTH, SAFE_TO_COMPOSE, depth_bound, parse
from plans import MINIMAL, load, minimal_plan, problems

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-21"
BOUNDS = "outside the dates a plan may hold (1970-01-01 to 2199-12-31)"
TOO_DEEP = "lists and mappings nest more than 64 levels deep here; a plan needs far fewer"
ESCAPED = "is not allowed in text; remove the escape that writes it"


def dealroom(*args, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=timeout)


def refused(done: subprocess.CompletedProcess, status: int) -> str:
    """Everything the command said, once it is known to have refused cleanly."""
    said = done.stdout + done.stderr
    assert done.returncode == status, said[-2000:]
    assert "Traceback" not in said
    return said


def plan_file(folder: Path, text: str | bytes, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- nesting -------------------------------------------------------------------------------


def test_a_list_nested_10000_levels_deep_is_a_plan_error_at_the_first_level_too_deep(tmp_path):
    plan_file(tmp_path, "- " * 10_000 + "x\n")
    said = refused(dealroom("check", "plan.yaml", cwd=tmp_path, timeout=60), 1)
    assert f"plan.yaml:1:129: error: {TOO_DEEP}" in said  # the 65th '- '


def test_a_100000_deep_flow_list_is_refused_instead_of_crashing_the_parser(tmp_path):
    plan_file(tmp_path, "x: " + "[" * 100_000 + "]" * 100_000 + "\n")
    said = refused(dealroom("check", "plan.yaml", cwd=tmp_path, timeout=60), 1)  # not -11/139
    assert f"plan.yaml:1:67: error: {TOO_DEEP}" in said


def test_mappings_nested_too_deep_are_refused_at_their_line(tmp_path):
    text = "".join(" " * level + f"k{level}:\n" for level in range(100)) + " " * 100 + "end: 1\n"
    assert problems(text) == [f"plan.yaml:65:65: error: {TOO_DEEP}"]


def test_a_deep_document_only_yaml_1_2_reads_is_refused_by_the_second_parser_too():
    text = "links: {current: https://x.example/}\nx: " + "[" * 100 + "]" * 100 + "\n"
    assert problems(text) == [f"plan.yaml:2:67: error: {TOO_DEEP}"]


@pytest.mark.parametrize("levels", [70, 150], ids=["checked-while-built", "checked-from-events"])
def test_too_deep_is_said_alike_whether_found_while_building_or_from_the_events(levels):
    # up to SAFE_TO_COMPOSE levels (by the cheap bound) the tree's builder finds it, beyond it the event scan
    text = "x: " + "[" * levels + "]" * levels + "\n"
    assert (depth_bound(text) <= SAFE_TO_COMPOSE) == (levels == 70)
    assert problems(text) == [f"plan.yaml:1:67: error: {TOO_DEEP}"]


def test_64_levels_of_nesting_are_allowed():
    text = "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    value = parse(text, "plan.yaml")["x"]
    for _ in range(MAX_DEPTH - 2):
        value = value[0]
    assert value == []


def test_an_alias_cannot_nest_a_plan_deeper_than_64_levels():
    deep = "[" * 60 + "]" * 60
    text = f"a: &deep {deep}\nb: [[[[[[*deep]]]]]]\n"
    assert problems(text) == [
        "plan.yaml:2:10: error: b[0][0][0][0][0][0]: through this alias, lists and mappings nest "
        "more than 64 levels deep",
    ]


# the cheap bound that spares most plans the event scan must never be below the real depth

scalars = st.sampled_from(["a", "1", "'q'", '"d"', "x y"])
trees = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(["k", "key", "a b", "'q'"]), children, min_size=1, max_size=3),
    st.tuples(st.just("pair"), children),  # an implicit one-pair mapping inside a flow list
), max_leaves=25)


def _flow(node) -> str:
    if isinstance(node, tuple):
        return "[p: " + _flow(node[1]) + "]"
    if isinstance(node, list):
        return "[" + ", ".join(_flow(child) for child in node) + "]"
    if isinstance(node, dict):
        return "{" + ", ".join(f"{key}: {_flow(value)}" for key, value in node.items()) + "}"
    return node


def _block(node, indent: int, style) -> list[str]:
    """Lines for ``node`` as a block collection at ``indent`` (flow where the draw says so)."""
    pad = " " * indent
    if not isinstance(node, (list, dict)) or style.draw(st.booleans()):
        return [pad + _flow(node)]
    lines = []
    if isinstance(node, list):
        for child in node:
            step = style.draw(st.integers(1, 3))
            inner = _block(child, indent + step, style)
            if len(inner) == 1:
                lines.append(pad + "- " + inner[0].lstrip())
            elif step == 2 and style.draw(st.booleans()):  # compact: - - x, - key: value
                lines.extend([pad + "- " + inner[0][indent + 2:]] + inner[1:])
            else:
                lines.extend([pad + "-"] + inner)
        return lines
    for key, value in node.items():
        if isinstance(value, (list, dict)):
            same = isinstance(value, list) and style.draw(st.booleans())  # key:\n- item
            lines.append(f"{pad}{key}:")
            lines.extend(_block(value, indent if same else indent + style.draw(st.integers(1, 3)), style))
        else:
            lines.append(f"{pad}{key}: {_flow(value)}")
    return lines


def _real_depth(text: str) -> int | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = deepest = 0
    try:
        for event in YAML(typ="safe", pure=False).parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return None
    return deepest


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees, style=st.data(), top=st.sampled_from(["", "x:\n", "- "]))
def test_the_cheap_depth_bound_is_never_below_the_real_depth(tree, style, top):
    text = "\n".join(_block(tree, 0, style)) + "\n"
    if top == "- ":
        text = "- " + _flow(tree) + "\n"
    elif top:
        text = top + "\n".join(_block(tree, 2, style)) + "\n"
    real = _real_depth(text)
    if real is not None:
        assert depth_bound(text) >= real, text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.recursive(st.sampled_from(["a", 1, None]), lambda children: st.one_of(
    st.lists(children, min_size=1, max_size=3), st.dictionaries(st.sampled_from("abc"), children, min_size=1)),
    max_leaves=30),
    flow=st.sampled_from([None, False, True]), mapping=st.integers(2, 4), sequence=st.integers(2, 6),
    offset=st.integers(0, 4), line_end=st.sampled_from(["\n", "\r\n", "\r"]))
def test_the_cheap_depth_bound_holds_for_whatever_ruamel_writes(tree, flow, mapping, sequence, offset,
                                                                 line_end):
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = flow
    yaml.indent(mapping=mapping, sequence=sequence, offset=min(offset, sequence - 2))
    out = io.StringIO()
    yaml.dump({"top": tree}, out)
    text = out.getvalue().replace("\n", line_end)
    real = _real_depth(text)
    if real is not None:
        assert depth_bound(text) >= real, text


def test_the_examples_are_under_the_nesting_limit():
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert _real_depth(path.read_text(encoding="utf-8")) <= MAX_DEPTH


# -- size ----------------------------------------------------------------------------------


def test_a_plan_file_over_2_mib_is_a_plan_error_naming_its_size(tmp_path):
    plan_file(tmp_path, MINIMAL + "# " + "x" * (3 * 1024 * 1024) + "\n")
    said = refused(dealroom("check", "plan.yaml", cwd=tmp_path), 1)
    size = (tmp_path / "plan.yaml").stat().st_size
    assert (f"plan.yaml: error: the file is {size:,} bytes; a plan file may be at most 2 MiB "
            "(2,097,152 bytes)") in said


def test_plan_text_over_2_mib_is_refused_before_it_is_parsed():
    text = MINIMAL + "# " + "é" * (1024 * 1024) + "\n"  # 1 M characters, 2 MiB as UTF-8
    assert problems(text) == [
        f"plan.yaml: error: the file is {len(text.encode()):,} bytes; a plan file may be at most "
        "2 MiB (2,097,152 bytes)",
    ]


# -- aliases -------------------------------------------------------------------------------


def test_a_megabyte_aliased_into_2000_objectives_is_refused_at_the_alias(tmp_path):
    objectives = "".join("  - title: *big\n" for _ in range(2000))
    plan_file(tmp_path, f"dealroom: 1\nbig: &big {'a' * 1_000_000}\nobjectives:\n{objectives}")
    said = refused(dealroom("check", "plan.yaml", cwd=tmp_path, timeout=60), 1)
    assert ("plan.yaml:5:12: error: objectives[1].title: aliases repeat more than 1.0 MiB of text in "
            "all (this one brings it to 1.9 MiB); write less through aliases") in said


def test_aliases_of_aliases_are_counted_as_they_expand():
    lines = ["a: &a [" + ", ".join(["xxxxxxxxxx"] * 10) + "]"]
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]")
    # a: 111 characters, b: 1,111, c: 11,111, d: 111,111; the ninth *d of e passes a MiB in all
    assert problems("\n".join(lines) + "\n") == [
        "plan.yaml:5:40: error: e[8]: aliases repeat more than 1.0 MiB of text in all (this one "
        "brings it to 1.1 MiB); write less through aliases"]


@pytest.mark.parametrize(("text", "message"), [
    ("x: &a [*a]\n", "plan.yaml:1:8: error: x[0]: this alias refers to the list it is in"),
    ("x: &a {y: *a}\n", "plan.yaml:1:11: error: x.y: this alias refers to the mapping it is in"),
    ("x: &a [[[*a]]]\n", "plan.yaml:1:10: error: x[0][0][0]: this alias refers to the list it is in"),
], ids=["list", "mapping", "nested"])
def test_an_alias_to_the_collection_it_is_in_is_refused(text, message):
    assert problems(text) == [f"{message}, so the plan would contain itself; write the value out"]


def test_merge_keys_of_normal_size_keep_working():
    text = minimal_plan(
        replacing={"tasks:\n": "task_defaults: &defaults\n  workstream: legal\n  owner: bea-buyer\ntasks:\n"},
        tasks="""
            - <<: *defaults
              id: kickoff
              title: Globex runs the kickoff
              due: redlines + 5bd
        """)
    plan = load(text).plan  # an unknown top-level key is a warning, not an error
    assert [(t.id, t.workstream, t.owners) for t in plan.tasks] == [
        ("redlines", "legal", ("bea-buyer",)), ("kickoff", "legal", ("bea-buyer",))]


# -- characters that must never reach a terminal or a page -----------------------------------


@pytest.mark.parametrize(("escape", "named"), [
    ("\\0", "U+0000 (a control character)"),
    ("\\e", "U+001B (a control character)"),
    ("\\r", "U+000D (a control character)"),
    ("\\x7f", "U+007F (a control character)"),
    ("\\N", "U+0085 (a control character)"),
    ("\\x9b", "U+009B (a control character)"),
    ("\\ud800", "U+D800 (a lone surrogate)"),
    ("\\uFFFE", "U+FFFE (a non-character)"),
])
def test_an_escaped_control_character_is_a_plan_error_at_its_value(escape, named):
    text = minimal_plan(replacing={"title: Globex × Acme": f'title: "Globex {escape}[31m"'})
    assert problems(text) == [f"plan.yaml:4:10: error: deal.title: {named} {ESCAPED}"]


def test_an_escaped_control_character_in_a_key_is_refused_too():
    text = minimal_plan(replacing={"  seller: Acme\n": '  seller: Acme\n  "sel\\eler": Acme\n'})
    assert problems(text) == [f"plan.yaml:7:3: error: deal: U+001B (a control character) {ESCAPED}"]


def test_tabs_and_line_breaks_written_as_escapes_are_still_text():
    text = minimal_plan(replacing={"title: Globex × Acme": 'title: "Globex\\t×\\nAcme"'})
    assert load(text).plan.deal.title == "Globex\t×\nAcme"


def test_an_escape_character_never_reaches_the_terminal_or_the_page(tmp_path):
    text = minimal_plan(replacing={"title: Globex × Acme": 'title: "\\e]0;pwned\\a\\e[2J"'})
    plan_file(tmp_path, text)
    for command in (["check", "plan.yaml"], ["render", "plan.yaml", "-o", "out", "--today", DAY]):
        said = refused(dealroom(*command, cwd=tmp_path), 1)
        assert "\x1b" not in said and "\x07" not in said
        assert f"plan.yaml:4:10: error: deal.title: U+001B (a control character) {ESCAPED}" in said
    assert files_in(tmp_path) == ["plan.yaml"]


@pytest.mark.parametrize("command", ["check", "render", "publish"])
def test_a_lone_surrogate_is_a_plan_error_in_every_command(tmp_path, command):
    plan_file(tmp_path, minimal_plan(replacing={"  buyer: Globex": '  buyer: "Glo\\ud800bex"'}))
    said = refused(dealroom(command, "plan.yaml", "--today", DAY, cwd=tmp_path), 1)
    assert f"plan.yaml:5:10: error: deal.buyer: U+D800 (a lone surrogate) {ESCAPED}" in said
    assert files_in(tmp_path) == ["plan.yaml"]


@pytest.mark.parametrize(("raw", "named"), [
    (b"\x1b", "U+001B (a control character)"),
    (b"\x00", "U+0000 (a control character)"),
    (b"\x7f", "U+007F (a control character)"),
    ("\u0090".encode(), "U+0090 (a control character)"),
    ("\ufffe".encode(), "U+FFFE (a non-character)"),
])
def test_a_raw_control_character_in_the_file_is_refused_at_its_line_and_column(tmp_path, raw, named):
    text = minimal_plan().encode().replace(b"title: Globex", b"title: Glo" + raw + b"bex")
    plan_file(tmp_path, text)
    said = refused(dealroom("check", "plan.yaml", cwd=tmp_path), 1)
    assert f"plan.yaml:4:13: error: {named} is not allowed in a plan file; delete it" in said


def test_a_lone_surrogate_in_plan_text_is_refused_at_its_line():
    text = MINIMAL.replace("  buyer: Globex", "  buyer: Glo\ud800bex")
    assert problems(text) == [
        "plan.yaml:5:13: error: U+D800 (a lone surrogate) is not allowed in a plan file; delete it"]


def test_a_plan_with_windows_line_ends_still_loads(tmp_path):
    path = plan_file(tmp_path, MINIMAL.replace("\n", "\r\n"))
    assert load_plan(path).plan.deal.title == "Globex × Acme"


# -- business days -------------------------------------------------------------------------


def test_a_huge_business_day_offset_is_refused_at_once(tmp_path):
    plan_file(tmp_path, minimal_plan(replacing={"    due: 2027-01-15": "    due: go_live - 99999999bd"}))
    said = refused(dealroom("check", "plan.yaml", cwd=tmp_path, timeout=60), 1)
    assert f"plan.yaml:26:10: error: tasks[0].due: 'go_live - 99999999bd' falls {BOUNDS}" in said


def test_a_business_day_offset_past_the_bounds_says_where_it_lands():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: go_live + 100000bd"})
    assert problems(text) == [
        f"plan.yaml:26:10: error: tasks[0].due: 'go_live + 100000bd' gives 2410-06-21, {BOUNDS}"]


def _one_day_at_a_time(start: date, count: int) -> date:
    step, day = (1 if count >= 0 else -1), start
    for _ in range(abs(count)):
        day += timedelta(days=step)
        while day.weekday() >= 5:
            day += timedelta(days=step)
    return day


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))


@given(start=days, count=st.integers(-400, 400))
def test_business_days_added_by_weeks_agree_with_counting_one_day_at_a_time(start, count):
    assert add_business_days(start, count) == _one_day_at_a_time(start, count)


@given(start=days, length=st.integers(-800, 800))
def test_business_days_between_agrees_with_counting_one_day_at_a_time(start, length):
    end = start + timedelta(days=length)
    low, high = min(start, end), max(start, end)
    counted = sum(1 for n in range(1, (high - low).days + 1) if (low + timedelta(n)).weekday() < 5)
    assert business_days_between(start, end) == (counted if end >= start else -counted)


def test_business_days_between_the_bounds_take_no_time_to_count():
    first, last = date(1970, 1, 1), date(2199, 12, 31)
    assert business_days_between(first, last) == sum(
        1 for n in range(1, (last - first).days + 1) if (first + timedelta(n)).weekday() < 5)


# -- ids -----------------------------------------------------------------------------------

LONG_ID = "a" * 65


@pytest.mark.parametrize(("replacing", "where"), [
    ({"  id: globex-acme": f"  id: {LONG_ID}"}, "3:7: error: deal.id"),
    ({"  - id: bea-buyer": f"  - id: {LONG_ID}"}, "11:9: error: people[0].id"),
    ({"{id: legal, name: Legal}": f"{{id: {LONG_ID}, name: Legal}}"}, "20:10: error: workstreams[0].id"),
    ({"  - id: redlines": f"  - id: {LONG_ID}"}, "22:9: error: tasks[0].id"),
])
def test_an_id_longer_than_64_characters_is_a_plan_error_at_its_line(replacing, where):
    found = problems(minimal_plan(replacing=replacing))
    assert found[0] == (f"plan.yaml:{where}: '{'a' * 39}…' is 65 characters long; "
                        "an id may be at most 64")


def test_a_risk_id_longer_than_64_characters_is_refused_too():
    text = minimal_plan(sections=f"risks:\n  - id: {LONG_ID}\n    title: Budget freeze\n")
    assert problems(text) == [f"plan.yaml:28:9: error: risks[0].id: '{'a' * 39}…' is 65 characters "
                              "long; an id may be at most 64"]


def test_an_id_of_64_characters_is_allowed():
    assert load(minimal_plan(replacing={"  id: globex-acme": f"  id: {'a' * 64}"})).plan.deal.id == "a" * 64


def test_a_240_character_deal_id_writes_nothing(tmp_path):
    plan_file(tmp_path, minimal_plan(replacing={"  id: globex-acme": f"  id: {'a' * 240}"}))
    said = refused(dealroom("render", "plan.yaml", "-o", "out", "--today", DAY, cwd=tmp_path), 1)
    assert "plan.yaml:3:7: error: deal.id:" in said and "is 240 characters long" in said
    assert files_in(tmp_path) == ["plan.yaml"]


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["9999-12-31", "0001-01-01", "1969-12-31", "2200-01-01"])
def test_a_date_outside_the_bounds_is_a_plan_error_at_its_line(written):
    text = minimal_plan(replacing={"    due: 2027-01-15": f"    due: {written}\n    status: done\n"
                                                          f"    done_on: {written}"})
    assert problems(text) == [
        f"plan.yaml:26:10: error: tasks[0].due: {written} is {BOUNDS}",
        f"plan.yaml:28:14: error: tasks[0].done_on: {written} is {BOUNDS}",
    ]


def test_a_go_live_outside_the_bounds_is_a_plan_error_at_its_line():
    found = problems(minimal_plan(replacing={"go_live: 2027-03-01": "go_live: 9999-12-31"}))
    assert found == [f"plan.yaml:7:12: error: deal.go_live: 9999-12-31 is {BOUNDS}"]


def test_a_relative_date_landing_outside_the_bounds_is_a_plan_error_at_its_rule():
    found = problems(minimal_plan(replacing={"    due: 2027-01-15": "    due: go_live + 10000w"}))
    assert found == [f"plan.yaml:26:10: error: tasks[0].due: 'go_live + 10000w' gives 2218-10-26, {BOUNDS}"]


def test_the_first_and_last_dates_a_plan_may_hold_are_allowed():
    text = minimal_plan(replacing={"go_live: 2027-03-01": "go_live: 2199-12-31",
                                   "    due: 2027-01-15": "    due: 1970-01-01"})
    plan = load(text).plan
    assert (plan.deal.go_live, plan.tasks[0].due) == (date(2199, 12, 31), date(1970, 1, 1))


@pytest.mark.parametrize("command", ["check", "render", "publish"])
@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01"])
def test_today_outside_the_bounds_is_a_usage_error(tmp_path, command, today):
    plan_file(tmp_path, MINIMAL)
    said = refused(dealroom(command, "plan.yaml", "--today", today, cwd=tmp_path), 2)
    assert f"dealroom: usage error: --today {today} is {BOUNDS}" in said
    assert files_in(tmp_path) == ["plan.yaml"]


def test_today_outside_the_bounds_is_a_usage_error_for_the_recap_too(tmp_path):
    plan_file(tmp_path, MINIMAL)
    published = dealroom("publish", "plan.yaml", "--to", "html", "--author", "Sam", "--today", DAY,
                         cwd=tmp_path)
    assert published.returncode == 0, published.stderr
    before = files_in(tmp_path)
    said = refused(dealroom("recap", "plan.yaml", "--today", "9999-12-31", cwd=tmp_path), 2)
    assert f"dealroom: usage error: --today 9999-12-31 is {BOUNDS}" in said
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("today", ["1970-01-01", "2199-12-31"])
def test_a_plan_at_the_edge_of_the_bounds_renders_on_the_edge_days(tmp_path, today):
    plan_file(tmp_path, minimal_plan(replacing={"go_live: 2027-03-01": "go_live: 2199-12-31",
                                                "    due: 2027-01-15": "    due: 1970-01-02"}))
    done = dealroom("render", "plan.yaml", "--to", "html,review,ics", "-o", "out", "--today", today,
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "globex-acme" / "index.html").is_file()
    assert refused(dealroom("check", "plan.yaml", "--today", today, cwd=tmp_path), 0)


# -- e-mail addresses ----------------------------------------------------------------------


@pytest.mark.parametrize("email", [
    "@buyer.example", "bea@", "bea", "bea buyer@globex.example", "<bea@globex.example>",
    "Bea <bea@globex.example>", "bea@localhost", "bea..buyer@globex.example", ".bea@globex.example",
    "bea.@globex.example", "bea@globex..example", "bea@-globex.example", "bea@globex-.example",
    '"bea"@globex.example', "bea,sam@globex.example", "bea@globex.example,sam@globex.example",
    "bea@glo_bex.example", "béa@globex.example", "bea@globex.example.", "a" * 250 + "@globex.example",
])
def test_an_email_that_is_not_an_address_is_a_plan_error_at_its_line(email):
    shown = email if len(email) <= 60 else email[:59] + "…"
    text = minimal_plan(replacing={"    role: champion": f"    role: champion\n    email: '{email}'"})
    assert problems(text) == [f"plan.yaml:15:12: error: people[0].email: '{shown}' is not an e-mail "
                              "address; write it as name@company.example"]


@pytest.mark.parametrize("email", ["bea@globex.example", "Bea.Buyer+deals@eu.globex.example",
                                   "o'brien@globex.co.uk", "bea_b@globex-health.example"])
def test_practical_addresses_are_accepted(email):
    text = minimal_plan(replacing={"    role: champion": f"    role: champion\n    email: \"{email}\""})
    assert load(text).plan.people[0].email == email


@settings(max_examples=200, deadline=None)
@given(address=st.from_regex(ADDRESS, fullmatch=True).filter(is_email_address))
def test_every_address_the_loader_accepts_goes_into_a_header(address):
    from email.message import EmailMessage

    from generator.mail.headers import mail_address

    written = mail_address(address, "Bea Buyer")
    assert written is not None and written.addr_spec == address   # the recap takes it as it is
    message = EmailMessage()
    message["To"] = written
    assert address.encode() in message.as_bytes()


def test_the_recap_of_a_plan_with_a_bad_email_is_a_plan_error_not_a_traceback(tmp_path):
    plan_file(tmp_path, minimal_plan(replacing={"    role: champion":
                                                "    role: champion\n    email: \"@buyer.example\""}))
    said = refused(dealroom("recap", "plan.yaml", cwd=tmp_path), 1)
    assert "plan.yaml:15:12: error: people[0].email: '@buyer.example' is not an e-mail address" in said
    assert files_in(tmp_path) == ["plan.yaml"]


# -- theme and locale named in the plan ----------------------------------------------------


def test_an_unknown_theme_and_locale_in_the_plan_are_plan_errors_at_their_lines(tmp_path):
    plan_file(tmp_path, minimal_plan(sections="branding:\n  theme: nope\n  locale: xx_YY\n"))
    said = refused(dealroom("render", "plan.yaml", "-o", "out", "--today", DAY, cwd=tmp_path), 1)
    assert "plan.yaml:28:10: error: branding.theme: unknown theme 'nope'; installed themes: default, print" in said
    assert ("plan.yaml:29:11: error: branding.locale: unknown locale 'xx_YY'; write it as en_GB, en_US, "
            "de_DE ...") in said
    assert files_in(tmp_path) == ["plan.yaml"]


def test_an_installed_theme_and_a_known_locale_load():
    branding = load(minimal_plan(sections="branding:\n  theme: print\n  locale: de_DE\n")).plan.branding
    assert (branding.theme, branding.locale) == ("print", "de_DE")


def test_theme_and_locale_on_the_command_line_stay_usage_errors(tmp_path):
    plan_file(tmp_path, MINIMAL)
    for flag, value, message in (("--theme", "nope", "unknown theme: nope (choose from default, print)"),
                                 ("--locale", "xx_YY", "unknown locale: xx_YY")):
        said = refused(dealroom("render", "plan.yaml", flag, value, "-o", "out", cwd=tmp_path), 2)
        assert message in said
    assert files_in(tmp_path) == ["plan.yaml"]


def test_checking_a_plan_without_a_locale_does_not_import_babel(tmp_path):
    program = ("import sys\nfrom generator.plan.loader import read_plan\n"
               f"read_plan({MINIMAL!r})\nprint('babel' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "False", done.stderr


# -- what dealroom new replaces --------------------------------------------------------------

NEW = ["--buyer", "Northwind Health", "--seller", "Acme Analytics", "--go-live", "2027-04-05"]


def test_new_refuses_to_replace_a_folder_even_with_force(tmp_path):
    (tmp_path / "plan.yaml").mkdir()
    (tmp_path / "plan.yaml" / "notes.txt").write_text("mine")
    said = refused(dealroom("new", "plan.yaml", *NEW, "--force", cwd=tmp_path), 2)
    assert ("dealroom: usage error: plan.yaml exists and is not a regular file (a folder, a pipe or a "
            "device); choose another name") in said
    assert files_in(tmp_path) == ["plan.yaml", "plan.yaml/notes.txt"]


def test_new_refuses_to_replace_a_named_pipe_even_with_force(tmp_path):
    os.mkfifo(tmp_path / "plan.yaml")
    said = refused(dealroom("new", "plan.yaml", *NEW, "--force", cwd=tmp_path, timeout=60), 2)
    assert "plan.yaml exists and is not a regular file" in said
    assert (tmp_path / "plan.yaml").is_fifo() and files_in(tmp_path) == ["plan.yaml"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_new_refuses_to_replace_a_device_even_with_force(tmp_path):
    os.mknod(tmp_path / "null", 0o666 | 0o020000, os.makedev(1, 3))  # a character device of our own
    said = refused(dealroom("new", "null", *NEW, "--force", cwd=tmp_path), 2)
    assert "null exists and is not a regular file" in said
    assert (tmp_path / "null").is_char_device() and files_in(tmp_path) == ["null"]


@pytest.mark.parametrize("target", ["mine.yaml", "nowhere.yaml"], ids=["to-a-file", "dangling"])
def test_new_refuses_to_replace_a_symbolic_link_even_with_force(tmp_path, target):
    if target == "mine.yaml":
        (tmp_path / "mine.yaml").write_text("my own plan\n")
    (tmp_path / "plan.yaml").symlink_to(target)
    said = refused(dealroom("new", "plan.yaml", *NEW, "--force", cwd=tmp_path), 2)
    assert ("dealroom: usage error: plan.yaml is a symbolic link; dealroom new does not replace links; "
            "choose another name") in said
    assert (tmp_path / "plan.yaml").is_symlink()
    assert not (tmp_path / "nowhere.yaml").exists()
    if target == "mine.yaml":
        assert (tmp_path / "mine.yaml").read_text() == "my own plan\n"


def test_new_under_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "notes").write_text("mine")
    said = refused(dealroom("new", "notes/plan.yaml", *NEW, cwd=tmp_path), 2)
    assert "dealroom: usage error: notes/plan.yaml: cannot be written (Not a directory)" in said
    assert files_in(tmp_path) == ["notes"]


def test_new_shortens_a_long_deal_id_at_a_hyphen(tmp_path):
    buyer = "Northwind Regional Health Partnership of the Greater Lakes District"
    done = dealroom("new", "plan.yaml", "--buyer", buyer, "--seller", "Acme Analytics International",
                    "--go-live", "2027-04-05", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    deal_id = load_plan(tmp_path / "plan.yaml").plan.deal.id
    assert deal_id == "northwind-regional-health-partnership-of-the-greater-lakes"
    assert len(deal_id) <= 64


def test_new_refuses_an_id_longer_than_64_characters(tmp_path):
    said = refused(dealroom("new", "plan.yaml", *NEW, "--id", "a" * 65, cwd=tmp_path), 2)
    assert "dealroom: usage error: --id is 65 characters long; a deal id may be at most 64" in said
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("go_live", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_new_refuses_a_go_live_outside_the_bounds(tmp_path, go_live):
    args = [a if a != "2027-04-05" else go_live for a in NEW]
    said = refused(dealroom("new", "plan.yaml", *args, cwd=tmp_path), 2)
    assert f"dealroom: usage error: --go-live {go_live} is {BOUNDS}" in said
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("template", ["enterprise", "smb"])
def test_new_refuses_a_go_live_too_close_to_1970_for_its_steps(tmp_path, template):
    args = [a if a != "2027-04-05" else "1970-02-01" for a in NEW]
    said = refused(dealroom("new", "plan.yaml", *args, "--template", template, cwd=tmp_path), 2)
    assert ("dealroom: usage error: --go-live 1970-02-01 is too early: the starter plan's first steps "
            f"would fall {BOUNDS}; choose a later go-live") in said
    assert files_in(tmp_path) == []


def test_new_accepts_the_last_go_live_a_plan_may_hold(tmp_path):
    args = [a if a != "2027-04-05" else "2199-12-31" for a in NEW]
    done = dealroom("new", "plan.yaml", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load_plan(tmp_path / "plan.yaml").plan.deal.go_live == dt.date(2199, 12, 31)


# -- plans that are not regular files ------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "render", "publish", "history", "recap", "remind"])
def test_a_named_pipe_given_as_the_plan_is_refused_without_waiting(tmp_path, command):
    os.mkfifo(tmp_path / "plan.yaml")
    said = refused(dealroom(command, "plan.yaml", cwd=tmp_path, timeout=60), 2)
    assert ("dealroom: usage error: plan.yaml: is not a regular file (a pipe, a device or a socket); "
            "give the path of a plan file") in said
    assert files_in(tmp_path) == ["plan.yaml"]


def test_a_missing_plan_is_reported_on_stderr_and_the_others_are_still_checked(tmp_path):
    plan_file(tmp_path, MINIMAL)
    done = dealroom("check", "missing.yaml", "plan.yaml", "--today", DAY, cwd=tmp_path)
    refused(done, 2)
    assert done.stderr == "dealroom: usage error: missing.yaml: no such file\n"
    assert "missing.yaml" not in done.stdout and "cannot read" not in done.stdout
    assert done.stdout.startswith("plan.yaml · Globex × Acme (globex-acme)\n")


def test_the_json_report_still_names_an_unreadable_plan(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    done = dealroom("check", "pipe.yaml", "--json", "--today", DAY, cwd=tmp_path, timeout=60)
    refused(done, 2)
    [report] = json.loads(done.stdout)["plans"]
    assert report["unreadable"] == ("pipe.yaml: is not a regular file (a pipe, a device or a socket); "
                                    "give the path of a plan file")
    assert "pipe.yaml: is not a regular file" in done.stderr


def test_a_plan_given_through_a_symbolic_link_is_read(tmp_path):
    plan_file(tmp_path, MINIMAL, "real.yaml")
    (tmp_path / "plan.yaml").symlink_to("real.yaml")
    assert load_plan(tmp_path / "plan.yaml").plan.deal.id == "globex-acme"


def test_plan_errors_of_a_read_plan_are_unchanged_for_plain_text():
    with pytest.raises(PlanError):
        load(minimal_plan(replacing={"title: Globex × Acme": "title: [Globex"}))


# -- long chains of tasks ------------------------------------------------------------------


def _chain(count: int, last_anchor: str) -> str:
    """``count`` tasks, each due the day before the next and depending on it; the last on ``last_anchor``."""
    tasks = "".join(
        f"- id: t{i}\n  title: Step {i}\n  workstream: legal\n  owner: bea-buyer\n"
        f"  due: {f't{i + 1}' if i + 1 < count else last_anchor} - 1d\n"
        f"  depends_on: {f't{i + 1}' if i + 1 < count else last_anchor}\n"
        for i in range(count))
    return minimal_plan(tasks=tasks)


def test_a_chain_of_3000_tasks_each_waiting_on_the_next_loads_and_is_checked(tmp_path):
    plan = load(_chain(3000, "redlines")).plan
    assert plan.task("t0").due == date(2027, 1, 15) - timedelta(days=3000)
    plan_file(tmp_path, _chain(3000, "redlines"))
    done = dealroom("check", "plan.yaml", "--today", DAY, cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]


def test_a_cycle_of_3000_relative_dates_is_a_plan_error_not_a_recursion_error():
    found = problems(_chain(3000, "t0"))
    assert len(found) == 2
    assert found[0].startswith("plan.yaml:31:10: error: tasks[1].due: relative dates form a cycle: "
                               "t0 → t1 → t2 → ")
    assert found[0].endswith(" → t2999 → t0")
    assert found[1].startswith("plan.yaml:32:17: error: tasks[1].depends_on: dependencies form a cycle: t0 → t1 → ")


def _find_cycles_recursively(graph):
    state, stack, cycles = {}, [], []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for prerequisite in graph.get(node, ()):
            if state.get(prerequisite) == 1:
                cycles.append(stack[stack.index(prerequisite):] + [prerequisite])
            elif prerequisite in graph and not state.get(prerequisite):
                visit(prerequisite)
        stack.pop()
        state[node] = 2

    for node in graph:
        if not state.get(node):
            visit(node)
    return cycles


def _topological_order_recursively(graph):
    order, seen = [], set()

    def visit(node):
        seen.add(node)
        for prerequisite in graph.get(node, ()):
            if prerequisite in graph and prerequisite not in seen:
                visit(prerequisite)
        order.append(node)

    for node in graph:
        if node not in seen:
            visit(node)
    return order


graphs = st.dictionaries(st.sampled_from("abcdefgh"), st.lists(st.sampled_from("abcdefghij"), max_size=4).map(tuple),
                         max_size=8)


@given(graph=graphs)
def test_cycles_are_found_as_the_recursive_search_found_them(graph):
    from generator.plan.schedule import find_cycles

    assert find_cycles(graph) == _find_cycles_recursively(graph)


@given(graph=graphs)
def test_the_order_of_tasks_is_the_one_the_recursive_walk_gave(graph):
    from generator.plan.schedule import topological_order

    assert topological_order(graph) == _topological_order_recursively(graph)


def test_a_task_depending_on_100000_unknown_tasks_is_reported_without_quadratic_time(tmp_path):
    deps = ", ".join(f"x{i}" for i in range(100_000))
    plan_file(tmp_path, minimal_plan(replacing={"    due: 2027-01-15": f"    due: 2027-01-15\n    depends_on: [{deps}]"}))
    done = dealroom("check", "plan.yaml", cwd=tmp_path, timeout=90)  # took 107 s when each was looked up in the list
    said = refused(done, 1)
    assert "plan.yaml:27:788900: error: tasks[0].depends_on[99999]: unknown task 'x99999'; tasks are: redlines" in said


def test_a_message_about_an_unknown_id_lists_twenty_known_ones_at_most():
    workstreams = "".join(f"  - {{id: w{i:02d}, name: W{i}}}\n" for i in range(25))
    text = minimal_plan(replacing={"  - {id: legal, name: Legal}\n": workstreams})
    shown = ", ".join(f"w{i:02d}" for i in range(20))
    assert problems(text)[0] == (f"plan.yaml:48:17: error: tasks[0].workstream: unknown workstream 'legal'; "
                                 f"workstreams are: {shown} and 5 more")
