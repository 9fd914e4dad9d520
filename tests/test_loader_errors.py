"""Every error and warning the loader reports, word for word.

Each test breaks the minimal plan of tests/plans.py in one way (its listing
there gives the line numbers) and states exactly what the user reads:
``file:line:column: error: key.path: message``.
"""

from __future__ import annotations

import pytest

from generator.errors import PlanError, UsageError
from generator.plan.loader import load_plan
from plans import MINIMAL, load, minimal_plan, problems, warnings

KICKOFF = """
    - id: kickoff
      title: Acme runs the kickoff
      workstream: legal
      owner: sam-seller
      due: redlines + 5bd
"""
"""A second task, on lines 27 to 31, dated relative to the first."""


def test_the_minimal_plan_loads_cleanly():
    loaded = load(MINIMAL, strict=True)
    assert loaded.warnings == ()
    assert [task.id for task in loaded.plan.tasks] == ["redlines"]


# -- YAML itself ---------------------------------------------------------------


def test_yaml_syntax_error_points_at_the_offending_character():
    text = minimal_plan(replacing={"title: Globex × Acme": "title: Globex: Acme"})
    assert problems(text) == [
        "plan.yaml:4:16: error: YAML syntax: mapping values are not allowed here",
    ]


def test_unclosed_bracket_is_a_yaml_syntax_error_with_its_context():
    text = minimal_plan(replacing={"title: Globex × Acme": "title: [Globex"})
    assert problems(text) == [
        "plan.yaml:5:8: error: YAML syntax: expected ',' or ']', but got ':' while parsing a flow sequence",
    ]


def test_duplicate_yaml_key_is_reported_at_the_second_key():
    text = minimal_plan(replacing={"  buyer: Globex\n": "  buyer: Globex\n  buyer: Initech\n"})
    assert problems(text) == [
        'plan.yaml:6:3: error: YAML syntax: found duplicate key "buyer"',
    ]


def test_explicitly_tagged_value_that_cannot_be_built_is_a_yaml_error():
    text = minimal_plan(replacing={"title: Globex × Acme": "title: !!int Globex"})
    assert problems(text) == [
        "plan.yaml:4:10: error: YAML syntax: cannot read this value as !!int",
    ]


@pytest.mark.parametrize(("text", "holds"), [
    ("- dealroom: 1\n- deal: {}\n", "a list"),
    ("just a sentence\n", "text ('just a sentence')"),
    ("42\n", "a number (42)"),
    ("", "nothing"),
    ("# only a comment\n", "nothing"),
])
def test_a_file_that_is_not_a_mapping(text, holds):
    assert problems(text) == [
        "plan.yaml:1:1: error: a plan file is a YAML mapping that starts with 'dealroom: 1'; "
        f"this file holds {holds}",
    ]


# -- format version ------------------------------------------------------------


def test_missing_format_version():
    text = minimal_plan(replacing={"dealroom: 1\n": ""})
    assert problems(text) == [
        "plan.yaml:1:1: error: dealroom: required key 'dealroom' is missing; start the file with 'dealroom: 1'",
    ]


@pytest.mark.parametrize(("written", "described"), [
    ("2", "a number (2)"),
    ("one", "text ('one')"),
    ("true", "true/false (true)"),
    ("'1'", "text ('1')"),
    ("1.0", "a number (1.0)"),
])
def test_unsupported_format_version(written, described):
    text = minimal_plan(replacing={"dealroom: 1\n": f"dealroom: {written}\n"})
    assert problems(text) == [
        f"plan.yaml:1:11: error: dealroom: the format version must be 1, the only one this dealroom reads; got {described}",
    ]


# -- required keys ---------------------------------------------------------------


def test_missing_deal_section():
    text = minimal_plan(replacing={
        "deal:\n  id: globex-acme\n  title: Globex × Acme\n  buyer: Globex\n  seller: Acme\n"
        "  go_live: 2027-03-01\n": "",
    })
    assert problems(text) == ["plan.yaml:1:1: error: deal: required key 'deal' is missing"]


def test_empty_deal_section_points_at_its_key():
    text = minimal_plan(replacing={
        "deal:\n  id: globex-acme\n  title: Globex × Acme\n  buyer: Globex\n  seller: Acme\n"
        "  go_live: 2027-03-01\n": "deal:\n",
    })
    assert problems(text) == ["plan.yaml:2:1: error: deal: required key 'deal' is empty"]


def test_missing_deal_title_points_at_the_deal_mapping():
    text = minimal_plan(replacing={"  title: Globex × Acme\n": ""})
    assert problems(text) == ["plan.yaml:3:3: error: deal.title: required key 'title' is missing"]


def test_empty_deal_title_points_at_its_key():
    text = minimal_plan(replacing={"  title: Globex × Acme\n": "  title:\n"})
    assert problems(text) == ["plan.yaml:4:3: error: deal.title: required key 'title' is empty"]


def test_blank_deal_title_is_empty():
    text = minimal_plan(replacing={"  title: Globex × Acme\n": "  title: '   '\n"})
    assert problems(text) == ["plan.yaml:4:10: error: deal.title: required key 'title' is empty"]


def test_every_missing_deal_key_is_reported():
    text = minimal_plan(replacing={
        "  id: globex-acme\n  title: Globex × Acme\n  buyer: Globex\n  seller: Acme\n": "",
    })
    assert problems(text) == [
        "plan.yaml:3:3: error: deal.id: required key 'id' is missing",
        "plan.yaml:3:3: error: deal.title: required key 'title' is missing",
        "plan.yaml:3:3: error: deal.buyer: required key 'buyer' is missing",
        "plan.yaml:3:3: error: deal.seller: required key 'seller' is missing",
    ]


