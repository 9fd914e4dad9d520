"""The recap email: an unsent RFC 5322 draft whose text and HTML parts both
carry the link, the changes and the buyer's next commitments, with nothing
seller-only in it; and sending it through a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket
from html.parser import HTMLParser

import pytest

from generator.errors import PlanError, RemoteError, UsageError
from generator.plan.loader import read_plan
from generator.mail.recap import eml_bytes, recap_message
from generator.mail.sending import send
from generator.rendering.render import RenderOptions, edition
from render_plans import ENTERPRISE, edited_example, plant_canaries

TODAY = dt.date(2026, 11, 21)
CURRENT = "https://rooms.quillstone.example/corvane-logistics/"
VERSIONED = "https://rooms.quillstone.example/corvane-logistics/v2/"
PDF = b"%PDF-1.7\n% a stand-in for brief.pdf\n%%EOF\n"


class Moved:
    """A stand-in for generator.history.changes.Change: a task's date moved."""

    kind = "date_moved"

    def __init__(self, subject: str, label: str, before: str, after: str, reason: str):
        self.subject, self.label, self.before, self.after, self.reason = (
            subject, label, before, after, reason)
        self.days = (dt.date.fromisoformat(after) - dt.date.fromisoformat(before)).days

    def describe(self, codes=None, date=str) -> str:
        code = f" ({codes[self.subject]})" if codes else ""
        days = (date(dt.date.fromisoformat(self.before)), date(dt.date.fromisoformat(self.after)))
        return f"{self.label}{code} moved {days[0]} → {days[1]}: {self.reason}"


def _edition(text: str | None = None, audience: str = "buyer", today: dt.date = TODAY):
    loaded = read_plan(text or ENTERPRISE.read_text(encoding="utf-8"), "plan.yaml")
    return edition(loaded, RenderOptions(today=today, version=2), audience)


def _moves(plan) -> list[Moved]:
    return [Moved("legal-redlines", plan.task("legal-redlines").title, "2026-12-16", "2026-12-18",
                  "Helen is in court on the 16th"),
            Moved("sec-review", plan.task("sec-review").title, "2026-12-14", "2026-12-21",
                  "the CISO is out until the 18th")]


def _recap(ed=None, changes=None, **options) -> email.message.EmailMessage:
    ed = ed or _edition()
    values = {"changes": _moves(ed.room.plan) if changes is None else changes, "version": 2,
              "since": 1, "versioned_link": VERSIONED, **options}
    raw = eml_bytes(recap_message(ed, **values))
    return email.message_from_bytes(raw, policy=email.policy.default)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for key, value in attrs if key == "href"]

    def handle_data(self, data):
        self.chunks.append(data)


def _html_text(message) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(message.get_body(("html",)).get_content())
    return " ".join(" ".join(parser.chunks).split()), parser.links


def _plain(message) -> str:
    return " ".join(message.get_body(("plain",)).get_content().split())


@pytest.fixture(scope="module")
def recap():
    return _recap()


def test_the_draft_is_unsent_and_goes_to_the_champion_and_the_buyers_with_a_step_due(recap):
    assert recap["X-Unsent"] == "1"
    assert recap["From"].addresses[0].addr_spec == "ethan.cole@quillstone.example"
    # on 21 Nov only Tomas has a step in the next 14 days (B4, 4 Dec): the CFO's
    # colleagues, the COO among them, are not written to about steps not theirs
    assert str(recap["To"]) == ("Priya Raman <priya.raman@corvane.example>, "
                                "Tomas Lindqvist <tomas.lindqvist@corvane.example>")
    cc = [a.addr_spec for a in recap["Cc"].addresses]
    assert cc == ["sofia.marin@quillstone.example", "lena.hoffmann@quillstone.example",
                  "nora.fitzgerald@quillstone.example", "james.adeyemi@quillstone.example"]
    assert recap["Date"].datetime == dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc)
    assert recap["Message-ID"] == "<recap.corvane-quillstone.v2.since1.20261121@quillstone.example>"


def test_the_subject_names_the_deal_the_version_and_the_biggest_change(recap):
    assert recap["Subject"] == ("Corvane Logistics × Quillstone: plan v2 — "
                                "S3 Daniel's team completes the vendor risk… moved to 21 Dec "
                                "(and 1 more)")


