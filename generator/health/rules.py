"""The health rules: an ordered table of small named functions.

Each rule looks at :class:`PlanFacts` and yields :class:`Observation` s; the
table gives each its stable code and title. Rules that need the plan's past
take it from ``facts.history`` and are skipped, visibly, when there is none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from generator.record import Record

from datetime import timedelta

from generator.plan.dates import LATEST, last_business_days, quarter_end, readable
from generator.health.facts import PlanFacts
from generator.health.owners import reads_as_department
from generator.plan.model import Task

STANDARD_STEPS = {
    "security_review": "the security review in which the security team at {buyer} approves {seller}",
    "legal_review": "the legal review in which counsel at {buyer} returns redlines",
    "procurement": "the procurement step in which {buyer} sets {seller} up as a vendor",
    "executive_approval": "the executive approval in which the budget holder at {buyer} signs off",
    "signature": "the signature step naming who at {buyer} signs",
}
STALE_AFTER_DAYS = 14
PILE_UP_TASKS = 3
PILE_UP_DAYS = 5
MAX_TASKS = 30


class Observation(Record):
    """What a rule saw; the rule table adds the code and title."""

    severity: str
    subject_type: str
    subject_id: str
    message: str


def _about(task: Task, message: str, severity: str = "warning") -> Observation:
    return Observation(severity, "task", task.id, message)


def not_mutual(facts: PlanFacts) -> Iterator[Observation]:
    """MAP001: the buyer owns no task, or under a third of them."""
    total, buyer = len(facts.plan.tasks), len(facts.buyer_tasks)
    deal = facts.plan.deal
    if buyer == 0:
        yield Observation("warning", "plan", deal.id, f"No task is owned by anyone at {deal.buyer}: "
                          "add the buyer's own steps (security, legal, procurement, approval, "
                          "signature) with named owners.")
    elif buyer * 3 < total:
        yield Observation("warning", "plan", deal.id, f"Only {buyer} of {total} tasks are owned by "
                          f"{deal.buyer}: add the buyer's own steps so that at least a third are theirs.")


def missing_standard_step(facts: PlanFacts) -> Iterator[Observation]:
    """MAP002: one finding per standard buyer step the plan lacks."""
    kinds = {t.kind for t in facts.plan.tasks}
    deal = facts.plan.deal
    for kind, step in STANDARD_STEPS.items():
        if kind not in kinds:
            text = step.format(buyer=deal.buyer, seller=deal.seller)
            yield Observation("warning", "step", kind, f"There is no {kind} task: add {text}, "
                              f"with an owner and a date (kind: {kind}).")


def owner_not_a_person(facts: PlanFacts) -> Iterator[Observation]:
    """MAP003: a task owned by a department, a role or a placeholder."""
    for task in facts.open_tasks:
        people = [p for o in task.owners if (p := facts.plan.person(o))]
        groups = [p for p in people if reads_as_department(p.name)]
        if groups:
            names = " and ".join(f"'{p.name}'" for p in groups)
            sides = " and ".join(dict.fromkeys(_side_name(facts, p.side) for p in groups))
            verb = "is not a person" if len(groups) == 1 else "are not people"
            yield _about(task, f"{names} {verb}: name who at {sides} will actually do "
                         f"'{task.title}'.")


def _side_name(facts: PlanFacts, side: str) -> str:
    return facts.plan.deal.buyer if side == "buyer" else facts.plan.deal.seller


def undated_step(facts: PlanFacts) -> Iterator[Observation]:
    """MAP004: a task with no due date."""
    for task in facts.open_tasks:
        if task.due is None:
            weighty = task.is_buyer_owned or task.gate
            yield _about(task, f"No date: agree with {facts.owner_names(task)} when it will be done.",
                         "warning" if weighty else "info")


def placeholder_gate(facts: PlanFacts) -> Iterator[Observation]:
    """MAP005: a gate whose date nobody has committed to."""
    for task in facts.open_tasks:
        if task.gate and task.due and not task.is_committed:
            yield _about(task, f"The gate '{task.gate}' is still a placeholder for "
                         f"{readable(task.due)}: confirm the date with {facts.owner_names(task)} "
                         "and mark it 'date: committed'.")


def overdue(facts: PlanFacts) -> Iterator[Observation]:
    """MAP006: not done and due before today."""
    for task in facts.open_tasks:
        if facts.is_overdue(task):
            days = (facts.today - task.due).days
            yield _about(task, f"Due {readable(task.due)}, {days} day{'s' * (days != 1)} ago, and "
                         f"not done: agree a new date with {facts.owner_names(task)} and record why.")


def stale(facts: PlanFacts) -> Iterator[Observation]:
    """MAP007: an open buyer task nobody has touched in 14 days."""
    for task in facts.buyer_tasks:
        changed = facts.history.last_change(task.id)
        if task.is_done or changed is None:
            continue
        quiet = (facts.today - changed).days
        if quiet > STALE_AFTER_DAYS:
            yield _about(task, f"Unchanged for {quiet} days: ask {facts.owner_names(task)} "
                         "where it stands and record the answer.")


def order_violation(facts: PlanFacts) -> Iterator[Observation]:
    """MAP008: a task due before something it depends on."""
    for task in facts.plan.tasks:
        for prerequisite in task.depends_on:
            before = facts.tasks_by_id[prerequisite]
            if task.due and before.due and task.due < before.due:
                yield _about(task, f"Due {readable(task.due)}, before '{prerequisite}' which it "
                             f"depends on ({readable(before.due)}): move one of the two dates.")


def past_the_finish(facts: PlanFacts) -> Iterator[Observation]:
    """MAP009: a pre-signature step after signature, or anything after go-live."""
    signature, go_live = facts.signature_date, facts.plan.deal.go_live
    for task in facts.plan.tasks:
        if not task.due:
            continue
        if signature and task.kind == "signature" and task.due > signature:
            yield _about(task, f"The signature step is due {readable(task.due)}, after the target "
                         f"signature date ({readable(signature)}): make deal.signature and this "
                         "date agree.")
        elif signature and task.id in facts.pre_signature_ids and task.due > signature:
            yield _about(task, f"Due {readable(task.due)}, after the signature date "
                         f"({readable(signature)}) it must come before: bring it forward or "
                         "move the signature date.")
        elif task.kind != "kickoff" and task.due > go_live:
            yield _about(task, f"Due {readable(task.due)}, after go-live ({readable(go_live)}): "
                         "bring it forward, or take it out of the plan to go live.")


def no_consequence(facts: PlanFacts) -> Iterator[Observation]:
    """MAP010: a gate or buyer step that says nothing of what a miss costs."""
    for task in facts.open_tasks:
        if (task.gate or task.is_buyer_owned) and not task.if_missed:
            yield _about(task, "Say what happens if it is missed (if_missed), in the buyer's "
                         "terms, so that its date means something.")


def possibly_fake(facts: PlanFacts) -> Iterator[Observation]:
    """MAP011: an open task nobody would miss."""
    for task in facts.open_tasks:
        if not (facts.dependents[task.id] or task.gate or task.if_missed or task.kind):
            yield _about(task, "Nothing depends on it, it closes no gate and missing it costs "
                         "nothing: link it to what it enables, or drop it.", "info")


def next_buyer_step_unclear(facts: PlanFacts) -> Iterator[Observation]:
    """MAP012: the buyer's next step has no committed date."""
    task = facts.next_buyer_step
    if task and not (task.due and task.is_committed):
        state = "has no date" if not task.due else f"is a placeholder ({readable(task.due)})"
        yield _about(task, f"The buyer's next step {state}: agree the date with "
                     f"{facts.owner_names(task)} on the next call and mark it committed.")


