"""Reading YAML: the fast C parser and ruamel's YAML 1.2 parser agree.

The fast path must really be taken for ordinary plans (a silent fall-back
would only show as a slow `check`), and give what the reference parser gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.plan.plan_file import _compose_and_build, parse

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
SCALARS = ("a: on\nb: yes\nc: 010\nd: 1_000\ne: 2026-12-05\nf: 0o10\ng: true\nh: 1.5\n"
           "i: ~\nj: 0x1f\nk: .inf\nl: 1e3\nm: 2026-12-05 10:00:00\nn: '2026-12-05'\n")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_read_by_the_fast_parser_as_by_the_reference(example):
    text = example.read_text(encoding="utf-8")
    assert _compose_and_build(text, fast=True) == _compose_and_build(text, fast=False)


def test_implicit_types_follow_yaml_1_2_on_both_paths():
    fast, reference = _compose_and_build(SCALARS, fast=True), _compose_and_build(SCALARS, fast=False)
    assert fast == reference
    assert (fast["a"], fast["b"], fast["c"], fast["f"], fast["n"]) == ("on", "yes", 10, 8, "2026-12-05")


def test_a_document_only_yaml_1_2_allows_is_read_by_the_fallback():
    text = "links: {current: https://deals.example/northwind/}\n"
    assert parse(text, "plan.yaml") == {"links": {"current": "https://deals.example/northwind/"}}


def test_positions_are_kept_on_the_fast_path():
    tree = _compose_and_build("deal:\n  id: x\n  title:  Globex\n", fast=True)
    assert tree["deal"].lc.key("title") == (2, 2)
    assert tree["deal"].lc.value("title") == (2, 10)
