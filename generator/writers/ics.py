"""The plan's dates as a calendar: ``<deal-id>.ics`` (iCalendar, RFC 5545).

So a champion can put the buyer's dates in their own calendar. One all-day
event per dated task, written by hand (the format is small and a library
would be one more dependency); tests read it back with ``icalendar``.

Choices:

- **Stable identity.** ``UID`` is ``<task-id>.<deal-id>@dealroom`` and never
  changes, so importing a later version updates the events instead of adding
  copies; ``SEQUENCE`` is the plan version and ``DTSTAMP`` the edition's day,
  so two renders of the same plan on the same day are byte-identical.
- **Done tasks stay in**, on their due date, with ``(done)`` after the title:
  a re-import then turns the event the champion already has into a done one
  instead of leaving a stale open step behind. Undated tasks are left out.
- **The two milestones** of the deal, the target signature (when the plan
  has one) and the target go-live, are events too, with the UIDs
  ``_signature.<deal-id>@dealroom`` and ``_go-live.<deal-id>@dealroom``: a
  task id is a slug, which never starts with ``_``, so no task can take them.
- **Status.** ``TENTATIVE`` for a placeholder date (the description says
  "Date to confirm"), ``CONFIRMED`` for a committed date or a done task.
- Events are transparent (``TRANSP``): a deadline does not make anyone busy.
"""

from __future__ import annotations

import datetime as dt

from generator.rendering.rich_text import to_plain

PRODID = "-//dealroom//Mutual action plan//EN"
LINE_OCTETS = 75
CRLF = "\r\n"


def write(edition) -> dict[str, str]:
    """``{"<deal-id>.ics": calendar}`` for a buyer edition."""
    room = edition.room
    return {f"{room.plan.deal.id}.ics": calendar(room, edition.generated_on)}


def calendar(room, stamp: dt.date) -> str:
    """The whole VCALENDAR, folded, with CRLF line ends."""
    deal = room.plan.deal
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{text(deal.title)}", f"NAME:{text(deal.title)}"]
    for task in room.plan.tasks:
        if task.due is not None:
            lines += event(room, task, stamp)
    for milestone in milestones(room):
        lines += milestone_event(room, milestone, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def event(room, task, stamp: dt.date) -> list[str]:
    """The lines of one all-day VEVENT for a dated task."""
    deal = room.plan.deal
    done = " (done)" if task.is_done else ""
    lines = ["BEGIN:VEVENT",
             f"UID:{uid(task.id, deal.id)}",
             f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
             f"DTSTART;VALUE=DATE:{task.due:%Y%m%d}",
             f"DTEND;VALUE=DATE:{task.due + dt.timedelta(days=1):%Y%m%d}",
             f"SEQUENCE:{room.version}",
             f"SUMMARY:{text(f'[{room.code(task)}] {to_plain(task.title)}{done}')}",
             f"DESCRIPTION:{text(description(room, task))}",
             f"CATEGORIES:{text(_workstream_name(room, task))}",
             f"STATUS:{'CONFIRMED' if task.is_done or task.is_committed else 'TENTATIVE'}",
             "TRANSP:TRANSPARENT"]
    if deal.current_link:
        lines.append(f"URL:{deal.current_link}")
    return lines + ["END:VEVENT"]


def milestones(room) -> list[tuple[str, str, dt.date, str]]:
    """The deal's target signature and go-live as (id, title, day, description)."""
    deal = room.plan.deal
    found = []
    if deal.signature:
        signers = " and ".join(p.name for p in room.signers)
        found.append(("signature", f"Target signature: {deal.buyer} × {deal.seller}",
                      deal.signature, f"Who signs: {signers}" if signers else ""))
    reason = f"Why this date: {to_plain(deal.go_live_reason)}" if deal.go_live_reason else ""
    found.append(("go-live", f"Target go-live: {deal.buyer}", deal.go_live, reason))
    return found


def milestone_event(room, milestone, stamp: dt.date) -> list[str]:
    """One all-day event for the target signature or go-live."""
    milestone_id, title, day, said = milestone
    deal = room.plan.deal
    details = "\n".join(filter(None, [said, f"Deal room: {deal.current_link}"
                                        if deal.current_link else ""]))
    lines = ["BEGIN:VEVENT", f"UID:{uid('_' + milestone_id, deal.id)}",
             f"DTSTAMP:{stamp:%Y%m%d}T000000Z", f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
             f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}", f"SEQUENCE:{room.version}",
             f"SUMMARY:{text(title)}", f"DESCRIPTION:{text(details)}",
             "CATEGORIES:Milestone", "STATUS:CONFIRMED", "TRANSP:TRANSPARENT"]
    if deal.current_link:
        lines.append(f"URL:{deal.current_link}")
    return lines + ["END:VEVENT"]


def uid(task_id: str, deal_id: str) -> str:
    """The event's UID: the same for the task in every version of the plan."""
    return f"{task_id}.{deal_id}@dealroom"


def description(room, task) -> str:
    """Who owns the step, its gate, status, and what happens if it is missed."""
    owners = ", ".join(f"{p.name} ({room.organisation(p)})" for p in room.owners(task))
    lines = [f"{'Owners' if len(task.owners) > 1 else 'Owner'}: {owners}"]
    if task.gate:
        lines.append(f"Gate: {to_plain(task.gate)}")
    lines.append(f"Status: {room.status_text(task)}")
    if not task.is_done and not task.is_committed:
        lines.append("Date to confirm: it is a placeholder until both sides commit to it.")
    if task.if_missed:
        lines.append(f"If missed: {to_plain(task.if_missed)}")
    if room.plan.deal.current_link:
        lines.append(f"Deal room: {room.plan.deal.current_link}")
    return "\n".join(lines)


def _workstream_name(room, task) -> str:
    return next((w.name for w in room.plan.workstreams if w.id == task.workstream), task.workstream)


def text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 3.3.11: backslash, semicolon, comma and
    newline; other control characters (not allowed in TEXT) are dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c in "\n\t" or not (c < " " or c == "\x7f"))
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """``line`` folded into pieces of at most 75 octets of UTF-8 (RFC 5545 3.1),
    never inside a character; each continuation starts with one space."""
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return CRLF.join(pieces)
