"""The buyer's edits: an edited deal room compared with the revision it came from.

Every cell is compared with the stored snapshot of the version the document
says it was made from, never with the tracked changes alone, so an edit made
with Track Changes off, or after "accept all", is found too. Tracked authors
and dates only say who and when. A cell that reads as it was written is no
edit; one that differs is read in plan terms (a date, a status, people) by
:mod:`generator.importing.cell_values`, and what cannot be read without
guessing becomes a question.
"""

from __future__ import annotations

import datetime as dt

from generator.importing.cell_values import read_due, read_owners, read_status
from generator.importing.edits import NEW_PERSON, BuyerEdit, ChangeSet, one_line
from generator.importing.rows import Attribution, row_attribution, table_workstreams
from generator.plan.codes import task_codes
from generator.rendering.editable import HEADER_OF
from generator.rendering.room import DealRoom

TEXT_FIELDS = ("title", "if_missed")


def buyer_edits(document, base, locale: str) -> ChangeSet:
    """The edits in ``document`` (a DealDocument) against ``base`` (the BuyerPlan it came from)."""
    reading = _Reading(document, base, locale)
    for table, workstream in table_workstreams(document.tables, base, reading.codes):
        for row in table.rows:
            reading.read_row(table, row, workstream)
    reading.read_missing_rows()
    return ChangeSet(deal_id=document.identity.deal_id, version=document.identity.version,
                     document_id=document.identity.document_id, file=document.file,
                     edits=tuple(reading.edits), notices=tuple(reading.notices))


