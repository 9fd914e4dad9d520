"""`dealroom recap`: no text in the plan can re-address the draft or add a header to it.

Every test publishes a plan, runs the real `recap` command and reads the .eml
back with the `email` package: the draft goes From the account executive, To the
buyer people and Cc the seller team, exactly, with no Bcc and no other header,
and every name and the Subject read back as the plan wrote them (control
characters and runs of white space as one space). Python 3.11.7's own `email`
folding lets such text through, so this holds only because dealroom writes
these headers itself and reads the draft back before writing it.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import DealroomError, PlanError
from generator.plan.loader import load_plan, read_plan
from generator.mail.recap import eml_bytes, recap_message
from generator.mail.sending import send
from generator.rendering.render import RenderOptions, edition
from render_plans import ROOT, edited_example
from test_recap import _environ, smtp_server  # noqa: F401 - smtp_server is a fixture

DAY = "2026-11-21"
FIRST = "plan v1 — first version of the plan"
HEADERS = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "X-Unsent", "MIME-Version",
           "Content-Type"]
DRAFT = Path("out") / "corvane-quillstone.seller" / "recap-v1.eml"
ENCODED_BCC = "=?utf-8?b?DQpCY2M6IGV2aWxAeC5leGFtcGxl?="  # CRLF "Bcc: evil@x.example"

HOSTILE_NAMES = [
    ENCODED_BCC,
    "=?utf-8?q?Bob=0D=0ABcc=3A_evil=40x=2Eexample?=",
    f"Priya {ENCODED_BCC} Raman",
    "Bob <evil@attacker.example> " + "padding " * 24 + "end",
    "Bob <evil@attacker.example>, Eve <eve@attacker.example>",
    "evil@attacker.example",
    "Raman, Priya",
    "Priya; Bcc: evil@attacker.example",
    "undisclosed-recipients:;",
    "Team: evil@attacker.example, eve@attacker.example;",
    '"Eve" <eve@attacker.example>',
    'Priya "The Champion" Raman',
    'Back\\slash \\" and a lone "',
    "Priya Raman (Bcc: evil@attacker.example)",
    "x=?y?z ?= =? =?=",
    "O'Brien-Smith & Sons #1",
    "J. R. R. Tolkien",
    "Zoë Müller",
    "Łukasz Żółć-Wiśniewski",
    "株式会社 山田 太郎",
    "Anne — Marie",
    ("Bob <evil@attacker.example>, " * 8)[:200].strip(),
    ("Zoë Müller 株式会社 <eve@x.example>; " * 8)[:200].strip(),
    "Bartholomew " * 16 + "Fitzgerald-Montgomery",
]
CONTROL_NAMES = [  # (as written in the plan, as shown in the headers)
    ("Priya\r\nBcc: evil@attacker.example", "Priya Bcc: evil@attacker.example"),
    ("Priya\nBcc: evil@attacker.example", "Priya Bcc: evil@attacker.example"),
    ("Priya\rBcc: evil@attacker.example", "Priya Bcc: evil@attacker.example"),
    ("Priya\u2028Bcc:\u2029evil@attacker.example", "Priya Bcc: evil@attacker.example"),
    ("Priya\x00\x07\x0b\x0c\x1b\x7f\x85Raman", "Priya Raman"),
    ("  Priya \t\t Raman  ", "Priya Raman"),
]
HOSTILE_TITLES = [
    ENCODED_BCC,
    f"Corvane {ENCODED_BCC} Quillstone",
    "=?iso-8859-1?q?=0D=0ABcc:_evil@x.example?=",
    "Corvane <evil@attacker.example>, Bcc: eve@attacker.example",
    "Re: [External] \"quoted\" \\ backslash (comment) ;:,<>@",
    "Corvane Logistics × Quillstone — Zoë Müller, Łukasz, 株式会社",
    "A" * 120,
    "Corvane " * 30 + "end",
]
CONTROL_TITLES = [
    ("Corvane\r\nBcc: evil@x.example", "Corvane Bcc: evil@x.example"),
    ("Corvane\nBcc: evil@x.example\n\nbody", "Corvane Bcc: evil@x.example body"),
    ("Corvane\x00\x1b[31m\u2028Quillstone", "Corvane [31m Quillstone"),
]
NOT_ADDRESSES = [
    "@buyer.example",
    "tomas at corvane",
    "tomas lindqvist@corvane.example",
    "tomas@corvane@example",
    "tomas@",
    "tomas@corvane.example, evil@attacker.example",
    "Tomas <tomas@corvane.example>",
    "<tomas@corvane.example>",
    "tomas@corvane.example\r\nBcc: evil@attacker.example",
    "tomas@corvane.example (Bcc: evil@attacker.example)",
    '"tomas lindqvist"@corvane.example',
    "=?utf-8?b?ZXZpbA==?=@corvane.example",
    "tomás@corvane.example",
]


def dealroom(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DEALROOM_AUTHOR": "Ethan Cole"} if env is None else env
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, env=environ, timeout=180)


def write_plan(folder: Path, edit) -> None:
    (folder / "plan.yaml").write_text(edited_example(edit), encoding="utf-8")


def publish(folder: Path) -> None:
    done = dealroom("publish", "plan.yaml", "--to", "html", "-o", "out", "--today", DAY, cwd=folder)
    assert done.returncode == 0, done.stderr


def recap(folder: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return dealroom("recap", "plan.yaml", "--today", DAY, *extra, cwd=folder, env=env)


def person(tree, person_id: str):
    return next(p for p in tree["people"] if p["id"] == person_id)


def name_everyone_in_every_header(name: str):
    """The champion (first in To), the account executive (From) and a copied seller (Cc)."""
    def edit(tree):
        for person_id in ("priya-raman", "ethan-cole", "sofia-marin"):
            person(tree, person_id)["name"] = name
    return edit


def intended(folder: Path) -> dict[str, list]:
    """From, To and Cc as the plan says: (name on one line, address) pairs. To: the
    champion, then every buyer who owns an open step due by two weeks after DAY."""
    plan = load_plan(folder / "plan.yaml").plan
    people = [p for p in plan.people if p.email]
    shown = {id(p): (on_one_line(p.name), p.email) for p in people}
    horizon = dt.date.fromisoformat(DAY) + dt.timedelta(days=14)
    owners = {o for t in plan.tasks if t.due and t.due <= horizon and t.status != "done"
              for o in t.owners}
    buyers = sorted((p for p in people if p.side == "buyer" and (
        p.role == "champion" or p.id in owners)), key=lambda p: p.role != "champion")
    sellers = [p for p in people if p.side == "seller"]
    sender = next(p for p in sellers if p.role == "account_executive")
    return {"From": [shown[id(sender)]], "To": [shown[id(p)] for p in buyers],
            "Cc": [shown[id(p)] for p in sellers if p is not sender]}


def on_one_line(text: str) -> str:
    """Control characters and line breaks as spaces, each run of white space one space."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split())


