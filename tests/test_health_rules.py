"""Every health rule MAP001..MAP019: a plan that triggers it, and one that does not.

Each test starts from the healthy plan of ``health_plans`` (no findings at
all), changes one thing, and asserts the exact findings that change causes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.health import NO_HISTORY, RULES, SkippedRule, assess
from generator.health.owners import reads_as_department
from generator.history.revisions import History, Revision, TaskSnapshot
from generator.plan.loader import load_plan
from health_plans import (BUYER, DEAL_ID, TODAY, add_task, codes, health, healthy, load, rows,
                          task)

EXAMPLES_WEAK = Path(__file__).resolve().parent.parent / "examples" / "weak.yaml"
D = dt.date


def to_seller(data: dict, *task_ids: str, owner: str = "dana-ross") -> None:
    """Give each task to one seller-side owner."""
    for task_id in task_ids:
        entry = task(data, task_id)
        entry.pop("owners", None)
        entry["owner"] = owner


def done(data: dict, task_id: str, on: dt.date | None = None) -> None:
    entry = task(data, task_id)
    entry["status"] = "done"
    if on:
        entry["done_on"] = on


# -- the healthy base and the rule table --------------------------------------------


def test_healthy_plan_has_no_findings_at_all():
    found = health(healthy())
    assert found.findings == ()
    assert found.warnings == ()


def test_healthy_plan_with_empty_history_has_no_findings_and_skips_nothing():
    found = health(healthy(), history=History())
    assert found.findings == ()
    assert found.skipped == ()


TITLES = ["not mutual", "missing standard step", "owner is not a person", "undated step",
          "placeholder on a gate", "overdue", "stale", "order violation", "past the finish",
          "no consequence", "possibly fake", "next buyer step unclear", "not accepted",
          "no forcing function", "unconfirmed assumption", "date improved alone",
          "quarter-end pile-up", "oversized", "holiday or freeze"]


def test_rule_table_is_map001_to_map019_in_order_with_the_titles_of_health_md():
    assert [r.code for r in RULES] == [f"MAP{n:03d}" for n in range(1, 20)]
    assert [r.title for r in RULES] == TITLES
    assert [r.code for r in RULES if r.needs_history] == ["MAP007", "MAP016"]


def test_findings_carry_the_rule_title_and_a_readable_subject():
    data = healthy()
    del data["deal"]["accepted"]
    (finding,) = health(data).findings
    assert finding.title == "not accepted"
    assert (finding.subject_type, finding.subject_id) == ("deal", DEAL_ID)
    assert finding.subject == f"deal {DEAL_ID}"


def _weak(ignore=frozenset()):
    loaded = load_plan(EXAMPLES_WEAK)
    return assess(loaded.plan, D(2026, 11, 21), ignore=frozenset(ignore))


def test_ignore_drops_a_rule_and_nothing_else():
    everything = _weak()
    assert {"MAP011", "MAP017"} <= set(codes(everything))
    without = _weak({"MAP011", "MAP017"})
    assert [f for f in everything.findings if f.code not in {"MAP011", "MAP017"}] == list(without.findings)
    assert "MAP011" not in codes(without) and "MAP017" not in codes(without)


def test_ignoring_a_history_rule_does_not_list_it_as_skipped():
    found = _weak({"MAP007"})
    assert [s.code for s in found.skipped] == ["MAP016"]


def test_without_history_map007_and_map016_are_skipped_with_the_reason():
    found = health(healthy())
    assert found.skipped == (SkippedRule("MAP007", "stale", NO_HISTORY),
                             SkippedRule("MAP016", "date improved alone", NO_HISTORY))
    assert "needs the revision history" in NO_HISTORY


def test_warnings_are_only_the_warning_findings():
    found = _weak()
    assert found.warnings and all(f.severity == "warning" for f in found.warnings)
    infos = [f for f in found.findings if f.severity == "info"]
    assert infos and len(found.warnings) + len(infos) == len(found.findings)


# -- MAP001 not mutual ----------------------------------------------------------


def test_map001_under_a_third_owned_by_the_buyer():
    data = healthy()
    to_seller(data, "sec-review", "legal-review", "procurement", "exec-approval")
    assert rows(health(data)) == [(
        "MAP001", "warning", f"plan {DEAL_ID}",
        "Only 2 of 7 tasks are owned by Northwind Health: add the buyer's own steps so that "
        "at least a third are theirs.")]


def test_map001_no_buyer_task_at_all():
    data = healthy()
    to_seller(data, *[t["id"] for t in data["tasks"]])
    assert rows(health(data)) == [(
        "MAP001", "warning", f"plan {DEAL_ID}",
        "No task is owned by anyone at Northwind Health: add the buyer's own steps (security, "
        "legal, procurement, approval, signature) with named owners.")]


def _three_buyer_tasks_and(extra_seller_tasks: int) -> dict:
    data = healthy()
    to_seller(data, "sec-review", "legal-review", "procurement")  # buyer: exec, sign, kickoff
    for n in range(extra_seller_tasks):
        add_task(data, f"seller-step-{n}", due=D(2026, 12, 10), if_missed="Nothing moves.")
    return data


def test_map001_not_raised_at_exactly_one_third():
    found = health(_three_buyer_tasks_and(2))  # 3 of 9
    assert found.metrics.buyer_total == 3 and len(load(_three_buyer_tasks_and(2)).tasks) == 9
    assert codes(found) == []


def test_map001_raised_just_under_one_third():
    found = health(_three_buyer_tasks_and(3))  # 3 of 10
    assert [f.message for f in found.findings] == [
        "Only 3 of 10 tasks are owned by Northwind Health: add the buyer's own steps so that "
        "at least a third are theirs."]


def test_map001_shared_tasks_count_as_buyer_owned():
    data = healthy()
    # every task to the seller except the two shared ones (legal-review, kickoff)
    to_seller(data, "sec-questionnaire", "sec-review", "procurement", "exec-approval", "sign-contract")
    found = health(data)
    assert [f.message.split(":")[0] for f in found.findings] == [
        "Only 2 of 7 tasks are owned by Northwind Health"]


# -- MAP002 missing standard step -------------------------------------------------


def test_map002_one_missing_kind():
    data = healthy()
    del task(data, "legal-review")["kind"]
    assert rows(health(data)) == [(
        "MAP002", "warning", "step legal_review",
        "There is no legal_review task: add the legal review in which counsel at Northwind "
        "Health returns redlines, with an owner and a date (kind: legal_review).")]


def test_map002_one_finding_per_missing_kind_in_standard_order():
    data = healthy()
    for task_id in ("sec-review", "legal-review", "procurement", "exec-approval", "sign-contract"):
        del task(data, task_id)["kind"]
    found = health(data)
    assert [(f.code, f.subject) for f in found.findings] == [
        ("MAP002", "step security_review"), ("MAP002", "step legal_review"),
        ("MAP002", "step procurement"), ("MAP002", "step executive_approval"),
        ("MAP002", "step signature")]
    messages = [f.message for f in found.findings]
    assert messages[0] == ("There is no security_review task: add the security review in which the "
                           "security team at Northwind Health approves Acme Analytics, with an owner "
                           "and a date (kind: security_review).")
    assert messages[2] == ("There is no procurement task: add the procurement step in which Northwind "
                           "Health sets Acme Analytics up as a vendor, with an owner and a date "
                           "(kind: procurement).")
    assert messages[3] == ("There is no executive_approval task: add the executive approval in which "
                           "the budget holder at Northwind Health signs off, with an owner and a date "
                           "(kind: executive_approval).")
    assert messages[4] == ("There is no signature task: add the signature step naming who at "
                           "Northwind Health signs, with an owner and a date (kind: signature).")


def test_map002_kickoff_business_case_and_technical_validation_are_not_required():
    data = healthy()
    del task(data, "kickoff")["kind"]  # the healthy plan has no business case nor validation either
    assert codes(health(data)) == []


def test_map002_a_done_task_of_the_kind_counts():
    data = healthy()
    done(data, "sec-review", D(2026, 11, 12))
    assert codes(health(data)) == []


# -- MAP003 owner is not a person ------------------------------------------------


@pytest.mark.parametrize("name", [
    "Maria Chen", "Raj Patel", "Jo Sales", "Dana Ross", "Anne-Marie Dubois", "Zoë Müller",
    "Seán O'Brien", "Grace Lead", "Maria from Legal", "Li Na", "Malcolm X", "Bu Xiaolin",
])
def test_map003_people_read_as_people(name):
    assert reads_as_department(name) is False


@pytest.mark.parametrize("name", [
    "Procurement", "Legal team", "IT", "Head of IT", "TBD", "Champion (name TBD)", "The CFO",
    "Security Office", "Legal", "Finance department", "Accounts Payable", "Someone in IT",
    "Procurement Manager", "VP Sales", "N/A", "NA", "X", "", "   ", "Economic buyer (name TBD)",
])
def test_map003_departments_roles_and_placeholders_are_not_people(name):
    assert reads_as_department(name) is True


def test_map003_a_task_owned_by_a_department():
    data = healthy()
    data["people"][2]["name"] = "Legal team"  # lena-ortiz, buyer side, on legal-review
    assert rows(health(data)) == [(
        "MAP003", "warning", "task legal-review",
        "'Legal team' is not a person: name who at Northwind Health will actually do "
        "'Northwind counsel returns redlines and both sides agree terms'.")]


def test_map003_both_owners_of_a_shared_task_and_each_side_named():
    data = healthy()
    data["people"][2]["name"] = "Legal team"  # lena-ortiz (buyer)
    data["people"][5]["name"] = "Sales desk"  # dana-ross (seller): legal-review and kickoff
    assert rows(health(data)) == [
        ("MAP003", "warning", "task legal-review",
         "'Legal team' and 'Sales desk' are not people: name who at Northwind Health and Acme "
         "Analytics will actually do 'Northwind counsel returns redlines and both sides agree terms'."),
        ("MAP003", "warning", "task kickoff",
         "'Sales desk' is not a person: name who at Acme Analytics will actually do "
         "'Both teams hold the implementation kickoff'."),
    ]


def test_map003_a_department_that_owns_no_task_is_not_reported():
    data = healthy()
    data["people"].append({"id": "it", "name": "IT", "side": "buyer", "role": "technical"})
    assert codes(health(data)) == []


# -- MAP004 undated step ----------------------------------------------------------


def test_map004_undated_seller_step_is_info():
    data = healthy()
    del task(data, "sec-questionnaire")["due"]
    assert rows(health(data)) == [("MAP004", "info", "task sec-questionnaire",
                                   "No date: agree with Sam Lee when it will be done.")]


def test_map004_undated_buyer_step_is_a_warning():
    data = healthy()
    del task(data, "exec-approval")["due"]
    assert rows(health(data)) == [("MAP004", "warning", "task exec-approval",
                                   "No date: agree with Tomas Berg when it will be done.")]


def test_map004_undated_shared_step_names_both_owners():
    data = healthy()
    del task(data, "legal-review")["due"]
    assert rows(health(data)) == [("MAP004", "warning", "task legal-review",
                                   "No date: agree with Lena Ortiz and Dana Ross when it will be done.")]


def test_map004_undated_seller_gate_is_a_warning():
    data = healthy()
    entry = task(data, "sec-questionnaire")
    del entry["due"]
    entry.update(gate="Questionnaire returned", date="committed")
    assert [(f.code, f.severity) for f in health(data).findings] == [("MAP004", "warning")]


def test_map004_not_raised_for_a_done_undated_task():
    data = healthy()
    del task(data, "sec-questionnaire")["due"]
    done(data, "sec-questionnaire")
    assert codes(health(data)) == []


# -- MAP005 placeholder on a gate --------------------------------------------------


def test_map005_gate_with_a_placeholder_date():
    data = healthy()
    task(data, "procurement")["date"] = "placeholder"
    assert rows(health(data)) == [(
        "MAP005", "warning", "task procurement",
        "The gate 'Vendor approved' is still a placeholder for 15 Jan 2027: confirm the date with "
        "Omar Haddad and mark it 'date: committed'.")]


def test_map005_a_gate_without_date_key_is_a_placeholder():
    data = healthy()
    del task(data, "procurement")["date"]
    assert codes(health(data)) == ["MAP005"]


def test_map005_not_raised_for_a_committed_gate_a_done_gate_or_a_non_gate():
    data = healthy()  # every gate committed; kickoff is a placeholder but no gate
    assert task(data, "kickoff").get("date") is None
    entry = task(data, "sec-review")
    entry["date"] = "placeholder"
    done(data, "sec-review", D(2026, 11, 12))
    assert codes(health(data)) == []


# -- MAP006 overdue -----------------------------------------------------------------


def test_map006_overdue_by_one_day():
    assert rows(health(healthy(), today=D(2026, 12, 2))) == [(
        "MAP006", "warning", "task sec-questionnaire",
        "Due 1 Dec 2026, 1 day ago, and not done: agree a new date with Sam Lee and record why.")]


def test_map006_overdue_by_several_days_while_in_progress():
    data = healthy()
    task(data, "sec-questionnaire")["status"] = "in_progress"
    assert [f.message for f in health(data, today=D(2026, 12, 4)).findings] == [
        "Due 1 Dec 2026, 3 days ago, and not done: agree a new date with Sam Lee and record why."]


def test_map006_not_raised_for_a_task_due_today():
    assert codes(health(healthy(), today=D(2026, 12, 1))) == []


def test_map006_not_raised_for_a_done_task():
    data = healthy()
    done(data, "sec-questionnaire", D(2026, 11, 30))
    assert codes(health(data, today=D(2026, 12, 4))) == []


# -- MAP007 stale (needs history) -----------------------------------------------------


SEC_REVIEW = TaskSnapshot(D(2026, 12, 15), commitment="committed")


def _history(*revisions: tuple[dt.date, dict]) -> History:
    return History(tuple(Revision(n, day, tasks) for n, (day, tasks) in enumerate(revisions, start=1)))


def test_map007_buyer_task_unchanged_for_more_than_14_days():
    history = _history((D(2026, 10, 20), {"sec-review": SEC_REVIEW}))
    found = health(healthy(), history=history)
    assert rows(found) == [("MAP007", "warning", "task sec-review",
                            "Unchanged for 27 days: ask Raj Patel where it stands and record the answer.")]
    assert found.skipped == ()


def test_map007_fifteen_days_is_stale_fourteen_is_not():
    assert [f.message.split(":")[0] for f in health(healthy(), history=_history(
        (D(2026, 11, 1), {"sec-review": SEC_REVIEW}))).findings] == ["Unchanged for 15 days"]
    assert codes(health(healthy(), history=_history((D(2026, 11, 2), {"sec-review": SEC_REVIEW})))) == []


def test_map007_an_unchanged_later_revision_does_not_count_as_a_change():
    history = _history((D(2026, 10, 20), {"sec-review": SEC_REVIEW}),
                       (D(2026, 11, 10), {"sec-review": SEC_REVIEW}))
    assert [f.message for f in health(healthy(), history=history).findings] == [
        "Unchanged for 27 days: ask Raj Patel where it stands and record the answer."]


def test_map007_a_recent_change_is_not_stale():
    history = _history((D(2026, 10, 20), {"sec-review": SEC_REVIEW}),
                       (D(2026, 11, 10), {"sec-review": TaskSnapshot(D(2026, 12, 15), "in_progress",
                                                                     "committed")}))
    assert codes(health(healthy(), history=history)) == []


def test_map007_not_raised_for_seller_done_or_unrecorded_tasks():
    data = healthy()
    done(data, "sec-review", D(2026, 11, 12))
    old = D(2026, 9, 1)
    history = _history((old, {"sec-questionnaire": TaskSnapshot(D(2026, 12, 1)),  # seller task
                              "sec-review": SEC_REVIEW}))                          # done now
    assert codes(health(data, history=history)) == []  # the other buyer tasks were never recorded


# -- MAP008 order violation ----------------------------------------------------------


def test_map008_task_due_before_its_dependency():
    data = healthy()
    task(data, "exec-approval")["due"] = D(2027, 1, 12)
    assert rows(health(data)) == [(
        "MAP008", "warning", "task exec-approval",
        "Due 12 Jan 2027, before 'procurement' which it depends on (15 Jan 2027): "
        "move one of the two dates.")]


def test_map008_not_raised_on_the_same_day():
    data = healthy()
    task(data, "exec-approval")["due"] = D(2027, 1, 15)
    assert codes(health(data)) == []


# -- MAP009 past the finish -------------------------------------------------------------


def test_map009_pre_signature_kind_after_signature():
    data = healthy()
    add_task(data, "business-case", owner="maria-chen", kind="business_case", due=D(2027, 2, 5),
             date="committed", if_missed="No budget is requested.")
    assert rows(health(data)) == [(
        "MAP009", "warning", "task business-case",
        "Due 5 Feb 2027, after the signature date (1 Feb 2027) it must come before: bring it "
        "forward or move the signature date.")]


def test_map009_a_step_the_signature_depends_on_indirectly_is_pre_signature():
    data = healthy()
    add_task(data, "order-form", due=D(2027, 2, 3), if_missed="Nothing to sign.")
    task(data, "exec-approval")["depends_on"].append("order-form")
    assert rows(health(data)) == [
        ("MAP008", "warning", "task exec-approval",
         "Due 22 Jan 2027, before 'order-form' which it depends on (3 Feb 2027): move one of the two dates."),
        ("MAP009", "warning", "task order-form",
         "Due 3 Feb 2027, after the signature date (1 Feb 2027) it must come before: bring it "
         "forward or move the signature date."),
    ]


def test_map009_uses_deal_signature_when_given():
    data = healthy()
    data["deal"]["signature"] = "go_live - 6w"  # 18 Jan 2027
    assert [(f.code, f.subject, f.message) for f in health(data).findings] == [(
        "MAP009", "task exec-approval",
        "Due 22 Jan 2027, after the signature date (18 Jan 2027) it must come before: bring it "
        "forward or move the signature date."), (
        "MAP009", "task sign-contract",
        "The signature step is due 1 Feb 2027, after the target signature date (18 Jan 2027): "
        "make deal.signature and this date agree.")]


def test_map009_any_task_after_go_live():
    data = healthy()
    add_task(data, "training", due=D(2027, 3, 8), if_missed="Users start untrained.")
    assert rows(health(data)) == [(
        "MAP009", "warning", "task training",
        "Due 8 Mar 2027, after go-live (1 Mar 2027): bring it forward, or take it out of the plan "
        "to go live.")]


def test_map009_kickoff_after_go_live_is_allowed():
    data = healthy()
    task(data, "kickoff")["due"] = D(2027, 3, 5)
    assert codes(health(data)) == []


def test_map009_not_raised_on_the_signature_day_or_on_go_live():
    data = healthy()
    add_task(data, "business-case", owner="maria-chen", kind="business_case", due=D(2027, 2, 1),
             date="committed", if_missed="No budget is requested.")
    add_task(data, "training", due=D(2027, 3, 1), if_missed="Users start untrained.")
    assert codes(health(data)) == []


# -- MAP010 no consequence -----------------------------------------------------------------


def test_map010_gate_without_if_missed():
    data = healthy()
    del task(data, "sec-review")["if_missed"]
    assert rows(health(data)) == [(
        "MAP010", "warning", "task sec-review",
        "Say what happens if it is missed (if_missed), in the buyer's terms, so that its date "
        "means something.")]


def test_map010_buyer_owned_non_gate_and_seller_gate():
    data = healthy()
    del task(data, "kickoff")["if_missed"]  # shared, no gate
    entry = task(data, "sec-questionnaire")  # seller, made a gate
    del entry["if_missed"]
    entry.update(gate="Questionnaire returned", date="committed")
    assert [(f.code, f.subject) for f in health(data).findings] == [
        ("MAP010", "task sec-questionnaire"), ("MAP010", "task kickoff")]


def test_map010_not_raised_for_a_seller_step_or_a_done_buyer_step():
    data = healthy()
    del task(data, "sec-questionnaire")["if_missed"]  # seller, not a gate, has a dependent
    del task(data, "sec-review")["if_missed"]
    done(data, "sec-review", D(2026, 11, 12))
    assert codes(health(data)) == []


# -- MAP011 possibly fake -------------------------------------------------------------------


def test_map011_a_task_nobody_would_miss():
    data = healthy()
    add_task(data, "send-deck", due=D(2026, 12, 3))
    assert rows(health(data)) == [(
        "MAP011", "info", "task send-deck",
        "Nothing depends on it, it closes no gate and missing it costs nothing: link it to what "
        "it enables, or drop it.")]


@pytest.mark.parametrize("reason", ["dependent", "gate", "if_missed", "kind"])
def test_map011_not_raised_when_something_would_miss_it(reason):
    data = healthy()
    entry = add_task(data, "send-deck", due=D(2026, 12, 3))
    if reason == "dependent":
        task(data, "exec-approval")["depends_on"].append("send-deck")
    elif reason == "gate":
        entry.update(gate="Deck sent", date="committed")  # a gate without if_missed is MAP010
    elif reason == "if_missed":
        entry["if_missed"] = "The champion has nothing to circulate."
    else:
        entry["kind"] = "technical_validation"
    found = health(data)
    assert "MAP011" not in codes(found)
    if reason == "gate":
        assert codes(found) == ["MAP010"]
    else:
        assert codes(found) == []


# -- MAP012 next buyer step unclear ----------------------------------------------------------


def test_map012_next_buyer_step_is_a_placeholder():
    data = healthy()
    add_task(data, "share-requirements", owner="maria-chen", due=D(2026, 12, 1),
             if_missed="Acme configures the wrong workflow.")
    assert rows(health(data)) == [(
        "MAP012", "warning", "task share-requirements",
        "The buyer's next step is a placeholder (1 Dec 2026): agree the date with Maria Chen on "
        "the next call and mark it committed.")]


def test_map012_next_buyer_step_has_no_date():
    data = healthy()
    for task_id in ("sec-review", "legal-review", "procurement", "sign-contract", "kickoff"):
        done(data, task_id, D(2026, 11, 13))
    del task(data, "exec-approval")["due"]
    assert rows(health(data)) == [
        ("MAP004", "warning", "task exec-approval", "No date: agree with Tomas Berg when it will be done."),
        ("MAP012", "warning", "task exec-approval",
         "The buyer's next step has no date: agree the date with Tomas Berg on the next call and "
         "mark it committed."),
    ]


def test_map012_not_raised_for_a_placeholder_that_is_not_the_next_step():
    data = healthy()
    add_task(data, "share-requirements", owner="maria-chen", due=D(2027, 1, 5),
             if_missed="Acme configures the wrong workflow.")
    assert codes(health(data)) == []


def test_map012_not_raised_when_no_buyer_step_is_open():
    data = healthy()
    for entry in data["tasks"]:
        if entry["id"] != "sec-questionnaire":
            done(data, entry["id"], D(2026, 11, 13))
    assert codes(health(data)) == []


# -- MAP013 not accepted, MAP014 no forcing function ----------------------------------------


def test_map013_plan_not_accepted():
    data = healthy()
    del data["deal"]["accepted"]
    assert rows(health(data)) == [(
        "MAP013", "warning", f"deal {DEAL_ID}",
        "Northwind Health has not accepted the plan: walk your champion through it and record "
        "deal.accepted (by, on).")]


def test_map014_no_go_live_reason():
    data = healthy()
    del data["deal"]["go_live_reason"]
    assert rows(health(data)) == [(
        "MAP014", "warning", f"deal {DEAL_ID}",
        "Nothing says why Northwind Health must be live by 1 Mar 2027: ask for the event behind "
        "the date and write it in deal.go_live_reason.")]


def test_map013_and_map014_not_raised_when_present():
    data = healthy()
    assert data["deal"]["accepted"] and data["deal"]["go_live_reason"]
    assert codes(health(data)) == []


# -- MAP015 unconfirmed assumption --------------------------------------------------------------


def test_map015_assumption_past_confirm_by():
    data = healthy()
    data["assumptions"] = [{"text": "Budget for FY27 is allocated.", "owner": "maria-chen",
                            "confirm_by": D(2026, 11, 13)}]
    assert rows(health(data)) == [(
        "MAP015", "warning", "assumption assumptions[0]",
        "'Budget for FY27 is allocated.' was to be confirmed by 13 Nov 2026: ask Maria Chen and "
        "record confirmed_on, or change the plan.")]


def test_map015_names_the_index_and_its_owner_when_nobody_is_named():
    data = healthy()
    data["assumptions"] = [{"text": "Fine.", "confirm_by": D(2026, 12, 1)},
                           {"text": "Vendor onboarding takes ten days.", "confirm_by": D(2026, 11, 1)}]
    assert rows(health(data)) == [(
        "MAP015", "warning", "assumption assumptions[1]",
        "'Vendor onboarding takes ten days.' was to be confirmed by 1 Nov 2026: ask its owner and "
        "record confirmed_on, or change the plan.")]


@pytest.mark.parametrize("assumption", [
    {"text": "Confirmed.", "owner": "maria-chen", "confirm_by": D(2026, 11, 13),
     "confirmed_on": D(2026, 11, 12)},
    {"text": "Due today.", "confirm_by": TODAY},
    {"text": "Due tomorrow.", "confirm_by": TODAY + dt.timedelta(days=1)},
    {"text": "No date."},
])
def test_map015_not_raised(assumption):
    data = healthy()
    data["assumptions"] = [assumption]
    assert codes(health(data)) == []


# -- MAP016 date improved alone (needs history) -------------------------------------------------


def _moves(questionnaire_before, review_before, questionnaire_after=D(2026, 12, 1),
           review_after=D(2026, 12, 15), status_after="not_started"):
    before = {"sec-questionnaire": TaskSnapshot(questionnaire_before),
              "sec-review": TaskSnapshot(review_before, commitment="committed")}
    after = {"sec-questionnaire": TaskSnapshot(questionnaire_after, status_after),
             "sec-review": TaskSnapshot(review_after, commitment="committed")}
    return _history((D(2026, 11, 1), before), (D(2026, 11, 8), after))


def test_map016_moved_earlier_while_the_dependency_stayed_put():
    found = health(healthy(), history=_moves(D(2026, 12, 1), D(2026, 12, 18)))
    assert rows(found) == [(
        "MAP016", "warning", "task sec-review",
        "Moved 3 days earlier in revision 2 while sec-questionnaire stayed put: ask what made it "
        "faster before you believe it.")]
    assert found.skipped == ()


def test_map016_lists_every_prerequisite():
    history = _history(
        (D(2026, 11, 5), {"sec-review": SEC_REVIEW, "legal-review": TaskSnapshot(D(2027, 1, 8)),
                          "procurement": TaskSnapshot(D(2027, 1, 22))}),
        (D(2026, 11, 9), {"sec-review": SEC_REVIEW, "legal-review": TaskSnapshot(D(2027, 1, 8)),
                          "procurement": TaskSnapshot(D(2027, 1, 15))}),
    )
    assert [f.message for f in health(healthy(), history=history).findings] == [
        "Moved 7 days earlier in revision 2 while sec-review, legal-review stayed put: ask what "
        "made it faster before you believe it."]


@pytest.mark.parametrize("history", [
    _moves(D(2026, 12, 4), D(2026, 12, 18)),                                  # prerequisite moved too
    _moves(D(2026, 12, 1), D(2026, 12, 18), status_after="done"),             # prerequisite finished
    _moves(D(2026, 12, 1), D(2026, 12, 10)),                                  # moved later
    _history((D(2026, 11, 1), {"sec-review": TaskSnapshot(D(2026, 12, 18))}),  # prerequisite unrecorded
             (D(2026, 11, 8), {"sec-review": SEC_REVIEW})),
    _history((D(2026, 11, 1), {"legal-review": TaskSnapshot(D(2027, 1, 20))}),  # no dependencies
             (D(2026, 11, 8), {"legal-review": TaskSnapshot(D(2027, 1, 8))})),
], ids=["prerequisite-moved", "prerequisite-done", "moved-later", "prerequisite-unrecorded",
        "no-dependencies"])
def test_map016_not_raised(history):
    assert codes(health(healthy(), history=history)) == []


# -- MAP017 quarter-end pile-up -----------------------------------------------------------------
# 2026 Q4 ends on Thursday 31 Dec: its last five business days are Fri 25 Dec to Thu 31 Dec.


def _pile(*days: dt.date, done_first: bool = False) -> dict:
    data = healthy()
    for n, day in enumerate(days):
        entry = add_task(data, f"pile-{n}", due=day, if_missed="The quarter closes without it.")
        if done_first and n == 0:
            entry.update(status="done", done_on=day)
    return data


def test_map017_three_tasks_in_the_last_five_business_days():
    found = health(_pile(D(2026, 12, 28), D(2026, 12, 29), D(2026, 12, 31)))
    assert rows(found) == [(
        "MAP017", "warning", "quarter 2026-Q4",
        "3 tasks are due in the last 5 business days of 2026 Q4 (pile-0, pile-1, pile-2): spread "
        "them out, or say which can slip.")]


def test_map017_window_starts_on_the_fifth_last_business_day():
    assert codes(health(_pile(*[D(2026, 12, 25)] * 3))) == ["MAP017"]


def test_map017_not_raised_for_three_tasks_just_outside_the_window():
    assert codes(health(_pile(*[D(2026, 12, 24)] * 3))) == []


def test_map017_not_raised_for_two_tasks_in_the_window():
    assert codes(health(_pile(D(2026, 12, 28), D(2026, 12, 31)))) == []


def test_map017_done_tasks_do_not_pile_up():
    assert codes(health(_pile(D(2026, 12, 28), D(2026, 12, 29), D(2026, 12, 31), done_first=True))) == []


# -- MAP018 oversized ----------------------------------------------------------------------------


def _with_tasks(total: int) -> dict:
    data = healthy()
    for n in range(total - len(data["tasks"])):
        add_task(data, f"step-{n}", owner="maria-chen", due=D(2027, 1, 5), date="committed",
                 if_missed="Go-live slips.")
    return data


def test_map018_more_than_30_tasks():
    assert rows(health(_with_tasks(31))) == [(
        "MAP018", "warning", f"plan {DEAL_ID}",
        "31 tasks is more than a buyer will read: keep the 30 that matter and move detail into notes.")]


def test_map018_not_raised_at_30_tasks():
    data = _with_tasks(30)
    assert len(load(data).tasks) == 30
    assert codes(health(data)) == []


def test_buyer_name_in_messages_comes_from_the_plan():
    data = healthy()
    data["deal"]["buyer"] = "Globex"
    del data["deal"]["accepted"]
    assert health(data).findings[0].message.startswith("Globex has not accepted the plan")
    assert BUYER not in health(data).findings[0].message


# -- MAP019 holiday or freeze --------------------------------------------------------------------

YEAR_END = {"from": D(2026, 12, 21), "to": D(2027, 1, 4), "reason": "Year-end change freeze"}


def _on_days_off(task_id: str, due: dt.date, holidays: dict | None = None, *freezes: dict) -> dict:
    data = healthy()
    if holidays:
        data["holidays"] = holidays
    if freezes:
        data["freezes"] = list(freezes)
    task(data, task_id)["due"] = due
    return data


def test_map019_a_buyer_step_due_on_a_buyer_holiday():
    found = health(_on_days_off("sec-review", D(2026, 12, 25), {"buyer": "US", "seller": "GB"}))
    assert rows(found) == [(
        "MAP019", "warning", "task sec-review",
        "Due 25 Dec 2026, Christmas Day at Northwind Health (US): move it to 28 Dec 2026, the next "
        "working day, or confirm with Raj Patel that the day holds.")]


def test_map019_the_next_working_day_skips_the_sides_holidays_and_weekends():
    data = _on_days_off("sec-questionnaire", D(2026, 12, 1), {"seller": "GB-ENG"})
    add_task(data, "reference-call", due=D(2026, 12, 25), if_missed="Tomas decides without a reference.")
    assert rows(health(data)) == [(
        "MAP019", "warning", "task reference-call",
        "Due 25 Dec 2026, Christmas Day at Acme Analytics (GB-ENG): move it to 29 Dec 2026, the "
        "next working day, or confirm with Sam Lee that the day holds.")]


def test_map019_a_shared_step_names_the_holiday_of_each_side():
    found = health(_on_days_off("legal-review", D(2026, 12, 25), {"buyer": "US-CA", "seller": "GB"}))
    assert [f.message for f in found.findings] == [
        "Due 25 Dec 2026, Christmas Day at Northwind Health (US-CA) and Acme Analytics (GB): move it "
        "to 29 Dec 2026, the next working day, or confirm with Lena Ortiz and Dana Ross that the day "
        "holds."]
    found = health(_on_days_off("legal-review", D(2026, 11, 26), {"buyer": "US", "seller": "GB"}))
    assert [f.message for f in found.findings] == [
        "Due 26 Nov 2026, Thanksgiving Day at Northwind Health (US): move it to 27 Nov 2026, the next "
        "working day, or confirm with Lena Ortiz and Dana Ross that the day holds."]


def test_map019_not_raised_for_the_other_sides_holiday_a_working_day_or_a_done_step():
    assert codes(health(_on_days_off("sec-review", D(2026, 12, 28), {"seller": "GB"}))) == []
    assert codes(health(_on_days_off("sec-review", D(2026, 12, 24), {"buyer": "US"}))) == []
    data = _on_days_off("sec-questionnaire", D(2026, 11, 26), {"seller": "US"})
    done(data, "sec-questionnaire", D(2026, 11, 26))
    assert codes(health(data, today=D(2026, 11, 27))) == []


def test_map019_a_step_inside_a_freeze_of_its_side():
    found = health(_on_days_off("sec-review", D(2026, 12, 22), None, YEAR_END))
    assert rows(found) == [(
        "MAP019", "warning", "task sec-review",
        "Due 22 Dec 2026, inside the freeze 'Year-end change freeze' (21 Dec 2026 to 4 Jan 2027): "
        "move it to 5 Jan 2027, the first working day after the freeze, or confirm with Raj Patel "
        "that it can be done during the freeze.")]


def test_map019_a_holiday_inside_a_freeze_is_named_with_it():
    found = health(_on_days_off("sec-review", D(2027, 1, 1), {"buyer": "US"},
                                {**YEAR_END, "shared": False}))
    assert [f.message for f in found.findings] == [
        "Due 1 Jan 2027, New Year's Day at Northwind Health (US) and inside the freeze 'Year-end "
        "change freeze' (21 Dec 2026 to 4 Jan 2027): move it to 5 Jan 2027, the first working day "
        "after the freeze, or confirm with Raj Patel that it can be done during the freeze."]


@pytest.mark.parametrize(("freeze_side", "task_id", "flagged"), [
    ("buyer", "sec-review", True), ("buyer", "sec-questionnaire", False),
    ("seller", "sec-review", False), ("seller", "sec-questionnaire", True),
    ("both", "sec-questionnaire", True), ("buyer", "legal-review", True),
    ("seller", "legal-review", True),
])
def test_map019_a_freeze_holds_up_the_steps_of_its_side_and_shared_steps(freeze_side, task_id, flagged):
    found = health(_on_days_off(task_id, D(2026, 12, 23), None, {**YEAR_END, "side": freeze_side}))
    assert ("MAP019" in codes(found)) is flagged


def test_map019_the_first_and_last_days_of_a_freeze_are_inside_it():
    assert codes(health(_on_days_off("sec-review", D(2026, 12, 21), None, YEAR_END))) == ["MAP019"]
    assert codes(health(_on_days_off("sec-review", D(2027, 1, 4), None, YEAR_END))) == ["MAP019"]
    assert codes(health(_on_days_off("sec-review", D(2026, 12, 18), None, YEAR_END))) == []
