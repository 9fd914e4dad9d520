"""Projection and metrics: worked examples with answers computed by hand.

The plan is the healthy plan of ``health_plans``:

    sec-questionnaire  1 Dec 2026
    sec-review        15 Dec 2026  <- sec-questionnaire     (gap 14 days)
    legal-review       8 Jan 2027
    procurement       15 Jan 2027  <- sec-review (gap 31), legal-review (gap 7)
    exec-approval     22 Jan 2027  <- procurement           (gap 7)
    sign-contract      1 Feb 2027  <- exec-approval         (gap 10)   kind: signature
    kickoff            8 Feb 2027  <- sign-contract         (gap 7)    kind: kickoff
    go-live            1 Mar 2027                                      (21 days after kickoff)
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.commands.check import check_file
from generator.commands.check_json import report_json
from generator.commands.check_text import report_text
from generator.health import assess
from generator.health.metrics import GateSlip, UnansweredDependency
from generator.health.projection import MilestoneProjection, project
from generator.history.revisions import History, Revision, TaskSnapshot
from health_plans import TODAY, add_task, health, healthy, load, task, to_text

D = dt.date
SIGNATURE = D(2027, 2, 1)
GO_LIVE = D(2027, 3, 1)
PLANNED = {"sec-questionnaire": D(2026, 12, 1), "sec-review": D(2026, 12, 15),
           "legal-review": D(2027, 1, 8), "procurement": D(2027, 1, 15),
           "exec-approval": D(2027, 1, 22), "sign-contract": D(2027, 2, 1),
           "kickoff": D(2027, 2, 8)}


def projection(data: dict, today: dt.date, signature: dt.date | None = SIGNATURE):
    return project(load(data), today, signature)


def done(data: dict, task_id: str, on: dt.date | None) -> None:
    entry = task(data, task_id)
    entry["status"] = "done"
    if on:
        entry["done_on"] = on


def sec_review_late() -> dict:
    """The questionnaire came back; on 27 Dec the security review (due 15 Dec) is 12 days late."""
    data = healthy()
    done(data, "sec-questionnaire", D(2026, 11, 30))
    return data


LATE_DAY = D(2026, 12, 27)


# -- milestones ------------------------------------------------------------------------


def test_on_plan():
    found = projection(healthy(), TODAY)
    assert found.tasks == PLANNED
    assert set(found.drivers.values()) == {None}
    assert found.signature == MilestoneProjection("signature", SIGNATURE, SIGNATURE, None)
    assert found.go_live == MilestoneProjection("go_live", GO_LIVE, GO_LIVE, None)
    assert found.signature.days_late == 0
    assert found.signature.describe() == "signature on plan for 1 Feb 2027"
    assert found.go_live.describe() == "go-live on plan for 1 Mar 2027"
    assert found.go_live.describe(named=False) == "on plan for 1 Mar 2027"


def test_an_overdue_task_counts_as_due_today_and_pushes_everything_after_it_by_its_slip():
    found = projection(sec_review_late(), LATE_DAY)
    assert found.tasks == {
        "sec-questionnaire": D(2026, 11, 30),  # done: where it was done
        "sec-review": LATE_DAY,                # overdue: today, 12 days late
        "legal-review": D(2027, 1, 8),         # not downstream: unchanged
        "procurement": D(2027, 1, 27),         # 15 Jan + 12
        "exec-approval": D(2027, 2, 3),        # 22 Jan + 12
        "sign-contract": D(2027, 2, 13),       # 1 Feb + 12
        "kickoff": D(2027, 2, 20),             # 8 Feb + 12
    }
    assert found.drivers == {"sec-questionnaire": None, "sec-review": "sec-review",
                             "legal-review": None, "procurement": "sec-review",
                             "exec-approval": "sec-review", "sign-contract": "sec-review",
                             "kickoff": "sec-review"}
    assert found.signature == MilestoneProjection("signature", SIGNATURE, D(2027, 2, 13), "sec-review")
    assert found.signature.days_late == 12
    assert found.signature.describe() == "signature projected 13 Feb 2027, 12 days late, driven by sec-review"
    assert found.go_live.describe() == "go-live projected 13 Mar 2027, 12 days late, driven by sec-review"
    assert found.go_live.describe(named=False) == "projected 13 Mar 2027, 12 days late, driven by sec-review"


def test_a_planned_gap_larger_than_the_slip_absorbs_nothing():
    # procurement was planned 31 days after sec-review; sec-review slips 12 days:
    # procurement keeps its 31 days and moves by the whole 12, not by 0.
    found = projection(sec_review_late(), LATE_DAY)
    assert (found.tasks["procurement"] - found.tasks["sec-review"]).days == 31
    assert (found.tasks["procurement"] - PLANNED["procurement"]).days == 12


def test_one_day_late_reads_singular():
    found = projection(sec_review_late(), D(2026, 12, 16))
    assert found.signature.describe() == "signature projected 2 Feb 2027, 1 day late, driven by sec-review"


def test_two_late_chains_the_later_one_drives():
    data = sec_review_late()  # sec-review 12 days late on 27 Dec
    add_task(data, "contract-draft", owner="dana-ross", due=D(2026, 12, 10),
             if_missed="Legal review starts late.")  # 17 days late on 27 Dec
    task(data, "legal-review")["depends_on"] = ["contract-draft"]
    found = projection(data, LATE_DAY)
    assert found.tasks["legal-review"] == D(2027, 1, 25)       # 8 Jan + 17
    assert found.tasks["procurement"] == D(2027, 2, 1)         # 15 Jan + 17, not + 12
    assert found.drivers["procurement"] == "contract-draft"
    assert found.signature.describe() == "signature projected 18 Feb 2027, 17 days late, driven by contract-draft"
    assert found.go_live.describe() == "go-live projected 18 Mar 2027, 17 days late, driven by contract-draft"


def test_done_tasks_do_not_move_and_do_not_drive():
    data = healthy()
    done(data, "sec-questionnaire", D(2026, 11, 28))  # early
    done(data, "sec-review", D(2026, 12, 10))         # five days early
    done(data, "legal-review", None)                  # done, no done_on: stays on its date
    found = projection(data, D(2027, 1, 5))           # both due dates are in the past
    assert found.tasks["sec-questionnaire"] == D(2026, 11, 28)
    assert found.tasks["sec-review"] == D(2026, 12, 10)
    assert found.tasks["legal-review"] == D(2027, 1, 8)
    assert found.tasks["procurement"] == D(2027, 1, 15)  # not pulled earlier by an early finish
    assert set(found.drivers.values()) == {None}
    assert found.signature.describe() == "signature on plan for 1 Feb 2027"


def test_a_task_done_late_pushes_its_dependents_and_is_named():
    data = healthy()
    done(data, "sec-questionnaire", D(2026, 12, 6))  # due 1 Dec: done five days late
    found = projection(data, D(2026, 12, 8))
    assert found.tasks["sec-questionnaire"] == D(2026, 12, 6)
    assert found.tasks["sec-review"] == D(2026, 12, 20)
    assert found.signature.describe() == "signature projected 6 Feb 2027, 5 days late, driven by sec-questionnaire"


def test_an_undated_task_inherits_its_dependencys_projected_date():
    data = sec_review_late()
    add_task(data, "security-training", depends_on=["sec-review"], if_missed="Users are not trained.")
    add_task(data, "rollout-notes", depends_on=["security-training"], if_missed="Nobody knows.")
    add_task(data, "loose-end", if_missed="Nothing.")
    found = projection(data, LATE_DAY)
    assert found.tasks["security-training"] == LATE_DAY
    assert found.drivers["security-training"] == "sec-review"
    assert found.tasks["rollout-notes"] == LATE_DAY  # through another undated task
    assert found.tasks["loose-end"] is None          # undated, no dated dependency
    assert projection(data, TODAY).tasks["security-training"] == D(2026, 12, 15)


def test_a_task_planned_before_its_dependency_moves_by_the_slip_only():
    # exec-approval (12 Jan) is planned 3 days before procurement (15 Jan), an
    # order violation (MAP008). On plan nothing moves; with sec-review 12 days
    # late, exec-approval and the signature move by 12 days, not 15.
    data = healthy()
    task(data, "exec-approval")["due"] = D(2027, 1, 12)
    on_plan = projection(data, TODAY)
    assert on_plan.tasks["exec-approval"] == D(2027, 1, 12)
    assert on_plan.signature.describe() == "signature on plan for 1 Feb 2027"
    done(data, "sec-questionnaire", D(2026, 11, 30))
    late = projection(data, LATE_DAY)
    assert late.tasks["exec-approval"] == D(2027, 1, 24)
    assert late.signature.describe() == "signature projected 13 Feb 2027, 12 days late, driven by sec-review"


def _reference_call_late(data: dict) -> dict:
    """A seller step nothing depends on, due 20 Dec: on 27 Dec the only late task (7 days)."""
    done(data, "sec-questionnaire", D(2026, 11, 30))
    done(data, "sec-review", D(2026, 12, 15))
    add_task(data, "reference-call", owner="dana-ross", due=D(2026, 12, 20), if_missed="No reference.")
    return data


def test_signature_task_is_only_moved_by_what_it_depends_on():
    found = assess(load(_reference_call_late(healthy())), LATE_DAY).metrics
    assert found.signature.describe() == "signature on plan for 1 Feb 2027"
    assert found.go_live.describe() == "go-live on plan for 1 Mar 2027"


def test_without_a_signature_task_every_task_planned_before_signature_counts():
    data = _reference_call_late(healthy())
    del task(data, "sign-contract")["kind"]
    data["deal"]["signature"] = "2027-02-01"
    found = assess(load(data), LATE_DAY).metrics
    # 20 Dec + 7 days late, planned 43 days before signature: 1 Feb + 7
    assert found.signature == MilestoneProjection("signature", SIGNATURE, D(2027, 2, 8), "reference-call")
    assert found.signature.describe() == "signature projected 8 Feb 2027, 7 days late, driven by reference-call"


def test_without_a_signature_task_or_date_there_is_no_signature_projection():
    data = healthy()
    del task(data, "sign-contract")["kind"]
    assert assess(load(data), TODAY).metrics.signature is None


def test_go_live_through_kickoff():
    found = assess(load(sec_review_late()), LATE_DAY).metrics
    # kickoff 8 Feb + 12 = 20 Feb, and go-live keeps its 21 days after it
    assert found.go_live == MilestoneProjection("go_live", GO_LIVE, D(2027, 3, 13), "sec-review")


def test_go_live_without_kickoff_counts_every_task_before_it():
    data = _reference_call_late(healthy())
    del task(data, "kickoff")["kind"]
    found = assess(load(data), LATE_DAY).metrics
    assert found.go_live.describe() == "go-live projected 8 Mar 2027, 7 days late, driven by reference-call"


def test_a_kickoff_planned_after_go_live_does_not_make_go_live_late():
    data = healthy()
    task(data, "kickoff")["due"] = D(2027, 3, 5)  # allowed (MAP009 exempts kickoff)
    found = assess(load(data), TODAY).metrics
    assert found.go_live.describe() == "go-live on plan for 1 Mar 2027"
    done(data, "sec-questionnaire", D(2026, 11, 30))
    late = assess(load(data), LATE_DAY).metrics
    assert late.go_live.describe() == "go-live projected 13 Mar 2027, 12 days late, driven by sec-review"


def test_days_late_is_never_negative():
    early = MilestoneProjection("signature", SIGNATURE, D(2027, 1, 20), None)
    assert early.days_late == 0
    assert early.describe() == "signature on plan for 1 Feb 2027"


# -- metrics ------------------------------------------------------------------------------


def test_buyer_completion_counts_shared_tasks_as_buyer_owned():
    data = healthy()
    done(data, "sec-questionnaire", D(2026, 11, 15))  # seller: not counted
    done(data, "legal-review", D(2026, 11, 15))       # shared
    done(data, "sec-review", D(2026, 11, 15))         # buyer
    metrics = health(data).metrics
    assert (metrics.buyer_done, metrics.buyer_total) == (2, 6)
    assert metrics.buyer_completion == pytest.approx(1 / 3)


def test_buyer_completion_is_none_without_buyer_tasks():
    data = healthy()
    for entry in data["tasks"]:
        entry.pop("owners", None)
        entry["owner"] = "sam-lee"
    metrics = health(data).metrics
    assert (metrics.buyer_done, metrics.buyer_total, metrics.buyer_completion) == (0, 0, None)


def test_unanswered_dependencies_are_overdue_or_undated_prerequisites():
    data = sec_review_late()
    del task(data, "legal-review")["due"]
    metrics = health(data, today=LATE_DAY).metrics
    assert metrics.unanswered_dependencies == (
        UnansweredDependency("procurement", "sec-review", "overdue"),
        UnansweredDependency("procurement", "legal-review", "undated"),
    )


def test_no_unanswered_dependencies_when_prerequisites_are_dated_and_on_time():
    assert health(healthy()).metrics.unanswered_dependencies == ()
    data = healthy()  # the questionnaire is overdue but done: answered
    done(data, "sec-questionnaire", D(2026, 12, 5))
    assert health(data, today=D(2026, 12, 8)).metrics.unanswered_dependencies == ()


def test_a_done_task_waits_on_nothing():
    data = sec_review_late()
    done(data, "procurement", D(2026, 12, 20))
    assert health(data, today=LATE_DAY).metrics.unanswered_dependencies == ()


def test_next_buyer_step_is_the_earliest_open_buyer_owned_task():
    assert health(healthy()).metrics.next_buyer_step.id == "sec-review"
    data = healthy()
    done(data, "sec-review", D(2026, 11, 13))
    assert health(data).metrics.next_buyer_step.id == "legal-review"  # shared counts


def test_next_buyer_step_puts_undated_tasks_last():
    data = healthy()
    add_task(data, "intro-call", owner="maria-chen", if_missed="x")  # undated, listed last
    task(data, "intro-call")["title"] = "Maria introduces the CFO"
    for task_id in ("sec-review", "legal-review", "procurement", "exec-approval", "sign-contract"):
        done(data, task_id, D(2026, 11, 13))
    assert health(data).metrics.next_buyer_step.id == "kickoff"
    done(data, "kickoff", D(2026, 11, 13))
    assert health(data).metrics.next_buyer_step.id == "intro-call"


def test_next_buyer_step_ties_go_to_the_first_in_the_file():
    data = healthy()
    add_task(data, "share-requirements", owner="maria-chen", due=D(2026, 12, 15), date="committed",
             if_missed="x")
    assert health(data).metrics.next_buyer_step.id == "sec-review"


def test_next_buyer_step_is_none_when_the_buyer_has_nothing_open():
    data = healthy()
    for entry in data["tasks"]:
        done(data, entry["id"], D(2026, 11, 13))
    assert health(data).metrics.next_buyer_step is None


def _report(tmp_path, data: dict, today: dt.date = TODAY):
    path = tmp_path / "plan.yaml"
    path.write_text(to_text(data), encoding="utf-8")
    result = check_file(str(path), today, strict=False, ignore=frozenset())
    import json

    return json.loads(report_json([result], today, False))["plans"][0]["metrics"], report_text([result])


def test_acceptance_by_whom_and_when(tmp_path):
    metrics, text = _report(tmp_path, healthy())
    assert metrics["acceptance"] == {"accepted": True, "by": "maria-chen", "on": "2026-11-10"}
    assert "acceptance               accepted by Maria Chen on 10 Nov 2026" in text


def test_acceptance_when_not_accepted(tmp_path):
    data = healthy()
    del data["deal"]["accepted"]
    metrics, text = _report(tmp_path, data)
    assert metrics["acceptance"] == {"accepted": False, "by": None, "on": None}
    assert "acceptance               not accepted" in text


def test_projection_in_the_reports(tmp_path):
    metrics, text = _report(tmp_path, sec_review_late(), LATE_DAY)
    assert metrics["projection"]["signature"] == {
        "planned": "2027-02-01", "projected": "2027-02-13", "days_late": 12, "driven_by": "sec-review",
        "summary": "signature projected 13 Feb 2027, 12 days late, driven by sec-review"}
    assert "projected signature      projected 13 Feb 2027, 12 days late, driven by sec-review" in text
    assert "projected go-live        projected 13 Mar 2027, 12 days late, driven by sec-review" in text


# -- slippage (needs history) ----------------------------------------------------------------


def _slip_history() -> History:
    first = {"sec-questionnaire": TaskSnapshot(D(2026, 11, 28), commitment="committed"),
             "sec-review": TaskSnapshot(D(2026, 12, 10), commitment="committed"),
             "legal-review": TaskSnapshot(D(2027, 1, 10), commitment="committed"),
             "procurement": TaskSnapshot(D(2027, 1, 10))}  # a placeholder: not a commitment
    second = {"sec-questionnaire": TaskSnapshot(D(2026, 12, 1), commitment="committed"),
              "sec-review": TaskSnapshot(D(2026, 12, 15), commitment="committed"),
              "legal-review": TaskSnapshot(D(2027, 1, 8), commitment="committed"),
              "procurement": TaskSnapshot(D(2027, 1, 12), commitment="committed")}
    return History((Revision(1, D(2026, 11, 2), first), Revision(2, D(2026, 11, 9), second)))


def test_slippage_by_gate_from_the_first_committed_date():
    metrics = health(healthy(), history=_slip_history()).metrics
    assert metrics.slippage_by_gate == (
        GateSlip("sec-review", "Security approval", "2026-12-10", "2026-12-15", 5),
        GateSlip("legal-review", "Terms agreed", "2027-01-10", "2027-01-08", -2),
        GateSlip("procurement", "Vendor approved", "2027-01-12", "2027-01-15", 3),
    )


def test_total_slip_sums_positive_slips_of_every_task():
    # sec-review +5, procurement +3, sec-questionnaire (no gate) +3; legal-review -2 is not counted
    assert health(healthy(), history=_slip_history()).metrics.total_slip_days == 11


def test_a_done_gate_slips_to_its_done_on():
    data = healthy()
    done(data, "sec-review", D(2026, 12, 20))
    metrics = health(data, today=D(2026, 12, 21), history=_slip_history()).metrics
    assert metrics.slippage_by_gate[0] == GateSlip("sec-review", "Security approval", "2026-12-10",
                                                   "2026-12-20", 10)
    assert metrics.total_slip_days == 16


def test_slippage_is_none_without_history_and_empty_with_an_empty_history():
    assert health(healthy()).metrics.slippage_by_gate is None
    assert health(healthy()).metrics.total_slip_days is None
    empty = health(healthy(), history=History()).metrics
    assert (empty.slippage_by_gate, empty.total_slip_days) == ((), 0)