def test_text_and_html_parts_carry_link_changes_and_next_buyer_steps(recap):
    assert recap.get_content_type() == "multipart/alternative"
    html, links = _html_text(recap)
    for body in (_plain(recap), html):
        assert CURRENT in body and VERSIONED in body
        assert ("Daniel's team completes the vendor risk assessment and issues a risk rating (S3) "
                "moved 14 Dec 2026 → 21 Dec 2026: the CISO is out until the 18th") in body
        assert "Helen returns first-round redlines on the MSA and order form (C2) moved" in body
        assert ("B4 Tomas approves the business case in the FY27 software budget review "
                "Tomas Lindqvist, 4 Dec 2026") in body
        assert "What changed since version 1" in body
        assert "Corvane Logistics’ steps in the next 14 days" in body
        assert "Risk: FY27 software budget is only released" in body
        assert "To confirm by 4 Dec 2026 (Marcus Bell): Coupa supplier onboarding" in body
        assert "Phase 1 is the 38-person" not in body  # confirmed on 18 November
        assert "Could you confirm that these dates and owners are right" in body
        assert "Hi Priya and team," in body
    assert CURRENT in links and VERSIONED in links


def test_a_late_buyer_step_is_marked_late():
    message = _recap(_edition(today=dt.date(2026, 12, 7)))
    for body in (_plain(message), _html_text(message)[0]):
        assert "B4 Tomas approves the business case" in body
        assert "Tomas Lindqvist, 4 Dec 2026, late" in body


def test_no_changes_is_the_first_version_or_nothing_new():
    first = _recap(changes=[], since=None, version=1)
    assert first["Subject"] == "Corvane Logistics × Quillstone: plan v1 — first version of the plan"
    assert "First version of the plan." in _plain(first) and "First version of the plan." in \
        _html_text(first)[0]
    same = _recap(changes=[], since=3, version=3)
    assert same["Subject"].endswith("plan v3 — no changes since v3")
    assert "Nothing has changed since version 3." in _plain(same)


def test_the_brief_is_attached_on_request():
    message = _recap(attach={"brief.pdf": PDF})
    assert message.get_content_type() == "multipart/mixed"
    attachments = list(message.iter_attachments())
    assert [(a.get_filename(), a.get_content_type()) for a in attachments] == \
        [("brief.pdf", "application/pdf")]
    assert attachments[0].get_content() == PDF
    assert CURRENT in _plain(message)
    assert not list(_recap().iter_attachments())


def test_the_eml_file_has_crlf_line_ends():
    ed = _edition()
    raw = eml_bytes(recap_message(ed, changes=_moves(ed.room.plan), version=2, since=1,
                                  versioned_link=VERSIONED, attach={"brief.pdf": PDF}))
    assert b"\r\nX-Unsent: 1\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_the_same_recap_is_the_same_bytes():
    ed = _edition()
    first = recap_message(ed, changes=_moves(ed.room.plan), version=2, since=1,
                          versioned_link=VERSIONED, attach={"brief.pdf": PDF})
    again = recap_message(ed, changes=_moves(ed.room.plan), version=2, since=1,
                          versioned_link=VERSIONED, attach={"brief.pdf": PDF})
    assert first.as_bytes() == again.as_bytes()


def test_no_seller_only_text_reaches_the_recap():
    planted: list[str] = []
    ed = _edition(edited_example(lambda tree: planted.extend(plant_canaries(tree))))
    message = _recap(ed, attach={"brief.pdf": PDF})
    raw = message.as_bytes().decode("utf-8", "replace")
    shown = "\n".join([raw, str(message["Subject"]), _plain(message), _html_text(message)[0]])
    assert len(planted) > 60
    assert not [c for c in planted if c in shown]
    assert "CANARY" not in shown
    assert "Clausewise" not in shown and "signing authority" not in shown


def test_changes_from_the_history_read_well(tmp_path):
    changes = pytest.importorskip("generator.history.changes")
    from generator.history.snapshot import snapshot

    def slip(tree):
        task = next(t for t in tree["tasks"] if t["id"] == "business-case")
        task["due"] = dt.date(2026, 12, 11)

    before = _edition().room.plan
    ed = _edition(edited_example(slip))
    found = changes.changes_between(snapshot(before), snapshot(ed.room.plan),
                                    {"business-case": "the CFO review moved a week"})
    shown = changes.buyer_changes(found, snapshot(before), snapshot(ed.room.plan))
    message = _recap(ed, changes=shown)
    assert message["Subject"].endswith(
        "— B4 Tomas approves the business case in the FY27… moved to 11 Dec")
    for body in (_plain(message), _html_text(message)[0]):
        assert "(B4) moved 4 Dec → 11 Dec 2026, 7 days later: the CFO review moved a week" in body


