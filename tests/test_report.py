"""`dealroom report`: the portfolio's numbers on deals whose history is known, and its outputs."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import quality
from report_portfolio import ROOT, TODAY, alder, dealroom, make_portfolio

SINCE = "2026-11-20"


@pytest.fixture(scope="module")
def deals(tmp_path_factory) -> Path:
    return make_portfolio(tmp_path_factory.mktemp("portfolio"))


@pytest.fixture(scope="module")
def report(deals) -> dict:
    done = dealroom("report", str(deals), "--json", "--today", TODAY, "--since", SINCE, cwd=deals)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _deal(report: dict, deal_id: str) -> dict:
    return next(d for d in report["deals"] if d["deal_id"] == deal_id)


def test_each_deal_has_its_completion_next_step_and_slip(report):
    alder, birch = _deal(report, "alder-acme"), _deal(report, "birch-acme")
    assert alder["buyer_steps"] == {"done": 2, "total": 4}
    assert birch["buyer_steps"] == {"done": 1, "total": 4}
    assert alder["next_buyer_step"] == {"task": "legal", "title": "Alder legal review",
                                        "due": "2026-12-07"}
    assert alder["accepted"] is None
    assert (alder["revisions"], alder["total_slip_days"]) == (3, 14)
    assert (birch["revisions"], birch["total_slip_days"]) == (2, 0)   # -7 legal, +7 signature


def test_the_projection_names_the_task_that_drives_it(report):
    assert _deal(report, "alder-acme")["projection"] == {
        "milestone": "signature", "planned": "2026-12-14", "projected": "2026-12-18",
        "days_late": 4, "driven_by": "sec", "driving_task": "Alder security review"}
    assert _deal(report, "birch-acme")["projection"]["projected"] == "2026-12-29"


def test_the_last_change_comes_with_its_reason(report):
    alder, birch = _deal(report, "alder-acme"), _deal(report, "birch-acme")
    assert alder["last_change"] == {"version": 3, "on": "2026-11-27", "reason": "Security signed off",
                                    "text": "Status of Alder security review (L2): not started → done"}
    assert birch["last_change"]["text"] == "Signature moved 11 Dec → 18 Dec 2026, 7 days later"
    assert birch["last_change"]["reason"] == "Legal fast-tracked"


def test_slippage_by_kind_adds_every_move_of_the_kind(report):
    assert report["slippage_by_kind"] == [
        {"kind": "security_review", "tasks": 2, "total_days": 7, "mean_days": 3.5},
        {"kind": "legal_review", "tasks": 2, "total_days": 0, "mean_days": 0.0},
        {"kind": "signature", "tasks": 2, "total_days": 7, "mean_days": 3.5},
    ]


def test_security_review_took_19_business_days_where_10_were_planned(report):
    security = report["durations_by_kind"][0]
    assert security == {"kind": "security_review", "planned": [10, 15], "actual": [19],
                        "planned_mean": 12.5, "actual_mean": 19.0}


def test_the_deals_whose_projection_moved_most_since_a_date_come_first(report):
    assert [(m["deal_id"], m["then"], m["now"], m["days"]) for m in report["moved_since"]] == [
        ("birch-acme", "2026-12-18", "2026-12-29", 11),
        ("alder-acme", "2026-12-14", "2026-12-18", 4)]


def test_a_date_that_improved_while_its_dependency_stayed_put_is_listed(report):
    assert [(i["deal_id"], i["task"]) for i in report["improved_alone"]] == [("birch-acme", "legal")]
    assert "7 days earlier in revision 2 while sec stayed put" in report["improved_alone"][0]["message"]


def test_the_json_follows_its_documented_schema(report):
    import jsonschema

    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert report["schema"] == "dealroom.report/1" and report["internal"] is True


def test_a_broken_plan_is_an_error_row_and_the_others_are_still_reported(deals, tmp_path):
    mixed = tmp_path / "mixed"
    shutil.copytree(deals, mixed)
    broken = alder().replace("alder-acme", "broken-acme").replace("due: 2026-11-02", "due: 2026-13-02")
    (mixed / "broken.yml").write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    due: 2026-13-02") + 1
    done = dealroom("report", str(mixed), "--json", "--today", TODAY, cwd=mixed)
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert [d["deal_id"] for d in data["deals"]] == ["alder-acme", "birch-acme"]
    [error] = data["errors"]
    assert error["file"].endswith("broken.yml") and error["line"] == line
    assert f"broken.yml:{line}: error: {error['message']}" in done.stderr
    assert "Traceback" not in done.stderr
    text = dealroom("report", str(mixed), "--today", TODAY, cwd=mixed)
    assert text.returncode == 1 and f"error: {error['file']}:{line}: " in text.stdout


def test_the_examples_folder_reports_three_deals(tmp_path):
    done = dealroom("report", str(ROOT / "examples"), "--json", "--today", "2026-11-21",
                    "--store", str(tmp_path / "none"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [d["deal_id"] for d in data["deals"]] == [
        "corvane-quillstone", "marlowe-shiftline", "harrowgate-parcelwise"]
    assert all(d["revisions"] == 0 and d["total_slip_days"] is None for d in data["deals"])
    weak = data["deals"][2]
    assert weak["buyer_steps"] == {"done": 0, "total": 3}
    assert weak["projection"]["days_late"] == 3 and weak["findings"]["warning"] > 0


def test_the_terminal_table_is_plain_text_when_piped(deals):
    done = dealroom("report", str(deals), "--today", TODAY, cwd=deals)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "internal" in lines[0]
    alder = next(line for line in lines if line.startswith("alder-acme"))
    assert "2/4" in alder and "+14 days" in alder and "4 days late" in alder
    assert "\x1b[" not in done.stdout


def test_report_is_refused_inside_a_buyers_published_folder(deals):
    inside = deals / "out" / "alder-acme" / "report.html"
    done = dealroom("report", str(deals), "-o", str(inside), "--today", TODAY, cwd=deals)
    assert done.returncode == 2
    assert "a deal room published for a buyer; the report is internal" in done.stderr
    assert not inside.exists()


def test_a_bad_since_date_is_a_usage_error(deals):
    done = dealroom("report", str(deals), "--since", "last week", cwd=deals)
    assert done.returncode == 2 and "--since 'last week' is not a date" in done.stderr


@pytest.fixture(scope="module")
def page(deals, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("page") / "report.html"
    done = dealroom("report", str(deals), "-o", str(out), "--today", TODAY, "--since", SINCE,
                    cwd=deals)
    assert done.returncode == 0, done.stderr
    return out


def test_the_page_is_self_contained_with_accessible_charts(page):
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert html.count("<svg") == 3 and html.count("<title id=") == 3
    assert "<caption>" in html and "Never share this page with a buyer" in html


def test_the_page_is_valid_html(page):
    quality.require("vnu")
    assert quality.html_errors(page) == []


def test_the_page_has_no_accessibility_violation(page):
    quality.require("axe")
    violations = quality.axe_violations(page)
    assert violations == [], quality.describe_violations(violations)


def test_the_page_fits_a_1280_pixel_screen(page, tmp_path):
    quality.require("chromium")
    png = quality.screenshot(page, tmp_path / "report.png")
    width, _ = quality.png_size(png)
    assert width == 1280
    assert quality.evaluate(page, "return document.documentElement.scrollWidth") <= 1280


def test_report_is_in_the_help_with_an_example():
    done = dealroom("report", "--help", cwd=ROOT)
    assert done.returncode == 0 and "dealroom report examples/" in done.stdout


def test_no_plan_in_a_folder_is_a_usage_error(tmp_path):
    done = dealroom("report", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2 and "no plan in this folder" in done.stderr


def test_durations_count_business_days_from_the_prerequisites():
    from generator.plan.dates import business_days_between

    assert business_days_between(dt.date(2026, 11, 2), dt.date(2026, 11, 27)) == 19
