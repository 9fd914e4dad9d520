"""What the Word deal room says, section by section, in the web page's words.

The sections follow ``templates/deal_room/``: the title block, why we are
doing this, what happens next, the timeline (on a page turned sideways), the
plan (:mod:`.plan_tables`), who is involved, risks and open questions, and
the revision history. Everything comes from ``edition.room``, the buyer's view.
"""

from __future__ import annotations

import io

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm

from generator.rendering.document_words import (agreed_text, author_text, closing_text,
                                                owners_text, person_name, unpublished_row,
                                                version_text)
from generator.rendering.templating import possessive
from generator.writers.word import pictures
from generator.writers.word.parts import add_hyperlink, describe_picture, move_run_into
from generator.writers.word.prose import add_inline, add_prose
from generator.writers.word.styles import set_page, text_width
from generator.writers.word.tables import add_table

LOGO_HEIGHT = Mm(12)
TIMELINE_MAX_HEIGHT = Mm(128)
TIMELINE_CAPTION = ("Each mark is a step on its due date, labelled with its code from the plan "
                    "below. Diamonds are decision gates; dashed marks are dates still to confirm; "
                    "arrows show what waits for what.")


# -- title -------------------------------------------------------------------------------

def add_title_block(document, edition) -> None:
    """Logos, ``Mutual action plan``, the title, the lede and the facts."""
    room, deal = edition.room, edition.room.plan.deal
    _add_logos(document, edition)
    document.add_paragraph("Mutual action plan", style="Kicker")
    document.add_heading(deal.title, 0)
    paragraph = document.add_paragraph(f"{possessive(deal.buyer)} path to a decision and to go-live on ",
                                       style="Lede")
    paragraph.add_run(room.date(deal.go_live)).bold = True
    paragraph.add_run(f", agreed with {deal.seller}.")
    _fact(document, "Version", version_text(edition))
    if deal.signature:
        _fact(document, "Signature", room.date(deal.signature))
    _fact(document, "Go-live", room.date(deal.go_live))
    if deal.accepted:
        _fact(document, "Agreed by", agreed_text(room, deal.accepted))
    if deal.current_link:
        _fact(document, "Current version", deal.current_link, link=deal.current_link)


def _fact(document, label: str, value: str, link: str | None = None) -> None:
    paragraph = document.add_paragraph(style="Fact")
    paragraph.add_run(f"{label}\t").bold = True
    run = paragraph.add_run(value)
    if link:
        run.style = "Hyperlink"
        move_run_into(add_hyperlink(paragraph, link), run)


def _add_logos(document, edition) -> None:
    if not edition.logos or edition.theme.settings.get("logo_placement", "top") == "none":
        return
    drawn = [(side, pictures.logo_picture(edition.logos[side]))
             for side in ("buyer", "seller") if edition.logos.get(side)]
    drawn = [(side, picture) for side, picture in drawn if picture]
    if not drawn:
        return
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Mm(4)
    deal = edition.room.plan.deal
    for number, (side, picture) in enumerate(drawn):
        run = paragraph.add_run("    " if number else "")
        run.add_picture(io.BytesIO(picture), height=LOGO_HEIGHT)
        describe_picture(run, deal.buyer if side == "buyer" else deal.seller)


# -- why ---------------------------------------------------------------------------------

def add_why(document, edition, width: int) -> None:
    """Objectives with their metrics, the go-live date and its reason, the cost of waiting."""
    room, plan = edition.room, edition.room.plan
    document.add_heading("Why we are doing this", 1)
    for objective in plan.objectives:
        add_inline(document.add_heading("", 2), objective.title)
        add_prose(document, objective.detail)
        if objective.metrics:
            add_table(document, ("Measure", "Today", "Target"),
                      [(_inline(m.name), m.baseline or "", _bold(m.target or ""))
                       for m in objective.metrics], (50, 25, 25), width)
    document.add_heading(f"Live by {room.date(plan.deal.go_live)}", 2)
    add_prose(document, plan.deal.go_live_reason)
    if plan.cost_of_inaction:
        document.add_heading("The cost of waiting", 2)
        add_prose(document, plan.cost_of_inaction)


def _inline(text: str):
    return lambda cell: add_inline(cell.paragraphs[0], text)


def _bold(text: str):
    def fill(cell):
        if text:
            cell.paragraphs[0].add_run(text).bold = True
    return fill


# -- what happens next -------------------------------------------------------------------

def add_next(document, edition) -> None:
    """The buyer's next step, then what is due in the next 14 days, by owner."""
    room, deal = edition.room, edition.room.plan.deal
    document.add_heading("What happens next", 1)
    step = room.next_step
    if step:
        _add_next_step(document, room, step)
    else:
        document.add_paragraph(f"{deal.buyer} has no open step in the plan.")
    document.add_heading("Due in the next 14 days", 2)
    upcoming = room.upcoming()
    for person, tasks in upcoming:
        document.add_heading(f"{person.name}, {room.organisation(person)}", 3)
        for task in tasks:
            late = ", late" if task.due < room.today else ""
            paragraph = _coded(document.add_paragraph(style="List Bullet"), room.code(task), task.title)
            paragraph.add_run(f" · {room.due_text(task)}{late}")
    if not upcoming:
        document.add_paragraph("Nothing is due in the next 14 days.")