def read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def addresses(message, name: str) -> list[tuple[str, str]]:
    return [(a.display_name, a.addr_spec) for a in message[name].addresses]


def header_lines(raw: bytes) -> list[str]:
    """The name of every header line of the draft, as the bytes have them."""
    head = re.split(rb"\r\n\r\n|\n\n", raw, maxsplit=1)[0]
    return [line.split(b":", 1)[0].decode("ascii", "replace")
            for line in re.split(rb"\r\n|\r|\n", head) if not line.startswith((b" ", b"\t"))]


def assert_addressed_as_the_plan_says(folder: Path, done: subprocess.CompletedProcess):
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    raw = (folder / DRAFT).read_bytes()
    assert header_lines(raw) == HEADERS
    assert not re.search(rb"(?im)^\s*bcc\s*:", raw)
    message = read(folder / DRAFT)
    assert message["Bcc"] is None and message.get_all("Bcc") is None
    for name, pairs in intended(folder).items():
        assert addresses(message, name) == pairs
    return message


@pytest.fixture
def deal(tmp_path) -> Path:
    shutil.copy(ROOT / "examples" / "enterprise.yaml", tmp_path / "plan.yaml")
    return tmp_path


# -- names and titles read back exactly as written ----------------------------------------


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_name_is_only_the_display_name_of_its_own_address(deal, name):
    write_plan(deal, name_everyone_in_every_header(name))
    publish(deal)
    message = assert_addressed_as_the_plan_says(deal, recap(deal))
    assert message["From"].addresses[0].display_name == name
    assert message["To"].addresses[0].display_name == name
    assert (name, "sofia.marin@quillstone.example") in addresses(message, "Cc")


def draft_of(ed) -> bytes:
    """The draft of an edition, with the header lines checked like the command's."""
    raw = eml_bytes(recap_message(ed, changes=[], version=1, since=None, versioned_link=None))
    assert header_lines(raw) == HEADERS
    assert not re.search(rb"(?im)^\s*bcc\s*:", raw)
    return raw