def not_accepted(facts: PlanFacts) -> Iterator[Observation]:
    """MAP013: the buyer has not recognised the plan as their path."""
    deal = facts.plan.deal
    if deal.accepted is None:
        yield Observation("warning", "deal", deal.id, f"{deal.buyer} has not accepted the plan: "
                          "walk your champion through it and record deal.accepted (by, on).")


def no_forcing_function(facts: PlanFacts) -> Iterator[Observation]:
    """MAP014: nothing says why go-live is on that date."""
    deal = facts.plan.deal
    if not deal.go_live_reason:
        yield Observation("warning", "deal", deal.id, f"Nothing says why {deal.buyer} must be live "
                          f"by {readable(deal.go_live)}: ask for the event behind the date and "
                          "write it in deal.go_live_reason.")


def unconfirmed_assumption(facts: PlanFacts) -> Iterator[Observation]:
    """MAP015: an assumption past the day it should have been confirmed."""
    for index, assumption in enumerate(facts.plan.assumptions):
        due = assumption.confirm_by
        if due and due < facts.today and not assumption.confirmed_on:
            who = (p.name if (p := facts.plan.person(assumption.owner or "")) else "its owner")
            yield Observation("warning", "assumption", f"assumptions[{index}]",
                              f"'{assumption.text}' was to be confirmed by {readable(due)}: "
                              f"ask {who} and record confirmed_on, or change the plan.")


def date_improved_alone(facts: PlanFacts) -> Iterator[Observation]:
    """MAP016: a date moved earlier while nothing it depends on moved or finished."""
    for task in facts.plan.tasks:
        for move in facts.history.date_moves(task.id):
            if move.days < 0 and task.depends_on and not _prerequisites_changed(task, move):
                yield _about(task, f"Moved {-move.days} days earlier in revision "
                             f"{move.after.number} while {', '.join(task.depends_on)} stayed put: "
                             "ask what made it faster before you believe it.")


