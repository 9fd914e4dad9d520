"""`dealroom remind`: one short reminder per buyer person whose steps are due soon or
late, in the recap's style, with nothing seller-only in it; written to the seller's
folder, and sent through a real SMTP server on loopback with --send."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.mail.reminders import due_steps, reminder_message
from generator.plan.loader import read_plan
from generator.rendering.render import RenderOptions, edition
from render_plans import ENTERPRISE, edited_example, plant_canaries
from test_recap import smtp_server  # noqa: F401 - a fixture: a loopback SMTP server

FOLDER = Path("out") / "corvane-quillstone.seller" / "reminders-v1"
LINK = "https://rooms.quillstone.example/corvane-logistics/"

HELEN_ON_14_DECEMBER = f"""Hi Helen,

Just a short reminder of your next 2 steps in the Corvane Logistics × Quillstone plan.

C2 Helen returns first-round redlines on the MSA and order form
- When: 16 Dec 2026, in 2 days
- What waits for it: C3 Corvane and Quillstone legal close the remaining MSA positions on a working call
- If it is missed: Open positions roll into the holiday freeze and the legal-approval date of 15 January is at risk.

S4 Corvane and Quillstone legal agree the data processing addendum and EU transfer terms
- When: 18 Dec 2026, in 4 days (date to confirm)
- Together with: Nora Fitzgerald
- What waits for it: C3 Corvane and Quillstone legal close the remaining MSA positions on a working call
- If it is missed: Corvane cannot send carrier contact data to Quillstone, so the MSA cannot be finalised.

The plan, always up to date: {LINK}

If a date no longer works, just reply with one that does and I will update the plan. No need to reply otherwise.

Best regards,
Ethan Cole
Enterprise Account Executive, Quillstone
"""

TOMAS_ON_7_DECEMBER = f"""Hi Tomas,

Just a short reminder of your step in the Corvane Logistics × Quillstone plan: its date has passed.

B4 Tomas approves the business case in the FY27 software budget review
- When: 4 Dec 2026, 3 days ago
- What waits for it: C5 Marcus opens the Quillstone supplier record in Coupa and confirms pricing against the…; A2 Tomas and Renata approve the contract at Corvane's Investment Committee on 20 January
- If it is missed: The spend is not in the FY27 plan; the Investment Committee on 20 January cannot consider it and the renewal season starts on the old process.

The plan, always up to date: {LINK}

If it is already done, or needs a new date, just reply and I will update the plan.

