"""Writing the buyer's values into the plan file: only the edited lines change."""

from __future__ import annotations

import difflib

import pytest

from generator.errors import DocumentError
from generator.importing.plan_edits import PlanText, scalar
from generator.plan.loader import read_plan

PLAN = """\
dealroom: 1   # the format
deal:
  id: acme-northwind
  title: Northwind × Acme
  buyer: Northwind
  seller: Acme
  go_live: 2027-03-01
objectives:
  - title: Close the quarter faster
people:
  - {id: maria-chen, name: Maria Chen, side: buyer, role: champion}
  - id: dana-ross
    name: Dana Ross
    side: seller
    role: account_executive
workstreams:
- id: security
  name: Security
tasks:
- id: questionnaire
  title: 'Maria returns the questionnaire'   # quoted on purpose
  workstream: security
  owner: maria-chen
  due: go_live - 6w      # relative
  if_missed: |
    The review slips
    into January.
- id: review
  title: Security review
  workstream: security
  owners:
    - maria-chen
    - dana-ross
  due: 2027-01-20
  depends_on: [questionnaire]
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def edited(*steps) -> str:
    text = PlanText(PLAN, "plan.yaml")
    for step in steps:
        step(text)
    result = text.result()
    read_plan(result, "plan.yaml")  # still a plan
    return result


def test_a_value_is_replaced_where_it_stands_keeping_its_comment():
    after = edited(lambda t: t.set_task_value("questionnaire", "due", "2027-01-15"))
    assert changed_lines(PLAN, after) == ["-  due: go_live - 6w      # relative",
                                          "+  due: 2027-01-15      # relative"]


def test_a_new_key_goes_under_its_siblings_after_a_block_scalar():
    after = edited(lambda t: t.set_task_value("questionnaire", "status", "done"))
    assert changed_lines(PLAN, after) == ["+  status: done"]
    assert "    into January.\n  status: done\n- id: review" in after


def test_a_new_key_after_a_flow_list_at_the_end_of_the_file():
    after = edited(lambda t: t.set_task_value("review", "status", "blocked"))
    assert after.endswith("  depends_on: [questionnaire]\n  status: blocked\n")


def test_text_that_needs_quotes_is_quoted_and_reads_back():
    after = edited(lambda t: t.set_task_value("questionnaire", "title", 'CISO: "yes" # maybe'))
    plan = read_plan(after, "plan.yaml").plan
    assert plan.task("questionnaire").title == 'CISO: "yes" # maybe'
    assert changed_lines(PLAN, after) == [
        "-  title: 'Maria returns the questionnaire'   # quoted on purpose",
        '+  title: "CISO: \\"yes\\" # maybe"   # quoted on purpose']


def test_a_block_list_of_owners_becomes_one_owner_under_the_right_key():
    after = edited(lambda t: t.set_task_value("review", "owner", "dana-ross", old_key="owners"))
    plan = read_plan(after, "plan.yaml").plan
    assert plan.task("review").owners == ("dana-ross",)
    assert "depends_on: [questionnaire]" in after


def test_one_owner_becomes_two():
    after = edited(lambda t: t.set_task_value("questionnaire", "owners",
                                              ["maria-chen", "dana-ross"], old_key="owner"))
    assert changed_lines(PLAN, after) == ["-  owner: maria-chen", "+  owners: [maria-chen, dana-ross]"]


def test_a_block_scalar_replaced_keeps_the_next_key():
    after = edited(lambda t: t.set_task_value("questionnaire", "if_missed", "Signature slips"))
    plan = read_plan(after, "plan.yaml").plan
    assert plan.task("questionnaire").if_missed == "Signature slips"
    assert "  if_missed: Signature slips\n- id: review" in after


def test_a_key_is_removed_with_its_whole_value():
    after = edited(lambda t: t.remove_task_key("questionnaire", "if_missed"))
    assert changed_lines(PLAN, after) == ["-  if_missed: |", "-    The review slips", "-    into January."]


def test_a_new_step_is_appended_in_the_lists_style_with_a_comment():
    after = edited(lambda t: t.add_task({"id": "pilot", "title": "Pilot with five users",
                                         "workstream": "security", "owner": "maria-chen",
                                         "due": "2027-02-01"}, "added by the buyer"))
    assert changed_lines(PLAN, after) == [
        "+# added by the buyer", "+- id: pilot", "+  title: Pilot with five users",
        "+  workstream: security", "+  owner: maria-chen", "+  due: 2027-02-01"]


def test_a_new_person_follows_a_list_of_flow_mappings():
    after = edited(lambda t: t.add_person({"id": "sam-lee", "name": "Sam Lee", "side": "buyer",
                                           "role": "other"}, "named by the buyer"))
    plan = read_plan(after, "plan.yaml").plan
    assert plan.person("sam-lee").name == "Sam Lee"
    assert "    role: account_executive\n  # named by the buyer\n  - id: sam-lee\n" in after


def test_several_edits_of_one_step_and_windows_line_ends():
    text = PlanText(PLAN.replace("\n", "\r\n"), "plan.yaml")
    text.set_task_value("review", "due", "2027-02-03")
    text.set_task_value("review", "status", "in_progress")
    after = text.result()
    assert "\r\n  status: in_progress\r\n" in after and "\n\n" not in after.replace("\r\n", "")
    plan = read_plan(after, "plan.yaml").plan
    assert (plan.task("review").due.isoformat(), plan.task("review").status) == ("2027-02-03", "in_progress")


@pytest.mark.parametrize("title", ["Line\u2028break", "tab\there",
                                   "- looks like a list", "? a question", "%directive", "quote ' s",
                                   "emoji 🚀 ok", "[flow]", "{map}", "*alias", "&anchor", "!tag"])
def test_any_text_the_buyer_typed_reads_back_as_typed(title):
    after = edited(lambda t: t.set_task_value("review", "title", title))
    assert read_plan(after, "plan.yaml").plan.task("review").title == title


def test_an_unknown_step_is_an_error_naming_it():
    with pytest.raises(DocumentError, match="plan.yaml: cannot write the buyer's edits into the "
                                            "plan: no step has the id nope"):
        PlanText(PLAN, "plan.yaml").set_task_value("nope", "due", "2027-01-01")


@pytest.mark.parametrize("value, written", [
    ("Security review", "Security review"), ("yes", '"yes"'), ("2027-01-01", "2027-01-01"),
    ("12 weeks", '"12 weeks"'), ("a: b", '"a: b"'), ("ends with space ", '"ends with space "'),
    ("Müller prüft", "Müller prüft"), (None, "null"), (["a", "b"], "[a, b]"),
    ("line\u2028break", '"line\\u2028break"'), ("bell\x07 and next\x85", '"bell\\u0007 and next\\u0085"'),
])
def test_scalars(value, written):
    assert scalar(value) == written


# -- what a review found: empty values, indentless lists, anchors and aliases ----------

ANCHORED = """\
dealroom: 1
deal: {id: acme-northwind, title: T, buyer: Northwind, seller: Acme, go_live: 2027-03-01}
objectives:
  - title: Close the quarter faster