def test_missing_go_live():
    text = minimal_plan(replacing={"  go_live: 2027-03-01\n": ""})
    assert problems(text) == ["plan.yaml:3:3: error: deal.go_live: required key 'go_live' is missing"]


def test_task_without_an_owner():
    text = minimal_plan(replacing={"    owner: bea-buyer\n": ""})
    assert problems(text) == [
        "plan.yaml:22:5: error: tasks[0].owner: required key 'owner' is missing; "
        "name a person id (or owners: [buyer-id, seller-id] for a shared task)",
    ]


def test_task_without_id_title_or_workstream():
    text = minimal_plan(replacing={
        "  - id: redlines\n    title: Globex legal returns redlines\n    workstream: legal\n    owner":
            "  - owner",
    })
    assert problems(text) == [
        "plan.yaml:22:5: error: tasks[0].id: required key 'id' is missing",
        "plan.yaml:22:5: error: tasks[0].title: required key 'title' is missing",
        "plan.yaml:22:5: error: tasks[0].workstream: required key 'workstream' is missing",
    ]


def test_objectives_as_an_empty_list():
    text = minimal_plan(replacing={
        "objectives:\n  - title: Onboard new hires in half the time\n": "objectives: []\n",
    })
    assert problems(text) == ["plan.yaml:8:13: error: objectives: needs at least one objective"]


def test_objectives_missing():
    text = minimal_plan(replacing={"objectives:\n  - title: Onboard new hires in half the time\n": ""})
    assert problems(text) == ["plan.yaml:1:1: error: objectives: required key 'objectives' is missing"]


def test_objective_without_a_title_and_metric_without_a_name():
    text = minimal_plan(replacing={
        "  - title: Onboard new hires in half the time\n":
            "  - detail: Ramp time is the board's metric.\n"
            "    metrics:\n"
            "      - {baseline: 90 days, target: 45 days}\n",
    })
    assert problems(text) == [
        "plan.yaml:9:5: error: objectives[0].title: required key 'title' is missing",
        "plan.yaml:11:9: error: objectives[0].metrics[0].name: required key 'name' is missing",
    ]


def test_no_tasks():
    text = minimal_plan(replacing={
        "  - id: redlines\n    title: Globex legal returns redlines\n    workstream: legal\n"
        "    owner: bea-buyer\n    due: 2027-01-15\n": "",
    })
    assert problems(text) == ["plan.yaml:21:1: error: tasks: required key 'tasks' is empty"]


def test_person_without_name_side_or_role():
    text = minimal_plan(replacing={"    name: Bea Buyer\n    side: buyer\n    role: champion\n": ""})
    assert problems(text) == [
        "plan.yaml:11:5: error: people[0].side: required key 'side' is missing",
        "plan.yaml:11:5: error: people[0].name: required key 'name' is missing",
        "plan.yaml:11:5: error: people[0].role: required key 'role' is missing",
    ]


def test_acceptance_without_a_date():
    text = minimal_plan(replacing={
        "  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  accepted: {by: bea-buyer}\n",
    })
    assert problems(text) == ["plan.yaml:8:13: error: deal.accepted.on: required key 'on' is missing"]


# -- wrong types ---------------------------------------------------------------------


def test_text_expected_got_a_list():
    text = minimal_plan(replacing={"title: Globex × Acme": "title: [Globex, Acme]"})
    assert problems(text) == ["plan.yaml:4:10: error: deal.title: expected text, got a list"]


def test_text_expected_got_a_mapping():
    text = minimal_plan(replacing={"title: Globex legal returns redlines": "title: {who: legal}"})
    assert problems(text) == ["plan.yaml:23:12: error: tasks[0].title: expected text, got a mapping"]


def test_text_expected_got_true_false():
    text = minimal_plan(replacing={"  buyer: Globex": "  buyer: yes"})
    assert warnings(text) == []  # YAML 1.2: 'yes' is text
    text = minimal_plan(replacing={"  buyer: Globex": "  buyer: true"})
    assert problems(text) == ["plan.yaml:5:10: error: deal.buyer: expected text, got true/false (true)"]


def test_numbers_are_taken_as_text_where_text_is_expected():
    loaded = load(minimal_plan(replacing={"  seller: Acme": "  seller: 3M"}))
    assert loaded.plan.deal.seller == "3M"
    loaded = load(minimal_plan(replacing={"  seller: Acme": "  seller: 1999"}))
    assert loaded.plan.deal.seller == "1999"


def test_list_expected_got_text():
    text = minimal_plan(replacing={
        "objectives:\n  - title: Onboard new hires in half the time\n":
            "objectives: Onboard new hires in half the time\n",
    })
    assert problems(text) == [
        "plan.yaml:8:13: error: objectives: expected a list, got text ('Onboard new hires in half the time')",
    ]


def test_list_expected_got_a_mapping():
    text = minimal_plan(sections="""
        risks:
          id: budget
          title: No budget yet
    """)
    assert problems(text) == ["plan.yaml:28:3: error: risks: expected a list, got a mapping"]


def test_mapping_expected_got_text():
    text = minimal_plan(replacing={
        "deal:\n  id: globex-acme\n  title: Globex × Acme\n  buyer: Globex\n  seller: Acme\n"
        "  go_live: 2027-03-01\n": "deal: Globex × Acme\n",
    })
    assert problems(text) == ["plan.yaml:2:7: error: deal: expected a mapping of keys, got text ('Globex × Acme')"]


