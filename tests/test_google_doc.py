"""``publish --to gdoc`` and ``import --gdoc`` end to end, against the Google stand-in.

The real client library (built from its shipped discovery documents) talks to
an in-process stand-in on loopback (``tests/google_standin``), found through
``DEALROOM_GOOGLE_API_ENDPOINT``; a token file in the test's own config folder
stands for a signed-in seller. Every request body dealroom sends is checked
against the discovery document's schema by the stand-in: each test ends by
asserting none was refused. A buyer edits the document as the Docs UI would
(``tests/google_standin/buyer.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.history.store import Store
from generator.plan.loader import load_plan
from tests.google_standin import buyer
from tests.google_standin.server import GoogleStandIn

ROOT = Path(__file__).resolve().parent.parent
DEAL = "corvane-quillstone"
TODAY = "2026-12-01"
DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
TOKEN = "ya29.stand-in-token"
COLUMNS = {"code": 0, "title": 1, "owner": 2, "due": 3, "status": 4, "if_missed": 5}


# --- the stand-in, a signed-in seller, a plan --------------------------------------------

@pytest.fixture
def google(tmp_path, monkeypatch):
    """The stand-in, with DEALROOM_GOOGLE_API_ENDPOINT at it and a valid sign-in saved."""
    with GoogleStandIn() as standin:
        monkeypatch.setenv("DEALROOM_GOOGLE_API_ENDPOINT", standin.endpoint)
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
        monkeypatch.setenv("DEALROOM_AUTHOR", "Ethan Cole")
        for name in ("DEALROOM_GOOGLE_SERVICE_ACCOUNT", "DEALROOM_GOOGLE_CLIENT_SECRETS"):
            monkeypatch.delenv(name, raising=False)
        save_token(tmp_path / "config", standin.token_uri)
        yield standin
        assert standin.invalid_bodies == [], standin.invalid_bodies


def save_token(config: Path, token_uri: str) -> Path:
    """A token file as ``dealroom sign-in`` saves it, valid for another hour."""
    expiry = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(hours=1)
    path = config / "dealroom" / "google-token.json"
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_text(json.dumps({"token": TOKEN, "refresh_token": "1//refresh", "token_uri": token_uri,
                                "client_id": "client.apps.googleusercontent.com",
                                "client_secret": "secret", "scopes": [DRIVE_FILE],
                                "expiry": expiry.isoformat() + "Z"}))
    path.chmod(0o600)
    return path


@pytest.fixture
def deal(tmp_path, monkeypatch) -> Path:
    """A folder with the enterprise example as plan.yaml, the working directory."""
    folder = tmp_path / "deal"
    folder.mkdir()
    shutil.copyfile(ROOT / "examples" / "enterprise.yaml", folder / "plan.yaml")
    monkeypatch.chdir(folder)
    return folder


def dealroom(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command in this process: (exit status, stdout, stderr)."""
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return status, out, err


def publish(capsys, *extra: str) -> tuple[int, str, str]:
    return dealroom(capsys, "publish", "plan.yaml", "--to", "gdoc", "--today", TODAY, *extra)


def stored_states(deal: Path) -> list:
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        return store.google_docs(DEAL)


def the_document(google):
    (file_id, document), = google.documents.items()
    return file_id, document


def all_text(content: list) -> str:
    """Every character of a body or footer in Docs JSON, tables included."""
    pieces = []
    for element in content:
        for run in element.get("paragraph", {}).get("elements", []):
            pieces.append(run.get("textRun", {}).get("content", ""))
        for row in element.get("table", {}).get("tableRows", []):
            for cell in row["tableCells"]:
                pieces.append(all_text(cell["content"]))
    return "".join(pieces)


def cell_text(cell: dict) -> str:
    return all_text(cell["content"]).rstrip("\n")


