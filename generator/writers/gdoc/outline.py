"""What the Google Doc says, section by section, as :mod:`.blocks`.

The same sections and words as the Word deal room
(:mod:`generator.writers.word.sections`), from the buyer's view only
(``edition.room``, whose plan is a BuyerPlan): the title block, why we are
doing this, what happens next, a sentence where the timeline would be (a
Google Doc takes pictures only from a public address, so the timeline stays
in the web page and the PDF), the plan (the contract with ``dealroom
import``: a Heading 2 per workstream, then a table headed by
:data:`~generator.rendering.editable.STEP_COLUMNS` with one row of
:func:`~generator.rendering.document_words.step_cells` per task, written
exactly as the plan has them), who is involved, risks and open questions,
the revision history, the closing sentence, and last the document's
identity (:func:`~generator.rendering.editable.footer_text`), which the
footer says too. Markdown is written as :mod:`.prose` describes.
"""

from __future__ import annotations

from generator.rendering import document_words as words
from generator.rendering.editable import STEP_COLUMNS, footer_text
from generator.rendering.templating import possessive
from generator.writers.gdoc.blocks import Block, Heading, Paragraph, Run, Table, plain
from generator.writers.gdoc.prose import inline_runs, paragraphs, plain_text

TIMELINE_SENTENCE = ("The timeline, every step on its due date, is a picture: see it in the "
                     "deal room's web page or its PDF.")


def outline(edition) -> list[Block]:
    """The body of the Google Doc, block by block."""
    blocks: list[Block] = []
    for section in (title_block, why, what_next, timeline, plan, people, risks, history):
        blocks.extend(section(edition))
    blocks.append(plain(words.closing_text(edition)))
    blocks.append(plain(footer_text_of(edition)))
    return blocks


def footer_text_of(edition) -> str:
    """What the footer and the body's last paragraph say: which deal, version and document."""
    from generator.writers.docx import identity

    return footer_text(identity(edition))


def fact(label: str, value: str | tuple[Run, ...], link: str | None = None) -> Paragraph:
    """``Version: 3, 4 Dec 2026`` with the label in bold."""
    runs = value if isinstance(value, tuple) else (Run(value, link=link),)
    return Paragraph((Run(f"{label}: ", bold=True),) + runs)


def coded(code: str, title: str) -> tuple[Run, ...]:
    """``S2 Title``: the code in bold, then the title's Markdown."""
    return (Run(f"{code} ", bold=True),) + inline_runs(title)


# -- title, why, next, timeline ----------------------------------------------------------

def title_block(edition) -> list[Block]:
    """``Mutual action plan``, the title, the lede and the facts."""
    room, deal = edition.room, edition.room.plan.deal
    blocks: list[Block] = [plain("Mutual action plan"), Heading(0, deal.title), Paragraph((
        Run(f"{possessive(deal.buyer)} path to a decision and to go-live on "),
        Run(room.date(deal.go_live), bold=True), Run(f", agreed with {deal.seller}.")))]
    blocks.append(fact("Version", words.version_text(edition)))
    if deal.signature:
        blocks.append(fact("Signature", room.date(deal.signature)))
    blocks.append(fact("Go-live", room.date(deal.go_live)))
    if deal.accepted:
        blocks.append(fact("Agreed by", words.agreed_text(room, deal.accepted)))
    if deal.current_link:
        blocks.append(fact("Current version", deal.current_link, link=deal.current_link))
    return blocks


def why(edition) -> list[Block]:
    """Objectives with their measures, the go-live date and its reason, the cost of waiting."""
    room, plan = edition.room, edition.room.plan
    blocks: list[Block] = [Heading(1, "Why we are doing this")]
    for objective in plan.objectives:
        blocks += [Heading(2, plain_text(objective.title)), *paragraphs(objective.detail)]
        if objective.metrics:
            blocks.append(Table(("Measure", "Today", "Target"), tuple(
                (plain_text(m.name), m.baseline or "", m.target or "") for m in objective.metrics)))
    blocks += [Heading(2, f"Live by {room.date(plan.deal.go_live)}"),
               *paragraphs(plan.deal.go_live_reason)]
    if plan.cost_of_inaction:
        blocks += [Heading(2, "The cost of waiting"), *paragraphs(plan.cost_of_inaction)]
    return blocks


def what_next(edition) -> list[Block]:
    """The buyer's next step, then what is due in the next 14 days, by owner."""
    room, deal = edition.room, edition.room.plan.deal
    blocks: list[Block] = [Heading(1, "What happens next")]
    if room.next_step:
        blocks += next_step(room, room.next_step)
    else:
        blocks.append(plain(f"{deal.buyer} has no open step in the plan."))
    blocks.append(Heading(2, "Due in the next 14 days"))
    upcoming = room.upcoming()
    for person, tasks in upcoming:
        blocks.append(Heading(3, f"{person.name}, {room.organisation(person)}"))
        for task in tasks:
            late = ", late" if task.due < room.today else ""
            blocks.append(Paragraph(coded(room.code(task), task.title)
                                    + (Run(f" · {room.due_text(task)}{late}"),), bullet=True))
    if not upcoming:
        blocks.append(plain("Nothing is due in the next 14 days."))
    return blocks