def test_html_part_shows_markup_in_a_title_as_text():
    def poison(tree):
        tree["tasks"][3]["title"] = 'Approve <script>alert("x")</script> **now**'

    message = _recap(_edition(edited_example(poison)), changes=[])
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>now</strong>" in html
    assert 'B4 Approve <script>alert("x")</script> now' in _plain(message)


def test_a_malformed_address_is_a_plan_error_naming_the_person():
    def bad(tree):
        tree["people"][1]["email"] = "tomas at corvane"

    with pytest.raises(PlanError) as caught:
        _recap(_edition(edited_example(bad)))
    problem = caught.value.problems[0]
    assert problem.path == "people[1].email"
    assert "'tomas at corvane' is not an e-mail address" in problem.message


def test_only_a_buyer_edition_makes_a_recap():
    with pytest.raises(TypeError, match="takes only a BuyerPlan"):
        recap_message(_edition(audience="seller"), changes=[], version=1, since=None,
                      versioned_link=None)


# -- sending ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    controller_module = pytest.importorskip("aiosmtpd.controller")
    from aiosmtpd.smtp import AuthResult

    def authenticate(server, session, envelope, mechanism, auth_data):
        right = (auth_data.login, auth_data.password) == (b"ethan", b"s3cret")
        return AuthResult(success=right, handled=False)  # a failure answers 535

    inbox = _Inbox()
    controller = controller_module.Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), authenticator=authenticate,
        auth_require_tls=False, auth_required=False)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def _environ(port: int, **extra) -> dict:
    return {"DEALROOM_SMTP_HOST": "127.0.0.1", "DEALROOM_SMTP_PORT": str(port),
            "DEALROOM_SMTP_STARTTLS": "0", **extra}


def test_send_delivers_one_message_without_x_unsent(smtp_server):
    controller, inbox = smtp_server
    ed = _edition()
    draft = recap_message(ed, changes=_moves(ed.room.plan), version=2, since=1,
                          versioned_link=VERSIONED, attach={"brief.pdf": PDF})
    send(draft, _environ(controller.port, DEALROOM_SMTP_USER="ethan",
                         DEALROOM_SMTP_PASSWORD="s3cret"))
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "ethan.cole@quillstone.example"
    assert envelope.rcpt_tos == ["priya.raman@corvane.example", "tomas.lindqvist@corvane.example",
                                 "sofia.marin@quillstone.example", "lena.hoffmann@quillstone.example",
                                 "nora.fitzgerald@quillstone.example",
                                 "james.adeyemi@quillstone.example"]
    received = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert received["X-Unsent"] is None
    assert received["Subject"] == draft["Subject"]
    assert CURRENT in _plain(received)
    assert [a.get_filename() for a in received.iter_attachments()] == ["brief.pdf"]
    assert draft["X-Unsent"] == "1", "the draft itself is left as it was"


def test_send_can_use_another_sender_and_replies_still_reach_the_seller(smtp_server):
    controller, inbox = smtp_server
    send(recap_message(_edition(), changes=[], version=1, since=None, versioned_link=None),
         _environ(controller.port, DEALROOM_SMTP_FROM="deals@quillstone.example"))
    received = email.message_from_bytes(inbox.envelopes[0].original_content,
                                        policy=email.policy.default)
    assert inbox.envelopes[0].mail_from == "deals@quillstone.example"
    assert received["From"] == "deals@quillstone.example"
    assert received["Reply-To"] == "Ethan Cole <ethan.cole@quillstone.example>"


def test_a_wrong_password_is_a_remote_error(smtp_server):
    controller, inbox = smtp_server
    with pytest.raises(RemoteError, match="535 5.7.8 Authentication credentials invalid"):
        send(recap_message(_edition(), changes=[], version=1, since=None, versioned_link=None),
             _environ(controller.port, DEALROOM_SMTP_USER="ethan", DEALROOM_SMTP_PASSWORD="no"))
    assert not inbox.envelopes


def test_a_server_without_starttls_is_a_remote_error_when_it_is_required(smtp_server):
    controller, inbox = smtp_server
    with pytest.raises(RemoteError) as caught:
        send(recap_message(_edition(), changes=[], version=1, since=None, versioned_link=None),
             _environ(controller.port, DEALROOM_SMTP_STARTTLS="1"))
    assert caught.value.exit_status == 4
    assert not inbox.envelopes


def test_an_unreachable_server_is_a_remote_error_with_exit_status_4():
    port = _free_port()  # closed again: nothing listens there
    with pytest.raises(RemoteError) as caught:
        send(recap_message(_edition(), changes=[], version=1, since=None, versioned_link=None),
             _environ(port))
    assert caught.value.exit_status == 4
    assert caught.value.category == "remote error"
    assert str(caught.value) == f"the recap was not sent through 127.0.0.1:{port}: Connection refused"