def test_list_item_expected_to_be_a_mapping():
    text = minimal_plan(replacing={"tasks:\n": "tasks:\n  - Globex signs\n"})
    assert problems(text) == ["plan.yaml:22:5: error: tasks[0]: expected a mapping (task), got text ('Globex signs')"]


def test_empty_list_item():
    text = minimal_plan(replacing={"workstreams:\n": "workstreams:\n  -\n"})
    assert problems(text) == ["plan.yaml:20:4: error: workstreams[0]: expected a mapping (workstream), got nothing"]


def test_mapping_expected_for_links_and_acceptance():
    text = minimal_plan(replacing={
        "  go_live: 2027-03-01\n":
            "  go_live: 2027-03-01\n  accepted: bea-buyer\n  links: https://example.com/room\n",
    })
    assert problems(text) == [
        "plan.yaml:8:13: error: deal.accepted: expected a mapping of keys, got text ('bea-buyer')",
        "plan.yaml:9:10: error: deal.links: expected a mapping of keys, got text ('https://example.com/room')",
    ]


def test_long_text_is_clipped_in_messages():
    text = minimal_plan(replacing={
        "objectives:\n  - title: Onboard new hires in half the time\n":
            "objectives: Onboard new hires in half the time, and keep them for two years or more\n",
    })
    assert problems(text) == [
        "plan.yaml:8:13: error: objectives: expected a list, got text ('Onboard new hires in half the time, and…')",
    ]


def test_true_or_false_expected():
    text = minimal_plan(sections="""
        risks:
          - id: budget
            title: No budget yet
            shared: only with Bea
    """)
    assert problems(text) == [
        "plan.yaml:30:13: error: risks[0].shared: expected true or false, got text ('only with Bea')",
    ]


def test_list_of_ids_expected():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    depends_on: {kickoff: first}\n"})
    assert problems(text) == ["plan.yaml:27:17: error: tasks[0].depends_on: expected a list of ids, got a mapping"]


# -- ids -------------------------------------------------------------------------------


def test_id_that_is_not_a_slug():
    text = minimal_plan(replacing={"  - id: redlines": "  - id: Red_Lines"})
    assert problems(text) == [
        "plan.yaml:22:9: error: tasks[0].id: 'Red_Lines' is not a valid id; "
        "use lowercase letters, digits and single hyphens, e.g. 'sec-review'",
    ]


@pytest.mark.parametrize("written", ["legal--review", "-legal", "legal-", "legal review", "légal"])
def test_ids_with_bad_hyphens_spaces_or_accents(written):
    text = minimal_plan(replacing={"  - {id: legal, name: Legal}": f"  - {{id: {written}, name: Legal}}",
                                   "    workstream: legal": "    workstream: other"})
    assert problems(text)[0] == (
        f"plan.yaml:20:10: error: workstreams[0].id: '{written}' is not a valid id; "
        "use lowercase letters, digits and single hyphens, e.g. 'sec-review'"
    )


def test_id_that_is_a_number():
    text = minimal_plan(replacing={"  - id: redlines": "  - id: 42"})
    assert problems(text) == [
        "plan.yaml:22:9: error: tasks[0].id: expected an id, got a number (42); "
        "use lowercase letters, digits and single hyphens, e.g. 'sec-review'",
    ]


def test_reference_that_is_not_a_slug():
    text = minimal_plan(replacing={"    owner: bea-buyer": "    owner: Bea Buyer"})
    assert problems(text) == [
        "plan.yaml:25:12: error: tasks[0].owner: 'Bea Buyer' is not a valid id; "
        "use lowercase letters, digits and single hyphens, e.g. 'sec-review'",
    ]


# -- enumerations -------------------------------------------------------------------------

BUYER_ROLES = "champion, economic_buyer, technical, security, legal, procurement, finance, executive, user, other"
SELLER_ROLES = "account_executive, solutions_engineer, sales_manager, executive, legal, security, other"


def test_unknown_side():
    text = minimal_plan(replacing={"    side: buyer": "    side: customer"})
    assert problems(text) == ["plan.yaml:13:11: error: people[0].side: unknown side 'customer'; allowed: buyer, seller"]


def test_unknown_role_for_a_buyer():
    text = minimal_plan(replacing={"    role: champion": "    role: boss"})
    assert problems(text) == [f"plan.yaml:14:11: error: people[0].role: unknown buyer role 'boss'; allowed: {BUYER_ROLES}"]


def test_seller_role_on_a_buyer():
    text = minimal_plan(replacing={"    role: champion": "    role: account_executive"})
    assert problems(text) == [
        f"plan.yaml:14:11: error: people[0].role: unknown buyer role 'account_executive'; allowed: {BUYER_ROLES}",
    ]


def test_buyer_role_on_a_seller():
    text = minimal_plan(replacing={"    role: account_executive": "    role: champion"})
    assert problems(text) == [
        f"plan.yaml:18:11: error: people[1].role: unknown seller role 'champion'; allowed: {SELLER_ROLES}",
    ]


def test_roles_on_both_sides_are_accepted_for_either_side():
    text = minimal_plan(replacing={"    role: champion": "    role: executive",
                                   "    role: account_executive": "    role: executive"})
    assert [person.role for person in load(text).plan.people] == ["executive", "executive"]