def step_rows(document, view: str = "PREVIEW_WITHOUT_SUGGESTIONS") -> dict[str, tuple[int, int, list]]:
    """Code → (table number, row index, the row's cell texts), from the document's JSON."""
    found, number = {}, 0
    for element in document.as_json(view)["body"]["content"]:
        if "table" not in element:
            continue
        number += 1
        rows = element["table"]["tableRows"]
        if cell_text(rows[0]["tableCells"][0]) != "Code":
            continue
        for index, row in enumerate(rows[1:], start=1):
            texts = [cell_text(cell) for cell in row["tableCells"]]
            found[texts[0]] = (number, index, texts)
    return found


# --- publishing ---------------------------------------------------------------------------

def test_the_first_publish_creates_the_document_holds_every_step_and_records_it(google, deal, capsys):
    status, out, err = publish(capsys)
    assert status == 0, err
    file_id, document = the_document(google)
    plan = load_plan(deal / "plan.yaml").plan
    rows = step_rows(document)
    assert len(rows) == len(plan.tasks)
    footers = document.as_json("PREVIEW_WITHOUT_SUGGESTIONS")["footers"]
    footer = " ".join(all_text(f["content"]) for f in footers.values())
    assert f"Deal {DEAL} · version 1 · document " in footer
    state, = stored_states(deal)
    assert (state.file_id, state.version, state.event) == (file_id, 1, "published")
    assert state.drive_version == document.version
    assert state.link == f"https://docs.google.com/document/d/{file_id}/edit"
    assert f"Google Doc: version 1 written to {state.link}" in out
    assert not (deal / "out").exists()  # gdoc alone: no folder of files
    assert {r.authorization for r in google.requests} == {f"Bearer {TOKEN}"}


def test_a_later_publish_writes_the_same_document_and_its_link_stays(google, deal, capsys):
    assert publish(capsys)[0] == 0
    file_id, _ = the_document(google)
    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    status, out, err = publish(capsys, "--note", "After the 3 Dec call")
    assert status == 0, err
    assert list(google.documents) == [file_id]
    footer = all_text(next(iter(google.documents[file_id].as_json()["footers"].values()))["content"])
    assert "version 2" in footer
    assert [s.version for s in stored_states(deal)] == [1, 2]
    assert len(google.requests_to("/files", "POST")) == 1  # created once


def test_publishing_unchanged_says_the_document_already_holds_the_version(google, deal, capsys):
    assert publish(capsys)[0] == 0
    before = len(google.requests)
    status, out, _ = publish(capsys)
    assert status == 0
    assert "Google Doc: already holds version 1" in out
    assert len(google.requests) == before


def test_share_gives_each_address_its_role(google, deal, capsys):
    status, _, err = publish(capsys, "--share", "priya.raman@corvane.example",
                             "--share", "tomas.lindqvist@corvane.example:writer")
    assert status == 0, err
    file_id, _ = the_document(google)
    given = {(p["emailAddress"], p["role"]) for p in google.permissions[file_id]}
    assert given == {("priya.raman@corvane.example", "commenter"),
                     ("tomas.lindqvist@corvane.example", "writer")}


def test_a_bad_share_is_a_usage_error_before_anything_is_sent(google, deal, capsys):
    status, _, err = publish(capsys, "--share", "priya.raman@corvane.example:owner")
    assert status == 2
    assert "--share 'priya.raman@corvane.example:owner': write it as EMAIL or EMAIL:ROLE" in err
    assert google.requests == []


def test_google_flags_without_gdoc_are_a_usage_error(google, deal, capsys):
    status, _, err = dealroom(capsys, "publish", "plan.yaml", "--to", "html", "--force")
    assert status == 2
    assert "--force is for the Google Doc: add gdoc to --to" in err


def test_render_refuses_gdoc(google, deal, capsys):
    status, _, err = dealroom(capsys, "render", "plan.yaml", "--to", "gdoc")
    assert status == 2
    assert "the Google Doc is published, not rendered" in err


# --- the buyer's edits: found, never overwritten, merged ---------------------------------

