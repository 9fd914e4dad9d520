"""Changes between two revisions: what is listed, in what order, and in what words.

``before`` is the enterprise example as the history store keeps it
(``snapshot(plan)``); each test edits a deep copy into ``after``.
"""

from __future__ import annotations

import copy
import json

import pytest

from generator.history.changes import (
    KINDS,
    Change,
    buyer_changes,
    changes_between,
    from_data,
    moved_from,
    slips,
    to_data,
)
from generator.plan.codes import task_codes
from generator.plan.loader import load_plan
from generator.history.snapshot import snapshot
from plans import EXAMPLES

PLAN = load_plan(EXAMPLES / "enterprise.yaml").plan
SELLER = snapshot(PLAN)
BUYER = snapshot(PLAN.for_buyer())
CODES = {**task_codes(PLAN), "sso-pilot": "I5"}
CANARY = "CANARY-7f3a"


def seller() -> dict:
    return copy.deepcopy(SELLER)


def task(data: dict, task_id: str) -> dict:
    return next(t for t in data["tasks"] if t["id"] == task_id)


def risk(data: dict, risk_id: str) -> dict:
    return next(r for r in data["risks"] if r["id"] == risk_id)


def buyer_view(data: dict) -> dict:
    """The buyer's data of a seller snapshot, as ``plan.for_buyer()`` gives it."""
    def public(item):
        return {k: v for k, v in item.items() if k not in ("internal", "shared")}
    out = {**data, "deal": public(data["deal"])}
    del out["holidays"]  # the calendars stay seller-side
    for name in ("people", "tasks"):
        out[name] = [public(item) for item in data[name]]
    for name in ("risks", "assumptions", "freezes"):
        out[name] = [public(item) for item in data[name] if item["shared"]]
    return out


def edited(*edits) -> dict:
    after = seller()
    for edit in edits:
        edit(after)
    return after


def retitle(task_id: str, title: str):
    def edit(data):
        task(data, task_id)["title"] = title
    return edit


def setting(task_id: str, **values):
    def edit(data):
        task(data, task_id).update(values)
    return edit


def sentences(changes, codes=CODES) -> list[str]:
    return [c.describe(codes) for c in changes]


# -- nothing to compare ---------------------------------------------------------------


def test_a_first_revision_has_no_changes():
    assert changes_between(None, SELLER) == []


def test_identical_snapshots_have_no_changes():
    assert changes_between(SELLER, seller()) == []
    assert changes_between(BUYER, copy.deepcopy(BUYER)) == []


def test_internal_edits_alone_are_no_change_for_anyone():
    after = seller()
    after["deal"]["internal"] = CANARY
    task(after, "sec-review")["internal"] = CANARY
    after["people"][0]["internal"]["notes"] = CANARY
    after["assumptions"][2]["text"] = CANARY
    task(after, "tech-validation")["due_written"] = "2026-12-09"  # same resolved date
    assert changes_between(SELLER, after) == []


def test_the_test_projection_matches_the_real_buyer_data():
    assert buyer_view(SELLER) == BUYER


# -- tasks ----------------------------------------------------------------------------


def test_task_added():
    def add(data):
        data["tasks"].append({**task(data, "uat"), "id": "sso-pilot", "title": "Quillstone runs the SSO pilot",
                              "status": "not_started", "depends_on": ["kickoff"]})
    changes = changes_between(SELLER, edited(add))
    assert changes == [Change("task_added", "sso-pilot", label="Quillstone runs the SSO pilot")]
    assert sentences(changes) == ["Added: Quillstone runs the SSO pilot (I5)"]
    assert sentences(changes, None) == ["Added: Quillstone runs the SSO pilot"]


def test_task_removed():
    def remove(data):
        data["tasks"].remove(task(data, "pricing-proposal"))
    changes = changes_between(SELLER, edited(remove))
    title = "Quillstone submits the three-year pricing proposal with a phased seat ramp"
    assert changes == [Change("task_removed", "pricing-proposal", label=title)]
    assert sentences(changes) == [f"Removed: {title} (C4)"]


def test_task_retitled_is_named_by_its_new_title():
    changes = changes_between(SELLER, edited(retitle("sec-review", "Security review")))
    old = "Daniel's team completes the vendor risk assessment and issues a risk rating"
    assert changes == [Change("task_retitled", "sec-review", old, "Security review", label="Security review")]
    assert sentences(changes) == [f"Renamed: {old} → Security review (S3)"]


