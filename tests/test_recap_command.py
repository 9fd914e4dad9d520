"""`dealroom recap`: the .eml draft of the latest version, read back with `email`."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from render_plans import edited_example, plant_canaries
from test_publish import move_two_committed_dates
from test_recap import smtp_server  # noqa: F401 - a fixture: a loopback SMTP server

LINK = "https://rooms.quillstone.example/corvane-logistics/"


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"})


@pytest.fixture
def published(tmp_path) -> Path:
    planted: list[str] = []
    (tmp_path / "plan.yaml").write_text(edited_example(lambda t: planted.extend(plant_canaries(t))))
    (tmp_path / "canaries.txt").write_text("\n".join(planted))
    for step in ("first", "second"):
        if step == "second":
            move_two_committed_dates(tmp_path / "plan.yaml")
        done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", "2026-11-21",
                        "--reason", "S3=CISO out until the 14th", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    return tmp_path


def read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_the_recap_carries_link_changes_and_next_commitments_in_both_parts(published):
    done = dealroom("recap", "plan.yaml", "--attach", "--today", "2026-12-01", cwd=published)
    assert done.returncode == 0, done.stderr
    message = read(published / "out" / "corvane-quillstone.seller" / "recap-v2.eml")
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].display_name == "Priya Raman"
    for kind in ("plain", "html"):
        body = message.get_body((kind,)).get_content()
        assert LINK in body and f"{LINK}v2/" in body
        assert "moved 14 Dec → 21 Dec 2026, 7 days later: CISO out until the 14th" in body
        assert "B4" in body and "Tomas approves the business case" in body and "11 Dec 2026" in body
    assert [part.get_filename() for part in message.iter_attachments()] == ["brief.pdf"]


def test_the_recap_contains_no_canary(published):
    assert dealroom("recap", "plan.yaml", "-o", "recap.eml", cwd=published).returncode == 0
    raw = (published / "recap.eml").read_bytes().decode("utf-8", "replace")
    text = "\n".join(part.get_content() for part in read(published / "recap.eml").walk()
                     if part.get_content_type() in ("text/plain", "text/html"))
    canaries = (published / "canaries.txt").read_text().split("\n")
    assert not [c for c in canaries if c in raw or c in text]


def test_since_must_name_an_earlier_version(published):
    done = dealroom("recap", "plan.yaml", "--since", "7", cwd=published)
    assert done.returncode == 2
    assert "--since 7: choose a version from 0 to 1" in done.stderr
    everything = dealroom("recap", "plan.yaml", "--since", "0", "-o", "all.eml", cwd=published)
    assert everything.returncode == 0


def test_a_recap_needs_a_published_version(tmp_path):
    (tmp_path / "plan.yaml").write_text(edited_example(lambda tree: None))
    done = dealroom("recap", "plan.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "nothing published yet; run: dealroom publish plan.yaml" in done.stderr


# -- who it goes to ------------------------------------------------------------------------

DRAFT = Path("out") / "corvane-quillstone.seller" / "recap-v2.eml"
SELLER_TEAM = ("Sofia Marin <sofia.marin@quillstone.example>, "
               "Lena Hoffmann <lena.hoffmann@quillstone.example>, "
               "Nora Fitzgerald <nora.fitzgerald@quillstone.example>, "
               "James Adeyemi <james.adeyemi@quillstone.example>")


def test_by_default_it_goes_to_the_champion_and_the_buyers_with_a_step_due_copied_to_the_team(
        published):
    done = dealroom("recap", "plan.yaml", "--today", "2026-12-01", cwd=published)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    message = read(published / DRAFT)
    assert str(message["From"]) == "Ethan Cole <ethan.cole@quillstone.example>"
    # B4 (Tomas, 11 Dec) and T3 (Grace, 9 Dec) are due in the next 14 days; the COO,
    # security, legal and procurement have nothing due and are not written to
    assert str(message["To"]) == ("Priya Raman <priya.raman@corvane.example>, "
                                  "Tomas Lindqvist <tomas.lindqvist@corvane.example>, "
                                  "Grace Okafor <grace.okafor@corvane.example>")
    assert str(message["Cc"]) == SELLER_TEAM


def test_to_and_cc_take_person_ids_roles_sides_and_comma_lists(published):
    done = dealroom("recap", "plan.yaml", "--today", "2026-12-01", "--to", "champion",
                    "--to", "daniel-whitfield,buyer:legal", "--cc", "solutions_engineer, security",
                    cwd=published)
    assert done.returncode == 0, done.stderr
    message = read(published / DRAFT)
    assert str(message["To"]) == ("Priya Raman <priya.raman@corvane.example>, "
                                  "Daniel Whitfield <daniel.whitfield@corvane.example>, "
                                  "Helen Marsh <helen.marsh@corvane.example>")
    assert str(message["Cc"]) == ("Sofia Marin <sofia.marin@quillstone.example>, "
                                  "Lena Hoffmann <lena.hoffmann@quillstone.example>")
    assert message.get_body(("plain",)).get_content().splitlines()[0] == "Hi Priya and team,"


def test_cc_none_copies_nobody_and_the_sender_is_never_copied(published):
    done = dealroom("recap", "plan.yaml", "--to", "tomas-lindqvist", "--cc", "none",
                    "-o", "alone.eml", cwd=published)
    assert done.returncode == 0, done.stderr
    message = read(published / "alone.eml")
    assert (str(message["To"]), message["Cc"]) == (
        "Tomas Lindqvist <tomas.lindqvist@corvane.example>", None)
    assert message.get_body(("plain",)).get_content().splitlines()[0] == "Hi Tomas,"
    nobody = dealroom("recap", "plan.yaml", "--to", "none", "-o", "nobody.eml", cwd=published)
    assert nobody.returncode == 0, nobody.stderr
    assert nobody.stderr == ("dealroom: warning: the recap is addressed to nobody; name its "
                             "readers with --to\n")
    assert read(published / "nobody.eml")["To"] is None
    team = dealroom("recap", "plan.yaml", "--cc", "seller", "-o", "team.eml", cwd=published)
    assert team.returncode == 0, team.stderr
    assert str(read(published / "team.eml")["Cc"]) == SELLER_TEAM  # not Ethan, who sends it


def test_an_unknown_person_or_role_is_a_usage_error_naming_the_choices(published):
    done = dealroom("recap", "plan.yaml", "--to", "champion,cro", cwd=published)
    assert done.returncode == 2
    assert done.stderr == (
        "dealroom: usage error: --to cro: no person or role of that name in the plan; choose "
        "person ids (priya-raman, tomas-lindqvist, renata-alves, grace-okafor, daniel-whitfield, "
        "helen-marsh, marcus-bell, ethan-cole, sofia-marin, lena-hoffmann, nora-fitzgerald, "
        "james-adeyemi), roles (champion, economic_buyer, executive, technical, security, legal, "
        "procurement, account_executive, solutions_engineer, sales_manager), buyer, seller or "
        "none\n")
    assert not (published / "out" / "corvane-quillstone.seller").exists()
    wrong_side = dealroom("recap", "plan.yaml", "--cc", "seller:champion", cwd=published)
    assert wrong_side.returncode == 2
    assert wrong_side.stderr.startswith("dealroom: usage error: --cc seller:champion: no person "
                                        "or role of that name in the plan; choose person ids (")


def test_a_person_without_an_email_is_said_not_silently_dropped(published):
    text = (published / "plan.yaml").read_text(encoding="utf-8")
    (published / "plan.yaml").write_text(
        text.replace("  email: renata.alves@corvane.example\n", ""), encoding="utf-8")
    done = dealroom("recap", "plan.yaml", "--to", "executive,champion", "-o", "r.eml",
                    cwd=published)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("dealroom: warning: Renata Alves (renata-alves) has no e-mail address "
                           "in the plan, so the recap is not addressed to them\n")
    assert str(read(published / "r.eml")["To"]) == "Priya Raman <priya.raman@corvane.example>"


# -- since the last recap, and recording it -----------------------------------------------


def changes_heading(path: Path) -> str:
    body = read(path).get_body(("plain",)).get_content()
    return next(line for line in body.splitlines() if line.startswith(("What changed", "Nothing")))


def test_since_the_last_recap_only_when_one_was_recorded(published):
    first = dealroom("recap", "plan.yaml", "--today", "2026-12-01", cwd=published)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[1] == "changes since version 1; --since N counts from another"
    assert changes_heading(published / DRAFT) == "What changed since version 1:"
    plan = published / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("due: 2027-01-13", "due: 2027-01-14"),
                    encoding="utf-8")
    done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", "2026-12-01",
                    "--note", "Coupa needs a day more", cwd=published)
    assert done.returncode == 0, done.stderr
    third = dealroom("recap", "plan.yaml", "--today", "2026-12-01", cwd=published)
    assert third.returncode == 0, third.stderr
    assert re.fullmatch(r"changes since version 2, the last recap \(drafted \d{4}-\d\d-\d\d "
                        r"\d\d:\d\d UTC\); --since N counts from another", third.stdout.splitlines()[1])
    draft = published / "out" / "corvane-quillstone.seller" / "recap-v3.eml"
    assert changes_heading(draft) == "What changed since the last recap (version 2):"
    body = read(draft).get_body(("plain",)).get_content()
    assert "(C5) moved 13 Jan → 14 Jan 2027, 1 day later: Coupa needs a day more" in body
    assert "(S3) moved" not in body  # version 2's change was in the last recap
    again = dealroom("recap", "plan.yaml", "-o", "again.eml", "--today", "2026-12-01",
                     cwd=published)
    assert again.returncode == 0, again.stderr  # a recap of v3 exists now: not "the last recap"
    assert changes_heading(published / "again.eml") == "What changed since version 2:"


def test_history_lists_every_recap_with_its_version_recipients_and_delivery(published):
    for extra in ([], ["--to", "champion", "--cc", "none", "-o", "short.eml"]):
        done = dealroom("recap", "plan.yaml", "--today", "2026-12-01", *extra, cwd=published)
        assert done.returncode == 0, done.stderr
    text = dealroom("history", "plan.yaml", cwd=published).stdout.splitlines()
    recaps = text[text.index("recaps") + 1:]
    assert [re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00", "WHEN", line) for line in recaps] == [
        "    v2  WHEN  drafted  since v1  to Priya Raman, Tomas Lindqvist, Grace Okafor; cc "
        "Sofia Marin, Lena Hoffmann, Nora Fitzgerald, James Adeyemi",
        "    v2  WHEN  drafted  since v1  to Priya Raman"]
    report = json.loads(dealroom("history", "plan.yaml", "--json", cwd=published).stdout)
    assert [{k: v for k, v in r.items() if k != "recorded_at"} for r in report["recaps"]] == [
        {"version": 2, "since": 1, "delivery": "drafted",
         "to": ["priya-raman", "tomas-lindqvist", "grace-okafor"],
         "cc": ["sofia-marin", "lena-hoffmann", "nora-fitzgerald", "james-adeyemi"]},
        {"version": 2, "since": 1, "delivery": "drafted", "to": ["priya-raman"], "cc": []}]


def test_send_delivers_the_recap_and_records_it_as_sent(published, smtp_server):
    controller, inbox = smtp_server
    env = {**os.environ, "DEALROOM_SMTP_HOST": "127.0.0.1", "DEALROOM_SMTP_PORT": str(controller.port),
           "DEALROOM_SMTP_STARTTLS": "0"}
    done = subprocess.run([sys.executable, "-m", "generator", "recap", "plan.yaml", "--to",
                           "champion", "--cc", "none", "--send", "--today", "2026-12-01"],
                          cwd=published, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "sent"
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["priya.raman@corvane.example"]
    report = json.loads(dealroom("history", "plan.yaml", "--json", cwd=published).stdout)
    assert [(r["version"], r["delivery"], r["to"]) for r in report["recaps"]] == [
        (2, "sent", ["priya-raman"])]