def buyer_works_on(google, document, file_id: str) -> dict:
    """A direct edit, a suggested date, a suggested new row and a comment; what was done."""
    rows = step_rows(document)
    code, (table, row, texts) = next((c, r) for c, r in rows.items() if r[2][COLUMNS["due"]][:1].isdigit())
    other, (other_table, other_row, other_texts) = next(
        (c, r) for c, r in rows.items() if c != code and r[0] == table)
    due = dt.datetime.strptime(texts[COLUMNS["due"]], "%d %b %Y").date()
    new_due = due + dt.timedelta(days=7)
    new_due_text = f"{new_due.day} {new_due:%b %Y}"
    buyer.edit_cell(document, other_table, other_row, COLUMNS["title"],
                    other_texts[COLUMNS["title"]] + " and sign-off")
    buyer.suggest_cell(document, table, row, COLUMNS["due"], new_due_text, "suggest.due1")
    buyer.suggest_row(document, table, ["", "Reference call with a customer in logistics",
                                        texts[COLUMNS["owner"]], new_due_text, "Not started", ""],
                      "suggest.row1")
    buyer.comment(google, file_id, texts[COLUMNS["title"]], "Our CISO is out until the 14th",
                  "Daniel Whitfield")
    return {"code": code, "other": other, "due": new_due.isoformat(),
            "title": other_texts[COLUMNS["title"]] + " and sign-off"}


def test_every_edit_is_found_publish_refuses_then_goes_through_after_import(google, deal, capsys):
    assert publish(capsys)[0] == 0
    file_id, document = the_document(google)
    done = buyer_works_on(google, document, file_id)

    status, out, err = dealroom(capsys, "import", "plan.yaml", "--gdoc", "--json", "--today", TODAY)
    assert status == 0, err
    edits = json.loads(out)["edits"]
    by_kind = {(e["kind"], e["code"], e["field"]): e for e in edits}
    title = by_kind[("change", done["other"], "title")]
    assert (title["new"], title["suggested"]) == (done["title"], False)
    due = by_kind[("change", done["code"], "due")]
    assert (due["new"], due["suggested"], due["who"]) == (done["due"], True, [])
    assert due["reason"] == "Our CISO is out until the 14th"
    new_step = by_kind[("new_step", None, None)]
    assert new_step["new"] == "Reference call with a customer in logistics"
    assert new_step["suggested"] is True

    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    status, _, err = publish(capsys)
    assert status == 1
    assert "the buyer's edits, suggestions or comments have not been imported" in err
    assert "dealroom import PLAN --gdoc --apply" in err
    assert [s.event for s in stored_states(deal)] == ["published"]
    (deal / "plan.yaml").write_text(plan)

    status, out, err = dealroom(capsys, "import", "plan.yaml", "--gdoc", "--apply",
                                "--today", TODAY)
    assert status == 0, err
    assert "suggested; Google does not say by whom" in out
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        latest = store.latest(DEAL)
    assert (latest.number, latest.source) == (2, "import:gdoc")
    assert latest.note.startswith("Edits from the deal's Google Doc (document ")
    assert [s.event for s in stored_states(deal)] == ["published", "imported"]

    status, out, err = publish(capsys)
    assert status == 0, err
    assert list(google.documents) == [file_id]
    assert [(s.event, s.version) for s in stored_states(deal)][-1] == ("published", 2)
    rows = step_rows(google.documents[file_id])
    assert rows[done["other"]][2][COLUMNS["title"]] == done["title"]


def test_force_overwrites_unimported_edits(google, deal, capsys):
    assert publish(capsys)[0] == 0
    file_id, document = the_document(google)
    buyer_works_on(google, document, file_id)
    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    status, _, err = publish(capsys, "--force")
    assert status == 0, err
    assert [s.version for s in stored_states(deal)] == [1, 2]
    inline = json.dumps(google.documents[file_id].as_json("SUGGESTIONS_INLINE"))
    assert "suggestedInsertionIds" not in inline and "suggestedDeletionIds" not in inline


def test_a_comment_alone_is_unimported_work(google, deal, capsys):
    assert publish(capsys)[0] == 0
    file_id, document = the_document(google)
    buyer.comment(google, file_id, "Mutual action plan", "Looks right to us", "Priya Raman")
    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    status, _, err = publish(capsys)
    assert status == 1
    assert "have not been imported" in err


