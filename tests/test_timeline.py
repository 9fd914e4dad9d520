"""The swimlane timeline: structure of the SVG, read back with ElementTree.

Layout is checked the way a reader sees it: every label gets ~7px per
character at the chart's font size, and markers with their codes must not
overlap, whatever the number of steps and the span of the plan.
"""

from __future__ import annotations

import gc
import re
import time
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest

from generator.plan.loader import load_plan
from generator.plan.model import (BuyerPlan, DealForBuyer, FreezeForBuyer, PersonForBuyer, TaskForBuyer,
                                  Workstream)
from generator.timeline import DEFAULT_PALETTE, legend_symbols, timeline_svg
from plans import EXAMPLES, load, minimal_plan

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 11, 21)
CHAR_W = 7
XSS = ('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>')


# --- building plans ----------------------------------------------------------

def step(task_id: str, due: date | None, side: str = "buyer", workstream: str = "legal", **extra) -> TaskForBuyer:
    owners = {"buyer": ("bea",), "seller": ("sam",), "shared": ("bea", "sam")}[side]
    title = extra.pop("title", f"Step {task_id}")
    return TaskForBuyer(id=task_id, title=title, workstream=workstream, owners=owners, side=side,
                        due=due, **extra)


def plan_of(tasks, workstreams=(("legal", "Legal"),), go_live=date(2027, 3, 1), signature=None) -> BuyerPlan:
    deal = DealForBuyer(id="globex-acme", title="Globex × Acme", buyer="Globex", seller="Acme",
                        go_live=go_live, signature=signature)
    people = (PersonForBuyer("bea", "Bea Buyer", "buyer", "champion"),
              PersonForBuyer("sam", "Sam Seller", "seller", "account_executive"))
    return BuyerPlan(deal=deal, objectives=(), cost_of_inaction=None, people=people,
                     workstreams=tuple(Workstream(i, n) for i, n in workstreams),
                     tasks=tuple(tasks), risks=(), assumptions=())


def codes_of(plan: BuyerPlan) -> dict[str, str]:
    return {task.id: f"K{n}" for n, task in enumerate(plan.tasks, start=1)}


def enterprise() -> BuyerPlan:
    return load_plan(EXAMPLES / "enterprise.yaml").plan.for_buyer()


