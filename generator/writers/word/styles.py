"""The theme as Word styles: fonts, sizes and colours, the tables' style, the page.

A theme is data (``themes/<name>/theme.toml``). Its optional ``[document]``
table names one body font, one heading font and the body size in points,
because a Word document cannot fall back along a CSS font list; without it
the first font named in ``font_family`` is used. Colours come from
``theme.palette(accent)``, as on the web page: the plan's accent colours the
headings and the tables' header row (with white or dark text, whichever
reads), the band colour shades every other row.

Text colour and fonts sit in the document defaults, not in the Normal style,
so that the table style's header row can make its text white: in Word's order
of styles a paragraph style wins over a table style, document defaults do not.
"""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Mm

from generator.record import Record
from generator.writers.word.parts import element

PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Inches(8.5), Inches(11))}
"""Paper sizes, portrait: (width, height)."""
MARGIN_SIDE, MARGIN_TOP, MARGIN_FURNITURE = Mm(18), Mm(20), Mm(9)
TABLE_STYLE = "Deal room table"
"""The name of the table style every table of the document uses."""
DEFAULT_FONT, DEFAULT_SIZE = "Calibri", 10.5
MIN_SIZE, MAX_SIZE = 6, 24
"""The body sizes in points a theme may ask for."""
NOT_A_FONT = {"-apple-system", "blinkmacsystemfont", "system-ui", "ui-sans-serif", "ui-serif",
              "ui-monospace", "sans-serif", "serif", "monospace", "cursive", "fantasy"}
"""Names in a CSS font list that a word processor does not know."""
WHITE, DARK = "FFFFFF", "1B1F24"
HEX = re.compile(r"[0-9a-fA-F]{3}|[0-9a-fA-F]{6}")


class Look(Record):
    """What the theme says about the document's look, in Word's terms."""

    body_font: str
    heading_font: str
    size: float
    """Body text size in points."""
    text: str
    """Colours as six hex digits, no ``#``."""
    muted: str
    heading: str
    """Headings: the accent, or the text colour when the accent is too pale to read."""
    header_fill: str
    """The tables' header row: the accent."""
    header_text: str
    """White on a dark accent, dark on a pale one."""
    band: str
    grid: str
    link: str


def look_of(edition) -> Look:
    """The look of ``edition``: its theme's fonts and its palette with the plan's accent."""
    settings = edition.theme.settings
    document = document_settings(edition.theme)
    body = document.get("body_font") or first_font(str(settings.get("font_family", "")))
    colours = {k: digits for k, v in edition.theme.palette(edition.room.plan.branding.accent).items()
               if (digits := hex_digits(v))}
    accent, text = colours.get("accent", "0B5CAB"), colours.get("text", DARK)
    return Look(body_font=body, heading_font=document.get("heading_font") or body,
                size=document.get("font_size") or DEFAULT_SIZE, text=text,
                muted=colours.get("muted", "57606A"),
                heading=accent if contrast(accent, WHITE) >= 3 else text, header_fill=accent,
                header_text=WHITE if contrast(accent, WHITE) >= 4.5 else DARK,
                band=colours.get("band", "F4F6F9"), grid=colours.get("grid", "D0D7DE"),
                link=colours.get("link", accent))


def document_settings(theme) -> dict:
    """The theme's ``[document]`` table, checked: font names are text, the size is
    a number of points a page can show; a theme that says otherwise is a usage error."""
    from generator.errors import UsageError

    document = theme.settings.get("document", {})
    if not isinstance(document, dict):
        raise UsageError(f"theme {theme.name}: document must be a table ([document]) of "
                         "body_font, heading_font and font_size")
    for key in ("body_font", "heading_font"):
        if key in document and not (isinstance(document[key], str) and document[key].strip()):
            raise UsageError(f"theme {theme.name}: [document] {key}: {document[key]!r} is not "
                             "a font name (write one name, such as \"Calibri\")")
    size = document.get("font_size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, (int, float))
                             or not MIN_SIZE <= size <= MAX_SIZE):
        raise UsageError(f"theme {theme.name}: [document] font_size: {size!r} is not a size in "
                         f"points from {MIN_SIZE} to {MAX_SIZE} (write a number such as 10.5)")
    return document


def first_font(stack: str) -> str:
    """The first real font of a CSS list: ``Segoe UI`` of ``-apple-system, "Segoe UI", Arial``."""
    for name in (part.strip().strip("'\"") for part in stack.split(",")):
        if name and name.casefold() not in NOT_A_FONT:
            return name
    return DEFAULT_FONT


