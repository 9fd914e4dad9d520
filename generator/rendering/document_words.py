"""The words an editable deal room document says, as plain text.

The Word document (:mod:`generator.writers.word`) and the Google Doc
(:mod:`generator.writers.gdoc`) say the same things in the same words; what
does not depend on a file format lives here, so that neither writer imports
the other's library: the title lines, the lede, the closing sentence, whom to
tell what should change, a workstream row's cells (the contract with
``dealroom import``, see :mod:`generator.rendering.editable`) and the line of
details under it. Everything comes from ``edition.room``, the buyer's view.
"""

from __future__ import annotations

from generator.rendering.editable import DRAFT
from generator.rendering.templating import possessive


def version_text(edition) -> str:
    """``3, 4 Dec 2026`` or ``Draft, not yet published (21 Nov 2026)``, as the web page says."""
    return edition.version_text


def running_title(edition) -> str:
    """The header line: ``Corvane Logistics × Quillstone · version 3`` (or the draft's)."""
    said = DRAFT if edition.draft else f"version {edition.room.version}"
    return f"{edition.room.plan.deal.title} · {said}"


def lede(edition) -> str:
    """The sentence under the title."""
    deal, room = edition.room.plan.deal, edition.room
    return (f"{possessive(deal.buyer)} path to a decision and to go-live on "
            f"{room.date(deal.go_live)}, agreed with {deal.seller}.")


def seller_lead(edition) -> str:
    """Whom the buyer tells what should change: the seller's first person, else the seller."""
    groups = edition.room.people_groups("seller")
    return groups[0].people[0].name if groups else edition.room.plan.deal.seller


def closing_text(edition) -> str:
    """The last sentence: whose plan it is and whom to tell what should change."""
    room, deal = edition.room, edition.room.plan.deal
    revision = f"a draft not yet published, {room.date(edition.generated_on)}" if edition.draft \
        else f"revision {room.version}, {room.date(edition.issued_on)}"
    return (f"Plan {deal.id}, {revision}. "
            f"{deal.buyer} and {deal.seller} keep this plan "
            f"together; tell {seller_lead(edition)} what should change.")


def step_cells(room, task) -> dict[str, str]:
    """The text of each cell of a task's row, by field (see ``STEP_COLUMNS``)."""
    return {"code": room.code(task), "title": task.title, "owner": room.owner_names(task),
            "due": room.due_text(task), "status": room.status_text(task),
            "if_missed": task.if_missed or ""}


def detail_text(room, task) -> str:
    """``Gate: Security approval · After S1, S2 · Due 21 Dec 2026, was 14 Dec 2026``."""
    pieces = []
    if task.gate:
        pieces.append(f"Gate: {task.gate}")
    if task.depends_on:
        pieces.append("After " + ", ".join(room.codes[d] for d in task.depends_on if d in room.codes))
    was = room.was(task)
    if was:
        pieces.append(f"Due {room.due_text(task)}, {was}")
    return " · ".join(pieces)


def first_code(room) -> str:
    """The first step's code, for the sentence that explains codes (``S1``)."""
    return next(iter(room.codes.values()), "S2")


def owners_text(room, task) -> str:
    """``Dana Reyes, CISO (Corvane Logistics); ...``: who owns the next step."""
    return "; ".join(f"{p.name}{f', {p.title}' if p.title else ''} ({room.organisation(p)})"
                     for p in room.owners(task))


def person_name(plan, person_id: str | None) -> str:
    """The name of the person with ``person_id``, or empty text."""
    person = plan.person(person_id) if person_id else None
    return person.name if person else ""


def author_text(version) -> str:
    """Who made a version: ``Ana`` or ``Ana (edits in the Word document)``."""
    from generator.rendering.room import DealRoom

    said = DealRoom.source_text(version.source)
    return f"{version.author or ''}{f' ({said})' if said else ''}".strip()


def unpublished_row(edition) -> tuple[str, ...]:
    """The history's only row before anything is recorded, as the web page words it."""
    room, seller = edition.room, edition.room.plan.deal.seller
    if edition.draft:
        return ("Draft", room.date(edition.generated_on), seller,
                f"Not yet published: the first version is the one {seller} publishes.")
    return (str(room.version), room.date(edition.generated_on), "", "First version of the plan.")


def agreed_text(room, accepted) -> str:
    """``Dana Reyes, 4 Dec 2026``: who agreed to the plan, and when."""
    accepter = room.plan.person(accepted.by)
    return f"{accepter.name if accepter else accepted.by}, {room.date(accepted.on)}"