def next_step(room, step) -> list[Block]:
    """The next step's title, owner, due date, what it unblocks and what a miss costs."""
    deal, task = room.plan.deal, step.task
    blocks: list[Block] = [plain(f"{possessive(deal.buyer)} next step"),
                           Paragraph(coded(room.code(task), task.title)),
                           fact("Owner", words.owners_text(room, task)),
                           fact("Due", room.due_text(task))]
    if step.unblocks:
        runs: tuple[Run, ...] = ()
        for number, waiting in enumerate(step.unblocks):
            runs += ((Run("; "),) if number else ()) + coded(room.code(waiting), waiting.title)
        blocks.append(fact("Unblocks", runs))
    if task.if_missed:
        blocks.append(fact("If it is missed", inline_runs(task.if_missed)))
    return blocks


def timeline(edition) -> list[Block]:
    """Where the timeline is, since the Doc cannot show it."""
    return [Heading(1, "Timeline"), plain(TIMELINE_SENTENCE)]


# -- the plan ----------------------------------------------------------------------------

def plan(edition) -> list[Block]:
    """``The plan``: how to suggest changes, then each workstream that has steps."""
    room = edition.room
    blocks: list[Block] = [Heading(1, "The plan"), plain(
        "Each workstream is a table; each step has a code (such as "
        f"{words.first_code(room)}) that stays with it in every version. To propose a change, "
        "switch to Suggesting mode and edit the table, or comment on a row, then tell "
        f"{words.seller_lead(edition)}: keep the codes as they are, and add a row without a "
        "code for a new step.")]
    for workstream, tasks in room.workstream_tasks():
        if tasks:
            blocks += [Heading(2, workstream.name), steps_table(room, tasks),
                       *step_details(room, tasks)]
    return blocks


def steps_table(room, tasks) -> Table:
    """The workstream's table: the ``STEP_COLUMNS`` headers, then one row per task."""
    fields = [field for field, _ in STEP_COLUMNS]
    return Table(tuple(header for _, header in STEP_COLUMNS),
                 tuple(tuple(words.step_cells(room, task)[field] for field in fields)
                       for task in tasks))


def step_details(room, tasks) -> list[Block]:
    """Under the table, per step that has any: its gate, what it waits for, where its
    date was, then its notes (their first paragraph on the same line)."""
    blocks: list[Block] = []
    for task in tasks:
        said = words.detail_text(room, task)
        if not said and not task.notes:
            continue
        notes = paragraphs(task.notes)
        line = (Run(room.code(task), bold=True),
                Run(f" {said}{' · ' if said and task.notes else ''}" if said else " "))
        if notes and not notes[0].bullet:
            line += notes.pop(0).runs
        blocks += [Paragraph(line), *notes]
    return blocks


# -- people, risks, history --------------------------------------------------------------

def people(edition) -> list[Block]:
    """Both teams, grouped by their part in the decision, with the steps each owns."""
    room, deal = edition.room, edition.room.plan.deal
    blocks: list[Block] = [Heading(1, "Who is involved")]
    for side, organisation in (("buyer", deal.buyer), ("seller", deal.seller)):
        blocks.append(Heading(2, f"At {organisation}"))
        for group in room.people_groups(side):
            blocks.append(Heading(3, group.part))
            blocks += [person_line(room, person) for person in group.people]
    return blocks


def person_line(room, person) -> Paragraph:
    """``Dana Reyes, CISO · Owns S2, S4`` as a bullet, the name in bold."""
    runs = [Run(person.name, bold=True)]
    if person.title:
        runs.append(Run(f", {person.title}"))
    owned = room.tasks_of(person)
    if owned:
        runs.append(Run(f" · Owns {', '.join(room.code(task) for task in owned)}"))
    return Paragraph(tuple(runs), bullet=True)


def risks(edition) -> list[Block]:
    """Shared risks, then the assumptions and who confirms them."""
    room, plan = edition.room, edition.room.plan
    blocks: list[Block] = [Heading(1, "Risks and open questions")]
    if plan.risks:
        blocks += [plain("Risks we are managing together"), Table(
            ("Risk", "Owner", "What we are doing about it", "Status"),
            tuple((plain_text(risk.title), words.person_name(plan, risk.owner),
                   plain_text(risk.mitigation), risk.status.capitalize()) for risk in plan.risks))]
    if plan.assumptions:
        blocks += [plain("What we are assuming, and who confirms it"), Table(
            ("Assumption", "Confirmed by", "By when", "Status"),
            tuple((plain_text(a.text), words.person_name(plan, a.owner), room.date(a.confirm_by),
                   f"Confirmed {room.date(a.confirmed_on)}" if a.confirmed_on else "Open")
                  for a in plan.assumptions))]
    if not plan.risks and not plan.assumptions:
        blocks.append(plain("No shared risks or open questions yet."))
    return blocks


def history(edition) -> list[Block]:
    """Every version, newest first, with what changed (one line each in the last cell)."""
    room = edition.room
    versions = list(reversed(room.past.versions))
    rows = tuple((str(v.number), room.date(v.on), words.author_text(v),
                  changes_text(room, v, last=v is versions[-1])) for v in versions)
    return [Heading(1, "Revision history"), Table(("Version", "Date", "By", "What changed"),
                                                  rows or (words.unpublished_row(edition),))]


def changes_text(room, version, last: bool) -> str:
    """A version's note, then each change, one a line (the cell's paragraphs)."""
    lines = [plain_text(version.note)] if version.note else []
    lines += [room.change_text(change) for change in version.changes]
    if not version.changes and last:
        lines.append("First version of the plan.")
    return "\n".join(lines)