def test_role_when_the_side_is_unknown_is_checked_against_every_role():
    text = minimal_plan(replacing={"    side: buyer": "    side: customer", "    role: champion": "    role: boss"})
    assert problems(text) == [
        "plan.yaml:13:11: error: people[0].side: unknown side 'customer'; allowed: buyer, seller",
        f"plan.yaml:14:11: error: people[0].role: unknown role 'boss'; allowed: {BUYER_ROLES}, {SELLER_ROLES}",
    ]


def test_unknown_task_status():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    status: finished\n"})
    assert problems(text) == [
        "plan.yaml:27:13: error: tasks[0].status: unknown status 'finished'; allowed: not_started, in_progress, done, blocked",
    ]


def test_unknown_date_commitment():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    date: firm\n"})
    assert problems(text) == ["plan.yaml:27:11: error: tasks[0].date: unknown date 'firm'; allowed: committed, placeholder"]


def test_unknown_kind():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    kind: legal\n"})
    assert problems(text) == [
        "plan.yaml:27:11: error: tasks[0].kind: unknown kind 'legal'; allowed: business_case, technical_validation, "
        "security_review, legal_review, procurement, executive_approval, signature, kickoff",
    ]


def test_enum_value_of_the_wrong_type():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    status: [done]\n"})
    assert problems(text) == [
        "plan.yaml:27:13: error: tasks[0].status: unknown status a list; allowed: not_started, in_progress, done, blocked",
    ]


def test_unknown_risk_status():
    text = minimal_plan(sections="""
        risks:
          - id: budget
            title: No budget yet
            status: resolved
    """)
    assert problems(text) == [
        "plan.yaml:30:13: error: risks[0].status: unknown status 'resolved'; allowed: open, mitigated, closed",
    ]


# -- dates ---------------------------------------------------------------------------------

DATE_FORM = "YYYY-MM-DD or ANCHOR ± N(d|w|bd), e.g. 'go_live - 4w' or 'sec-review + 10bd'"


@pytest.mark.parametrize(("written", "described"), [
    ("next friday", "text ('next friday')"),
    ("go_live - 4 weeks", "text ('go_live - 4 weeks')"),
    ("go_live + 2m", "text ('go_live + 2m')"),
    ("go_live * 2", "text ('go_live * 2')"),
    ("Go_Live - 1d", "text ('Go_Live - 1d')"),
    ("2027-02-30", "text ('2027-02-30')"),
    ("'2027-02-30'", "text ('2027-02-30')"),
    ("2027-13-01", "text ('2027-13-01')"),
    ("15/01/2027", "text ('15/01/2027')"),
    ("20270115", "a number (20270115)"),
    ("[2027-01-15]", "a list"),
])
def test_unreadable_due_date(written, described):
    text = minimal_plan(replacing={"    due: 2027-01-15": f"    due: {written}"})
    assert problems(text) == [f"plan.yaml:26:10: error: tasks[0].due: expected a date ({DATE_FORM}), got {described}"]


@pytest.mark.parametrize(("written", "described"), [
    ("go_live - 1d", "text ('go_live - 1d')"),
    ("2027-02-29", "text ('2027-02-29')"),
    ("March 2027", "text ('March 2027')"),
])
def test_go_live_must_be_an_absolute_date(written, described):
    text = minimal_plan(replacing={"  go_live: 2027-03-01": f"  go_live: {written}"})
    assert problems(text) == [f"plan.yaml:7:12: error: deal.go_live: expected a date as YYYY-MM-DD, got {described}"]


def test_date_and_time_instead_of_a_date():
    text = minimal_plan(replacing={"  go_live: 2027-03-01": "  go_live: 2027-03-01 09:00:00",
                                   "    due: 2027-01-15": "    due: 2027-01-15T17:00:00"})
    assert problems(text) == [
        "plan.yaml:7:12: error: deal.go_live: expected a date as YYYY-MM-DD, got a date and time (2027-03-01T09:00:00)",
        f"plan.yaml:26:10: error: tasks[0].due: expected a date ({DATE_FORM}), got a date and time (2027-01-15T17:00:00)",
    ]


def test_unreadable_done_on_and_confirm_by():
    text = minimal_plan(
        replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    status: done\n    done_on: yesterday\n"},
        sections="""
            assumptions:
              - text: Procurement takes ten business days.
                confirm_by: soon
        """)
    assert problems(text) == [
        "plan.yaml:28:14: error: tasks[0].done_on: expected a date as YYYY-MM-DD, got text ('yesterday')",
        "plan.yaml:31:17: error: assumptions[0].confirm_by: expected a date as YYYY-MM-DD, got text ('soon')",
    ]


def test_relative_date_outside_the_calendar():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: go_live + 99999999d"})
    assert problems(text) == [
        "plan.yaml:26:10: error: tasks[0].due: 'go_live + 99999999d' falls outside the dates a plan "
        "may hold (1970-01-01 to 2199-12-31)",
    ]


# -- owners --------------------------------------------------------------------------------


def test_owner_and_owners_both_given():
    text = minimal_plan(replacing={"    owner: bea-buyer\n": "    owner: bea-buyer\n    owners: [bea-buyer, sam-seller]\n"})
    assert problems(text) == ["plan.yaml:26:5: error: tasks[0].owners: give either 'owner' or 'owners', not both"]


SHARED_RULE = "a shared task has exactly two owners, one buyer and one seller: owners: [buyer-id, seller-id]"