@pytest.mark.parametrize(("environ", "words"), [
    ({}, "set DEALROOM_SMTP_HOST"),
    ({"DEALROOM_SMTP_HOST": "mail.example", "DEALROOM_SMTP_PORT": "smtp"},
     "DEALROOM_SMTP_PORT=smtp: write a port number"),
    ({"DEALROOM_SMTP_HOST": "mail.example", "DEALROOM_SMTP_STARTTLS": "maybe"},
     "DEALROOM_SMTP_STARTTLS=maybe: write 1 (the default) or 0"),
    ({"DEALROOM_SMTP_HOST": "mail.example", "DEALROOM_SMTP_FROM": "deals@x.example\r\nBcc: e@x.example"},
     "DEALROOM_SMTP_FROM=deals@x.example\\r\\nBcc: e@x.example: write one address such as "
     "deals@example.com"),
])
def test_missing_or_wrong_settings_are_usage_errors(environ, words):
    with pytest.raises(UsageError, match=re.escape(words)):
        send(recap_message(_edition(), changes=[], version=1, since=None, versioned_link=None),
             environ)


def test_a_draft_without_recipients_cannot_be_sent():
    def nobody_but_the_seller(tree):
        for person in tree["people"]:
            if person["id"] != "ethan-cole":
                person.pop("email", None)

    draft = recap_message(_edition(edited_example(nobody_but_the_seller)), changes=[], version=1,
                          since=None, versioned_link=None)
    assert draft["To"] is None and draft["Cc"] is None
    assert draft.get_body(("plain",)).get_content().startswith("Hello,")
    with pytest.raises(UsageError, match="the recap needs a sender and a recipient"):
        send(draft, _environ(_free_port()))


# -- the subject names the step the seller moved ---------------------------------------


def _published_changes(before_edit, after_edit, reasons=None):
    """The buyer's edition after ``after_edit`` and its changes against ``before_edit``,
    worked out as ``publish`` and ``recap`` do."""
    from generator.history.changes import buyer_changes, changes_between
    from generator.history.snapshot import snapshot

    before = snapshot(_edition(edited_example(before_edit)).room.plan)
    ed = _edition(edited_example(after_edit))
    after = snapshot(ed.room.plan)
    return ed, buyer_changes(changes_between(before, after, reasons or {}), before, after)


def _questionnaire_is_a_security_review_step(tree):
    """As a seller may well write it: the questionnaire is part of the security review."""
    next(t for t in tree["tasks"] if t["id"] == "sec-questionnaire")["kind"] = "security_review"


def _questionnaire_moved_to_christmas_eve(tree):
    _questionnaire_is_a_security_review_step(tree)
    next(t for t in tree["tasks"] if t["id"] == "sec-questionnaire")["due"] = dt.date(2026, 12, 24)


def test_the_subject_names_the_step_that_moved_by_its_code_and_title_not_its_kind():
    ed, changes = _published_changes(_questionnaire_is_a_security_review_step,
                                     _questionnaire_moved_to_christmas_eve)
    assert [(c.subject, c.after) for c in changes] == [("sec-questionnaire", "2026-12-24"),
                                                       ("sec-review", "2027-01-11")]  # US holidays skipped
    message = _recap(ed, changes=changes)
    assert message["Subject"] == ("Corvane Logistics × Quillstone: plan v2 — S2 Quillstone returns "
                                  "the security questionnaire… moved to 24 Dec (and 1 more)")


def _go_live_moved_to_friday(tree):
    tree["deal"]["go_live"] = dt.date(2027, 3, 5)


def test_the_subject_names_the_date_the_seller_moved_not_a_step_that_followed_it_further():
    ed, changes = _published_changes(lambda tree: None, _go_live_moved_to_friday)
    # go-live moved 4 days; "go_live - 3bd" and "signature + 3bd" crossed a weekend: 6 days
    assert [(c.kind, c.subject, c.days) for c in changes] == [
        ("go_live_moved", "deal", 4), ("signature_moved", "deal", 4),
        ("date_moved", "kickoff", 6), ("date_moved", "sso-sap-integration", 6),
        ("date_moved", "uat", 4), ("date_moved", "go-live-decision", 6)]
    message = _recap(ed, changes=changes)
    assert message["Subject"] == ("Corvane Logistics × Quillstone: plan v2 — "
                                  "Go-live moved to 5 Mar (and 5 more)")