def _prerequisites_changed(task: Task, move) -> bool:
    for prerequisite in task.depends_on:
        old, new = move.before.tasks.get(prerequisite), move.after.tasks.get(prerequisite)
        if old is None or new is None or old.due != new.due or new.status == "done":
            return True
    return False


def quarter_end_pile_up(facts: PlanFacts) -> Iterator[Observation]:
    """MAP017: three or more open tasks in a quarter's last five business days."""
    piles: dict[tuple, list[Task]] = {}
    for task in facts.open_tasks:
        if task.due:
            first, _ = last_business_days(quarter_end(task.due), PILE_UP_DAYS)
            if first <= task.due:
                piles.setdefault((task.due.year, (task.due.month - 1) // 3 + 1), []).append(task)
    for (year, quarter), tasks in sorted(piles.items()):
        if len(tasks) >= PILE_UP_TASKS:
            yield Observation("warning", "quarter", f"{year}-Q{quarter}", f"{len(tasks)} tasks are "
                              f"due in the last {PILE_UP_DAYS} business days of {year} Q{quarter} "
                              f"({', '.join(t.id for t in tasks)}): spread them out, or say which "
                              "can slip.")


def oversized(facts: PlanFacts) -> Iterator[Observation]:
    """MAP018: more tasks than a buyer will read."""
    count = len(facts.plan.tasks)
    if count > MAX_TASKS:
        yield Observation("warning", "plan", facts.plan.deal.id, f"{count} tasks is more than a "
                          f"buyer will read: keep the {MAX_TASKS} that matter and move detail into notes.")


def on_a_day_off(facts: PlanFacts) -> Iterator[Observation]:
    """MAP019: an open step due on a holiday of its side, or inside a freeze of its side."""
    for task in facts.open_tasks:
        if task.due is None:
            continue
        holidays = facts.holidays_on(task.due, task.side)
        freezes = facts.freezes_on(task.due, task.side)
        if holidays or freezes:
            places: dict[str, list[str]] = {}
            for where, name in holidays:
                places.setdefault(name, []).append(where)
            what = [f"{name} at {' and '.join(wheres)}" for name, wheres in places.items()]
            what += [f"inside the freeze '{f.reason}' ({readable(f.first_day)} to "
                     f"{readable(f.last_day)})" for f in freezes]
            yield _about(task, f"Due {readable(task.due)}, {' and '.join(what)}: "
                         f"{_move_off(facts, task, bool(freezes))}")


def _move_off(facts: PlanFacts, task: Task, frozen: bool) -> str:
    """What to do about a step due on a day off: the next working day, or the owners' word."""
    day = task.due + timedelta(days=1)
    while day <= LATEST and facts.is_day_off(day, task.side):
        day += timedelta(days=1)
    when = "the first working day after the freeze" if frozen else "the next working day"
    move = f"move it to {readable(day)}, {when}" if day <= LATEST else "move it"
    holds = "it can be done during the freeze" if frozen else "the day holds"
    return f"{move}, or confirm with {facts.owner_names(task)} that {holds}."


class Rule(Record):
    """A named health rule."""

    code: str
    title: str
    check: Callable[[PlanFacts], Iterator[Observation]]
    needs_history: bool = False


RULES: tuple[Rule, ...] = (
    Rule("MAP001", "not mutual", not_mutual),
    Rule("MAP002", "missing standard step", missing_standard_step),
    Rule("MAP003", "owner is not a person", owner_not_a_person),
    Rule("MAP004", "undated step", undated_step),
    Rule("MAP005", "placeholder on a gate", placeholder_gate),
    Rule("MAP006", "overdue", overdue),
    Rule("MAP007", "stale", stale, needs_history=True),
    Rule("MAP008", "order violation", order_violation),
    Rule("MAP009", "past the finish", past_the_finish),
    Rule("MAP010", "no consequence", no_consequence),
    Rule("MAP011", "possibly fake", possibly_fake),
    Rule("MAP012", "next buyer step unclear", next_buyer_step_unclear),
    Rule("MAP013", "not accepted", not_accepted),
    Rule("MAP014", "no forcing function", no_forcing_function),
    Rule("MAP015", "unconfirmed assumption", unconfirmed_assumption),
    Rule("MAP016", "date improved alone", date_improved_alone, needs_history=True),
    Rule("MAP017", "quarter-end pile-up", quarter_end_pile_up),
    Rule("MAP018", "oversized", oversized),
    Rule("MAP019", "holiday or freeze", on_a_day_off),
)
