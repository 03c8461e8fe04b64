"""A :class:`~impp.report.document.Document` as a PDF, in pure Python (fpdf2).

Text is set in DejaVu Sans, the Unicode font matplotlib ships (so nothing is
downloaded and any plan text prints). The marking is printed at the top and
bottom of every page, with the page number. The creation date is fixed, so
the same document gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from impp.report.document import Bullets, Document, Heading, Missing, Paragraph, Picture, Table

FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_FONT = "DejaVu"
_RED, _GREY, _BLACK = (160, 16, 16), (85, 85, 85), (0, 0, 0)


def font_dir() -> Path:
    """Where matplotlib keeps its DejaVu fonts.

    >>> (font_dir() / "DejaVuSans.ttf").exists()
    True
    """
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _Pdf(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(format="A4")
        self.doc = doc
        fonts = font_dir()
        self.add_font(_FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(_FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.add_font(_FONT, "I", str(fonts / "DejaVuSans-Oblique.ttf"))
        self.set_margins(18, 20, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_creation_date(FIXED_TIME)
        self.set_title(doc.title)
        self.set_subject(doc.subtitle)
        self.set_author("impp")
        self.set_creator("impp")
        self.set_producer("impp")
        self.set_keywords(doc.marking.label)

    def header(self) -> None:
        self._marking(8)

    def footer(self) -> None:
        self.set_y(-13)
        self._marking(None)
        self.set_font(_FONT, "", 7)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"{self.doc.title} — page {self.page_no()}/{{nb}}", align="C")

    def _marking(self, y: float | None) -> None:
        if y is not None:
            self.set_y(y)
        self.set_font(_FONT, "B", 9)
        self.set_text_color(*_RED)
        self.cell(0, 5, self.doc.marking.label, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*_BLACK)
        if y is not None:
            self.ln(3)


def render_pdf(doc: Document) -> bytes:
    """The document as the bytes of a PDF file.

    >>> from impp.model import Sensitivity
    >>> d = Document("Directive", "Carana", Sensitivity.confidential).para("Ĉu? – ok")
    >>> data = render_pdf(d)
    >>> data[:5], data == render_pdf(d)
    (b'%PDF-', True)
    """
    pdf = _Pdf(doc)
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw
    _write(pdf, doc.title, "B", 18, width)
    _write(pdf, doc.subtitle, "", 11, width)
    if doc.omitted_note:
        _write(pdf, doc.omitted_note, "I", 9, width, _RED)
    pdf.ln(2)
    for block in doc.blocks:
        _block(pdf, block, width)
    return bytes(pdf.output())


def _write(pdf: FPDF, text: str, style: str, size: float, width: float,
           color: tuple[int, int, int] = _BLACK) -> None:
    pdf.set_font(_FONT, style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*_BLACK)


def _block(pdf: FPDF, block: object, width: float) -> None:
    if isinstance(block, Heading):
        pdf.ln(3 if block.level == 1 else 1.5)
        if block.level == 1 and pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        _write(pdf, block.text, "B", 13 if block.level == 1 else 10.5, width)
        pdf.ln(1)
    elif isinstance(block, Paragraph):
        if block.style == "body":
            _write(pdf, block.text, "", 9.5, width)
        else:
            _write(pdf, block.text, "I", 7.5 if block.style == "source" else 8.5, width, _GREY)
        pdf.ln(1)
    elif isinstance(block, Bullets | Missing):
        color = _RED if isinstance(block, Missing) else _BLACK
        if isinstance(block, Missing):
            _write(pdf, block.title, "B", 9.5, width, _RED)
        for item in block.items:
            pdf.set_x(pdf.l_margin + 3)
            _write(pdf, f"•  {item}", "", 9, width - 3, color)
        pdf.ln(1)
    elif isinstance(block, Table):
        _table(pdf, block, width)
    elif isinstance(block, Picture) and block.wide:
        # a page of its own, landscape, the chart as large as the page allows
        pdf.add_page(orientation="L")
        w, h = _fit(block.png, pdf.epw, pdf.eph - 12)
        pdf.image(io.BytesIO(block.png), w=w, h=h)
        _write(pdf, block.caption, "I", 7.5, pdf.epw, _GREY)
        pdf.add_page(orientation="P")
    elif isinstance(block, Picture):
        pdf.image(io.BytesIO(block.png), w=width)
        _write(pdf, block.caption, "I", 7.5, width, _GREY)
        pdf.ln(1)


def png_ratio(png: bytes) -> float:
    """Height over width of a PNG, from its header (IHDR: width, height at bytes 16-24).

    >>> import struct
    >>> png_ratio(b"\\x89PNG\\r\\n\\x1a\\n" + b"\\0" * 8 + struct.pack(">II", 200, 100))
    0.5
    """
    import struct

    width, height = struct.unpack(">II", png[16:24])
    return float(height) / float(width) if width else 1.0


def _fit(png: bytes, width: float, height: float) -> tuple[float, float]:
    """The largest (w, h) of the picture's proportions inside ``width`` x ``height``."""
    ratio = png_ratio(png)
    return (width, width * ratio) if width * ratio <= height else (height / ratio, height)


def _table(pdf: FPDF, table: Table, width: float) -> None:
    # Columns share the width by how much text they hold (bounded, so none vanishes).
    lengths = [
        min(max([len(c), *(len(r[i]) for r in table.rows)]), 60) + 6
        for i, c in enumerate(table.columns)
    ]
    total = sum(lengths)
    pdf.set_font(_FONT, "", 7.5)
    with pdf.table(
        width=width, col_widths=tuple(n / total * width for n in lengths),
        text_align="LEFT", line_height=3.6, padding=0.8,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
    ) as t:
        t.row(list(table.columns))
        for row in table.rows:
            t.row(list(row))
    pdf.ln(2)