def test_date_moved_later_with_its_reason():
    before = edited(retitle("sec-review", "Security review"), setting("sec-review", due="2026-12-05"))
    after = edited(retitle("sec-review", "Security review"), setting("sec-review", due="2026-12-15"))
    changes = changes_between(before, after, {"sec-review": "CISO out until the 14th"})
    assert changes == [Change("date_moved", "sec-review", "2026-12-05", "2026-12-15", 10,
                              "CISO out until the 14th", label="Security review")]
    assert sentences(changes) == [
        "Security review (S3) moved 5 Dec → 15 Dec 2026, 10 days later: CISO out until the 14th"]


def test_date_moved_earlier_by_one_day_across_a_year_without_a_reason():
    before = edited(retitle("legal-final", "Legal review"), setting("legal-final", due="2027-01-01"))
    after = edited(retitle("legal-final", "Legal review"), setting("legal-final", due="2026-12-31"))
    changes = changes_between(before, after, {"sec-review": "not this task"})
    assert changes == [Change("date_moved", "legal-final", "2027-01-01", "2026-12-31", -1,
                              label="Legal review")]
    assert sentences(changes) == ["Legal review (C3) moved 1 Jan 2027 → 31 Dec 2026, 1 day earlier"]


def test_dates_in_the_sentence_come_from_the_date_callable():
    after = edited(setting("sec-review", due="2026-12-24"))
    [change] = changes_between(SELLER, after)
    assert change.describe({}, date=lambda d: d.isoformat()).endswith(
        "moved 2026-12-14 → 2026-12-24, 10 days later")


def test_date_committed_and_uncommitted():
    base = retitle("legal-final", "Legal review")
    placeholder = edited(base, setting("legal-final", commitment="placeholder"))
    committed = edited(base)
    [confirmed] = changes_between(placeholder, committed)
    [unconfirmed] = changes_between(committed, placeholder)
    assert confirmed == Change("date_committed", "legal-final", "2027-01-15", "2027-01-15", label="Legal review")
    assert unconfirmed == Change("date_uncommitted", "legal-final", "2027-01-15", "2027-01-15",
                                 label="Legal review")
    assert confirmed.describe(CODES) == "Legal review (C3) date confirmed for 15 Jan 2027"
    assert unconfirmed.describe(CODES) == "Legal review (C3) date 15 Jan 2027 is now to be confirmed"


def test_a_date_moved_and_confirmed_in_one_revision_gives_both_in_that_order():
    base = retitle("msa-draft", "MSA sent")
    after = edited(base, setting("msa-draft", due="2026-12-04", commitment="committed"))
    changes = changes_between(edited(base), after, {"msa-draft": "Nora back on the 3rd"})
    assert sentences(changes) == [
        "MSA sent (C1) moved 2 Dec → 4 Dec 2026, 2 days later: Nora back on the 3rd",
        "MSA sent (C1) date confirmed for 4 Dec 2026",
    ]


def test_date_set_and_cleared_carry_no_reason():
    base = retitle("exec-briefing", "Executive briefing")
    dateless = edited(base, setting("exec-briefing", due=None))
    reasons = {"exec-briefing": "ignored"}
    [cleared] = changes_between(edited(base), dateless, reasons)
    [set_] = changes_between(dateless, edited(base), reasons)
    assert cleared == Change("date_cleared", "exec-briefing", "2027-01-12", None, label="Executive briefing")
    assert set_ == Change("date_set", "exec-briefing", None, "2027-01-12", label="Executive briefing")
    assert cleared.describe(CODES) == "Executive briefing (A1) date removed (was 12 Jan 2027)"
    assert set_.describe(CODES) == "Executive briefing (A1) date set for 12 Jan 2027"


def test_status_changed():
    base = retitle("sandbox-setup", "Sandbox")
    changes = changes_between(edited(base), edited(base, setting("sandbox-setup", status="done")))
    assert changes == [Change("status_changed", "sandbox-setup", "in_progress", "done", label="Sandbox")]
    assert sentences(changes) == ["Status of Sandbox (T2): in progress → done"]


def test_owner_changed_names_the_people():
    base = retitle("sec-questionnaire", "Security questionnaire")
    after = edited(base, setting("sec-questionnaire", owners=["daniel-whitfield"]))
    changes = changes_between(edited(base), after)
    assert changes == [Change("owner_changed", "sec-questionnaire", "Lena Hoffmann", "Daniel Whitfield",
                              label="Security questionnaire")]
    assert sentences(changes) == ["Owner of Security questionnaire (S2): Lena Hoffmann → Daniel Whitfield"]