@pytest.mark.parametrize(("name", "shown"), CONTROL_NAMES)
def test_control_characters_in_a_name_never_reach_a_header_line(name, shown):
    ed = _edition()  # the loader refuses most of these: put them in after loading
    for person in ed.room.plan.people:
        if person.id in ("priya-raman", "ethan-cole", "sofia-marin"):
            vars(person)["name"] = name
    message = email.message_from_bytes(draft_of(ed), policy=email.policy.default)
    assert message["From"].addresses[0].display_name == shown
    assert message["To"].addresses[0].display_name == shown
    assert message["Bcc"] is None


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_hostile_deal_title_reads_back_as_the_subject_as_written(deal, title):
    write_plan(deal, lambda tree: tree["deal"].__setitem__("title", title))
    publish(deal)
    message = assert_addressed_as_the_plan_says(deal, recap(deal))
    assert message["Subject"] == f"{title}: {FIRST}"


@pytest.mark.parametrize(("title", "shown"), CONTROL_TITLES)
def test_control_characters_in_the_title_become_spaces_in_the_subject(title, shown):
    ed = _edition()  # the loader refuses most of these: put them in after loading
    vars(ed.room.plan.deal)["title"] = title
    message = email.message_from_bytes(draft_of(ed), policy=email.policy.default)
    assert str(message["Subject"]).startswith(f"{shown}: plan v1")
    assert message["Bcc"] is None


def test_an_encoded_word_in_the_title_is_shown_as_its_characters_not_decoded(deal):
    write_plan(deal, lambda tree: tree["deal"].__setitem__("title", ENCODED_BCC))
    publish(deal)
    message = assert_addressed_as_the_plan_says(deal, recap(deal))
    assert message["Subject"] == f"=?utf-8?b?DQpCY2M6IGV2aWxAeC5leGFtcGxl?=: {FIRST}"
    assert b"evil@x.example" not in (deal / DRAFT).read_bytes()


@pytest.mark.parametrize("example", ["enterprise", "midmarket", "weak"])
def test_the_examples_are_addressed_as_their_plans_say(tmp_path, example):
    shutil.copy(ROOT / "examples" / f"{example}.yaml", tmp_path / "plan.yaml")
    publish(tmp_path)
    done = recap(tmp_path, "-o", "recap.eml")
    assert done.returncode == 0, done.stderr
    message = read(tmp_path / "recap.eml")
    for name, pairs in intended(tmp_path).items():
        assert addresses(message, name) == pairs
    title = load_plan(tmp_path / "plan.yaml").plan.deal.title
    assert message["Subject"] == f"{title}: {FIRST}"
    assert header_lines((tmp_path / "recap.eml").read_bytes()) == HEADERS


# -- addresses that are not addresses ------------------------------------------------------


@pytest.mark.parametrize("address", NOT_ADDRESSES)
def test_an_email_that_is_not_an_address_is_a_plan_error_at_its_line(deal, address):
    publish(deal)
    write_plan(deal, lambda tree: person(tree, "tomas-lindqvist").__setitem__("email", address))
    done = recap(deal)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    where = _where(deal, "email", after="- id: tomas-lindqvist")
    assert f"plan.yaml:{where}: error: people[1].email: " in done.stderr
    assert not (deal / "out" / "corvane-quillstone.seller").exists()


def _where(folder: Path, key: str, after: str) -> str:
    """``line:column`` of the value of the first ``key:`` after the line ``after`` in plan.yaml."""
    lines = (folder / "plan.yaml").read_text(encoding="utf-8").splitlines()
    first = [line.strip() for line in lines].index(after)
    number, line = next((n, line) for n, line in enumerate(lines, 1)
                        if n > first and line.strip().startswith(f"{key}:"))
    return f"{number}:{line.index(f'{key}:') + len(key) + 3}"


@pytest.mark.parametrize("address", NOT_ADDRESSES)
def test_an_email_the_loader_let_through_is_still_a_plan_error_naming_the_person(address):
    ed = _edition()
    vars(ed.room.plan.people[1])["email"] = address  # as if the loader had let it through
    with pytest.raises(PlanError) as caught:
        recap_message(ed, changes=[], version=1, since=None, versioned_link=None)
    [problem] = caught.value.problems
    assert problem.path == "people[1].email"
    shown = address.replace("\r", "\\r").replace("\n", "\\n")
    hint = "" if address.isascii() else " in ASCII letters"
    assert problem.message == (f"'{shown}' is not an e-mail address; write it as "
                               f"name@example.com{hint}")


def test_every_email_that_is_not_an_address_is_reported_at_once():
    ed = _edition()
    vars(ed.room.plan.people[1])["email"] = "@buyer.example"
    vars(ed.room.plan.people[8])["email"] = "sofia at quillstone"
    with pytest.raises(PlanError) as caught:
        recap_message(ed, changes=[], version=1, since=None, versioned_link=None)
    assert [p.path for p in caught.value.problems] == ["people[1].email", "people[8].email"]