def _add_next_step(document, room, step) -> None:
    deal, task = room.plan.deal, step.task
    document.add_paragraph(f"{possessive(deal.buyer)} next step", style="Kicker")
    _coded(document.add_paragraph(style="Lede"), room.code(task), task.title)
    _fact(document, "Owner", owners_text(room, task))
    _fact(document, "Due", room.due_text(task))
    if step.unblocks:
        paragraph = document.add_paragraph(style="Fact")
        paragraph.add_run("Unblocks\t").bold = True
        for number, waiting in enumerate(step.unblocks):
            paragraph.add_run("; " if number else "")
            _coded(paragraph, room.code(waiting), waiting.title)
    if task.if_missed:
        paragraph = document.add_paragraph(style="Fact")
        paragraph.add_run("If it is missed\t").bold = True
        add_inline(paragraph, task.if_missed)


def _coded(paragraph, code: str, title: str):
    """``S2 Title``: the code in bold, then the title's Markdown."""
    paragraph.add_run(f"{code} ").bold = True
    add_inline(paragraph, title)
    return paragraph


# -- the timeline ------------------------------------------------------------------------

def add_timeline(document, edition) -> None:
    """The timeline on a page of its own turned sideways, then back to upright pages."""
    set_page(document.add_section(WD_SECTION.NEW_PAGE), edition.paper, landscape=True)
    section = document.sections[-1]
    document.add_heading("Timeline", 1)
    svg = pictures.timeline_svg(edition)
    png = pictures.timeline_png(svg)
    pixels_wide, pixels_high = pictures.png_size(png)
    width = min(text_width(section), int(TIMELINE_MAX_HEIGHT * pixels_wide / pixels_high))
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.add_picture(io.BytesIO(png), width=Emu(width))
    describe_picture(run, pictures.timeline_description(svg))
    document.add_paragraph(TIMELINE_CAPTION, style="Caption")
    set_page(document.add_section(WD_SECTION.NEW_PAGE), edition.paper)


# -- people, risks, history --------------------------------------------------------------

def add_people(document, edition) -> None:
    """Both teams, grouped by their part in the decision, with the steps each owns."""
    room, deal = edition.room, edition.room.plan.deal
    document.add_heading("Who is involved", 1)
    for side, organisation in (("buyer", deal.buyer), ("seller", deal.seller)):
        document.add_heading(f"At {organisation}", 2)
        for group in room.people_groups(side):
            document.add_heading(group.part, 3)
            for person in group.people:
                _add_person(document, room, person)


def _add_person(document, room, person) -> None:
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(person.name).bold = True
    if person.title:
        paragraph.add_run(f", {person.title}")
    owned = room.tasks_of(person)
    if owned:
        paragraph.add_run(f" · Owns {', '.join(room.code(task) for task in owned)}")


def add_risks(document, edition, width: int) -> None:
    """Shared risks, then the assumptions and who confirms them."""
    room, plan = edition.room, edition.room.plan
    document.add_heading("Risks and open questions", 1)
    if plan.risks:
        document.add_paragraph("Risks we are managing together", style="Caption")
        add_table(document, ("Risk", "Owner", "What we are doing about it", "Status"),
                  [(_inline(risk.title), person_name(plan, risk.owner), _inline(risk.mitigation or ""),
                    risk.status.capitalize()) for risk in plan.risks], (36, 18, 34, 12), width)
    if plan.assumptions:
        document.add_paragraph("What we are assuming, and who confirms it", style="Caption")
        add_table(document, ("Assumption", "Confirmed by", "By when", "Status"),
                  [(_inline(a.text), person_name(plan, a.owner), room.date(a.confirm_by),
                    f"Confirmed {room.date(a.confirmed_on)}" if a.confirmed_on else "Open")
                   for a in plan.assumptions], (46, 20, 16, 18), width)
    if not plan.risks and not plan.assumptions:
        document.add_paragraph("No shared risks or open questions yet.")


def add_history(document, edition, width: int) -> None:
    """Every version, newest first, with what changed (as the web page lists them)."""
    room = edition.room
    document.add_heading("Revision history", 1)
    versions = list(reversed(room.past.versions))
    rows = [(str(v.number), room.date(v.on), author_text(v), _changes(room, v, last=v is versions[-1]))
            for v in versions]
    if not rows:
        rows = [unpublished_row(edition)]
    add_table(document, ("Version", "Date", "By", "What changed"), rows, (10, 15, 20, 55), width)


def _changes(room, version, last: bool):
    def fill(cell):
        if version.note:
            add_inline(_paragraph_in(cell), version.note)
        for change in version.changes:
            _paragraph_in(cell, "List Bullet").add_run(room.change_text(change))
        if not version.changes and last:
            _paragraph_in(cell).add_run("First version of the plan.")
    return fill


def _paragraph_in(cell, style: str | None = None):
    """The cell's first paragraph while it is empty, else a new one."""
    first = cell.paragraphs[0]
    paragraph = first if len(cell.paragraphs) == 1 and not first.text else cell.add_paragraph()
    if style:
        paragraph.style = style
    return paragraph


def add_closing(document, edition) -> None:
    """The page footer's sentence: whose plan it is and whom to tell what should change."""
    document.add_paragraph(closing_text(edition), style="Closing")
