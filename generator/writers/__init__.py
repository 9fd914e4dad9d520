"""The writers: one module per output format, in an explicit registry.

A file writer's module has one entry point, ``write(edition) -> {file name: content}``.
A remote one (``gdoc``) is published to a service, not written to files.
Buyer writers are handed an edition built from a :class:`BuyerPlan`, which has
no internal fields; the registry refuses to give them anything else.
"""

from __future__ import annotations

from importlib import import_module

from generator.errors import UsageError
from generator.record import Record


class Writer(Record):
    """A named output format."""

    name: str
    """What ``--to`` calls it."""
    module: str
    """The module with ``write(edition)``; imported only when used."""
    audience: str
    """``buyer`` (never sees internal data) or ``seller``."""
    summary: str
    """One line for ``--help``."""
    files: tuple[str, ...] = ()
    """The names of the files it writes; ``{deal}`` stands for the deal id."""
    remote: bool = False
    """Whether it publishes to a service instead of writing files (``gdoc``): only
    ``publish`` does that, through :mod:`generator.publishing.google_doc`."""

    def file_names(self, deal_id: str) -> tuple[str, ...]:
        """The names of the files it writes for ``deal_id``."""
        return tuple(name.format(deal=deal_id) for name in self.files)

    def write(self, edition) -> dict[str, str | bytes]:
        """The files of this format for ``edition``, by file name."""
        from generator.plan.model import BuyerPlan

        if self.audience == "buyer" and not isinstance(edition.room.plan, BuyerPlan):
            raise TypeError(f"the {self.name} writer is for buyers and takes only a BuyerPlan")
        return import_module(self.module).write(edition)


WRITERS: dict[str, Writer] = {w.name: w for w in (
    Writer(name="html", module="generator.writers.html", audience="buyer",
           summary="the deal room: one self-contained web page (index.html)",
           files=("index.html",)),
    Writer(name="pdf", module="generator.writers.pdf", audience="buyer",
           summary="the deal room as PDF (<deal-id>.pdf)", files=("{deal}.pdf",)),
    Writer(name="brief", module="generator.writers.brief", audience="buyer",
           summary="the one-page brief for the economic buyer (brief.pdf and brief.html)",
           files=("brief.pdf", "brief.html")),
    Writer(name="review", module="generator.writers.review", audience="seller",
           summary="the seller's internal review, with notes and health (review.html)",
           files=("review.html",)),
    Writer(name="ics", module="generator.writers.ics", audience="buyer",
           summary="the dated tasks as calendar events, for the buyer (<deal-id>.ics)",
           files=("{deal}.ics",)),
    Writer(name="docx", module="generator.writers.docx", audience="buyer",
           summary="the deal room as a Word document the buyer can edit and send back "
                   "(<deal-id>.docx)", files=("{deal}.docx",)),
    Writer(name="gdoc", module="generator.writers.gdoc", audience="buyer",
           summary="the deal room as a Google Doc at one link that every version updates "
                   "(publish only; see docs/google.md)", remote=True),
)}


def find_writers(names: str) -> list[Writer]:
    """The writers for a comma list such as ``html,pdf``."""
    chosen = [name.strip() for name in names.split(",") if name.strip()]
    if not chosen:
        raise UsageError(f"--to needs at least one format (choose from {', '.join(WRITERS)})")
    unknown = [name for name in chosen if name not in WRITERS]
    if unknown:
        raise UsageError(f"unknown format: {unknown[0]} (choose from {', '.join(WRITERS)})")
    return [WRITERS[name] for name in dict.fromkeys(chosen)]