def spanning(days: int, count: int = 8, today: date = TODAY) -> BuyerPlan:
    """``count`` steps spread evenly from ``today`` over ``days`` days, go-live at the end."""
    tasks = [step(f"s{n}", today + timedelta(days=n * days // count)) for n in range(count)]
    return plan_of(tasks, go_live=today + timedelta(days=days))


# --- reading the SVG ---------------------------------------------------------

def render(plan: BuyerPlan, today: date = TODAY, **options) -> tuple[str, ET.Element]:
    text = timeline_svg(plan, today, codes_of(plan) if "codes" not in options else options.pop("codes"),
                        **options)
    return text, ET.fromstring(text)


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in e.get("class", "").split()]


def markers(root: ET.Element) -> list[ET.Element]:
    return with_class(root, "tl-task")


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def lane_label(label: ET.Element) -> str:
    """A lane label's lines (one tspan each) joined as one name."""
    return " ".join(span.text for span in label)


def tooltip(marker: ET.Element) -> str:
    return marker.find(f"{SVG}title").text


def code_of(marker: ET.Element) -> str:
    return text_of(with_class(marker, "tl-code")[0])


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def shape_box(element: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a circle, rect or polygon."""
    tag = element.tag.removeprefix(SVG)
    if tag == "circle":
        x, y, r = (float(element.get(k)) for k in ("cx", "cy", "r"))
        return x - r, y - r, x + r, y + r
    if tag == "rect":
        x, y, w, h = (float(element.get(k)) for k in ("x", "y", "width", "height"))
        return x, y, x + w, y + h
    points = numbers(element.get("points"))
    xs, ys = points[0::2], points[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def marker_box(marker: ET.Element) -> tuple[float, float, float, float]:
    """The box a reader needs clear: the shapes and the code text to their right."""
    boxes = [shape_box(e) for e in marker.iter() if e.tag in (f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon")]
    code = with_class(marker, "tl-code")[0]
    x, y = float(code.get("x")), float(code.get("y"))
    boxes.append((x, y - 9, x + len(code.text) * CHAR_W, y + 2))
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def tick_spans(root: ET.Element) -> list[tuple[float, float]]:
    spans = []
    for tick in with_class(root, "tl-tick"):
        x, width = float(tick.get("x")), len(tick.text) * CHAR_W
        assert tick.get("text-anchor") == "middle"
        spans.append((x - width / 2, x + width / 2))
    return spans


# --- lanes and markers -------------------------------------------------------

def test_one_lane_label_per_workstream_in_plan_order():
    plan = enterprise()
    _, root = render(plan)
    labels = [lane_label(label) for label in with_class(root, "tl-lane-label")]
    assert labels == [w.name for w in plan.workstreams]


def test_one_marker_per_dated_step_with_its_code_and_a_tooltip_naming_it():
    plan = enterprise()
    codes = codes_of(plan)
    _, root = render(plan)
    dated = [task for task in plan.tasks if task.due]
    found = {code_of(marker): tooltip(marker) for marker in markers(root)}
    assert len(markers(root)) == len(dated)
    assert sorted(found) == sorted(codes[task.id] for task in dated)
    for task in dated:
        assert task.title in found[codes[task.id]]
        assert found[codes[task.id]].startswith(codes[task.id])


def test_the_tooltip_gives_owner_side_date_and_state():
    plan = plan_of([step("a", date(2026, 12, 5), side="seller", commitment="placeholder"),
                    step("b", date(2026, 12, 7), status="done", done_on=date(2026, 12, 6),
                         commitment="committed", gate="Security approval")])
    _, root = render(plan)
    first, second = (tooltip(m) for m in markers(root))
    assert "Acme step" in first and "Sam Seller" in first
    assert "Due 5 Dec 2026 (date to confirm)" in first
    assert "Globex step" in second and "done on 6 Dec 2026" in second
    assert "Decision gate: Security approval" in second


def test_gates_are_diamonds_and_other_steps_are_not():
    plan = enterprise()
    codes = codes_of(plan)
    _, root = render(plan)
    gates = {codes[t.id] for t in plan.tasks if t.due and t.gate}
    assert gates
    for marker in markers(root):
        diamonds = with_class(marker, "tl-diamond")
        if code_of(marker) in gates:
            assert len(diamonds) == 1 and diamonds[0].tag == f"{SVG}polygon"
            assert len(numbers(diamonds[0].get("points"))) == 8
            assert "tl-gate" in marker.get("class").split()
        else:
            assert diamonds == []


def shape_tag(marker: ET.Element) -> str:
    return with_class(marker, "tl-shape")[0].tag.removeprefix(SVG)


def test_buyer_seller_and_shared_steps_differ_in_shape_not_only_colour():
    plan = plan_of([step("b", date(2026, 12, 1), "buyer", commitment="committed"),
                    step("s", date(2026, 12, 10), "seller", commitment="committed"),
                    step("x", date(2026, 12, 20), "shared", commitment="committed")])
    _, root = render(plan)
    buyer, seller, shared = markers(root)
    assert (shape_tag(buyer), shape_tag(seller), shape_tag(shared)) == ("circle", "rect", "polygon")
    assert with_class(buyer, "tl-shape")[0].get("fill") == DEFAULT_PALETTE["buyer"]
    assert with_class(seller, "tl-shape")[0].get("fill") == "#ffffff"  # hollow
    assert len(list(shared.iter(f"{SVG}polygon"))) == 2  # outline and its filled half


def test_a_gate_shows_the_shape_of_its_side_inside_the_diamond():
    plan = plan_of([step("b", date(2026, 12, 1), "buyer", gate="Budget"),
                    step("s", date(2026, 12, 10), "seller", gate="Pricing")])
    _, root = render(plan)
    assert [shape_tag(m) for m in markers(root)] == ["circle", "rect"]


def test_done_steps_are_paler_and_carry_a_check_mark():
    plan = plan_of([step("a", date(2026, 11, 10), status="done"), step("b", date(2026, 12, 10))])
    _, root = render(plan)
    done, open_ = markers(root)
    assert "tl-done" in done.get("class").split()
    assert with_class(done, "tl-check")
    assert any(float(g.get("opacity", 1)) < 1 for g in done.iter(f"{SVG}g"))
    assert not with_class(open_, "tl-check") and "tl-done" not in open_.get("class").split()


def dashed(marker: ET.Element) -> bool:
    return any(e.get("stroke-dasharray") for e in marker.iter())


def test_placeholder_dates_are_dashed_and_committed_dates_are_not():
    plan = plan_of([step("p", date(2026, 12, 1), commitment="placeholder"),
                    step("c", date(2026, 12, 10), commitment="committed"),
                    step("g", date(2026, 12, 20), commitment="placeholder", gate="Legal approval")])
    _, root = render(plan)
    placeholder, committed, gate = markers(root)
    assert dashed(placeholder) and "tl-placeholder" in placeholder.get("class").split()
    assert not dashed(committed)
    assert dashed(with_class(gate, "tl-diamond")[0])


@pytest.mark.parametrize("side", ["buyer", "seller", "shared"])
def test_a_date_to_confirm_is_hollow_with_a_question_mark_never_like_a_done_step(side):
    plan = plan_of([step("d", date(2026, 11, 10), side, status="done"),
                    step("p", date(2026, 12, 1), side, commitment="placeholder")])
    _, root = render(plan)
    done, to_confirm = markers(root)
    assert with_class(done, "tl-check") and not with_class(done, "tl-question")
    assert with_class(to_confirm, "tl-question") and not with_class(to_confirm, "tl-check")
    assert not any(float(g.get("opacity", 1)) < 1 for g in to_confirm.iter(f"{SVG}g"))  # not pale
    shapes = [e for e in to_confirm if e.tag in (f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon")]
    assert [e.get("fill") for e in shapes] == ["#ffffff"]  # hollow, even a buyer's circle or a shared triangle
    assert dashed(to_confirm) and not dashed(done)


def test_the_legend_shows_done_with_a_check_and_a_date_to_confirm_hollow_with_a_question_mark():
    _, root = render(enterprise())
    items = {text_of(item): item for item in with_class(root, "tl-legend-item")}
    assert with_class(items["Done"], "tl-check") and not with_class(items["Done"], "tl-question")
    assert with_class(items["Date to confirm"], "tl-question") and dashed(items["Date to confirm"])


def test_the_legend_can_be_left_to_the_page_which_gets_each_mark_as_a_small_picture():
    plan = enterprise()
    _, root = render(plan, legend=False)
    assert with_class(root, "tl-legend") == []
    symbols = legend_symbols(plan)
    assert [words for _, words in symbols] == [
        "Corvane Logistics step", "Quillstone step", "Shared step", "Decision gate",
        "Done", "Date to confirm", "Depends on",
        "Freeze: Corvane's year-end change and contract freeze, 21 Dec – 4 Jan"]
    for picture, words in symbols:
        svg = ET.fromstring(picture)
        assert (svg.get("aria-hidden"), svg.get("viewBox")) == ("true", "-12 -12 24 24"), words
        assert "url(" not in picture  # stands alone: no reference into the chart's own definitions


def test_the_legend_names_each_side_and_every_mark_in_words():
    _, root = render(enterprise())
    legend = [text_of(item) for item in with_class(root, "tl-legend-item")]
    assert legend == ["Corvane Logistics step", "Quillstone step", "Shared step", "Decision gate",
                      "Done", "Date to confirm", "Depends on",
                      "Freeze: Corvane's year-end change and contract freeze, 21 Dec – 4 Jan"]


# --- dependencies and milestones ---------------------------------------------

def test_one_arrow_per_dependency_between_dated_steps():
    plan = enterprise()
    dated = {task.id for task in plan.tasks if task.due}
    pairs = [(before, task.id) for task in plan.tasks for before in task.depends_on
             if before in dated and task.id in dated]
    _, root = render(plan)
    arrows = with_class(root, "tl-dependency")
    assert len(arrows) == len(pairs) > 20
    assert all(a.get("marker-end") == "url(#tl-corvane-quillstone-arrow)" for a in arrows)


def test_dependencies_on_or_of_undated_steps_are_skipped():
    plan = plan_of([step("a", date(2026, 12, 1)), step("b", None, depends_on=("a",)),
                    step("c", date(2026, 12, 9), depends_on=("a", "b")),
                    step("d", date(2026, 12, 12), depends_on=("c",))])
    _, root = render(plan)
    assert len(with_class(root, "tl-dependency")) == 2


def milestone(root: ET.Element, kind: str) -> ET.Element | None:
    found = with_class(root, f"tl-{kind}")
    return found[0] if found else None


def test_today_signature_and_go_live_are_labelled_vertical_lines():
    plan = enterprise()
    _, root = render(plan)
    for kind, words in (("today", "Today 21 Nov"), ("signature", "Signature 25 Jan"),
                        ("go-live", "Go-live 1 Mar")):
        group = milestone(root, kind)
        line = group.find(f"{SVG}line")
        assert line.get("x1") == line.get("x2") and float(line.get("y2")) > float(line.get("y1"))
        assert text_of(group.find(f"{SVG}text")) == words


def test_no_signature_line_without_a_signature_date():
    _, root = render(plan_of([step("a", date(2026, 12, 1))]))
    assert milestone(root, "signature") is None
    assert milestone(root, "today") is not None and milestone(root, "go-live") is not None


def label_box(group: ET.Element) -> tuple[float, float, float, float]:
    text = group.find(f"{SVG}text")
    x, y = float(text.get("x")), float(text.get("y"))
    return x, y - 10, x + len(text.text) * CHAR_W, y + 2


@pytest.mark.parametrize("signature, go_live", [
    (date(2026, 11, 23), date(2026, 11, 25)),  # all three within four days
    (date(2027, 2, 26), date(2027, 3, 1)),
    (date(2026, 11, 21), date(2026, 11, 21)),
])
def test_milestone_labels_never_overlap(signature, go_live):
    plan = plan_of([step("a", date(2026, 12, 1))], signature=signature, go_live=go_live)
    _, root = render(plan)
    boxes = [label_box(milestone(root, kind)) for kind in ("today", "signature", "go-live")]
    assert not any(overlap(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1:])
    assert all(0 <= box[0] and box[2] <= 960 for box in boxes)


# --- the date axis -----------------------------------------------------------

@pytest.mark.parametrize("days", [21, 90, 274])
@pytest.mark.parametrize("width", [960, 640])
def test_tick_labels_never_overlap(days, width):
    _, root = render(spanning(days), width=width)
    spans = tick_spans(root)
    assert len(spans) >= 3
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert spans[0][0] >= 0 and spans[-1][1] <= width


def compact(day: date) -> str:
    return f"{day:%y%m%d}"


def tick_dates(root: ET.Element) -> list[date]:
    return [datetime.strptime(tick.text, "%y%m%d").date() for tick in with_class(root, "tl-tick")]


@pytest.mark.parametrize("days, gap", [(21, {7}), (90, {14}), (274, {28, 29, 30, 31})])
def test_tick_interval_follows_the_span(days, gap):
    _, root = render(spanning(days), date_label=compact)
    ticks = tick_dates(root)
    assert {(b - a).days for a, b in zip(ticks, ticks[1:])} <= gap
    if days > 100:
        assert {day.day for day in ticks} == {1}
    else:
        assert {day.weekday() for day in ticks} == {0}


def test_the_year_is_shown_under_the_first_tick_and_where_it_changes():
    _, root = render(spanning(120))
    assert [year.text for year in with_class(root, "tl-year")] == ["2026", "2027"]


def test_a_custom_date_label_is_used_for_ticks_and_milestones():
    _, root = render(spanning(60), date_label=lambda day: f"{day:%d/%m}")
    assert all(re.fullmatch(r"\d\d/\d\d", tick.text) for tick in with_class(root, "tl-tick"))
    assert text_of(milestone(root, "today").find(f"{SVG}text")) == "Today 21/11"


# --- crowding ----------------------------------------------------------------

def lane_bands(root: ET.Element) -> list[tuple[float, float]]:
    lanes = with_class(root, "tl-lanes")[0]
    return [(float(r.get("y")), float(r.get("y")) + float(r.get("height"))) for r in lanes.iter(f"{SVG}rect")]


@pytest.mark.parametrize("days", [14, 274])
def test_forty_steps_crowded_in_one_lane_never_overlap(days):
    sides = ("buyer", "seller", "shared")
    tasks = [step(f"s{n}", TODAY + timedelta(days=n * 14 // 40), sides[n % 3], gate="Gate" if n % 7 == 0 else None,
                  status="done" if n % 5 == 0 else "not_started")
             for n in range(40)]
    plan = plan_of(tasks, go_live=TODAY + timedelta(days=days))
    _, root = render(plan, codes={t.id: f"LP{n}" for n, t in enumerate(tasks, start=1)})
    boxes = [marker_box(m) for m in markers(root)]
    assert len(boxes) == 40
    clashes = [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1:] if overlap(a, b)]
    assert clashes == []
    (top, bottom), = lane_bands(root)
    assert all(top <= box[1] and box[3] <= bottom for box in boxes)


def test_markers_of_busy_lanes_stay_inside_their_own_band():
    tasks = [step(f"a{n}", TODAY + timedelta(days=n % 3), workstream="legal") for n in range(12)]
    tasks += [step(f"b{n}", TODAY + timedelta(days=n % 2), workstream="security") for n in range(6)]
    plan = plan_of(tasks, workstreams=(("legal", "Legal"), ("security", "Security & compliance")))
    _, root = render(plan)
    (legal_top, legal_bottom), (security_top, security_bottom) = lane_bands(root)
    for marker in markers(root):
        top, bottom = marker_box(marker)[1::2]
        in_legal = "Step a" in tooltip(marker)
        assert (legal_top if in_legal else security_top) <= top
        assert bottom <= (legal_bottom if in_legal else security_bottom)
    assert legal_bottom - legal_top > 3 * 26  # the lane grew to hold its sub-rows


def test_a_long_workstream_name_wraps_inside_the_label_column():
    plan = plan_of([step("a", date(2026, 12, 1), workstream="exec")],
                   workstreams=(("exec", "Executive approval, procurement and signature"),))
    _, root = render(plan)
    label, = with_class(root, "tl-lane-label")
    lines = [span.text for span in label]
    assert len(lines) > 1 and lane_label(label) == "Executive approval, procurement and signature"
    assert max(len(line) for line in lines) * CHAR_W <= 0.18 * 960


# --- robustness, safety, accessibility ---------------------------------------

def test_undated_steps_are_counted_in_a_caption_and_not_drawn():
    plan = plan_of([step("a", date(2026, 12, 1)), step("b", None), step("c", None)])
    _, root = render(plan)
    assert len(markers(root)) == 1
    assert text_of(with_class(root, "tl-caption")[0]) == "2 steps have no date yet (K2, K3) and are not shown."


def test_a_plan_with_no_dated_step_still_draws():
    _, root = render(plan_of([step("a", None)]))
    assert markers(root) == [] and with_class(root, "tl-lane-label")
    assert text_of(with_class(root, "tl-caption")[0]) == "1 step has no date yet (K1) and is not shown."


def test_a_plan_loaded_from_yaml_with_an_undated_step_renders():
    text = minimal_plan(tasks="""
        - id: kickoff
          title: Kickoff <with> "quotes" & ampersands
          workstream: legal
          owner: sam-seller
    """)
    plan = load(text).plan.for_buyer()
    _, root = render(plan)
    assert len(markers(root)) == 1
    assert "1 step has no date yet" in text_of(with_class(root, "tl-caption")[0])


@pytest.mark.parametrize("payload", XSS)
def test_titles_names_and_codes_are_escaped(payload):
    plan = plan_of([step("a", date(2026, 12, 1), title=f"Review {payload}", gate=payload)],
                   workstreams=(("legal", f"Legal {payload}"),))
    text, root = render(plan, codes={"a": payload})
    assert "<script" not in text and "<img" not in text
    assert payload in tooltip(markers(root)[0])
    assert code_of(markers(root)[0]) == payload
    squeezed = lane_label(with_class(root, "tl-lane-label")[0]).replace(" ", "")
    assert payload.replace(" ", "") in squeezed  # wrapped, maybe cut mid-word


def test_the_svg_has_an_accessible_name_and_description():
    plan = enterprise()
    text, root = render(plan)
    assert root.get("role") == "img" and root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 960 ")
    ids = root.get("aria-labelledby").split()
    found = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert [found[i].tag for i in ids] == [f"{SVG}title", f"{SVG}desc"]
    assert found[ids[0]].text == "Timeline of 23 steps in 6 workstreams from 5 Nov 2026 to 1 Mar 2027"
    assert "Today is 21 Nov 2026." in found[ids[1]].text


def test_the_svg_is_self_contained_and_its_ids_are_prefixed():
    text, root = render(enterprise())
    assert not text.startswith("<?xml") and text.startswith("<svg")
    for forbidden in ("<script", "href", "xlink", "<image", "<foreignObject", "@import", "url(http"):
        assert forbidden not in text
    assert re.findall(r"https?://[^\"]+", text) == ["http://www.w3.org/2000/svg"]
    assert re.findall(r'\s([a-z]+):[a-z-]+="', text) == []  # no namespaced attributes
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids and all(i.startswith("tl-") for i in ids) and len(ids) == len(set(ids))
    assert all(c.startswith("tl-") for e in root.iter() for c in e.get("class", "").split())


def test_the_width_sets_the_view_box():
    _, root = render(enterprise(), width=720)
    assert root.get("viewBox").split()[:3] == ["0", "0", "720"]
    assert all(box[2] <= 720 for box in map(marker_box, markers(root)))


def test_a_palette_entry_replaces_the_default():
    text, _ = render(enterprise(), palette={"buyer": "#123456"})
    assert 'fill="#123456"' in text and DEFAULT_PALETTE["buyer"] not in text


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("key", ["text", "muted", "today", "milestone", "buyer", "seller", "shared", "gate", "done"])
def test_default_colours_are_legible_on_white_and_on_the_shaded_band(key):
    for background in ("#ffffff", DEFAULT_PALETTE["band"], DEFAULT_PALETTE["band_alt"]):
        assert contrast(DEFAULT_PALETTE[key], background) >= 4.5


def test_the_same_plan_gives_the_same_string():
    plan = enterprise()
    assert timeline_svg(plan, TODAY, codes_of(plan)) == timeline_svg(enterprise(), TODAY, codes_of(plan))


def test_forty_steps_render_in_under_five_milliseconds():
    workstreams = tuple((f"w{n}", f"Workstream {n}") for n in range(6))
    tasks = [step(f"s{n}", TODAY + timedelta(days=3 * n), ("buyer", "seller", "shared")[n % 3], f"w{n % 6}",
                  depends_on=(f"s{n - 1}",) if n else (), gate="Gate" if n % 8 == 0 else None)
             for n in range(40)]
    plan = plan_of(tasks, workstreams=workstreams, go_live=TODAY + timedelta(days=150))
    codes = codes_of(plan)
    timings = []
    gc.disable()  # time the function, not a collection another test left behind
    try:
        for _ in range(50):
            start = time.perf_counter()
            timeline_svg(plan, TODAY, codes)
            timings.append(time.perf_counter() - start)
    finally:
        gc.enable()
    assert min(timings) < 0.005


# --- freezes -----------------------------------------------------------------

def frozen(*freezes: FreezeForBuyer) -> BuyerPlan:
    """Steps on 1 and 31 Dec 2026 (their markers give the axis) and the freezes given."""
    return plan_of([step("a", date(2026, 12, 1)), step("b", date(2026, 12, 31))],
                   go_live=date(2027, 1, 15)).replace(freezes=freezes)


def x_of(root: ET.Element, day: date) -> float:
    """Where ``day`` falls, from the two markers of :func:`frozen`."""
    first, last = (float(with_class(m, "tl-shape")[0].get("cx")) for m in markers(root))
    return first + (day - date(2026, 12, 1)).days * (last - first) / 30


FREEZE = FreezeForBuyer(date(2026, 12, 11), date(2026, 12, 20), "Globex year-end change freeze")


def test_a_freeze_is_a_band_across_the_lanes_from_its_first_day_to_the_end_of_its_last():
    _, root = render(frozen(FREEZE))
    (band,) = with_class(root, "tl-freeze")
    rect = band.find(f"{SVG}rect")
    left, top, right, bottom = shape_box(rect)
    assert left == pytest.approx(x_of(root, date(2026, 12, 11)), abs=0.2)
    assert right == pytest.approx(x_of(root, date(2026, 12, 21)), abs=0.2)
    lane = with_class(root, "tl-lanes")[0].find(f"{SVG}rect")
    assert (top, bottom) == (float(lane.get("y")), float(lane.get("y")) + float(lane.get("height")))
    assert rect.get("fill").startswith("url(#tl-globex-acme-freeze")


def test_a_freeze_names_its_reason_days_and_side_in_its_tooltip_legend_and_description():
    _, root = render(frozen(FREEZE, FREEZE.replace(reason="Acme quarter close", side="seller")))
    assert [band.find(f"{SVG}title").text for band in with_class(root, "tl-freeze")] == [
        "Freeze: Globex year-end change freeze, 11 Dec 2026 to 20 Dec 2026 (Globex)",
        "Freeze: Acme quarter close, 11 Dec 2026 to 20 Dec 2026 (Acme)"]
    legend = [text_of(item) for item in with_class(root, "tl-legend-item")]
    assert legend[-2:] == ["Freeze: Globex year-end change freeze, 11 Dec – 20 Dec",
                           "Freeze: Acme quarter close, 11 Dec – 20 Dec"]
    assert "Freeze: Globex year-end change freeze, 11 Dec 2026 to 20 Dec 2026 (Globex)." in \
        root.find(f"{SVG}desc").text


def test_the_band_lies_over_the_lanes_and_under_the_steps():
    _, root = render(frozen(FREEZE))
    order = [e for e in root.iter() if {"tl-lanes", "tl-freeze", "tl-task"} & set(e.get("class", "").split())]
    assert [e.get("class").split()[0] for e in order][:3] == ["tl-lanes", "tl-freeze", "tl-task"]


def test_a_freeze_partly_outside_the_chart_is_cut_to_it_and_one_wholly_outside_is_left_out():
    early = FreezeForBuyer(date(2026, 6, 1), date(2026, 6, 30), "Summer freeze")
    across = FreezeForBuyer(date(2027, 1, 10), date(2027, 3, 31), "Spring freeze", "both")
    _, root = render(frozen(early, across))
    (band,) = with_class(root, "tl-freeze")
    right = shape_box(band.find(f"{SVG}rect"))[2]
    assert right <= float(root.get("viewBox").split()[2])
    assert "Spring freeze" in band.find(f"{SVG}title").text and "(Globex and Acme)" in band.find(f"{SVG}title").text
    assert "Summer" not in ET.tostring(root, encoding="unicode")


def test_without_freezes_there_is_no_band_nor_hatching():
    text, root = render(frozen())
    assert with_class(root, "tl-freeze") == [] and "freeze" not in text


@pytest.mark.parametrize("payload", XSS)
def test_a_freezes_reason_is_escaped(payload):
    text, root = render(frozen(FREEZE.replace(reason=payload)))
    assert payload not in text
    assert with_class(root, "tl-freeze")[0].find(f"{SVG}title").text.startswith(f"Freeze: {payload},")


def test_a_seller_only_freeze_never_reaches_the_buyers_timeline():
    plan = load(minimal_plan(sections="""
        freezes:
          - {from: 2027-01-04, to: 2027-01-08, reason: Globex first-week freeze}
          - {from: 2027-01-11, to: 2027-01-12, reason: Acme SECRET sales kickoff, side: seller, shared: false}
    """)).plan
    text, root = render(plan.for_buyer())
    assert [b.find(f"{SVG}title").text for b in with_class(root, "tl-freeze")] == [
        "Freeze: Globex first-week freeze, 4 Jan 2027 to 8 Jan 2027 (Globex)"]
    assert "SECRET" not in text


def test_the_freeze_band_keeps_step_codes_legible():
    for key in ("text", "muted"):
        assert contrast(DEFAULT_PALETTE[key], DEFAULT_PALETTE["freeze_bg"]) >= 4.5