class _Reading:
    """The edits found so far, row by row."""

    def __init__(self, document, base, locale: str):
        self.document = document
        self.base = base
        self.room = DealRoom(base, dt.date(1970, 1, 1), locale=locale)
        self.locale = locale
        self.codes = task_codes(base)
        self.task_of_code = {code: base.task(task_id) for task_id, code in self.codes.items()}
        self.seen: dict[str, tuple] = {}
        self.standing = {row.code for table in document.tables for row in table.rows
                         if row.code and row.state != "deleted"}
        """Codes of rows not deleted: a deleted row whose code stands elsewhere was moved."""
        self.read_workstreams: set[str] = set()
        self.edits: list[BuyerEdit] = []
        self.notices: list[str] = []

    # -- rows -------------------------------------------------------------------

    def read_row(self, table, row, workstream) -> None:
        if workstream:
            self.read_workstreams.add(workstream)
        if row.state == "deleted" and row.code in self.standing:
            return  # moved with Track Changes on: deleted here, inserted where it now stands
        who = row_attribution(row, self.document.comments)
        task = self.task_of_code.get(row.code or "")
        if row.merged:
            self._merged_cells(table, row, task, who)
            if "code" in row.merged:
                return
        if task is None:
            self._new_step(table, row, workstream, who)
        elif row.code in self.seen:
            first = self.seen[row.code]
            self._question(task, None, who, f"{row.code} appears twice ({_where(*first)} and "
                           f"{_where(table, row)}): only the first was read")
        else:
            self.seen[row.code] = (table, row)
            self._known_row(task, table, row, who)
            self._moved_row(task, row, workstream, who)

    def _known_row(self, task, table, row, who: Attribution) -> None:
        if row.state == "deleted":
            self._add("removal", task, None, who.row, old=task.title,
                      old_text=_cell_text(row, "title", original=True))
            return
        found = []
        for field, cell in row.cells.items():
            if _same(cell.current, self._shown(task, field)):
                continue
            found += self._cell_edits(task, field, cell, who.cell(field))
        found = self._settle_status(task, found)
        self.edits += _with_reasons(found, who)
        self.edits += [BuyerEdit(kind="note", code=self.codes[task.id], task_id=task.id,
                                 new=note.text, who=note.who, when=note.when)
                       for note in who.notes if not any(e.field == "due" for e in found)]

    def _merged_cells(self, table, row, task, who: Attribution) -> None:
        """Cells merged across columns: which column's text is which cannot be told."""
        names = [HEADER_OF[field] for field in row.merged]
        said = f"{', '.join(names[:-1])} and {names[-1]}"
        task = None if "code" in row.merged else task
        code = self.codes[task.id] if task else None
        self.edits.append(BuyerEdit(
            kind="question", code=code, task_id=task.id if task else None, who=who.row.who,
            when=who.row.when,
            question=f"{f'{code}: t' if code else 'T'}he buyer merged the {said} cells of "
                     f"{_where(table, row)}, so {'neither' if len(names) == 2 else 'none'} was "
                     "read: ask them to write each in its own cell"))

    def _moved_row(self, task, row, workstream, who: Attribution) -> None:
        """A row the buyer moved into another workstream's table: a question."""
        if workstream is None or workstream == task.workstream or row.state == "deleted":
            return
        names = {w.id: w.name for w in self.base.workstreams}
        self._question(task, None, who, f"{self.codes[task.id]} is in the table of "
                       f"{names[workstream]} now, not of {names[task.workstream]}: an import moves "
                       "no step to another workstream; move it in the plan if you agree")

    def _new_step(self, table, row, workstream, who: Attribution) -> None:
        title = _cell_text(row, "title")
        if row.state == "deleted" or not any(_cell_text(row, f) for f in row.cells):
            return
        if workstream is None:
            self.edits.append(BuyerEdit(kind="question", question=(
                f"{_where(table, row)}: a new step ({title or 'untitled'}) in a table that belongs to "
                "no workstream of the plan: add it by hand"), who=who.row.who, when=who.row.when))
            return
        proposal = self._proposal(row, workstream)
        edit = BuyerEdit(kind="new_step", workstream=workstream, new=title, proposal=proposal,
                         who=who.row.who or who.cell("title").who,
                         when=who.row.when or who.cell("title").when,
                         suggested=who.row.suggested or who.cell("title").suggested,
                         reason=who.reason, question=proposal.pop("question", None))
        self.edits.append(edit)

    def read_missing_rows(self) -> None:
        """Steps whose row is gone from a table that was read: removed untracked."""
        for code, task in self.task_of_code.items():
            if code in self.seen:
                continue
            if task.workstream in self.read_workstreams:
                self._add("removal", task, None, Attribution.nobody().row, old=task.title)
            else:
                self.notices.append(f"{code} ({task.title}) is in no table of the document: "
                                    "its table was not found, so nothing was read for it")

    # -- cells ------------------------------------------------------------------

    def _shown(self, task, field: str) -> str:
        room = self.room
        shown = {"title": task.title, "owner": room.owner_names(task), "due": room.due_text(task),
                 "status": room.status_text(task), "if_missed": task.if_missed or ""}
        return shown[field]

    def _cell_edits(self, task, field: str, cell, who) -> list[BuyerEdit]:
        old_text = self._shown(task, field)
        if field in TEXT_FIELDS:
            return self._text_edit(task, field, cell, who, old_text)
        reader = {"owner": self._owner_edits, "due": self._due_edits, "status": self._status_edits}
        return reader[field](task, cell.current, who, old_text)

    def _text_edit(self, task, field, cell, who, old_text) -> list[BuyerEdit]:
        new = one_line(cell.current)
        if field == "title" and not new:
            return [self._make_question(task, field, who, f"{self.codes[task.id]}: the step's text "
                                        "was deleted; a step needs its action, so it was kept")]
        old = getattr(task, field)
        return [self._edit(task, field, who, old, new or None, old_text, cell.current)]

    def _owner_edits(self, task, text, who, old_text) -> list[BuyerEdit]:
        reading = read_owners(text, self.base.people)
        question = reading.question or _unownable(reading, self.base.people)
        if question:
            return [self._make_question(task, "owner", who, f"{self.codes[task.id]} owner: "
                                        f"{question}")]
        if not reading.ids and not reading.unknown:
            return [self._make_question(task, "owner", who, f"{self.codes[task.id]}: the owner was "
                                        "deleted; a step needs a named owner, so it was kept")]
        new = list(reading.ids) + [NEW_PERSON + name for name in reading.unknown]
        if new == list(task.owners):
            return []
        return [self._edit(task, "owner", who, list(task.owners), new, old_text, text)]

    def _due_edits(self, task, text, who, old_text) -> list[BuyerEdit]:
        reading = read_due(text, self.locale, task.due)
        code = self.codes[task.id]
        if reading.question:
            return [self._make_question(task, "due", who, f"{code} due: {reading.question}")]
        if reading.undated:
            if task.due is None:
                return []
            return [self._make_question(task, "due", who, f"{code}: the buyer wrote {text.strip()!r} "
                                        f"instead of {old_text}: agree a date with them")]
        if reading.done:
            return self._done_edits(task, reading.done_on, who, old_text, text)
        found = self._commitment_questions(task, reading, who, old_text)
        if reading.due is None or reading.due == task.due:
            return found
        return [self._edit(task, "due", who, _iso(task.due), _iso(reading.due), old_text, text),
                *found]

    def _commitment_questions(self, task, reading, who, old_text) -> list[BuyerEdit]:
        """The buyer took ``(to confirm)`` off a date, or wrote it after a committed one:
        whether the date is committed is the seller's to write (never applied)."""
        if reading.due == task.due and not task.is_committed and not reading.to_confirm:
            said = (f"the buyer took '(to confirm)' off {old_text}: if both sides now commit to "
                    "the date, write date: committed in the plan")
        elif reading.due and reading.to_confirm and task.is_committed:
            said = (f"the buyer wrote '(to confirm)' after {self.room.date(reading.due)}, a "
                    "committed date: if they no longer commit to it, write date: placeholder in "
                    "the plan")
        else:
            return []
        return [self._make_question(task, "due", who, f"{self.codes[task.id]}: {said}")]

    def _done_edits(self, task, done_on, who, old_text, text) -> list[BuyerEdit]:
        found = []
        if task.status != "done":
            found.append(self._edit(task, "status", who, task.status, "done", old_text, text))
        if done_on and done_on != task.done_on:
            found.append(self._edit(task, "done_on", who, _iso(task.done_on), _iso(done_on),
                                    old_text, text))
        return found

    def _status_edits(self, task, text, who, old_text) -> list[BuyerEdit]:
        reading = read_status(text)
        if reading.question:
            return [self._make_question(task, "status", who,
                                        f"{self.codes[task.id]} status: {reading.question}")]
        if reading.status == task.status:
            return []
        return [self._edit(task, "status", who, task.status, reading.status, old_text, text)]

    def _settle_status(self, task, found: list[BuyerEdit]) -> list[BuyerEdit]:
        """The Due cell's "Done" and the Status cell name one status, or ask."""
        statuses = {e.new for e in found if e.field == "status"}
        if len(statuses) < 2:
            return _first_of_each(found)
        kept = [e for e in found if e.field not in ("status", "done_on")]
        said = " and ".join(sorted(statuses))
        return kept + [self._make_question(task, "status", found[0],
                                           f"{self.codes[task.id]}: the Due and Status cells say "
                                           f"{said}: ask which is true")]

    # -- making edits -------------------------------------------------------------

    def _edit(self, task, field, who, old, new, old_text, new_text) -> BuyerEdit:
        return BuyerEdit(kind="change", code=self.codes[task.id], task_id=task.id, field=field,
                         old=old, new=new, old_text=old_text, new_text=one_line(new_text),
                         who=who.who, when=who.when, suggested=who.suggested)

    def _make_question(self, task, field, who, question: str) -> BuyerEdit:
        return BuyerEdit(kind="question", code=self.codes[task.id], task_id=task.id, field=field,
                         question=question, who=who.who, when=who.when, suggested=who.suggested)

    def _question(self, task, field, who: Attribution, question: str) -> None:
        self.edits.append(self._make_question(task, field, who.row, question))

    def _add(self, kind, task, field, who, old=None, old_text=None) -> None:
        self.edits.append(BuyerEdit(kind=kind, code=self.codes[task.id], task_id=task.id,
                                    field=field, old=old, old_text=old_text, who=who.who,
                                    when=who.when, suggested=who.suggested))

    def _proposal(self, row, workstream: str) -> dict:
        """A new step's values, read like an edited row's."""
        proposal = {"title": _cell_text(row, "title"), "workstream": workstream,
                    "if_missed": _cell_text(row, "if_missed") or None}
        owners = read_owners(_cell_text(row, "owner"), self.base.people)
        due = read_due(_cell_text(row, "due"), self.locale, None) if _cell_text(row, "due") else None
        status = read_status(_cell_text(row, "status")) if _cell_text(row, "status") else None
        proposal["owners"] = list(owners.ids) + [NEW_PERSON + n for n in owners.unknown]
        proposal["due"] = _iso(due.due) if due and not due.question else None
        proposal["status"] = status.status if status and not status.question else "not_started"
        asked = [r.question for r in (owners, due, status) if r is not None and r.question]
        asked += filter(None, [_unownable(owners, self.base.people)])
        if not proposal["title"]:
            asked.append("the new step has no text in its Step column")
        elif not proposal["owners"]:
            asked.append("the new step names no owner")
        if asked:
            proposal["question"] = "; ".join(asked)
        return proposal


