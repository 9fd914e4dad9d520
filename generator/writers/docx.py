"""The deal room as a Word document: ``<deal-id>.docx``, for the buyer to edit.

The same sections and words as the web page, styled by the theme, on A4 or
Letter, with the timeline as a picture on a page turned sideways. It is
written to come back: each workstream is a table the importer reads by its
headers and codes (:mod:`generator.writers.word.plan_tables`), the footer and
the custom document properties say which deal, version and document it is
(:mod:`generator.rendering.editable`), and Track Changes is on for whoever
opens it. The same edition always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

APPLICATION = "dealroom"


def file_name(edition) -> str:
    """``corvane-quillstone.docx``."""
    return f"{edition.room.plan.deal.id}.docx"


def write(edition) -> dict[str, bytes]:
    """``{"<deal-id>.docx": bytes}`` for a buyer edition."""
    from docx import Document

    from generator.rendering.document_words import seller_lead
    from generator.writers.word import parts, sections, styles
    from generator.writers.word.plan_tables import add_plan

    document = Document()
    parts.drop_template_leftovers(document)
    styles.apply(document, styles.look_of(edition), edition.room.locale)
    styles.set_page(document.sections[0], edition.paper)
    width = styles.text_width(document.sections[0])
    sections.add_title_block(document, edition)
    sections.add_why(document, edition, width)
    sections.add_next(document, edition)
    sections.add_timeline(document, edition)
    add_plan(document, edition, width, seller_lead(edition))
    sections.add_people(document, edition)
    sections.add_risks(document, edition, width)
    sections.add_history(document, edition, width)
    sections.add_closing(document, edition)
    _furnish(document, edition)
    return {file_name(edition): _package(document)}


def identity(edition):
    """The :class:`~generator.rendering.editable.Identity` the document says it is."""
    from generator.history.snapshot import content_hash, snapshot
    from generator.rendering.editable import Identity, document_id

    deal_id = edition.room.plan.deal.id
    version = None if edition.draft else edition.room.version
    return Identity(deal_id=deal_id, version=version,
                    document_id=document_id(deal_id, version, content_hash(snapshot(edition.room.plan))))


def _furnish(document, edition) -> None:
    """Headers, footers, properties and settings: what says which document this is."""
    from generator.rendering.document_words import running_title
    from generator.rendering.editable import PROPERTIES, footer_text
    from generator.writers.word import parts, styles

    said = identity(edition)
    for section in document.sections:
        parts.write_header(section, running_title(edition))
        parts.write_footer(section, footer_text(said), styles.text_width(section))
    values = {"deal": said.deal_id, "version": str(said.version) if said.version else None,
              "document": said.document_id, "locale": edition.room.locale}
    parts.add_custom_properties(document, {PROPERTIES[key]: value for key, value in values.items()
                                           if value is not None})
    parts.track_revisions(document)
    parts.set_application(document, APPLICATION)
    _core_properties(document, edition, said)


def _core_properties(document, edition, said) -> None:
    from generator.rendering.document_words import lede

    deal, properties = edition.room.plan.deal, document.core_properties
    moment = dt.datetime.combine(edition.generated_on, dt.time(), tzinfo=dt.timezone.utc)
    properties.title = deal.title
    properties.subject = "Mutual action plan"
    properties.author = deal.seller
    properties.last_modified_by = deal.seller
    properties.comments = lede(edition)
    properties.keywords = f"mutual action plan, {deal.id}, " + (
        f"version {said.version}" if said.version else "draft")
    properties.language = edition.room.locale.replace("_", "-")
    properties.revision = said.version or 1
    properties.created = properties.modified = moment


def _package(document) -> bytes:
    from generator.writers.word.parts import reproducible_zip

    out = io.BytesIO()
    document.save(out)
    return reproducible_zip(out.getvalue())
