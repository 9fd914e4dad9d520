"""A .docx package opened as hostile input: its parts read as bytes or as XML, within bounds.

A Word document is a zip of XML parts, and one that comes back from a buyer
may be anything: not a zip, a damaged one, a zip bomb, XML with entities.
This module reads its parts and their relationships without the network and within fixed bounds: the file's
size, the number of parts, and the bytes unpacked, counted as they are read
and never taken from the sizes the zip declares. XML parts are parsed with a
parser that loads no DTD, expands no entity and fetches nothing; a DOCTYPE
is refused. Every refusal is a :class:`~generator.errors.DocumentError`
naming the file (and the part, and the line); a missing or unreadable file is
a :class:`~generator.errors.UsageError`.

:mod:`generator.readers.word_xml` reads WordprocessingML from these parts.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from generator.errors import DocumentError
from generator.files import check_regular_file, read_given_file

MB = 1024 * 1024
FILE_MAX_BYTES = 20 * MB
"""The largest .docx read; a deal room document is some 50 KB."""
PARTS_MAX = 2_000
"""The most parts (zip entries) a package may hold; Word writes a dozen or two."""
INDEX_MAX_BYTES = 1 * MB
"""The largest zip index (central directory), checked before it is parsed."""
UNPACKED_MAX_BYTES = 64 * MB
"""The most bytes unpacked from all parts together, counted as they are read."""
XML_TAGS_MAX = 1_000_000
"""The most tags (``<``) in one XML part, which bounds the memory its tree takes."""
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CHUNK = MB
_OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How an OLE compound file starts: a Word 97-2003 .doc, or an encrypted .docx."""
_UNPACKING_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                     RuntimeError, ValueError)
"""What zipfile raises on a damaged, encrypted or oddly compressed part."""


class Package:
    """An opened .docx: its parts by name, read within the bounds above."""

    def __init__(self, path: Path):
        self.path = path
        """The file as the user named it."""
        self._archive = _open_zip(path, _read_file(path))
        self._unpacked = 0

    def names(self) -> list[str]:
        """The names of all parts, in the order of the zip's index."""
        return self._archive.namelist()

    def has(self, name: str) -> bool:
        """Whether the package holds the part ``name``."""
        try:
            self._archive.getinfo(name)
        except KeyError:
            return False
        return True

    def read(self, name: str) -> bytes | None:
        """The bytes of the part ``name``, or None when there is no such part."""
        if not self.has(name):
            return None
        try:
            with self._archive.open(name) as stream:
                return self._read_within_bounds(stream, name)
        except _UNPACKING_ERRORS as error:
            raise DocumentError(f"{self.path}: is a damaged Word document: {name} cannot be "
                                f"unpacked ({error})") from None

    def _read_within_bounds(self, stream, name: str) -> bytes:
        chunks = []
        while chunk := stream.read(min(_CHUNK, UNPACKED_MAX_BYTES - self._unpacked + 1)):
            chunks.append(chunk)
            self._unpacked += len(chunk)
            if self._unpacked > UNPACKED_MAX_BYTES:
                raise DocumentError(f"{self.path}: is refused: its parts unpack to more than "
                                    f"{UNPACKED_MAX_BYTES // MB} MB (stopped in {name}); a deal "
                                    "room document unpacks to far less (a zip bomb?)")
        return b"".join(chunks)

    def relations(self, source: str) -> dict[str, list[str]] | None:
        """The parts the part ``source`` relates to, by kind (the last word of the
        relationship type: ``comments``, ``footer``…), in the order written; None
        when ``source`` has no relationships part. External targets are left out."""
        folder, name = posixpath.split(source)
        root = self.xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        if root is None:
            return None
        targets: dict[str, list[str]] = {}
        for relation in root.iter(f"{RELATIONSHIPS}Relationship"):
            target = relation.get("Target")
            if target and relation.get("TargetMode") != "External":
                kind = (relation.get("Type") or "").rsplit("/", 1)[-1]
                targets.setdefault(kind, []).append(_part_name(folder, target))
        return targets

    def xml(self, name: str):
        """The root element of the XML part ``name``, or None when there is no such part."""
        data = self.read(name)
        return None if data is None else self._parse(data, name)

    def _parse(self, data: bytes, name: str):
        if data.count(b"<") > XML_TAGS_MAX:
            raise DocumentError(f"{self.path}: is refused: {name} holds more than "
                                f"{XML_TAGS_MAX:,} XML tags; a deal room document holds far fewer")
        try:
            root = etree.fromstring(data, _parser())
        except etree.LxmlError as error:
            if b"<!DOCTYPE" in data:
                raise self._doctype(name) from None
            raise DocumentError(f"{self.path}: is a damaged Word document: {name} is not "
                                f"well-formed XML ({_where(error)})") from None
        if root.getroottree().docinfo.doctype:
            raise self._doctype(name)
        return root

    def _doctype(self, name: str) -> DocumentError:
        return DocumentError(f"{self.path}: is refused: {name} declares a DOCTYPE (which can "
                             "define entities); Word, LibreOffice and Google Docs never write one")