people:
  - name: Maria Chen
    side: buyer
    role: champion
    id: &maria maria-chen
  - {id: dana-ross, name: Dana Ross, side: seller, role: account_executive}
workstreams:
  - {id: security, name: Security}
tasks:
  - id: questionnaire
    title: Maria returns the questionnaire
    workstream: security
    owner: maria-chen
    due: &day 2027-01-10
    if_missed: &slips The review slips
  - id: review
    title: Security review
    workstream: security
    due: *day
    if_missed: *slips
    owner: *maria
  - &kickoff
    id: kickoff
    title: Kickoff
    workstream: security
    owner: dana-ross
    due: 2027-02-15
  - id: pilot
    title: Pilot
    <<: *kickoff
"""


def edited_anchored(*steps) -> str:
    text = PlanText(ANCHORED, "plan.yaml")
    for step in steps:
        step(text)
    return text.result()


def test_an_empty_value_is_filled_in_after_a_space():
    plan = PLAN.replace("  due: 2027-01-20\n", "  due:\n").replace(
        "  depends_on: [questionnaire]\n", "  depends_on: [questionnaire]\n  gate:   # none yet\n")
    text = PlanText(plan, "plan.yaml")
    text.set_task_value("review", "due", "2027-02-03")
    text.set_task_value("review", "gate", "Security approval")
    after = text.result()
    assert changed_lines(plan, after) == ["-  due:", "+  due: 2027-02-03",
                                          "-  gate:   # none yet",
                                          "+  gate: Security approval   # none yet"]


def test_an_indentless_list_of_owners_becomes_one_owner_on_the_keys_line():
    plan = PLAN.replace("  owners:\n    - maria-chen\n    - dana-ross\n",
                        "  owners:\n  - maria-chen\n  - dana-ross\n")
    text = PlanText(plan, "plan.yaml")
    text.set_task_value("review", "owner", "dana-ross", old_key="owners")
    after = text.result()
    assert changed_lines(plan, after) == ["-  owners:", "-  - maria-chen", "-  - dana-ross",
                                          "+  owner: dana-ross"]
    assert read_plan(after, "plan.yaml").plan.task("review").owners == ("dana-ross",)


def test_a_value_written_as_an_alias_is_replaced_where_the_alias_stands():
    after = edited_anchored(lambda t: t.set_task_value("review", "due", "2027-01-17"),
                            lambda t: t.set_task_value("review", "owner", "dana-ross"))
    assert changed_lines(ANCHORED, after) == ["-    due: *day", "+    due: 2027-01-17",
                                              "-    owner: *maria", "+    owner: dana-ross"]


def test_a_key_is_added_to_a_step_whose_last_value_is_an_alias_or_a_merge():
    after = edited_anchored(lambda t: t.set_task_value("review", "status", "blocked"),
                            lambda t: t.set_task_value("pilot", "due", "2027-02-01"))
    assert "    owner: *maria\n    status: blocked\n" in after
    assert after.endswith("    <<: *kickoff\n    due: 2027-02-01\n")
    plan = read_plan(after, "plan.yaml").plan
    assert (plan.task("review").status, plan.task("pilot").due.isoformat()) == (
        "blocked", "2027-02-01")
    assert plan.task("kickoff").due.isoformat() == "2027-02-15"


def test_a_key_whose_value_is_an_alias_is_removed_with_its_line():
    after = edited_anchored(lambda t: t.remove_task_key("review", "if_missed"))
    assert changed_lines(ANCHORED, after) == ["-    if_missed: *slips"]


@pytest.mark.parametrize("task_id, key, message", [
    ("questionnaire", "due", "plan.yaml: cannot write the buyer's edits into the plan: the due "
     "of questionnaire (line 18) is anchored (&) and used elsewhere through an alias (*), so "
     "changing it would change those too: write the values out, then import again"),
    ("kickoff", "title", "plan.yaml: cannot write the buyer's edits into the plan: the step "
     "kickoff (line 26) is anchored (&) and used elsewhere through an alias (*) or a merge "
     "(<<), so changing it would change those too: write the values out, then import again")])
def test_a_value_other_places_share_is_refused_rather_than_changed_everywhere(task_id, key,
                                                                              message):
    with pytest.raises(DocumentError) as raised:
        edited_anchored(lambda t: t.set_task_value(task_id, key, "2027-01-17"))
    assert str(raised.value) == message


def test_a_list_after_a_commented_key_is_replaced_on_the_next_line_under_the_key():
    plan = PLAN.replace("  owners:\n    - maria-chen\n    - dana-ross\n",
                        "  owners:   # one on each side\n  - *maria\n  - dana-ross\n").replace(
        "  - {id: maria-chen,", "  - {id: &maria maria-chen,")
    text = PlanText(plan, "plan.yaml")
    text.set_task_value("review", "owner", "dana-ross", old_key="owners")
    after = text.result()
    assert changed_lines(plan, after) == ["-  owners:   # one on each side", "-  - *maria",
                                          "-  - dana-ross", "+  owner:   # one on each side",
                                          "+    dana-ross"]
    assert read_plan(after, "plan.yaml").plan.task("review").owners == ("dana-ross",)


def test_a_plan_saved_with_a_byte_order_mark_is_edited_in_place_and_keeps_it():
    plan = "\ufeff" + PLAN
    text = PlanText(plan, "plan.yaml")
    text.set_task_value("review", "due", "2027-02-03")
    text.set_task_value("review", "status", "blocked")
    after = text.result()
    assert after.startswith("\ufeffdealroom: 1")
    assert changed_lines(plan, after) == ["-  due: 2027-01-20", "+  due: 2027-02-03",
                                          "+  status: blocked"]
