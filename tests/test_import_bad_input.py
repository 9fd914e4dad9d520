"""``dealroom import`` refuses what is not a deal room of this deal: a clear error,
exit status 1, nothing written, no revision recorded."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from docx_edits import WordEdits
from test_import import DEAL, TODAY, dealroom, deal, document, imported, published_once  # noqa: F401


def refused(deal: Path, docx: Path, status: int = 1) -> str:
    """The one-line error, after checking that nothing was written or recorded."""
    before = (deal / "plan.yaml").read_text()
    done = imported(deal, docx, "--apply")
    assert done.returncode == status, done.stdout + done.stderr
    assert done.stdout == ""
    assert (deal / "plan.yaml").read_text() == before
    assert not (deal / ".dealroom" / "backups").exists()
    history = json.loads(dealroom("history", "plan.yaml", "--json", cwd=deal).stdout)
    assert len(history["revisions"]) == 1
    return done.stderr.strip()


def test_a_file_that_is_no_docx(deal):
    text = deal / "notes.docx"
    text.write_text("Dear Ethan, here are our changes.")
    assert refused(deal, text) == (f"dealroom: document error: {text}: is not a Word document "
                                   "(.docx): it is not a zip package, as every .docx is")


def test_a_docx_cut_short(deal):
    cut = deal / "cut.docx"
    cut.write_bytes(document(deal).read_bytes()[:5000])
    assert refused(deal, cut).startswith(f"dealroom: document error: {cut}: is a damaged Word "
                                         "document: its zip package has no index")


def test_a_zip_bomb_is_refused_before_it_fills_memory(deal):
    bomb = deal / "bomb.docx"
    with zipfile.ZipFile(document(deal)) as package, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for name in package.namelist():
            data = package.read(name)
            if name == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p><w:r><w:t>" + b"A" * (80 << 20)
                                    + b"</w:t></w:r></w:p></w:body>")
            out.writestr(name, data)
    assert bomb.stat().st_size < 1 << 20
    message = refused(deal, bomb)
    assert message.startswith(f"dealroom: document error: {bomb}: is refused:")
    assert "word/document.xml" in message


def test_xml_with_a_dtd_and_entities_is_refused(deal):
    hostile = deal / "entities.docx"
    with zipfile.ZipFile(document(deal)) as package, \
            zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as out:
        for name in package.namelist():
            data = package.read(name)
            if name == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = (head + b'?><!DOCTYPE w:document [<!ENTITY lol "lol">'
                        b'<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest)
            out.writestr(name, data)
    message = refused(deal, hostile)
    assert message.startswith(f"dealroom: document error: {hostile}: is refused:")
    assert "DOCTYPE" in message or "DTD" in message


def test_the_document_of_another_deal(deal):
    other = WordEdits(document(deal)).replace_text(f"Deal {DEAL}", "Deal northwind-acme") \
        .replace_text(f">{DEAL}<", ">northwind-acme<").save(deal / "other.docx")
    assert refused(deal, other) == (f"dealroom: document error: {other} is the deal room of "
                                    f"northwind-acme, not of {DEAL} (plan.yaml): import it into "
                                    "that deal's plan")


def test_a_version_the_store_does_not_have(deal):
    later = WordEdits(document(deal)).replace_text("· version 1 ·", "· version 7 ·") \
        .save(deal / "v7.docx")
    assert refused(deal, later) == (
        f"dealroom: document error: {later} was made from version 7 of {DEAL}, which the history "
        f"store .dealroom/history.sqlite3 does not have: import with the store it was published "
        "from (--store)")


def test_a_document_published_from_another_store(deal):
    from generator.readers.word_xml import read_word
    from generator.rendering.editable import identity_in

    made_id = identity_in(read_word(document(deal)).footer_text).document_id
    forged = WordEdits(document(deal)).replace_text(made_id, "0123456789ab").save(deal / "f.docx")
    assert refused(deal, forged) == (
        f"dealroom: document error: {forged} says it is document 0123456789ab of version 1, but "
        f"version 1 in .dealroom/history.sqlite3 would be document {made_id}: it was published "
        "from another history store; import with that one (--store)")


def test_a_render_of_unpublished_changes_is_a_draft_that_cannot_be_imported(deal):
    plan = deal / "plan.yaml"
    plan.write_text(plan.read_text().replace("due: 2026-11-30", "due: 2026-12-02"))
    assert dealroom("render", "plan.yaml", "--to", "docx", "-o", "drafts", "--today", TODAY,
                    cwd=deal).returncode == 0
    draft = deal / "drafts" / DEAL / f"{DEAL}.docx"
    assert refused(deal, draft) == (
        f"dealroom: document error: {draft} was rendered from changes not yet published (its "
        "footer says draft), so there is no version to compare it with: send the buyer the .docx "
        "that dealroom publish wrote")


def test_a_document_without_plan_tables(deal):
    mangled = WordEdits(document(deal)).replace_text(">Code<", ">Ref<") \
        .replace_text(">Step<", ">Action<").save(deal / "no-tables.docx")
    assert refused(deal, mangled) == (
        f"dealroom: document error: {mangled}: no plan tables found (a table whose header row "
        "reads Code, Step, Owner, Due, Status, If it is missed): is this the Word deal room "
        "dealroom wrote, with its tables intact?")


def test_a_table_that_lost_its_code_column_is_named(deal):
    mangled = WordEdits(document(deal)).replace_text(">Code<", ">Ref<").save(deal / "no-code.docx")
    message = refused(deal, mangled)
    assert message.startswith(f"dealroom: document error: {mangled}: table ")
    assert message.endswith("has the columns of a plan table but no Code column, so its rows "
                            "cannot be matched to steps: put the Code column back")


def test_a_cell_with_a_megabyte_of_text(deal):
    huge = WordEdits(document(deal)).set_cell("S2", "Step", "x" * (1 << 20)).save(deal / "huge.docx")
    message = refused(deal, huge)
    assert message.startswith(f"dealroom: document error: {huge}: table ")
    assert "holds 1,048,576 characters; a cell may hold at most 20,000" in message


def test_no_history_store_beside_the_plan(deal):
    import shutil

    shutil.rmtree(deal / ".dealroom")
    done = imported(deal, document(deal))
    assert done.returncode == 1
    assert done.stderr == ("dealroom: document error: no history store at .dealroom/history.sqlite3: "
                           "a Word deal room is compared with the published version it was made "
                           "from; import where it was published (--store PATH)\n")


def test_a_missing_document_is_a_usage_error(deal):
    assert refused(deal, deal / "nowhere.docx", status=2) == (
        f"dealroom: usage error: {deal / 'nowhere.docx'}: no such file")