@pytest.mark.parametrize("written", ["[bea-buyer]", "[bea-buyer, sam-seller, bea-buyer]", "[]", "bea-buyer"])
def test_owners_of_the_wrong_length(written):
    text = minimal_plan(replacing={"    owner: bea-buyer": f"    owners: {written}"})
    assert problems(text) == [f"plan.yaml:25:13: error: tasks[0].owners: {SHARED_RULE}"]


def test_owners_left_empty_points_at_its_key():
    text = minimal_plan(replacing={"    owner: bea-buyer": "    owners:"})
    assert problems(text) == [f"plan.yaml:25:5: error: tasks[0].owners: {SHARED_RULE}"]


def test_owners_with_a_bad_id_reports_only_the_id():
    text = minimal_plan(replacing={"    owner: bea-buyer": "    owners: [bea-buyer, Sam]"})
    assert problems(text) == [
        "plan.yaml:25:25: error: tasks[0].owners[1]: 'Sam' is not a valid id; "
        "use lowercase letters, digits and single hyphens, e.g. 'sec-review'",
    ]


def test_both_owners_on_the_same_side():
    text = minimal_plan(replacing={
        "    role: account_executive\n":
            "    role: account_executive\n  - {id: ivy-buyer, name: Ivy Buyer, side: buyer, role: legal}\n",
        "    owner: bea-buyer": "    owners: [bea-buyer, ivy-buyer]",
    })
    assert problems(text) == [
        "plan.yaml:26:13: error: tasks[0].owners: a shared task has one owner on each side, but both are on the buyer side",
    ]


def test_a_shared_task_belongs_to_both_sides():
    text = minimal_plan(replacing={"    owner: bea-buyer": "    owners: [bea-buyer, sam-seller]"})
    task = load(text).plan.tasks[0]
    assert (task.owners, task.side, task.is_buyer_owned) == (("bea-buyer", "sam-seller"), "shared", True)


# -- references ------------------------------------------------------------------------------


def test_unknown_owner():
    text = minimal_plan(replacing={"    owner: bea-buyer": "    owner: bea"})
    assert problems(text) == [
        "plan.yaml:25:12: error: tasks[0].owner: unknown person 'bea'; people are: bea-buyer, sam-seller",
    ]


def test_unknown_second_owner():
    text = minimal_plan(replacing={"    owner: bea-buyer": "    owners: [bea-buyer, sam]"})
    assert problems(text) == [
        "plan.yaml:25:25: error: tasks[0].owners[1]: unknown person 'sam'; people are: bea-buyer, sam-seller",
    ]


def test_unknown_workstream():
    text = minimal_plan(replacing={"    workstream: legal": "    workstream: security"})
    assert problems(text) == [
        "plan.yaml:24:17: error: tasks[0].workstream: unknown workstream 'security'; workstreams are: legal",
    ]


def test_unknown_dependency_in_a_list():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    depends_on: [nda]\n"})
    assert problems(text) == ["plan.yaml:27:18: error: tasks[0].depends_on[0]: unknown task 'nda'; tasks are: redlines"]


def test_unknown_dependency_written_as_a_single_id():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    depends_on: nda\n"})
    assert problems(text) == ["plan.yaml:27:17: error: tasks[0].depends_on: unknown task 'nda'; tasks are: redlines"]


def test_unknown_owner_of_a_risk_and_of_an_assumption():
    text = minimal_plan(sections="""
        risks:
          - id: budget
            title: No budget yet
            owner: cfo
        assumptions:
          - text: Procurement takes ten business days.
            owner: procurement
    """)
    assert problems(text) == [
        "plan.yaml:30:12: error: risks[0].owner: unknown person 'cfo'; people are: bea-buyer, sam-seller",
        "plan.yaml:33:12: error: assumptions[0].owner: unknown person 'procurement'; people are: bea-buyer, sam-seller",
    ]


def test_unknown_person_accepting_the_plan():
    text = minimal_plan(replacing={"  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  accepted: {by: maria, on: 2026-11-20}\n"})
    assert problems(text) == [
        "plan.yaml:8:18: error: deal.accepted.by: unknown person 'maria'; people are: bea-buyer, sam-seller",
    ]


def test_plan_accepted_by_a_seller():
    text = minimal_plan(replacing={"  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  accepted: {by: sam-seller, on: 2026-11-20}\n"})
    assert problems(text) == [
        "plan.yaml:8:18: error: deal.accepted.by: 'sam-seller' is on the seller side; "
        "the plan is accepted by someone on the buyer side",
    ]


def test_references_when_a_whole_section_is_broken_say_none_are_defined():
    text = minimal_plan(replacing={"workstreams:\n  - {id: legal, name: Legal}\n": "workstreams: legal\n"})
    assert problems(text) == [
        "plan.yaml:19:14: error: workstreams: expected a list, got text ('legal')",
        "plan.yaml:23:17: error: tasks[0].workstream: unknown workstream 'legal'; workstreams are: none defined",
    ]


# -- dependencies and relative dates --------------------------------------------------------------


def test_task_that_depends_on_itself():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    depends_on: [redlines]\n"})
    assert problems(text) == ["plan.yaml:27:18: error: tasks[0].depends_on[0]: task 'redlines' cannot depend on itself"]


def test_dependency_cycle():
    text = minimal_plan(
        replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    depends_on: [kickoff]\n"},
        tasks=KICKOFF + "      depends_on: [redlines]\n")
    assert problems(text) == [
        "plan.yaml:27:17: error: tasks[0].depends_on: dependencies form a cycle: redlines → kickoff → redlines",
    ]