def hex_digits(colour) -> str | None:
    """``#0b5cab`` → ``0B5CAB``; ``#abc`` → ``AABBCC``; None for any other CSS colour
    (``black``, ``rgb(...)``), which then falls back to the built-in one."""
    digits = str(colour).strip().removeprefix("#")
    if not HEX.fullmatch(digits):
        return None
    return ("".join(c * 2 for c in digits) if len(digits) == 3 else digits).upper()


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours given as hex digits."""
    def luminance(digits: str) -> float:
        channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# -- the page ------------------------------------------------------------------------

def set_page(section, paper: str, landscape: bool = False) -> None:
    """Paper size, orientation and margins of one section."""
    width, height = PAPER.get(paper, PAPER["A4"])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin = section.bottom_margin = MARGIN_TOP
    section.header_distance = section.footer_distance = MARGIN_FURNITURE


def text_width(section) -> int:
    """The width between the margins, in EMU."""
    return section.page_width - section.left_margin - section.right_margin


# -- the styles ------------------------------------------------------------------------

def apply(document, look: Look, locale: str) -> None:
    """Every style the deal room uses, made from ``look``."""
    styles = document.styles
    _drop_template_table_styles(styles)
    _defaults(styles, look, locale.replace("_", "-"))
    for name, (ppr, rpr) in _paragraph_styles(look).items():
        _restyle(_style(styles, name, WD_STYLE_TYPE.PARAGRAPH), ppr, rpr)
    _restyle(_style(styles, "Hyperlink", WD_STYLE_TYPE.CHARACTER), "",
             f'<w:color w:val="{look.link}"/><w:u w:val="single"/>')
    _table_style(styles, look)


def _defaults(styles, look: Look, language: str) -> None:
    defaults = styles.element.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_fonts(look.body_font)}"
        f'<w:color w:val="{look.text}"/>{_size(look.size)}'
        f'<w:lang w:val="{language}" w:eastAsia="{language}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="264" w:lineRule="auto"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"))


def _paragraph_styles(look: Look) -> dict[str, tuple[str, str]]:
    """Style name → (pPr children, rPr children)."""
    heading = _fonts(look.heading_font) + "<w:b/><w:bCs/>"
    keep = "<w:keepNext/><w:keepLines/>"
    rule = f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="2" w:color="{look.header_fill}"/></w:pBdr>'
    muted = f'<w:color w:val="{look.muted}"/>'
    return {
        "Title": ('<w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/>',
                  heading + _size(look.size * 2.2)),
        "Heading 1": (keep + rule + '<w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
                      heading + f'<w:color w:val="{look.heading}"/>' + _size(look.size * 1.45)),
        "Heading 2": (keep + '<w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/>',
                      heading + f'<w:color w:val="{look.heading}"/>' + _size(look.size * 1.15)),
        "Heading 3": (keep + '<w:spacing w:before="160" w:after="40"/><w:outlineLvl w:val="2"/>',
                      heading + _size(look.size)),
        "Kicker": ('<w:keepNext/><w:spacing w:before="0" w:after="40"/>',
                   heading + f'<w:caps/><w:color w:val="{look.heading}"/><w:spacing w:val="10"/>'
                   + _size(look.size * 0.8)),
        "Lede": ('<w:spacing w:after="160"/>', _size(look.size * 1.15)),
        "Fact": ('<w:tabs><w:tab w:val="left" w:pos="1900"/></w:tabs><w:spacing w:after="20"/>'
                 '<w:ind w:left="1900" w:hanging="1900"/>', ""),
        "Closing": ('<w:spacing w:before="360" w:after="0"/>', muted + _size(look.size * 0.85)),
        "Caption": ('<w:spacing w:before="60" w:after="120" w:line="240" w:lineRule="auto"/>',
                    muted + _size(look.size * 0.85)),
        "Header": ('<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', muted + _size(look.size * 0.8)),
        "Footer": ('<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', muted + _size(look.size * 0.8)),
        "Step detail": ('<w:spacing w:before="40" w:after="0"/><w:ind w:left="284"/>',
                        _size(look.size * 0.9)),
    }


def _drop_template_table_styles(styles) -> None:
    """Remove the template's hundred-odd table styles but the default and Table Grid:
    the document uses its own, Word knows its built-in ones without them, and every
    style python-docx looks up by name is searched for among all of them."""
    kept = {"TableNormal", "TableGrid"}
    for style in styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in kept:
            styles.element.remove(style)


def _table_style(styles, look: Look) -> None:
    """A real table style: thin rules, a coloured header row repeated on each page,
    banded rows, tight cell margins."""
    style = _style(styles, TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    line = f'w:val="single" w:sz="4" w:space="0" w:color="{look.grid}"'
    margin = '<w:top w:w="60" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>' \
             '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
    for child in list(style.element):
        if child.tag not in (qn("w:name"), qn("w:basedOn")):
            style.element.remove(child)
    for xml in (
        '<w:uiPriority w:val="59"/>', '<w:qFormat/>',
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>',
        f"<w:rPr>{_size(look.size * 0.9)}</w:rPr>",
        f'<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblBorders><w:top {line}/>'
        f'<w:bottom {line}/><w:insideH {line}/></w:tblBorders><w:tblCellMar>{margin}</w:tblCellMar></w:tblPr>',
        '<w:trPr><w:cantSplit/></w:trPr>',
        f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{look.header_text}"/></w:rPr>'
        '<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{look.header_fill}"/></w:tcPr></w:tblStylePr>',
        f'<w:tblStylePr w:type="band2Horz"><w:tblPr/>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{look.band}"/></w:tcPr></w:tblStylePr>',
    ):
        style.element.append(element(xml))


def _style(styles, name: str, kind):
    """The style called ``name``, added when the template has none."""
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
        base = {WD_STYLE_TYPE.PARAGRAPH: "Normal", WD_STYLE_TYPE.TABLE: "Normal Table"}.get(kind)
        if base:
            style.base_style = styles[base]
        return style


def _restyle(style, ppr: str, rpr: str) -> None:
    """Replace a style's paragraph and run properties (the template's, with their
    theme colours and theme fonts) by ours."""
    node = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = node.find(qn(tag))
        if old is not None:
            node.remove(old)
    if ppr:
        node.append(element(f"<w:pPr>{ppr}</w:pPr>"))
    if rpr:
        node.append(element(f"<w:rPr>{rpr}</w:rPr>"))


def _fonts(name: str) -> str:
    from xml.sax.saxutils import quoteattr

    font = quoteattr(name)
    return f"<w:rFonts w:ascii={font} w:hAnsi={font} w:cs={font} w:eastAsia={font}/>"


def _size(points: float) -> str:
    half_points = round(points * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
