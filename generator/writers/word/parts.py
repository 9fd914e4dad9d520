"""The raw WordprocessingML that python-docx has no API for, behind plain functions.

Page fields in the footer, the custom properties part, Track Changes in the
settings, the row properties that repeat a header row and keep rows whole,
fixed column widths, external hyperlinks, the package's extended properties,
and a zip whose bytes depend on nothing but the content. Nothing above this
module touches XML elements or the package directly.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu


ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry's time stamp: the earliest a zip can say, the same on every run."""
PROPERTY_SET = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The format id of user-defined document properties."""
SETTINGS_AFTER_TRACK_REVISIONS = (
    "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection",
    "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop")
"""Settings that come after ``w:trackRevisions`` (the schema fixes the order)."""
ROW_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
                        "w:ins", "w:del", "w:trPrChange")
ROW_AFTER_TBL_HEADER = ROW_AFTER_CANT_SPLIT[2:]
TWIPS_PER_EMU = 1 / 635
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def element(xml: str):
    """One WordprocessingML element written without its namespace declaration."""
    name_end = re.search(r"[ />]", xml[1:]).start() + 1
    return parse_xml(f"{xml[:name_end]} {nsdecls('w')}{xml[name_end:]}")


# -- fields and the footer ---------------------------------------------------------------

def add_field(paragraph, instruction: str, shown: str) -> None:
    """A field (``PAGE``, ``NUMPAGES``) showing ``shown`` until the reader updates it."""
    for part in ('<w:fldChar w:fldCharType="begin"/>',
                 f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
                 '<w:fldChar w:fldCharType="separate"/>', f"<w:t>{escape(shown)}</w:t>",
                 '<w:fldChar w:fldCharType="end"/>'):
        paragraph.add_run()._r.append(element(part))


def write_footer(section, identity: str, width: int) -> None:
    """The section's own footer: the document's identity at the left, ``Page X of Y``
    at the right margin (``width`` is the text width in EMU)."""
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.style = "Footer"
    paragraph.paragraph_format.tab_stops.add_tab_stop(Emu(width), alignment=2)  # right
    paragraph.add_run(f"{identity}\t")
    paragraph.add_run("Page ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")


def write_header(section, text: str) -> None:
    """The section's own header: one line of running title."""
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.style = "Header"
    paragraph.add_run(text)


# -- settings and properties -------------------------------------------------------------

def track_revisions(document) -> None:
    """``<w:trackRevisions/>``: Track Changes is on for whoever opens the document."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is None:
        settings.insert_element_before(element("<w:trackRevisions/>"),
                                       *SETTINGS_AFTER_TRACK_REVISIONS)


def add_custom_properties(document, properties: dict[str, str]) -> None:
    """``docProps/custom.xml``: each name → text value as a custom document property,
    a part of its own with its content type and its relationship from the package."""
    rows = "".join(
        f'<property fmtid="{PROPERTY_SET}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2))
    xml = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
           ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           f"{rows}</Properties>")
    _replace_package_part(document, RT.CUSTOM_PROPERTIES, "/docProps/custom.xml",
                          CT.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"))


def set_application(document, name: str) -> None:
    """``docProps/app.xml`` saying which program wrote the document (the template
    python-docx starts from says a Word for Mac wrote it)."""
    xml = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
           ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           f"<Application>{escape(name)}</Application><DocSecurity>0</DocSecurity>"
           "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc></Properties>")
    _replace_package_part(document, RT.EXTENDED_PROPERTIES, "/docProps/app.xml",
                          CT.OFC_EXTENDED_PROPERTIES, xml.encode("utf-8"))


def drop_template_leftovers(document) -> None:
    """Leave out the template's thumbnail (a picture of an empty page that file
    browsers would show) and its Word 2010 copy of the styles, which no longer
    matches ours."""
    package = document.part.package
    for rels, kind in ((package.rels, RT.THUMBNAIL), (document.part.rels, STYLES_WITH_EFFECTS)):
        for rid in [rid for rid, rel in rels.items() if rel.reltype == kind]:
            del rels[rid]


def _replace_package_part(document, reltype: str, name: str, content_type: str, blob: bytes) -> None:
    package = document.part.package
    for rid in [rid for rid, rel in package.rels.items() if rel.reltype == reltype]:
        del package.rels[rid]
    package.relate_to(Part(PackURI(name), content_type, blob, package), reltype)


# -- tables ------------------------------------------------------------------------------

def repeat_as_header(row) -> None:
    """``<w:tblHeader/>``: the row is repeated at the top of every page the table is on."""
    row._tr.get_or_add_trPr().insert_element_before(element("<w:tblHeader/>"),
                                                     *ROW_AFTER_TBL_HEADER)


def keep_whole(row) -> None:
    """``<w:cantSplit/>``: the row never breaks across two pages."""
    row._tr.get_or_add_trPr().insert_element_before(element("<w:cantSplit/>"),
                                                     *ROW_AFTER_CANT_SPLIT)


def fix_widths(table, widths: list[int]) -> None:
    """Columns of exactly ``widths`` (EMU): a fixed layout, the grid and every cell."""
    properties = table._tbl.tblPr
    properties.find(qn("w:tblW")).getparent().remove(properties.find(qn("w:tblW")))
    properties.insert_element_before(
        element(f'<w:tblW w:w="{_twips(sum(widths))}" w:type="dxa"/>'),
        "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
        "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    properties.insert_element_before(element('<w:tblLayout w:type="fixed"/>'),
                                     "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                     "w:tblDescription", "w:tblPrChange")
    for column, width in zip(table.columns, widths):
        column.width = Emu(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Emu(width)


def look_at_header_and_bands(table) -> None:
    """``w:tblLook``: the table style's header row and row bands apply, nothing else."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    values = {"w:val": "0420", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0",
              "w:lastColumn": "0", "w:noHBand": "0", "w:noVBand": "1"}
    for name, value in values.items():
        look.set(qn(name), value)


def _twips(emu: int) -> int:
    return round(emu * TWIPS_PER_EMU)


# -- hyperlinks and pictures -------------------------------------------------------------

def add_hyperlink(paragraph, url: str):
    """An external link in ``paragraph``: returns a ``w:hyperlink`` to put runs into
    (see :func:`move_run_into`)."""
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = element(f'<w:hyperlink xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships" r:id="{rid}" w:history="1"/>')
    paragraph._p.append(link)
    return link


def move_run_into(link, run) -> None:
    """Move a run just added to a paragraph into a hyperlink of that paragraph."""
    link.append(run._r)


def describe_picture(run, description: str) -> None:
    """The picture's alternative text (``wp:docPr/@descr``), for screen readers."""
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", description)


# -- the package -------------------------------------------------------------------------

def reproducible_zip(data: bytes) -> bytes:
    """The same package with every entry's time, permissions and system fixed, so
    the same document gives the same bytes on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