def test_longer_dependency_cycle_is_reported_once():
    text = minimal_plan(
        replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    depends_on: [signing]\n"},
        tasks="""
            - id: kickoff
              title: Acme runs the kickoff
              workstream: legal
              owner: sam-seller
              depends_on: [redlines]
            - id: signing
              title: Globex signs
              workstream: legal
              owner: bea-buyer
              depends_on: [kickoff]
        """)
    assert problems(text) == [
        "plan.yaml:27:17: error: tasks[0].depends_on: dependencies form a cycle: redlines → signing → kickoff → redlines",
    ]


def test_relative_date_cycle():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: kickoff - 1w"}, tasks=KICKOFF)
    assert problems(text) == [
        "plan.yaml:26:10: error: tasks[0].due: relative dates form a cycle: redlines → kickoff → redlines",
    ]


def test_relative_date_on_itself_is_a_cycle():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: redlines + 1d"})
    assert problems(text) == ["plan.yaml:26:10: error: tasks[0].due: relative dates form a cycle: redlines → redlines"]


def test_relative_date_cycle_through_deal_signature():
    text = minimal_plan(
        replacing={"  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  signature: kickoff - 1d\n"},
        tasks=KICKOFF.replace("redlines + 5bd", "signature + 1d"))
    assert problems(text) == [
        "plan.yaml:8:14: error: deal.signature: relative dates form a cycle: signature → kickoff → signature",
    ]


def test_unknown_anchor():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: contract + 1d"})
    assert problems(text) == [
        "plan.yaml:26:10: error: tasks[0].due: unknown anchor 'contract' in 'contract + 1d'; "
        "an anchor is go_live, signature or a task id",
    ]


def test_unknown_anchor_of_deal_signature():
    text = minimal_plan(replacing={"  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  signature: golive - 4w\n"})
    assert problems(text) == [
        "plan.yaml:8:14: error: deal.signature: unknown anchor 'golive' in 'golive - 4w'; "
        "an anchor is go_live, signature or a task id",
    ]


def test_anchor_with_no_date():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": ""}, tasks=KICKOFF)
    assert problems(text) == [
        "plan.yaml:30:10: error: tasks[1].due: 'redlines + 5bd' cannot be resolved: 'redlines' has no date",
    ]


def test_tasks_anchored_on_a_failed_task_report_only_the_first_failure():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: contract + 1d"}, tasks=KICKOFF)
    assert problems(text) == [
        "plan.yaml:26:10: error: tasks[0].due: unknown anchor 'contract' in 'contract + 1d'; "
        "an anchor is go_live, signature or a task id",
    ]


def test_signature_anchor_without_deal_signature_or_signature_task():
    text = minimal_plan(replacing={"    due: 2027-01-15": "    due: signature - 1w"})
    assert problems(text) == [
        "plan.yaml:26:10: error: tasks[0].due: 'signature - 1w' cannot be resolved: the plan has no single "
        "signature date; set deal.signature, or give exactly one task kind: signature",
    ]


def test_signature_anchor_with_two_signature_tasks_is_ambiguous():
    text = minimal_plan(
        replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    kind: signature\n"},
        tasks=KICKOFF.replace("redlines + 5bd", "signature + 1bd") + "      kind: signature\n")
    assert problems(text) == [
        "plan.yaml:32:10: error: tasks[1].due: 'signature + 1bd' cannot be resolved: the plan has no single "
        "signature date; set deal.signature, or give exactly one task kind: signature",
    ]


def test_signature_anchor_on_an_undated_signature_task():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    kind: signature\n"},
                        tasks=KICKOFF.replace("redlines + 5bd", "signature + 1bd"))
    assert problems(text) == [
        "plan.yaml:31:10: error: tasks[1].due: 'signature + 1bd' cannot be resolved: 'signature' has no date",
    ]


def test_an_undated_signature_task_alone_is_not_an_error():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    kind: signature\n"})
    plan = load(text).plan
    assert (plan.deal.signature, plan.tasks[0].due) == (None, None)


def test_task_id_signature_clashes_with_deal_signature():
    text = minimal_plan(replacing={"  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  signature: go_live - 4w\n",
                                   "  - id: redlines": "  - id: signature"})
    assert problems(text) == [
        "plan.yaml:23:9: error: tasks[0].id: the id 'signature' is taken by deal.signature "
        "(the anchor of relative dates); give this task another id",
    ]


# -- duplicate ids ------------------------------------------------------------------------------------


def test_duplicate_task_id():
    text = minimal_plan(tasks=KICKOFF.replace("id: kickoff", "id: redlines"))
    assert problems(text) == [
        "plan.yaml:27:9: error: tasks[1].id: duplicate task id 'redlines'; tasks[0] already uses it",
    ]


def test_duplicate_person_id():
    text = minimal_plan(replacing={"  - id: sam-seller": "  - id: bea-buyer"})
    assert problems(text) == [
        "plan.yaml:15:9: error: people[1].id: duplicate person id 'bea-buyer'; people[0] already uses it",
    ]


def test_duplicate_workstream_id():
    text = minimal_plan(replacing={"  - {id: legal, name: Legal}\n": "  - {id: legal, name: Legal}\n  - {id: legal, name: Law}\n"})
    assert problems(text) == [
        "plan.yaml:21:10: error: workstreams[1].id: duplicate workstream id 'legal'; workstreams[0] already uses it",
    ]


def test_duplicate_risk_id():
    text = minimal_plan(sections="""
        risks:
          - {id: budget, title: No budget yet}
          - {id: budget, title: Budget cut}
    """)
    assert problems(text) == [
        "plan.yaml:29:10: error: risks[1].id: duplicate risk id 'budget'; risks[0] already uses it",
    ]


