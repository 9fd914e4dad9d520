"""Who an e-mail goes to: the sender, To and Cc, chosen by default or by name.

``--to`` and ``--cc`` take person ids, roles (``champion``, ``legal`` ...), a
side's role (``buyer:legal``), a whole side (``buyer``, ``seller``) or
``none``, repeated or as comma lists (:func:`named`). A word that names nobody
in the plan is a usage error listing the choices. People chosen without an
e-mail address cannot be addressed: :attr:`Recipients.unaddressed` keeps them,
so that the command says so instead of dropping them silently.
"""

from __future__ import annotations

from generator.errors import UsageError
from generator.record import Record

SIDES = ("buyer", "seller")


class Recipients(Record):
    """From, To and Cc of one e-mail, as people of the plan."""

    sender: object | None
    """The account executive, else the first seller person with an address."""
    to: tuple = ()
    """People in To, in order, each with an address."""
    cc: tuple = ()
    """People in Cc, in order, each with an address, none of them in To."""
    unaddressed: tuple = ()
    """People chosen for To or Cc who have no e-mail address in the plan."""


def sender_of(plan):
    """The account executive, else the first seller person with an address, else None."""
    sellers = [p for p in plan.people if p.side == "seller" and p.email]
    return next((p for p in sellers if p.role == "account_executive"), sellers[0] if sellers else None)


def addressed(plan, to: list, cc: list) -> Recipients:
    """``to`` and ``cc`` (people, in order) without repeats, without the sender,
    without anyone in both (To wins), those without an address set apart."""
    sender = sender_of(plan)
    seen = {sender.id} if sender else set()
    fields: dict[str, list] = {"to": [], "cc": [], "unaddressed": []}
    for name, people in (("to", to), ("cc", cc)):
        for person in people:
            if person.id not in seen:
                seen.add(person.id)
                fields[name if person.email else "unaddressed"].append(person)
    return Recipients(sender=sender, **{name: tuple(people) for name, people in fields.items()})


def named(plan, words: list[str], option: str) -> list:
    """The people ``words`` name (``--to`` values: ids, roles, sides, comma lists),
    in the order named; an unknown word is a usage error naming the choices."""
    chosen: list = []
    for word in (part.strip() for value in words for part in value.split(",")):
        if word and word != "none":
            chosen += [p for p in _people_named(plan, word, option) if p not in chosen]
    return chosen


def _people_named(plan, word: str, option: str) -> list:
    """A person id first, then a side, ``side:role``, or a role of either side."""
    person = plan.person(word)
    if person is not None:
        return [person]
    if word in SIDES:
        return [p for p in plan.people if p.side == word]
    side, colon, role = word.rpartition(":")
    found = [p for p in plan.people if p.role == role and (not colon or p.side == side)]
    if not found:
        raise UsageError(f"{option} {word}: no person or role of that name in the plan; "
                         f"{choices(plan)}")
    return found


def choices(plan) -> str:
    """``choose person ids (priya-raman, ...), roles (champion, ...), buyer, seller or none``."""
    roles = list(dict.fromkeys(p.role for p in plan.people))
    return (f"choose person ids ({', '.join(p.id for p in plan.people)}), roles "
            f"({', '.join(roles)}), buyer, seller or none")