def test_owner_changed_with_several_owners():
    base = retitle("dpa", "DPA")
    after = edited(base, setting("dpa", owners=["helen-marsh", "nora-fitzgerald", "lena-hoffmann"]))
    assert sentences(changes_between(edited(base), after)) == [
        "Owner of DPA (S4): Helen Marsh and Nora Fitzgerald → Helen Marsh, Nora Fitzgerald and Lena Hoffmann"]


def test_gate_added_renamed_and_removed():
    base = retitle("kickoff", "Kickoff")
    gated = edited(base, setting("kickoff", gate="Kicked off"))
    renamed = edited(base, setting("kickoff", gate="Project started"))
    steps = [(edited(base), gated), (gated, renamed), (renamed, edited(base))]
    changes = [c for old, new in steps for c in changes_between(old, new)]
    assert changes == [
        Change("gate_changed", "kickoff", None, "Kicked off", label="Kickoff"),
        Change("gate_changed", "kickoff", "Kicked off", "Project started", label="Kickoff"),
        Change("gate_changed", "kickoff", "Project started", None, label="Kickoff"),
    ]
    assert sentences(changes) == [
        "Kickoff (I1) is now a gate: Kicked off",
        "Gate of Kickoff (I1) renamed: Kicked off → Project started",
        "Kickoff (I1) is no longer a gate (was Project started)",
    ]


def test_dependencies_changed_by_code():
    base = retitle("uat", "UAT")
    after = edited(base, setting("uat", depends_on=["kickoff", "sec-review"]))
    changes = changes_between(edited(base), after)
    assert changes == [Change("dependencies_changed", "uat", "sso-sap-integration", "kickoff, sec-review",
                              label="UAT")]
    assert sentences(changes) == ["UAT (I3) now waits for I1, S3; no longer waits for I2"]
    assert changes[0].describe() == (
        "UAT now waits for kickoff, sec-review; no longer waits for sso-sap-integration")


def test_dependencies_only_added_only_removed_or_reordered():
    base = retitle("exec-approval", "IC approval")
    deps = task(SELLER, "exec-approval")["depends_on"]
    more = edited(base, setting("exec-approval", depends_on=[*deps, "dpa"]))
    fewer = edited(base, setting("exec-approval", depends_on=deps[1:]))
    shuffled = edited(base, setting("exec-approval", depends_on=deps[::-1]))
    assert sentences(changes_between(edited(base), more)) == ["IC approval (A2) now waits for S4"]
    assert sentences(changes_between(edited(base), fewer)) == ["IC approval (A2) no longer waits for B4"]
    assert changes_between(edited(base), shuffled) == []


# -- the deal, people, objectives, risks ---------------------------------------------


def test_go_live_and_signature_moved_with_reasons():
    def move(data):
        data["deal"].update(go_live="2027-03-15", signature="2027-01-22")
    changes = changes_between(SELLER, edited(move), {"signature": "IC moved up three days"})
    assert changes == [
        Change("go_live_moved", "deal", "2027-03-01", "2027-03-15", 14),
        Change("signature_moved", "deal", "2027-01-25", "2027-01-22", -3, "IC moved up three days"),
    ]
    assert sentences(changes) == [
        "Go-live moved 1 Mar → 15 Mar 2027, 14 days later",
        "Signature moved 25 Jan → 22 Jan 2027, 3 days earlier: IC moved up three days",
    ]


def test_signature_date_set_and_removed():
    unsigned = edited(lambda data: data["deal"].update(signature=None))
    assert sentences(changes_between(SELLER, unsigned)) == ["Signature date removed (was 25 Jan 2027)"]
    assert sentences(changes_between(unsigned, SELLER)) == ["Signature date set for 25 Jan 2027"]


def test_person_added_and_removed():
    def swap(data):
        data["people"] = [p for p in data["people"] if p["id"] != "marcus-bell"]
        data["people"].append({**data["people"][0], "id": "ines-duarte", "name": "Inês Duarte",
                               "title": "Procurement Lead", "role": "procurement"})
        data["people"].append({**data["people"][0], "id": "sam-roe", "name": "Sam Roe", "title": None})
    changes = changes_between(SELLER, edited(swap))
    assert changes == [
        Change("person_added", "ines-duarte", after="Procurement Lead", label="Inês Duarte"),
        Change("person_added", "sam-roe", label="Sam Roe"),
        Change("person_removed", "marcus-bell", "Strategic Sourcing Manager, IT & Software", label="Marcus Bell"),
    ]
    assert sentences(changes) == [
        "Joined the team: Inês Duarte, Procurement Lead",
        "Joined the team: Sam Roe",
        "Left the team: Marcus Bell, Strategic Sourcing Manager, IT & Software",
    ]