# -- unknown keys --------------------------------------------------------------------------------------

TASK_KEYS = ("id, title, workstream, owner, owners, due, date, status, done_on, kind, gate, depends_on, "
             "if_missed, notes, internal")
TOP_KEYS = "dealroom, deal, objectives, cost_of_inaction, people, workstreams, tasks, risks, assumptions, branding, holidays, freezes, publishing"


def test_unknown_key_is_a_warning_with_a_hint():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    notse: Send the DPA too.\n"})
    assert warnings(text) == [
        f"plan.yaml:27:5: warning: tasks[0].notse: unknown key 'notse' (did you mean 'notes'?); allowed here: {TASK_KEYS}",
    ]


def test_unknown_key_without_a_close_match_has_no_hint():
    text = minimal_plan(sections="budget: 180k\n")
    assert warnings(text) == [f"plan.yaml:27:1: warning: budget: unknown key 'budget'; allowed here: {TOP_KEYS}"]


def test_unknown_keys_everywhere_are_warned_in_file_order():
    text = minimal_plan(
        replacing={"  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n  golive_reason: FY27\n"
                                              "  links: {curent: https://example.com/room}\n",
                   "    role: champion\n": "    role: champion\n    internal: {power: high, mood: good}\n"},
        sections="risk:\n  - {id: budget, title: No budget yet}\n")
    assert warnings(text) == [
        "plan.yaml:8:3: warning: deal.golive_reason: unknown key 'golive_reason' (did you mean 'go_live_reason'?); "
        "allowed here: id, title, buyer, seller, go_live, go_live_reason, signature, accepted, links, internal",
        "plan.yaml:9:11: warning: deal.links.curent: unknown key 'curent' (did you mean 'current'?); allowed here: current",
        "plan.yaml:17:29: warning: people[0].internal.mood: unknown key 'mood'; allowed here: power, engagement, notes",
        f"plan.yaml:30:1: warning: risk: unknown key 'risk' (did you mean 'risks'?); allowed here: {TOP_KEYS}",
    ]


def test_unknown_key_is_an_error_when_strict():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    notse: Send the DPA too.\n"})
    assert problems(text, strict=True) == [
        f"plan.yaml:27:5: error: tasks[0].notse: unknown key 'notse' (did you mean 'notes'?); allowed here: {TASK_KEYS}",
    ]


def test_warnings_do_not_stop_loading_and_are_not_reported_with_errors():
    text = minimal_plan(replacing={"    due: 2027-01-15\n": "    due: 2027-01-15\n    notse: x\n    status: finished\n"})
    assert problems(text) == [
        "plan.yaml:28:13: error: tasks[0].status: unknown status 'finished'; allowed: not_started, in_progress, done, blocked",
    ]


# -- all at once, in file order ----------------------------------------------------------------------------


def test_five_errors_are_reported_together_in_file_order():
    text = minimal_plan(
        replacing={
            "dealroom: 1\n": "dealroom: 2\n",
            "    side: buyer": "    side: customer",
            "    workstream: legal": "    workstream: security",
            "    owner: bea-buyer": "    owner: bea",
        },
        sections="""
            risks:
              - id: budget
                mitigation: CFO pre-read of the business case
        """)
    with pytest.raises(PlanError) as raised:
        load(text)
    assert str(raised.value) == "5 errors in the plan"
    assert [str(problem) for problem in raised.value.problems] == [
        "plan.yaml:1:11: error: dealroom: the format version must be 1, the only one this dealroom reads; got a number (2)",
        "plan.yaml:13:11: error: people[0].side: unknown side 'customer'; allowed: buyer, seller",
        "plan.yaml:24:17: error: tasks[0].workstream: unknown workstream 'security'; workstreams are: legal",
        "plan.yaml:25:12: error: tasks[0].owner: unknown person 'bea'; people are: bea-buyer, sam-seller",
        "plan.yaml:28:5: error: risks[0].title: required key 'title' is missing",
    ]
    problem = raised.value.problems[1]
    assert (problem.file, problem.line, problem.column, problem.path, problem.severity) == (
        "plan.yaml", 13, 11, "people[0].side", "error")


def test_one_error_is_counted_in_the_singular():
    with pytest.raises(PlanError) as raised:
        load(minimal_plan(replacing={"    owner: bea-buyer": "    owner: bea"}))
    assert str(raised.value) == "1 error in the plan"


# -- files -------------------------------------------------------------------------------------------------