def test_import_without_a_recorded_document_says_to_publish_one(google, deal, capsys):
    assert dealroom(capsys, "publish", "plan.yaml", "--to", "html", "--today", TODAY)[0] == 0
    status, _, err = dealroom(capsys, "import", "plan.yaml", "--gdoc")
    assert status == 1
    assert f"no Google Doc is recorded for {DEAL}" in err
    assert google.requests == []


def test_import_takes_a_file_or_gdoc_not_both(google, deal, capsys):
    status, _, err = dealroom(capsys, "import", "plan.yaml", "x.docx", "--gdoc")
    assert (status, "give the edited .docx or --gdoc, not both" in err) == (2, True)


# --- Google failing ------------------------------------------------------------------------

@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_passing_failure_is_tried_again_and_the_publish_completes(google, deal, capsys, status):
    google.fail_next(status, times=2, retry_after=0)
    code, _, err = publish(capsys)
    assert code == 0, err
    assert [s.version for s in stored_states(deal)] == [1]


def test_a_server_failing_every_time_is_exit_4_with_nothing_recorded_or_left(google, deal, capsys):
    google.fail_next(500, times=1000, path_contains=":batchUpdate", retry_after=0)
    status, _, err = publish(capsys)
    assert status == 4
    assert "did not answer after 5 tries" in err
    assert google.documents == {}  # the new document was deleted again
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        assert store.revisions(DEAL) == [] and store.google_docs(DEAL) == []


@pytest.mark.parametrize(("status", "words"), [
    (401, "dealroom sign-in"),
    (403, "drive.file"),
])
def test_a_refusal_is_exit_4_saying_what_to_do(google, deal, capsys, monkeypatch, status, words):
    from google.auth.exceptions import RefreshError
    from google.oauth2.credentials import Credentials

    def refused(self, request):  # google-auth renews at Google's own address: never reached here
        raise RefreshError("invalid_grant: Token has been expired or revoked.")

    monkeypatch.setattr(Credentials, "refresh", refused)
    google.fail_next(status, times=20)
    code, _, err = publish(capsys)
    assert code == 4
    assert words in err
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        assert store.revisions(DEAL) == []


def test_a_deleted_document_is_named_and_not_silently_replaced(google, deal, capsys):
    assert publish(capsys)[0] == 0
    file_id, _ = the_document(google)
    with google.lock:
        del google.documents[file_id]
        google.files.pop(file_id, None)
    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    status, _, err = publish(capsys)
    assert status == 4
    assert file_id in err and "--new-gdoc" in err
    status, _, err = publish(capsys, "--new-gdoc")
    assert status == 0, err
    assert len(google.documents) == 1 and file_id not in google.documents


# --- no sign-in, dry run -------------------------------------------------------------------

def run_process(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_without_a_sign_in_publish_exits_4_saying_how_and_sends_nothing(google, deal, tmp_path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "nobody")}
    done = run_process("publish", "plan.yaml", "--to", "html,gdoc", "--today", TODAY,
                       cwd=deal, env=env)
    assert done.returncode == 4
    assert "not signed in to Google: run `dealroom sign-in --client-secrets FILE`" in done.stderr
    assert google.requests == []
    assert not (deal / ".dealroom" / "history.sqlite3").exists() or \
        stored_states(deal) == []
    assert not (deal / "out" / DEAL / "index.html").exists()


def internal_texts(plan_file: Path) -> list[str]:
    """Every seller-only text of the plan: internal notes and what is not shared."""
    plan = load_plan(plan_file).plan
    texts = [plan.deal.internal] + [t.internal for t in plan.tasks]
    texts += [r.title for r in plan.risks if not r.shared] + [r.internal for r in plan.risks]
    texts += [a.text for a in plan.assumptions if not a.shared] + [a.internal for a in plan.assumptions]
    for person in plan.people:
        texts += [getattr(person.internal, "notes", None)] if person.internal else []
    return [t for t in texts if t and len(t) > 12]