def test_objectives_added_removed_and_changed():
    def edit(data):
        first, second, third = data["objectives"]
        first["metrics"][0]["target"] = "10 days"
        first["metrics"].append({"name": "Renewals handled per manager", "baseline": "40", "target": "90"})
        del first["metrics"][1]
        second["detail"] = "Flag off-contract freight before invoices are paid."
        data["objectives"] = [first, second, {**third, "title": "Give legal its weekends back"}]
    changes = changes_between(SELLER, edited(edit))
    cycle, rates = "Cut the carrier-contract cycle time", "Stop paying expired and off-contract rates"
    days, late = "Days from carrier quote to signed agreement", "Renewals signed after the old rate expired"
    assert changes == [
        Change("objective_changed", cycle, "34 days → 12 days", "34 days → 10 days",
               label=cycle, aspect=days),
        Change("objective_changed", cycle, None, "40 → 90", label=cycle, aspect="Renewals handled per manager"),
        Change("objective_changed", cycle, "41% → under 5%", None, label=cycle, aspect=late),
        Change("objective_changed", rates, label=rates),
        Change("objective_added", "Give legal its weekends back", label="Give legal its weekends back"),
        Change("objective_removed", "Give legal its time back", label="Give legal its time back"),
    ]
    assert sentences(changes) == [
        f"Objective “{cycle}”: {days} now 34 days → 10 days (was 34 days → 12 days)",
        f"Objective “{cycle}”: new measure, Renewals handled per manager: 40 → 90",
        f"Objective “{cycle}”: measure dropped, {late}",
        f"Objective reworded: {rates}",
        "New objective: Give legal its weekends back",
        "Objective dropped: Give legal its time back",
    ]


def test_risks_added_removed_and_changed():
    def edit(data):
        risk(data, "budget-timing")["status"] = "closed"
        risk(data, "sap-mapping")["owner"] = "priya-raman"
        risk(data, "holiday-freeze")["mitigation"] = "Redlines due 18 December."
        risk(data, "data-residency").update(title="EU carrier data stays in the EU", mitigation=None)
        data["risks"].remove(risk(data, "clausewise-retention"))
        data["risks"].append({**risk(data, "sap-mapping"), "id": "carrier-portal",
                              "title": "Carrier portal API limits"})
    changes = changes_between(SELLER, edited(edit))
    budget, sap, freeze, residency, rival = (r["title"] for r in SELLER["risks"])
    eu = "EU carrier data stays in the EU"
    assert changes == [
        Change("risk_changed", "budget-timing", "open", "closed", label=budget, aspect="status"),
        Change("risk_changed", "sap-mapping", "Grace Okafor", "Priya Raman", label=sap, aspect="owner"),
        Change("risk_changed", "holiday-freeze", risk(SELLER, "holiday-freeze")["mitigation"],
               "Redlines due 18 December.", label=freeze, aspect="mitigation"),
        Change("risk_changed", "data-residency", residency, eu, label=eu, aspect="title"),
        Change("risk_changed", "data-residency", risk(SELLER, "data-residency")["mitigation"], None,
               label=eu, aspect="mitigation"),
        Change("risk_added", "carrier-portal", label="Carrier portal API limits"),
        Change("risk_removed", "clausewise-retention", label=rival),
    ]
    assert sentences(changes) == [
        f"Risk “{budget}”: open → closed",
        f"Owner of risk “{sap}”: Grace Okafor → Priya Raman",
        f"Risk “{freeze}”, new mitigation: Redlines due 18 December.",
        f"Risk renamed: {residency} → {eu}",
        f"Risk “{eu}”: mitigation removed",
        "New risk: Carrier portal API limits",
        f"Risk removed: {rival}",
    ]


def test_every_kind_has_a_sentence_and_bad_kinds_are_refused():
    assert len(KINDS) == 24
    for kind in KINDS:
        assert Change(kind, "x", "2027-01-01", "2027-01-02", 1, label="X").describe()
    assert Change("date_committed", "x", label="X").describe() == "X date confirmed"
    assert Change("date_uncommitted", "x", label="X").describe() == "X date is now to be confirmed"
    with pytest.raises(ValueError, match="unknown change kind"):
        Change("task_exploded", "x")