Best regards,
Ethan Cole
Enterprise Account Executive, Quillstone
"""


def _edition(day: str, text: str | None = None):
    loaded = read_plan(text or ENTERPRISE.read_text(encoding="utf-8"), "plan.yaml")
    return edition(loaded, RenderOptions(today=dt.date.fromisoformat(day), version=1), "buyer")


def _reminders(day: str, days: int = 7, text: str | None = None, cc=()) -> dict:
    """Person id → the draft read back, for every reminder of ``day``."""
    ed = _edition(day, text)
    drafts = {}
    for person, steps in due_steps(ed.room, days):
        message, _ = reminder_message(ed, person, steps, version=1, cc=cc)
        drafts[person.id] = email.message_from_bytes(message.as_bytes(),
                                                     policy=email.policy.default)
    return drafts


def plain(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


# -- who is reminded of what ---------------------------------------------------------------


@pytest.mark.parametrize(("day", "days", "expected"), [
    ("2026-11-21", 7, {}),
    ("2026-11-30", 7, {"tomas-lindqvist": ["B4"]}),
    ("2026-11-30", 0, {}),
    ("2026-12-07", 7, {"tomas-lindqvist": ["B4"], "grace-okafor": ["T3"],
                       "daniel-whitfield": ["S3"]}),  # B4 late, S3 due on the 7th day
    ("2026-12-07", 0, {"tomas-lindqvist": ["B4"]}),  # only what is late, or due today
    ("2026-12-14", 7, {"tomas-lindqvist": ["B4"], "grace-okafor": ["T3"],
                       "daniel-whitfield": ["S3"], "helen-marsh": ["C2", "S4"]}),
])
def test_each_buyer_person_is_reminded_of_their_own_open_steps_due_soon_or_late(day, days,
                                                                                expected):
    ed = _edition(day)
    found = {person.id: [ed.room.code(t) for t in steps] for person, steps in
             due_steps(ed.room, days)}
    assert found == expected


def test_no_seller_person_is_reminded():
    ed = _edition("2026-12-14")
    assert all(person.side == "buyer" for person, _ in due_steps(ed.room, 60))
    assert "nora-fitzgerald" not in {p.id for p, _ in due_steps(ed.room, 60)}  # S4 is shared


# -- what a reminder says -------------------------------------------------------------------


def test_a_reminder_of_two_steps_reads_as_a_short_polite_note():
    helen = _reminders("2026-12-14")["helen-marsh"]
    assert plain(helen) == HELEN_ON_14_DECEMBER
    assert helen["Subject"] == "Corvane Logistics × Quillstone: reminder — 2 steps due by 18 Dec"


def test_a_late_step_is_said_kindly_with_what_waits_for_it():
    tomas = _reminders("2026-12-07")["tomas-lindqvist"]
    assert plain(tomas) == TOMAS_ON_7_DECEMBER
    assert tomas["Subject"] == ("Corvane Logistics × Quillstone: reminder — B4 Tomas approves the "
                                "business case in the FY27…, was due 4 Dec")


@pytest.mark.parametrize(("day", "person", "subject"), [
    ("2026-12-07", "grace-okafor", "reminder — T3 Grace's team validates the SAP vendor-master…, "
                                   "due 10 Dec"),  # the Thanksgiving holiday moved T3
    ("2026-12-14", "daniel-whitfield", "reminder — S3 Daniel's team completes the vendor risk…, "
                                       "due 14 Dec"),
    ("2026-12-17", "helen-marsh", "reminder — 2 steps, 1 past its date"),
    ("2026-12-21", "helen-marsh", "reminder — 2 steps, 2 past their date"),
])
def test_the_subject_says_what_is_due_and_whether_it_is_late(day, person, subject):
    assert _reminders(day)[person]["Subject"] == f"Corvane Logistics × Quillstone: {subject}"


@pytest.mark.parametrize(("day", "when"), [
    ("2026-12-14", "When: 14 Dec 2026, today"),
    ("2026-12-13", "When: 14 Dec 2026, tomorrow"),
    ("2026-12-15", "When: 14 Dec 2026, yesterday"),
    ("2026-12-24", "When: 14 Dec 2026, 10 days ago"),
])
def test_when_is_a_date_and_how_far_it_is(day, when):
    assert when in plain(_reminders(day)["daniel-whitfield"])


def test_the_html_part_says_the_same_with_the_link():
    helen = _reminders("2026-12-14")["helen-marsh"]
    html = helen.get_body(("html",)).get_content()
    for words in ("<p>Hi Helen,</p>", "<strong>C2</strong> Helen returns first-round redlines",
                  "<li>When: 18 Dec 2026, in 4 days (date to confirm)</li>",
                  "<li>Together with: Nora Fitzgerald</li>",
                  "<li>If it is missed: Corvane cannot send carrier contact data",
                  f'<a href="{LINK}">{LINK}</a>'):
        assert words in html


def test_it_goes_from_the_account_executive_to_the_person_copied_to_whom_cc_names():
    ed = _edition("2026-12-14")
    drafts = _reminders("2026-12-14", cc=[ed.room.plan.person("priya-raman")])
    tomas = drafts["tomas-lindqvist"]
    assert str(tomas["From"]) == "Ethan Cole <ethan.cole@quillstone.example>"
    assert str(tomas["To"]) == "Tomas Lindqvist <tomas.lindqvist@corvane.example>"
    assert str(tomas["Cc"]) == "Priya Raman <priya.raman@corvane.example>"
    assert tomas["X-Unsent"] == "1"
    assert tomas["Message-ID"] == ("<remind.corvane-quillstone.v1.tomas-lindqvist.20261214"
                                   "@quillstone.example>")
    assert _reminders("2026-12-14")["tomas-lindqvist"]["Cc"] is None  # nobody by default


def test_no_seller_only_text_reaches_a_reminder():
    planted: list[str] = []
    text = edited_example(lambda tree: planted.extend(plant_canaries(tree)))
    drafts = _reminders("2027-02-26", days=30, text=text)  # every buyer step is late or due
    assert set(drafts) == {"priya-raman", "tomas-lindqvist", "renata-alves", "grace-okafor",
                           "daniel-whitfield", "helen-marsh", "marcus-bell"}
    assert len(planted) > 60
    for message in drafts.values():
        raw = message.as_bytes().decode("utf-8", "replace")
        shown = "\n".join([raw, str(message["Subject"]), plain(message),
                           message.get_body(("html",)).get_content()])
        assert "CANARY" not in shown
        assert "Clausewise" not in shown and "signing authority" not in shown


def test_only_a_buyer_edition_makes_a_reminder():
    ed = read_plan(ENTERPRISE.read_text(encoding="utf-8"), "plan.yaml")
    seller = edition(ed, RenderOptions(today=dt.date(2026, 12, 7), version=1), "seller")
    with pytest.raises(TypeError, match="reminders are for buyers and take only a BuyerPlan"):
        reminder_message(seller, seller.room.plan.people[1], list(seller.room.plan.tasks[:1]),
                         version=1)


# -- the command ----------------------------------------------------------------------------


def dealroom(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DEALROOM_AUTHOR": "Ethan Cole", **(env or {})})
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("remind")
    shutil.copy(ENTERPRISE, folder / "plan.yaml")
    done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", "2026-11-21",
                    cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def deal(published, tmp_path) -> Path:
    """A copy of the published deal, for a test to change."""
    shutil.copytree(published, tmp_path / "deal")
    return tmp_path / "deal"


def read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_remind_writes_one_draft_per_person_in_the_sellers_folder(deal):
    done = dealroom("remind", "plan.yaml", "--today", "2026-12-07", cwd=deal)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{FOLDER}/tomas-lindqvist.eml",
                                        f"{FOLDER}/grace-okafor.eml",
                                        f"{FOLDER}/daniel-whitfield.eml"]
    assert done.stderr == ""
    assert sorted(p.name for p in (deal / FOLDER).iterdir()) == [
        "daniel-whitfield.eml", "grace-okafor.eml", "tomas-lindqvist.eml"]
    assert plain(read(deal / FOLDER / "tomas-lindqvist.eml")) == TOMAS_ON_7_DECEMBER
    assert not list((deal / "out" / "corvane-quillstone").rglob("*.eml"))
    later = dealroom("remind", "plan.yaml", "--today", "2026-11-30", "--days", "10", cwd=deal)
    assert later.stdout.splitlines() == [f"{FOLDER}/tomas-lindqvist.eml",
                                         f"{FOLDER}/grace-okafor.eml"]
    assert sorted(p.name for p in (deal / FOLDER).iterdir()) == [  # no reminder of an earlier run
        "grace-okafor.eml", "tomas-lindqvist.eml"]


def test_nothing_due_writes_nothing_and_says_so(deal):
    done = dealroom("remind", "plan.yaml", "--today", "2026-11-21", cwd=deal)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == ("no reminder: nothing of Corvane Logistics is due in the next 7 days "
                           "or late\n")
    assert not (deal / FOLDER).exists()


def test_a_person_without_an_address_gets_a_draft_without_to_and_a_warning(deal):
    plan = deal / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    email: grace.okafor@corvane.example\n", ""), encoding="utf-8")
    done = dealroom("remind", "plan.yaml", "--today", "2026-12-07", "--days", "3", cwd=deal)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("dealroom: warning: Grace Okafor (grace-okafor) has no e-mail address "
                           "in the plan, so the reminder is not addressed to them\n")
    grace = read(deal / FOLDER / "grace-okafor.eml")
    assert grace["To"] is None
    assert plain(grace).startswith("Hi Grace,\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--days", "-1"], "dealroom: usage error: --days -1: choose a number of days from 0 to 365\n"),
    (["--days", "400"], "dealroom: usage error: --days 400: choose a number of days from 0 to "
                        "365\n"),
    (["--cc", "board"], "dealroom: usage error: --cc board: no person or role of that name in "
                        "the plan; choose person ids (priya-raman, tomas-lindqvist, renata-alves, "
                        "grace-okafor, daniel-whitfield, helen-marsh, marcus-bell, ethan-cole, "
                        "sofia-marin, lena-hoffmann, nora-fitzgerald, james-adeyemi), roles "
                        "(champion, economic_buyer, executive, technical, security, legal, "
                        "procurement, account_executive, solutions_engineer, sales_manager), "
                        "buyer, seller or none\n"),
])
def test_wrong_options_are_usage_errors_that_write_nothing(published, args, message):
    done = dealroom("remind", "plan.yaml", "--today", "2026-12-07", *args, cwd=published)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message)
    assert not (published / FOLDER).exists()


def test_remind_needs_a_published_version(tmp_path):
    shutil.copy(ENTERPRISE, tmp_path / "plan.yaml")
    done = dealroom("remind", "plan.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == ("dealroom: usage error: .dealroom/history.sqlite3: nothing published "
                           "yet; run: dealroom publish plan.yaml\n")


def test_send_without_an_smtp_host_is_a_usage_error_that_writes_nothing(published):
    environ = {k: "" for k in os.environ if k.startswith("DEALROOM_SMTP_")}
    done = dealroom("remind", "plan.yaml", "--today", "2026-12-07", "--send", cwd=published,
                    env=environ)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("dealroom: usage error: set DEALROOM_SMTP_HOST (and _PORT, _USER, "
                           "_PASSWORD, _STARTTLS=1/0) to send the reminders\n")
    assert not (published / FOLDER).exists()


def test_send_delivers_each_reminder_to_its_person_only(deal, smtp_server):
    controller, inbox = smtp_server
    env = {"DEALROOM_SMTP_HOST": "127.0.0.1", "DEALROOM_SMTP_PORT": str(controller.port),
           "DEALROOM_SMTP_STARTTLS": "0"}
    done = dealroom("remind", "plan.yaml", "--today", "2026-12-07", "--cc", "champion", "--send",
                    cwd=deal, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[3:] == [f"sent {FOLDER}/tomas-lindqvist.eml",
                                            f"sent {FOLDER}/grace-okafor.eml",
                                            f"sent {FOLDER}/daniel-whitfield.eml"]
    assert [(e.mail_from, e.rcpt_tos) for e in inbox.envelopes] == [
        ("ethan.cole@quillstone.example", [f"{person}@corvane.example", "priya.raman@corvane.example"])
        for person in ("tomas.lindqvist", "grace.okafor", "daniel.whitfield")]
    received = email.message_from_bytes(inbox.envelopes[0].original_content,
                                        policy=email.policy.default)
    assert received["X-Unsent"] is None
    assert plain(received) == TOMAS_ON_7_DECEMBER
    assert read(deal / FOLDER / "tomas-lindqvist.eml")["X-Unsent"] == "1"


def test_send_leaves_a_reminder_without_its_persons_address_unsent(deal, smtp_server):
    controller, inbox = smtp_server
    plan = deal / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    email: grace.okafor@corvane.example\n", ""), encoding="utf-8")
    env = {"DEALROOM_SMTP_HOST": "127.0.0.1", "DEALROOM_SMTP_PORT": str(controller.port),
           "DEALROOM_SMTP_STARTTLS": "0"}
    done = dealroom("remind", "plan.yaml", "--today", "2026-12-07", "--days", "3", "--cc",
                    "champion", "--send", cwd=deal, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[1] == (f"dealroom: warning: {FOLDER}/grace-okafor.eml was not "
                                           "sent: the person it reminds has no e-mail address")
    assert done.stdout.splitlines()[2:] == [f"sent {FOLDER}/tomas-lindqvist.eml"]
    assert [e.rcpt_tos for e in inbox.envelopes] == [["tomas.lindqvist@corvane.example",
                                                      "priya.raman@corvane.example"]]
