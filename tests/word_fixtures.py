"""Word documents for tests, zipped from readable XML fixtures.

A fixture is ``fixtures/word/NAME.xml``, the document part as Word, LibreOffice
or Google's export writes it, plus any ``NAME.PART.xml`` beside it for the
other parts (``comments``, ``commentsExtended``, ``settings``, ``footer1``…,
``custom`` for the custom properties). :func:`fixture_docx` zips them into a
valid .docx with its content types and relationships; :func:`write_docx` does
the same for parts given as text, and :func:`document` wraps a body snippet.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "word"
W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"

KINDS = {
    # short name: (part name, content type, relationship type, related from)
    "document": ("word/document.xml", f"{WORD_TYPE}.document.main+xml",
                 f"{OFFICE}/officeDocument", "package"),
    "comments": ("word/comments.xml", f"{WORD_TYPE}.comments+xml", f"{OFFICE}/comments", "word"),
    "commentsExtended": ("word/commentsExtended.xml", f"{WORD_TYPE}.commentsExtended+xml",
                         "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
                         "word"),
    "settings": ("word/settings.xml", f"{WORD_TYPE}.settings+xml", f"{OFFICE}/settings", "word"),
    "custom": ("docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml",
               f"{OFFICE}/custom-properties", "package"),
}


def kind_of(short: str) -> tuple[str, str, str, str]:
    """(part name, content type, relationship type, related from) for a short part name."""
    if re.fullmatch(r"footer\d+", short):
        return f"word/{short}.xml", f"{WORD_TYPE}.footer+xml", f"{OFFICE}/footer", "word"
    return KINDS[short]


def document(body: str) -> str:
    """A document part whose body is ``body`` (WordprocessingML with the ``w`` prefix)."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W_NAMESPACE}"><w:body>{body}</w:body></w:document>')


def table(*rows: tuple[str, ...]) -> str:
    """A table of plain text cells, one tuple per row."""
    cells = ("".join(f"<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p></w:tc>"
                     for text in row) for row in rows)
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in cells) + "</w:tbl>"


def write_docx(path: Path, parts: dict[str, str | bytes], relate: bool = True) -> Path:
    """Zip ``parts`` (short name as in KINDS, or ``footerN``, → XML) into a .docx at ``path``.

    Content types and relationships are written for them; ``relate=False``
    leaves out the main document's relationships part.
    """
    kinds = {short: kind_of(short) for short in parts}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(kinds.values()))
        archive.writestr("_rels/.rels", _relationships(kinds, "package"))
        if relate:
            archive.writestr("word/_rels/document.xml.rels", _relationships(kinds, "word"))
        for short, content in parts.items():
            archive.writestr(kinds[short][0], content)
    return path


def fixture_docx(name: str, folder: Path) -> Path:
    """The fixture ``name`` zipped into ``folder/NAME.docx``."""
    parts = {"document": (FIXTURES / f"{name}.xml").read_bytes()}
    for extra in sorted(FIXTURES.glob(f"{name}.*.xml")):
        parts[extra.name[len(name) + 1:-len(".xml")]] = extra.read_bytes()
    return write_docx(folder / f"{name}.docx", parts)


def _content_types(kinds) -> str:
    overrides = "".join(f'<Override PartName="/{part}" ContentType="{content_type}"/>'
                        for part, content_type, _, _ in kinds)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>")


def _relationships(kinds: dict, source: str) -> str:
    """Relationships from the package (``package``) or the main document (``word``);
    each Id is the part's short name, so a fixture's ``r:id="footer1"`` finds it."""
    relations = "".join(
        f'<Relationship Id="{short}" Type="{relation}" '
        f'Target="{part if source == "package" else part.removeprefix("word/")}"/>'
        for short, (part, _, relation, related_from) in kinds.items() if related_from == source)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relations}</Relationships>")