def test_missing_file_is_a_usage_error(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(UsageError) as raised:
        load_plan(path)
    assert str(raised.value) == f"{path}: no such file"
    assert raised.value.exit_status == 2


def test_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as raised:
        load_plan(tmp_path)
    assert str(raised.value) == f"{tmp_path}: is a folder, not a plan file"


def test_bytes_that_are_not_utf8_are_a_plan_error(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"dealroom: 1\ndeal:\n  title: Caf\xe9\n")
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert [str(problem) for problem in raised.value.problems] == [f"{path}: error: not UTF-8 text (byte 30)"]
    assert raised.value.exit_status == 1


def test_file_errors_name_the_file_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deal.yaml").write_text(minimal_plan(replacing={"    owner: bea-buyer": "    owner: bea"}), encoding="utf-8")
    with pytest.raises(PlanError) as raised:
        load_plan("deal.yaml")
    assert [str(problem) for problem in raised.value.problems] == [
        "deal.yaml:25:12: error: tasks[0].owner: unknown person 'bea'; people are: bea-buyer, sam-seller",
    ]


def test_a_valid_file_loads_with_its_name(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    loaded = load_plan(path)
    assert (loaded.file, loaded.plan.deal.id) == (str(path), "globex-acme")


# -- entries after a broken one keep their own place ----------------------------------------------


def test_a_list_item_that_is_not_a_mapping_does_not_shift_the_paths_after_it():
    text = minimal_plan(replacing={"tasks:\n": "tasks:\n  - 0\n"}, tasks="""
        - {id: review, title: Globex reviews, workstream: legal, owner: nobody, depends_on: [nda]}
        - {id: review, title: Globex reviews again, workstream: legal, owner: bea-buyer}
    """)
    assert problems(text) == [
        "plan.yaml:22:5: error: tasks[0]: expected a mapping (task), got a number (0)",
        "plan.yaml:28:67: error: tasks[2].owner: unknown person 'nobody'; people are: bea-buyer, sam-seller",
        "plan.yaml:28:88: error: tasks[2].depends_on[0]: unknown task 'nda'; tasks are: redlines, review",
        "plan.yaml:29:10: error: tasks[3].id: duplicate task id 'review'; tasks[2] already uses it",
    ]


def test_broken_items_do_not_shift_people_workstreams_risks_or_assumptions():
    text = minimal_plan(
        replacing={"people:\n": "people:\n  - Bea\n",
                   "workstreams:\n": "workstreams:\n  - Legal\n  - {id: legal, name: Law}\n"},
        sections="""
            risks:
              - budget
              - {id: budget, title: No budget yet, owner: cfo}
            assumptions:
              - ten days
              - {text: Procurement takes ten days., owner: buyer}
        """)
    assert problems(text) == [
        "plan.yaml:11:5: error: people[0]: expected a mapping (person), got text ('Bea')",
        "plan.yaml:21:5: error: workstreams[0]: expected a mapping (workstream), got text ('Legal')",
        "plan.yaml:23:10: error: workstreams[2].id: duplicate workstream id 'legal'; workstreams[1] already uses it",
        "plan.yaml:31:5: error: risks[0]: expected a mapping (risk), got text ('budget')",
        "plan.yaml:32:47: error: risks[1].owner: unknown person 'cfo'; people are: bea-buyer, sam-seller",
        "plan.yaml:34:5: error: assumptions[0]: expected a mapping (assumption), got text ('ten days')",
        "plan.yaml:35:48: error: assumptions[1].owner: unknown person 'buyer'; people are: bea-buyer, sam-seller",
    ]


def test_a_bad_id_in_a_list_does_not_shift_the_place_of_the_next_one():
    text = minimal_plan(replacing={
        "    owner: bea-buyer\n    due: 2027-01-15\n":
            "    owners: [Bea, sam]\n    due: 2027-01-15\n    depends_on: [NDA, nda]\n",
    })
    assert problems(text) == [
        "plan.yaml:25:14: error: tasks[0].owners[0]: 'Bea' is not a valid id; "
        "use lowercase letters, digits and single hyphens, e.g. 'sec-review'",
        "plan.yaml:25:19: error: tasks[0].owners[1]: unknown person 'sam'; people are: bea-buyer, sam-seller",
        "plan.yaml:27:18: error: tasks[0].depends_on[0]: 'NDA' is not a valid id; "
        "use lowercase letters, digits and single hyphens, e.g. 'sec-review'",
        "plan.yaml:27:23: error: tasks[0].depends_on[1]: unknown task 'nda'; tasks are: redlines",
    ]


# -- branding --------------------------------------------------------------------------------------------------


def test_branding_values_are_checked():
    text = minimal_plan(sections="branding:\n  accent: blue\n  paper: A5\n  locale: english\n  logo: x.png\n")
    assert problems(text) == [
        "plan.yaml:28:11: error: branding.accent: 'blue' is not a colour; write it as #rrggbb, e.g. '#0b5cab'",
        "plan.yaml:29:10: error: branding.paper: unknown paper 'A5'; allowed: A4, Letter",
        "plan.yaml:30:11: error: branding.locale: 'english' is not a locale; write it as en_GB, en_US, de_DE ...",
    ]
    assert warnings(minimal_plan(sections="branding:\n  logo: x.png\n")) == [
        "plan.yaml:28:3: warning: branding.logo: unknown key 'logo'; allowed here: theme, accent, "
        "buyer_logo, seller_logo, paper, locale",
    ]


def test_branding_is_read_and_reaches_the_buyer_view():
    plan = load(minimal_plan(sections="branding:\n  theme: print\n  accent: '#0B5CAB'\n  paper: Letter\n"
                                      "  locale: en_US\n  buyer_logo: logos/globex.svg\n")).plan
    assert plan.for_buyer().branding == plan.branding
    assert (plan.branding.theme, plan.branding.accent, plan.branding.paper, plan.branding.locale,
            plan.branding.buyer_logo) == ("print", "#0B5CAB", "Letter", "en_US", "logos/globex.svg")


def test_the_current_link_must_be_a_web_address():
    text = minimal_plan(replacing={"  go_live: 2027-03-01\n": "  go_live: 2027-03-01\n"
                                                              "  links: {current: 'javascript:alert(1)'}\n"})
    assert problems(text) == [
        "plan.yaml:8:20: error: deal.links.current: 'javascript:alert(1)' is not a web address; "
        "write it as https://...",
    ]