# -- order ----------------------------------------------------------------------------


def everything(data: dict) -> None:
    """One edit of each family, made in an order unlike the listing order."""
    risk(data, "budget-timing")["status"] = "closed"
    data["objectives"].pop()
    data["people"].pop()
    data["tasks"].remove(task(data, "dpa"))
    task(data, "go-live-decision")["status"] = "in_progress"
    task(data, "sec-review").update(due="2026-12-21", status="blocked", title="Security review")
    data["tasks"].insert(0, {**task(data, "uat"), "id": "sso-pilot", "title": "SSO pilot"})
    data["deal"]["go_live"] = "2027-03-08"


def test_changes_are_listed_deal_first_then_tasks_in_new_order_then_removed_people_objectives_risks():
    changes = changes_between(SELLER, edited(everything), {"sec-review": "CISO away"})
    assert [(c.kind, c.subject) for c in changes] == [
        ("go_live_moved", "deal"),
        ("task_added", "sso-pilot"),
        ("task_retitled", "sec-review"),
        ("date_moved", "sec-review"),
        ("status_changed", "sec-review"),
        ("status_changed", "go-live-decision"),
        ("task_removed", "dpa"),
        ("person_removed", "james-adeyemi"),
        ("objective_removed", "Give legal its time back"),
        ("risk_changed", "budget-timing"),
    ]
    assert changes_between(SELLER, edited(everything), {"sec-review": "CISO away"}) == changes


# -- what the buyer sees --------------------------------------------------------------


def with_canaries(data: dict) -> dict:
    """Internal notes, an unshared risk and an unshared assumption, all changed to the canary."""
    data["deal"]["internal"] = CANARY
    task(data, "sec-review")["internal"] = f"{CANARY} task note"
    data["people"][0]["internal"]["notes"] = CANARY
    rival = risk(data, "clausewise-retention")
    rival.update(title=f"{CANARY} rival", mitigation=CANARY, status="mitigated", internal=CANARY)
    data["assumptions"][2].update(text=CANARY, internal=CANARY)
    return data


def leaks(changes) -> bool:
    return CANARY in json.dumps(to_data(changes)) + "".join(sentences(changes))


def test_buyer_changes_leave_out_an_unshared_risk_and_keep_the_reasons():
    after = with_canaries(edited(setting("sec-review", due="2026-12-21")))
    changes = changes_between(SELLER, after, {"sec-review": "CISO away"})
    assert leaks(changes)  # the seller's list has it, so the test below means something
    assert [c.subject for c in changes if c.kind == "risk_changed"] == ["clausewise-retention"] * 3
    shown = buyer_changes(changes, BUYER, buyer_view(after))
    assert shown == [c for c in changes if c.subject == "sec-review"]
    assert shown[0].reason == "CISO away"
    assert not leaks(shown)


def test_buyer_changes_are_the_changes_between_buyer_snapshots():
    after = with_canaries(edited(setting("sec-review", due="2026-12-21"), everything))
    changes = changes_between(BUYER, buyer_view(after), {"sec-review": "CISO away"})
    assert not leaks(changes)
    seller_side = changes_between(SELLER, after, {"sec-review": "CISO away"})
    assert buyer_changes(seller_side, BUYER, buyer_view(after)) == changes


def test_a_private_risk_made_shared_and_renamed_is_new_to_the_buyer_not_renamed():
    def share(data):
        risk(data, "clausewise-retention").update(title="Incumbent renewal terms", shared=True)
    before = with_canaries(seller())
    after = with_canaries(edited(share))
    risk(after, "clausewise-retention").update(title="Incumbent renewal terms", shared=True)
    seller_side = changes_between(before, after)
    assert any(c.kind == "risk_changed" and c.aspect == "title" for c in seller_side)
    shown = buyer_changes(seller_side, buyer_view(before), buyer_view(after))
    assert shown == [Change("risk_added", "clausewise-retention", label="Incumbent renewal terms")]
    assert sentences(shown) == ["New risk: Incumbent renewal terms"]
    assert not leaks(shown)


def test_a_shared_risk_made_private_is_removed_for_the_buyer_under_its_shared_title():
    def hide(data):
        risk(data, "holiday-freeze").update(title=f"{CANARY} freeze", shared=False)
    shown = buyer_changes(changes_between(SELLER, edited(hide)), BUYER, buyer_view(edited(hide)))
    assert [(c.kind, c.subject) for c in shown] == [("risk_removed", "holiday-freeze")]
    assert not leaks(shown)


