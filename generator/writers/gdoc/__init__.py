"""The deal room as a Google Doc, written as Docs API ``batchUpdate`` requests.

The Doc mirrors the Word deal room (same sections and words, the workstream
tables that ``dealroom import`` reads back, the identity in the footer) but is
built request by request rather than uploaded: converting an uploaded .docx
drops the table borders, and updating a Doc with new .docx media replaces
everything in it, the buyer's suggestions and comment anchors included. With
``batchUpdate`` a new version empties the same document and writes it again,
and ``writeControl.requiredRevisionId`` makes the write fail when the buyer
changed it meanwhile. Nothing here calls Google: the publisher sends what
these functions return.

- :mod:`.blocks`: the records the content is made of;
- :mod:`.prose`: Markdown as runs and paragraphs;
- :mod:`.outline`: what the document says, as blocks;
- :mod:`.requests`: blocks as requests, with their UTF-16 indexes.

A new document (just created, its body one empty paragraph)::

    reply = batch_update(document_requests(edition))          # body, createFooter
    batch_update(footer_batch(edition, reply))                 # the footer's text

A document written before (``existing``, its ``documents.get`` reply)::

    reply = batch_update(document_requests(edition, existing))  # empty it, write it
    later = footer_batch(edition, reply)                       # empty: it had a footer
"""

from __future__ import annotations

from generator.writers.gdoc.blocks import Block, Heading, Paragraph, Run, Table
from generator.writers.gdoc.outline import footer_text_of, outline
from generator.writers.gdoc.requests import (body_requests, clear_requests, default_footer_id,
                                             footer_requests, utf16_len)

__all__ = ["Block", "Heading", "Paragraph", "Run", "Table", "body_requests", "clear_requests",
           "document_requests", "footer_batch", "footer_requests", "footer_text_of", "outline",
           "title", "utf16_len"]

CREATE_FOOTER = {"createFooter": {"type": "DEFAULT"}}


def title(edition) -> str:
    """The Drive file's name: ``Corvane Logistics × Quillstone · mutual action plan``."""
    return f"{edition.room.plan.deal.title} · mutual action plan"


def document_requests(edition, existing: dict | None = None) -> list[dict]:
    """The first batch: for a new document (``existing`` None) the body, then
    createFooter; for one written before (its ``documents.get`` reply), what
    empties it, the body, then the footer's text, or createFooter when the
    buyer removed the footer. Send :func:`footer_batch` after it."""
    body = body_requests(outline(edition))
    if existing is None:
        return body + [CREATE_FOOTER]
    footer_id = default_footer_id(existing)
    footer = footer_requests(footer_id, footer_text_of(edition)) if footer_id else [CREATE_FOOTER]
    return clear_requests(existing) + body + footer


def footer_batch(edition, reply: dict) -> list[dict]:
    """The second batch, given the first one's ``batchUpdate`` reply: the text of the
    footer it created; empty when it created none (nothing more to send)."""
    created = [answer["createFooter"]["footerId"] for answer in reply.get("replies", [])
               if answer and "createFooter" in answer]
    return footer_requests(created[-1], footer_text_of(edition)) if created else []