def test_dry_run_needs_no_sign_in_sends_nothing_and_shows_no_private_data(google, deal, tmp_path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "nobody")}
    done = run_process("publish", "plan.yaml", "--to", "gdoc", "--dry-run", "--today", TODAY,
                       "--share", "priya.raman@corvane.example", cwd=deal, env=env)
    assert done.returncode == 0, done.stderr
    assert google.requests == []
    assert not (deal / ".dealroom").exists() and not (deal / "out").exists()
    assert "drive.files.create" in done.stdout and "docs.documents.batchUpdate" in done.stdout
    assert "drive.permissions.create" in done.stdout
    assert "Deal corvane-quillstone · version 1 · document" in done.stdout
    private = internal_texts(deal / "plan.yaml")
    assert private  # the example has internal notes to leak
    for text in private:
        assert text not in done.stdout, text


def test_history_lists_each_time_the_document_was_written_or_imported(google, deal, capsys):
    assert publish(capsys)[0] == 0
    file_id, document = the_document(google)
    buyer.comment(google, file_id, "Mutual action plan", "Looks right to us", "Priya Raman")
    assert dealroom(capsys, "import", "plan.yaml", "--gdoc", "--apply", "--today", TODAY)[0] == 0
    status, out, _ = dealroom(capsys, "history", "plan.yaml")
    assert status == 0
    listed = out.split("google doc\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == ["v1", "v1"]
    assert ["published" in listed[0], "imported" in listed[1]] == [True, True]
    status, out, _ = dealroom(capsys, "history", "plan.yaml", "--json")
    documents = json.loads(out)["google_doc"]
    assert [(d["event"], d["file_id"]) for d in documents] == [("published", file_id),
                                                                ("imported", file_id)]
    assert documents[1]["drive_version"] == google.documents[file_id].version


def test_an_edit_between_the_check_and_the_write_makes_google_refuse_it(google, deal, capsys,
                                                                         monkeypatch):
    from generator.google.client import GoogleDocs

    assert publish(capsys)[0] == 0
    file_id, document = the_document(google)
    read = GoogleDocs.document

    def read_then_buyer_edits(self, wanted, view_mode):
        answer = read(self, wanted, view_mode)
        table, row, texts = next(iter(step_rows(document).values()))
        buyer.edit_cell(document, table, row, COLUMNS["title"], texts[COLUMNS["title"]] + "!")
        return answer

    monkeypatch.setattr(GoogleDocs, "document", read_then_buyer_edits)
    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    status, _, err = publish(capsys)
    assert status == 1
    assert "changed while dealroom was about to write it; nothing was published" in err
    assert [s.version for s in stored_states(deal)] == [1]
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        assert store.latest(DEAL).number == 1
    assert any(row[2][COLUMNS["title"]].endswith("!") for row in step_rows(document).values())


def test_sign_in_without_client_secrets_says_where_to_get_them(google, deal, capsys, monkeypatch):
    status, _, err = dealroom(capsys, "sign-in")
    assert status == 2
    assert "--client-secrets" in err and "DEALROOM_GOOGLE_CLIENT_SECRETS" in err
    assert google.requests == []


def test_sign_in_saves_the_token_for_publish_to_use(google, deal, capsys, monkeypatch, tmp_path):
    from google.oauth2.credentials import Credentials
    from google_auth_oauthlib.flow import InstalledAppFlow

    secrets = tmp_path / "client_secret.json"
    secrets.write_text(json.dumps({"installed": {
        "client_id": "client.apps.googleusercontent.com", "client_secret": "secret",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token", "redirect_uris": ["http://localhost"]}}))
    expiry = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(hours=1)

    def consent(self, **options):  # the browser's part, which a test cannot do
        credentials = Credentials("ya29.signed-in", refresh_token="1//r", client_id="c",
                                  client_secret="s", token_uri="https://oauth2.googleapis.com/token",
                                  scopes=[DRIVE_FILE], expiry=expiry)
        credentials._granted_scopes = [DRIVE_FILE]
        return credentials

    monkeypatch.setattr(InstalledAppFlow, "run_local_server", consent)
    (tmp_path / "config" / "dealroom" / "google-token.json").unlink()
    status, out, err = dealroom(capsys, "sign-in", "--client-secrets", str(secrets), "--no-browser")
    assert status == 0, err
    token = tmp_path / "config" / "dealroom" / "google-token.json"
    assert oct(token.stat().st_mode & 0o777) == "0o600"
    assert str(token) in out
    assert publish(capsys)[0] == 0
    assert {r.authorization for r in google.requests} == {"Bearer ya29.signed-in"}


# --- Unicode, repeated imports, the Google Doc with local files ---------------------------

UNICODE_TITLE = "Sign-off 🚀 by 𝔘lrike, שלום עולם, cafe\u0301 and 👩\u200d💻 Zoë"


def test_unicode_titles_survive_the_utf16_indexes_and_an_import_finds_no_edit(google, deal, capsys):
    plan = (deal / "plan.yaml").read_text()
    old = "title: Quillstone builds the ROI model from Corvane's baseline figures"
    (deal / "plan.yaml").write_text(plan.replace(old, f"title: \"{UNICODE_TITLE}\"", 1))
    assert publish(capsys)[0] == 0
    _, document = the_document(google)
    assert UNICODE_TITLE in [texts[COLUMNS["title"]] for _, _, texts in step_rows(document).values()]
    status, out, err = dealroom(capsys, "import", "plan.yaml", "--gdoc", "--json", "--today", TODAY)
    assert status == 0, err
    assert json.loads(out)["edits"] == []


def test_an_import_applied_twice_changes_nothing_the_second_time(google, deal, capsys):
    assert publish(capsys)[0] == 0
    file_id, document = the_document(google)
    buyer_works_on(google, document, file_id)
    assert dealroom(capsys, "import", "plan.yaml", "--gdoc", "--apply", "--today", TODAY)[0] == 0
    plan = (deal / "plan.yaml").read_text()
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        numbers = [r.number for r in store.revisions(DEAL)]
    status, out, err = dealroom(capsys, "import", "plan.yaml", "--gdoc", "--apply", "--today", TODAY)
    assert status == 0, err
    assert (deal / "plan.yaml").read_text() == plan
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        assert [r.number for r in store.revisions(DEAL)] == numbers


def test_html_and_gdoc_with_google_failing_record_nothing_and_write_no_files(google, deal, capsys):
    google.fail_next(500, times=1000, path_contains=":batchUpdate", retry_after=0)
    status, _, err = dealroom(capsys, "publish", "plan.yaml", "--to", "html,gdoc", "--today", TODAY)
    assert status == 4, err
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        assert store.revisions(DEAL) == [] and store.google_docs(DEAL) == []
    assert not (deal / "out" / DEAL).exists()
    assert google.documents == {}


def test_a_character_google_does_not_keep_is_no_edit_of_the_buyers(google, deal, capsys):
    plan = (deal / "plan.yaml").read_text()
    old = "title: Quillstone builds the ROI model from Corvane's baseline figures"
    (deal / "plan.yaml").write_text(plan.replace(old, "title: \"Quillstone \uf8ff builds the ROI model\"", 1))
    assert publish(capsys)[0] == 0
    status, out, err = dealroom(capsys, "import", "plan.yaml", "--gdoc", "--json", "--today", TODAY)
    assert status == 0, err
    assert json.loads(out)["edits"] == []


def test_a_refused_share_on_the_first_publish_leaves_no_document(google, deal, capsys):
    google.fail_next(403, times=1000, path_contains="/permissions")
    status, _, err = publish(capsys, "--share", "priya.raman@corvane.example")
    assert status == 4, err
    assert google.documents == {}
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        assert store.revisions(DEAL) == [] and store.google_docs(DEAL) == []


def test_a_refused_share_on_a_later_publish_writes_nothing_and_blames_no_buyer(google, deal, capsys):
    assert publish(capsys)[0] == 0
    file_id, _ = the_document(google)
    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    google.fail_next(403, times=1, path_contains="/permissions")  # 403 is not tried again
    status, _, err = publish(capsys, "--share", "priya.raman@corvane.example")
    assert status == 4, err
    footer = all_text(next(iter(google.documents[file_id].as_json()["footers"].values()))["content"])
    assert "version 1" in footer  # the document still holds what is recorded
    assert [s.version for s in stored_states(deal)] == [1]
    status, _, err = publish(capsys)
    assert status == 0, err
    assert [s.version for s in stored_states(deal)] == [1, 2]


def test_a_first_write_whose_answer_was_lost_is_not_written_twice(google, deal, capsys):
    google.fail_next(503, times=1, path_contains=":batchUpdate", retry_after=0, lost=True)
    status, _, err = publish(capsys)
    assert status == 4, err  # tried again, the batch's createFooter is refused: it is not applied twice
    assert google.documents == {}
    with Store.open(deal / ".dealroom" / "history.sqlite3", create=False) as store:
        assert store.revisions(DEAL) == [] and store.google_docs(DEAL) == []


def test_dry_run_shows_the_note_and_author_the_publish_would_write(google, deal, tmp_path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "nobody"), "DEALROOM_AUTHOR": "Morgan Quill"}
    done = run_process("publish", "plan.yaml", "--to", "gdoc", "--dry-run", "--today", TODAY,
                       "--note", "After the 3 Dec call", "--seller-note", "Room to 12% off", cwd=deal, env=env)
    assert done.returncode == 0, done.stderr
    assert "After the 3 Dec call" in done.stdout and "Morgan Quill" in done.stdout
    assert "Room to 12% off" not in done.stdout


def test_a_bullet_the_buyer_left_in_the_document_does_not_spread_to_the_next_version(google, deal, capsys):
    from tests.google_standin.content import Paragraph

    assert publish(capsys)[0] == 0
    file_id, document = the_document(google)
    with google.lock:  # the buyer makes the last line (the one an emptied body keeps) a list item
        items, _ = document.segment("")
        [item for item in items if isinstance(item, Paragraph)][-1].bullet = {"listId": "kix.buyer"}
        document.touch()
    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    status, _, err = publish(capsys, "--force")
    assert status == 0, err
    bulleted = [all_text([element]) for element in document.as_json()["body"]["content"]
                if element.get("paragraph", {}).get("bullet")]
    assert bulleted and not any(text.startswith(("Mutual action plan", "Corvane Group"))
                                for text in bulleted)
    assert "Mutual action plan\n" not in bulleted and "Why we are doing this\n" not in bulleted
    indented = [all_text([element]) for element in document.as_json()["body"]["content"]
                if "indentStart" in element.get("paragraph", {}).get("paragraphStyle", {})
                and not element["paragraph"].get("bullet")]
    assert indented == []  # the indent deleteParagraphBullets leaves is reset too


def test_bold_or_a_link_the_buyer_left_on_the_last_line_does_not_spread_to_the_next_version(google, deal, capsys):
    from tests.google_standin.content import Paragraph

    assert publish(capsys)[0] == 0
    file_id, document = the_document(google)
    with google.lock:  # the buyer makes the last line (the one an emptied body keeps) a bold link
        items, _ = document.segment("")
        for char in [item for item in items if isinstance(item, Paragraph)][-1].chars:
            char.style = {"bold": True, "link": {"url": "https://evil.example/"}}
        document.touch()
    plan = (deal / "plan.yaml").read_text()
    (deal / "plan.yaml").write_text(plan.replace("title: Corvane Logistics ×", "title: Corvane Group ×", 1))
    status, _, err = publish(capsys, "--force")
    assert status == 0, err
    runs = [element["textRun"] for block in document.as_json()["body"]["content"]
            for element in block.get("paragraph", {}).get("elements", [])]
    first = next(run for run in runs if run["content"].startswith("Mutual action plan"))
    assert not first["textStyle"].get("bold") and "link" not in first["textStyle"]
    linked = [run["content"] for run in runs if "evil.example" in json.dumps(run["textStyle"])]
    assert all(not text.strip() for text in linked), linked  # at most on a newline, unseen