def _unownable(reading, people) -> str | None:
    """Why the people an Owner cell names cannot own one step (the plan's rule: one
    owner, or two for a shared step, one on each side), or None when they can."""
    known = {p.id: p for p in people}
    sides = [known[i].side for i in reading.ids] + ["buyer"] * len(reading.unknown)
    if len(sides) < 2 or (len(sides) == 2 and len(set(sides)) == 2):
        return None
    names = [known[i].name for i in reading.ids] + list(reading.unknown)
    said = ", ".join(names[:-1]) + " and " + names[-1]
    why = f"are both on the {sides[0]} side" if len(names) == 2 else f"are {len(names)} people"
    return (f"{said} {why}; a step has one owner, or two for a shared step, one on each side: "
            "ask who owns it")


def _first_of_each(found: list[BuyerEdit]) -> list[BuyerEdit]:
    """One edit per field (the Due cell's "Done" and the Status cell may both say it)."""
    seen, kept = set(), []
    for edit in found:
        if (edit.kind, edit.field) not in seen:
            seen.add((edit.kind, edit.field))
            kept.append(edit)
    return kept


def _with_reasons(found: list[BuyerEdit], who: Attribution) -> list[BuyerEdit]:
    """The row's comments are the reason for its moved date."""
    if not who.reason:
        return found
    return [e.replace(reason=who.reason) if e.field == "due" and e.kind == "change" else e
            for e in found]


def _cell_text(row, field: str, original: bool = False) -> str:
    cell = row.cells.get(field)
    if cell is None:
        return ""
    return one_line(cell.original if original else cell.current)




def _same(current: str, shown: str) -> bool:
    """Whether a cell reads as written (spacing aside; a Status cell's ", late" comes and goes;
    the characters a Google Doc does not keep, such as the private use area's, aside)."""
    from generator.writers.gdoc.requests import STRIPPED

    def plain(text: str) -> str:
        text = " ".join(STRIPPED.sub("", text).split())
        return text[: -len(", late")] if text.endswith(", late") else text
    return plain(current) == plain(shown)


def _where(table, row) -> str:
    return f"table {table.number} row {row.number}"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