def test_removed_risks_are_shown_only_when_the_buyer_had_them():
    def drop(data):
        data["risks"] = [r for r in data["risks"] if r["id"] not in ("holiday-freeze", "clausewise-retention")]
    after = edited(drop)
    changes = changes_between(SELLER, after)
    assert [c.subject for c in changes] == ["holiday-freeze", "clausewise-retention"]
    assert [c.subject for c in buyer_changes(changes, BUYER, buyer_view(after))] == ["holiday-freeze"]


def test_moved_go_live_keeps_its_reason_for_the_buyer():
    after = seller()
    after["deal"]["go_live"] = "2027-04-01"
    seller_side = changes_between(SELLER, after, {"go_live": "Board moved the launch"})
    shown = buyer_changes(seller_side, BUYER, buyer_view(after))
    assert [(c.kind, c.reason) for c in shown] == [("go_live_moved", "Board moved the launch")]


# -- storing, slips, where a date was -------------------------------------------------


def test_json_round_trip():
    after = edited(everything, setting("legal-final", commitment="placeholder"))
    changes = changes_between(SELLER, after, {"sec-review": "CISO away"})
    text = json.dumps(to_data(changes))
    assert from_data(json.loads(text)) == changes
    assert to_data(changes)[3] == {"kind": "date_moved", "subject": "sec-review", "before": "2026-12-14",
                                   "after": "2026-12-21", "days": 7, "reason": "CISO away",
                                   "label": "Security review", "aspect": None}


def test_from_data_ignores_keys_it_does_not_know_and_fills_defaults():
    assert from_data([{"kind": "task_added", "subject": "x", "label": "X", "added_in": 9}]) == [
        Change("task_added", "x", label="X")]


def test_slips_across_three_revisions():
    second = edited(setting("sec-review", due="2026-12-18"), setting("legal-final", due="2027-01-20"))
    third = copy.deepcopy(second)
    setting("sec-review", due="2027-01-08")(third)
    setting("tech-validation", due=None)(third)
    third["deal"]["go_live"] = "2027-03-15"
    history = [
        (1, changes_between(None, SELLER)),
        (2, changes_between(SELLER, second, {"sec-review": "CISO out", "legal-final": "Helen on leave"})),
        (3, changes_between(second, third, {"sec-review": "Holiday freeze"})),
    ]
    found = slips(history)
    assert list(found) == ["sec-review", "legal-final"]
    assert [(c.before, c.after, c.days, c.reason) for c in found["sec-review"]] == [
        ("2026-12-14", "2026-12-18", 4, "CISO out"), ("2026-12-18", "2027-01-08", 21, "Holiday freeze")]
    assert [(c.before, c.after, c.reason) for c in found["legal-final"]] == [
        ("2027-01-15", "2027-01-20", "Helen on leave")]
    assert slips(history[::-1]) == found


def test_moved_from_gives_the_previous_date_of_a_moved_task_only():
    after = edited(setting("sec-review", due="2026-12-21"), setting("exec-briefing", due=None),
                   setting("dpa", status="in_progress"))
    changes = changes_between(SELLER, after)
    assert moved_from(changes, "sec-review") == "2026-12-14"
    assert moved_from(changes, "exec-briefing") is None
    assert moved_from(changes, "dpa") is None
    assert moved_from([], "sec-review") is None


# -- the buyer accepting the plan ----------------------------------------------------


def accepted(by: str | None, on: str | None = None):
    def edit(data):
        data["deal"]["accepted"] = {"by": by, "on": on} if by else None
    return edit


@pytest.mark.parametrize("before, after, said", [
    (None, ("priya-raman", "2026-11-18"), "Plan accepted by Priya Raman on 18 Nov 2026"),
    (("priya-raman", "2026-11-18"), ("tomas-lindqvist", "2026-12-02"),
     "Plan accepted by Tomas Lindqvist on 2 Dec 2026 (accepted before on 18 Nov 2026)"),
    (("priya-raman", "2026-11-18"), None, "Acceptance withdrawn (was Priya Raman, 18 Nov 2026)"),
])
def test_acceptance_is_a_change_for_seller_and_buyer(before, after, said):
    old = edited(accepted(*(before or (None,))))
    new = edited(accepted(*(after or (None,))))
    assert sentences(changes_between(old, new)) == [said]
    assert sentences(buyer_changes(changes_between(old, new), buyer_view(old),
                                   buyer_view(new))) == [said]
