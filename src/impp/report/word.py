"""A :class:`~impp.report.document.Document` as a Word file (python-docx).

The marking is in the header and the footer of the section, so Word prints
it on every page. The file is reproducible: core properties (author, dates,
revision) are fixed and the zip entries carry a fixed timestamp, so the same
document gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from impp.report.document import Bullets, Document, Heading, Missing, Paragraph, Picture, Table

#: Fixed so that the same plan gives the same file (no timestamps in content).
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_RED = RGBColor(0xA0, 0x10, 0x10)
_GREY = RGBColor(0x55, 0x55, 0x55)


def render_docx(doc: Document) -> bytes:
    """The document as the bytes of a .docx file.

    >>> from impp.model import Sensitivity
    >>> d = Document("Directive", "Carana", Sensitivity.confidential).heading("Situation")
    >>> data = render_docx(d)
    >>> data[:2], data == render_docx(d)
    (b'PK', True)
    """
    word = docx.Document()
    _properties(word, doc)
    section = word.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    for part in (section.header, section.footer):
        p = part.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(doc.marking.label)
        run.bold = True
        run.font.color.rgb = _RED

    word.add_heading(doc.title, level=0)
    word.add_paragraph(doc.subtitle)
    if doc.omitted_note:
        _styled(word.add_paragraph(), doc.omitted_note, italic=True, color=_RED)
    for block in doc.blocks:
        _block(word, block)

    buf = io.BytesIO()
    word.save(buf)
    return _normalise_zip(buf.getvalue())


def _properties(word: docx.document.Document, doc: Document) -> None:
    props = word.core_properties
    props.title = doc.title
    props.subject = doc.subtitle
    props.author = "impp"
    props.last_modified_by = "impp"
    props.keywords = doc.marking.label
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1


def _block(word: docx.document.Document, block: object) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, level=min(block.level, 3))
    elif isinstance(block, Paragraph):
        p = word.add_paragraph()
        if block.style == "body":
            p.add_run(block.text)
        else:
            _styled(p, block.text, italic=True, color=_GREY, size=8 if block.style == "source"
                    else None)
    elif isinstance(block, Bullets):
        for item in block.items:
            word.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Missing):
        p = word.add_paragraph()
        run = p.add_run(block.title)
        run.bold = True
        run.font.color.rgb = _RED
        for item in block.items:
            _styled(word.add_paragraph(style="List Bullet"), item, color=_RED)
    elif isinstance(block, Table):
        table = word.add_table(rows=1, cols=len(block.columns))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
        for row in table.rows:
            for cell in row.cells:
                for para in cell.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(8)
        word.add_paragraph()
    elif isinstance(block, Picture) and block.wide:
        _landscape_picture(word, block)
    elif isinstance(block, Picture):
        word.add_picture(io.BytesIO(block.png), width=Cm(17))
        _styled(word.add_paragraph(), block.caption, italic=True, color=_GREY, size=8)


def _landscape_picture(word: Any, block: Picture) -> None:
    """A wide chart on a landscape section of its own, then portrait again."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    # the sizes, not the section: python-docx's last section is whichever is last
    width, height = word.sections[-1].page_width, word.sections[-1].page_height
    wide = word.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = height, width
    usable_w = wide.page_width - wide.left_margin - wide.right_margin
    usable_h = wide.page_height - wide.top_margin - wide.bottom_margin - Cm(1.5)
    from impp.report.pdf import png_ratio

    ratio = png_ratio(block.png)
    if usable_w * ratio <= usable_h:
        word.add_picture(io.BytesIO(block.png), width=usable_w)
    else:
        word.add_picture(io.BytesIO(block.png), height=usable_h)
    _styled(word.add_paragraph(), block.caption, italic=True, color=_GREY, size=8)
    back = word.add_section(WD_SECTION.NEW_PAGE)
    back.orientation = WD_ORIENT.PORTRAIT
    back.page_width, back.page_height = width, height


def _styled(p: object, text: str, *, italic: bool = False, color: RGBColor | None = None,
            size: int | None = None) -> None:
    run = p.add_run(text)  # type: ignore[attr-defined]
    run.italic = italic
    if color is not None:
        run.font.color.rgb = color
    if size is not None:
        run.font.size = Pt(size)


def _normalise_zip(data: bytes) -> bytes:
    """The same zip with fixed entry timestamps, so equal documents are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