def test_a_name_too_long_for_a_header_line_is_a_plan_error_at_its_line(deal):
    publish(deal)
    write_plan(deal, lambda tree: person(tree, "priya-raman").__setitem__("name", "🦊" * 250))
    done = recap(deal)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    where = _where(deal, "name", after="- id: priya-raman")
    assert (f"plan.yaml:{where}: error: people[0].name: is too long to address an e-mail to "
            "(250 characters); shorten it") in done.stderr
    assert not (deal / "out" / "corvane-quillstone.seller").exists()


# -- the draft is read back before it is written -------------------------------------------


def _edition(text: str | None = None):
    loaded = read_plan(text or (ROOT / "examples" / "enterprise.yaml").read_text(encoding="utf-8"),
                       "plan.yaml")
    return edition(loaded, RenderOptions(today=dt.date(2026, 11, 21), version=1), "buyer")


def test_a_draft_whose_addresses_would_not_read_back_is_refused(monkeypatch):
    import generator.mail.headers as headers

    monkeypatch.setattr(headers, "_phrase", lambda name: [name])  # no encoding at all
    ed = _edition(edited_example(name_everyone_in_every_header("Raman, Priya")))
    with pytest.raises(DealroomError) as caught:
        recap_message(ed, changes=[], version=1, since=None, versioned_link=None)
    assert caught.value.exit_status == 1
    assert str(caught.value).startswith("the recap was not written: its From header would "
                                        "read back as [('', 'Raman'), ")
    assert "instead of [('Raman, Priya', 'ethan.cole@quillstone.example')]" in str(caught.value)


def test_a_draft_that_would_hold_a_bcc_line_is_refused(monkeypatch):
    import generator.mail.recap as recap_module

    monkeypatch.setattr(recap_module.Recap, "subject",
                        property(lambda self: "Hello\r\nBcc: evil@x.example"))
    monkeypatch.setattr("generator.mail.headers._unstructured", lambda text: [text])
    with pytest.raises(DealroomError, match="the recap was not written: it would hold the header "
                                            "line 'Bcc: evil@x.example'"):
        recap_message(_edition(), changes=[], version=1, since=None, versioned_link=None)


def test_the_draft_reads_back_and_is_written_again_byte_for_byte():
    message = recap_message(_edition(), changes=[], version=1, since=None, versioned_link=None,
                            attach={"brief.pdf": b"%PDF-1.7\n%%EOF\n"})
    raw = eml_bytes(message)
    assert eml_bytes(email.message_from_bytes(raw, policy=email.policy.default)) == raw
    assert header_lines(raw) == HEADERS


# -- sending, and where the draft goes -----------------------------------------------------


def test_send_without_an_smtp_host_is_a_usage_error_that_writes_nothing(deal):
    publish(deal)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DEALROOM_SMTP_")}
    done = recap(deal, "--send", env=environ)
    assert done.returncode == 2
    assert "dealroom: usage error: set DEALROOM_SMTP_HOST" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (deal / "out" / "corvane-quillstone.seller").exists()
    assert not list(deal.rglob("*.eml"))


def test_the_draft_goes_to_the_sellers_folder_beside_the_buyers_deal_room(deal):
    publish(deal)
    done = recap(deal)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "out/corvane-quillstone.seller/recap-v1.eml"
    assert (deal / DRAFT).is_file()
    assert not list((deal / "out" / "corvane-quillstone").rglob("*.eml"))


def test_sending_a_draft_with_hostile_names_reaches_exactly_the_people_of_the_plan(smtp_server):
    controller, inbox = smtp_server
    ed = _edition(edited_example(name_everyone_in_every_header(
        f"Bob <evil@attacker.example>, {ENCODED_BCC} " + "padding " * 20)))
    draft = recap_message(ed, changes=[], version=1, since=None, versioned_link=None)
    send(draft, _environ(controller.port, DEALROOM_SMTP_FROM="deals@quillstone.example"))
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "deals@quillstone.example"
    assert envelope.rcpt_tos == [a.addr_spec for name in ("To", "Cc") for a in draft[name].addresses]
    assert not [a for a in envelope.rcpt_tos if "attacker" in a or "evil" in a]
    received = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert received["Bcc"] is None
    assert addresses(received, "Reply-To") == addresses(draft, "From")
    assert addresses(received, "To") == addresses(draft, "To")
    assert addresses(received, "Cc") == addresses(draft, "Cc")
    assert received["Subject"] == draft["Subject"]