def _part_name(folder: str, target: str) -> str:
    """A relationship's target as a part name: relative to ``folder``, or absolute."""
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined)


def _parser():
    """A parser that reads no DTD, expands no entity, fetches nothing and
    keeps libxml2's limits on depth and text size."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True,
                           collect_ids=False)


def _where(error) -> str:
    """``line 3, column 15: Attribute x redefined`` from a parser error."""
    message = getattr(error, "msg", None) or str(error)
    message = re.sub(r", use XML_PARSE_HUGE option|, line \d+, column \d+$", "", message)
    line, column = getattr(error, "position", None) or (getattr(error, "lineno", 0), 0)
    return f"line {line}, column {column}: {message}" if line else message


def _read_file(path: Path) -> bytes:
    """The file's bytes; a missing, unreadable or special file is a usage error."""
    data = read_given_file(path, FILE_MAX_BYTES, lambda status: _check_file(path, status))
    if len(data) > FILE_MAX_BYTES:  # it grew after stat
        raise _too_large(path, f"over {FILE_MAX_BYTES // MB} MB")
    return data


def _check_file(path: Path, status: os.stat_result) -> None:
    check_regular_file(path, status, "a Word document", " (.docx)")
    if status.st_size > FILE_MAX_BYTES:
        raise _too_large(path, f"{status.st_size:,} bytes")


def _too_large(path: Path, size: str) -> DocumentError:
    return DocumentError(f"{path}: is refused: the file is {size}; a Word document to import may "
                         f"be at most {FILE_MAX_BYTES // MB} MB ({FILE_MAX_BYTES:,} bytes)")


def _open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    """The zip archive in ``data``, its index checked for size before it is parsed."""
    if data.startswith(_OLE_FILE):
        raise DocumentError(f"{path}: is not a Word document (.docx): it is a Word 97-2003 "
                            "document (.doc) or a password-protected one; save it as a Word "
                            "Document (.docx) without a password")
    _check_index(path, data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        if "not a zip file" in str(error) and data.startswith(b"PK"):
            raise DocumentError(f"{path}: is a damaged Word document: its zip package has no "
                                "index (was it cut short in a download or a copy?)") from None
        if "not a zip file" in str(error):
            raise DocumentError(f"{path}: is not a Word document (.docx): it is not a zip "
                                "package, as every .docx is") from None
        raise DocumentError(f"{path}: is a damaged Word document: its zip index cannot be read "
                            f"({error})") from None
    if len(archive.infolist()) > PARTS_MAX:
        raise _too_many_parts(path, f"{len(archive.infolist()):,} parts")
    return archive


def _check_index(path: Path, data: bytes) -> None:
    """Refuse a zip whose index says it is too large, before zipfile parses it all."""
    try:
        # zipfile's own reader of the end record (private, unchanged since Python 2.6;
        # should it go, the error below lets the check pass and PARTS_MAX still holds)
        end = zipfile._EndRecData(io.BytesIO(data))
        entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
    except (AttributeError, TypeError, ValueError, OSError, struct.error, zipfile.BadZipFile):
        return  # no end record, or one zipfile itself refuses: let it say so
    if entries > PARTS_MAX:
        raise _too_many_parts(path, f"{entries:,} parts")
    if size > INDEX_MAX_BYTES:
        raise _too_many_parts(path, f"an index of {size:,} bytes")


def _too_many_parts(path: Path, what: str) -> DocumentError:
    return DocumentError(f"{path}: is refused: its zip package has {what}; a Word document has "
                         f"a few dozen parts (at most {PARTS_MAX:,} are read)")
